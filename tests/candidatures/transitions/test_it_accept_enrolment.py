"""`accept_enrolment`: the training organisation accepts the person into its session, which takes a funded place."""

import datetime
from html import unescape

from django.utils import timezone

from tdu.candidatures.enums import EnrolmentStatus, State
from tdu.candidatures.services import training
from tdu.trainings.models import TrainingSession
from tests.factories import FundedSessionFactory
from tests.helpers import act, addresses, assert_nobody_else_may, html, last_entry, login, post_action
from tests.situations import candidature_at


def places_taken(session):
    return TrainingSession.objects.get(pk=session.pk).enrolled_count


def test_it_accepts_and_takes_a_funded_place(client, cast, emails):
    candidature = candidature_at(cast, "enrolment_requested")
    login(client, cast.chloe)
    with emails as sent:
        page = act(client, candidature, "accept_enrolment")
    assert "Accepter l'inscription (prend une place financée)" in unescape(html(page))

    assert candidature.state == State.ENROLLED
    enrolment = candidature.enrolments.get()
    assert (enrolment.status, enrolment.decided_by) == (EnrolmentStatus.ACCEPTED, cast.chloe)
    assert enrolment.decided_at is not None and enrolment.refusal_reason == ""
    assert places_taken(cast.session) == 1
    entry = last_entry(candidature)
    assert (entry.transition, entry.from_state, entry.to_state) == (
        "accept_enrolment",
        "enrolment_requested",
        "enrolled",
    )
    assert (entry.actor, entry.actor_role, entry.reason) == (cast.chloe, "training_organisation", "")
    assert addresses(sent) == sorted([cast.amelie.email, cast.bruno.email, cast.david.email])
    assert {m.subject for m in sent} == {f"[Trait d'union] Inscription : {cast.offer.title}"}
    title = cast.session.training.title
    assert f"L'inscription à « {title} » est acceptée : une place vous est réservée." in sent[0].body


def test_it_is_the_organisation_s_alone(client, cast):
    candidature = candidature_at(cast, "enrolment_requested")
    assert_nobody_else_may(client, candidature, "accept_enrolment", {}, cast.everyone_but(cast.chloe))
    assert places_taken(cast.session) == 0
    assert candidature.enrolments.get().status == EnrolmentStatus.REQUESTED


def test_no_place_is_taken_beyond_the_funded_ones(client, cast):
    candidature = candidature_at(cast, "enrolment_requested")
    TrainingSession.objects.filter(pk=cast.session.pk).update(enrolled_count=12)
    login(client, cast.chloe)
    response = post_action(client, candidature, "accept_enrolment")
    assert response.status_code == 400
    message = "Il n'y a plus de place financée sur cette session : l'inscription n'est pas possible."
    assert message in unescape(html(response))
    candidature.refresh_from_db()
    assert candidature.state == State.ENROLMENT_REQUESTED
    assert candidature.enrolments.get().status == EnrolmentStatus.REQUESTED
    assert places_taken(cast.session) == 12


def test_an_accepted_enrolment_is_not_accepted_twice(client, cast):
    candidature = candidature_at(cast, "enrolled")
    login(client, cast.chloe)
    response = post_action(client, candidature, "accept_enrolment")
    assert response.status_code == 409
    assert "Action impossible" in html(response)
    assert places_taken(cast.session) == 1


def test_only_the_organisation_of_the_requested_session_accepts(client, cast):
    candidature = candidature_at(cast, "commitment_signed")  # Chloé refused the enrolment
    organisation = cast.odile.training_organisation_memberships.get().organisation
    start = timezone.localdate() + datetime.timedelta(days=20)
    odile_s = FundedSessionFactory(training__organisation=organisation, start_date=start)
    training.choose_other_session(candidature, cast.bruno, odile_s)
    login(client, cast.chloe)
    response = post_action(client, candidature, "accept_enrolment")
    assert response.status_code == 404  # the path is no longer hers to see
    assert places_taken(odile_s) == 0
    assert candidature.enrolments.get(session=odile_s).status == EnrolmentStatus.REQUESTED
