"""`request_enrolment`: the enrolment is asked of the training organisation, by the system once the commitment is
signed, or by hand (« Choisir une autre session ») after the organisation refused it."""

import datetime
from html import unescape

import pytest
from django.utils import timezone

from tdu.candidatures.enums import EnrolmentStatus, State
from tests.factories import FundedSessionFactory
from tests.helpers import act, addresses, assert_nobody_else_may, html, last_entry, login, post_action
from tests.situations import candidature_at


def other_session(cast, days=20, **extra):
    """Odile's session, ending before the promised hiring date (the cast's session ends 10 days later)."""
    organisation = cast.odile.training_organisation_memberships.get().organisation
    start = timezone.localdate() + datetime.timedelta(days=days)
    return FundedSessionFactory(training__organisation=organisation, start_date=start, **extra)


def test_the_system_asks_for_the_enrolment_once_both_have_signed(client, cast, emails):
    candidature = candidature_at(cast, "commitment_proposed")
    promise = candidature.current_commitment
    promise.signatures.create(signatory="company", name="Bruno Schmitt", content_hash=promise.content_hash)
    login(client, cast.amelie)
    data = {"signatory": "beneficiary", "name": "Amélie Martin", "commitment": promise.pk, "agree": "on"}
    with emails as sent:
        act(client, candidature, "sign_commitment", **data)

    assert candidature.state == State.ENROLMENT_REQUESTED
    entry = last_entry(candidature)
    assert (entry.transition, entry.from_state, entry.to_state) == (
        "request_enrolment",
        "commitment_signed",
        "enrolment_requested",
    )
    assert (entry.actor, entry.actor_role) == (None, "system")
    enrolment = candidature.enrolments.get()
    assert (enrolment.session, enrolment.commitment, enrolment.status) == (cast.session, promise, "requested")
    cast.session.refresh_from_db()
    assert cast.session.enrolled_count == 0  # a place is taken only when the organisation accepts
    asked = [m for m in sent if m.to == [cast.chloe.email]]
    assert len(asked) == 1 and asked[0].subject == "[Trait d'union] Demande d'inscription : Amélie Martin"
    start = cast.session.start_date
    title = cast.session.training.title
    assert f"Amélie Martin demande à entrer dans la session « {title} » du {start:%d/%m/%Y}." in asked[0].body
    login(client, cast.chloe)  # the organisation now sees the candidature and the commitment
    assert client.get(f"/candidatures/{candidature.pk}/").status_code == 200
    assert client.get(f"/candidatures/{candidature.pk}/engagements/{promise.pk}/pdf/").status_code == 200


@pytest.mark.parametrize(
    ("who", "role"), [("bruno", "company"), ("amelie", "job_seeker"), ("david", "prescriber")]
)
def test_after_a_refusal_another_session_is_chosen(client, cast, emails, who, role):
    candidature = candidature_at(cast, "commitment_signed")
    session = other_session(cast)
    login(client, getattr(cast, who))
    with emails as sent:
        page = act(client, candidature, "request_enrolment", session=session.pk)
    assert "Choisir une autre session" in unescape(html(page))

    assert candidature.state == State.ENROLMENT_REQUESTED
    entry = last_entry(candidature)
    assert (entry.transition, entry.from_state, entry.to_state) == (
        "request_enrolment",
        "commitment_signed",
        "enrolment_requested",
    )
    assert (entry.actor, entry.actor_role) == (getattr(cast, who), role)
    statuses = dict(candidature.enrolments.values_list("session", "status"))
    assert statuses == {cast.session.pk: EnrolmentStatus.REFUSED, session.pk: EnrolmentStatus.REQUESTED}
    assert candidature.enrolments.get(session=session).commitment == candidature.current_commitment
    assert addresses(sent) == [cast.odile.email]  # the new session's organisation
    assert sent[0].subject == "[Trait d'union] Demande d'inscription : Amélie Martin"


def test_only_the_parties_and_the_adviser_choose(client, cast):
    candidature = candidature_at(cast, "commitment_signed")
    data = {"session": other_session(cast).pk}
    people = cast.everyone_but(cast.amelie, cast.bruno, cast.david)
    assert_nobody_else_may(client, candidature, "request_enrolment", data, people)
    assert candidature.enrolments.count() == 1


def test_the_session_ends_before_the_promised_hiring(client, cast):
    candidature = candidature_at(cast, "commitment_signed")
    late = other_session(cast, days=40)  # ends after the promised hiring date
    full = other_session(cast, enrolled_count=12)
    login(client, cast.bruno)
    response = post_action(client, candidature, "request_enrolment", session=late.pk)
    assert response.status_code == 400
    assert "Cette session finit après la date d'embauche promise." in unescape(html(response))
    response = post_action(client, candidature, "request_enrolment", session=full.pk)
    assert response.status_code == 400  # not offered: no funded place left
    assert "Sélectionnez un choix valide" in html(response)
    assert state_and_count(candidature) == (State.COMMITMENT_SIGNED, 1)


def test_the_refused_session_is_not_chosen_again(client, cast):
    candidature = candidature_at(cast, "commitment_signed")
    login(client, cast.bruno)
    response = post_action(client, candidature, "request_enrolment", session=cast.session.pk)
    assert response.status_code == 400
    assert state_and_count(candidature) == (State.COMMITMENT_SIGNED, 1)


def test_it_waits_for_the_pending_request(client, cast):
    candidature = candidature_at(cast, "enrolment_requested")
    login(client, cast.bruno)
    response = post_action(client, candidature, "request_enrolment", session=other_session(cast).pk)
    assert response.status_code == 409
    assert "Action impossible" in html(response)
    assert state_and_count(candidature) == (State.ENROLMENT_REQUESTED, 1)


def state_and_count(candidature):
    candidature.refresh_from_db()
    return candidature.state, candidature.enrolments.count()
