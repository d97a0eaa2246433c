"""`refuse_enrolment`: the training organisation refuses the person into its session, with a reason; the
commitment holds and another session may be chosen."""

from html import unescape

from tdu.candidatures.enums import EnrolmentStatus, State
from tdu.trainings.models import TrainingSession
from tests.helpers import act, addresses, assert_nobody_else_may, html, last_entry, login, post_action
from tests.situations import candidature_at

REASON = "Les prérequis de sécurité ne sont pas validés."


def test_it_refuses_with_the_reason_and_the_commitment_holds(client, cast, emails):
    candidature = candidature_at(cast, "enrolment_requested")
    login(client, cast.chloe)
    with emails as sent:
        act(client, candidature, "refuse_enrolment", reason=REASON)

    assert candidature.state == State.COMMITMENT_SIGNED
    enrolment = candidature.enrolments.get()
    assert (enrolment.status, enrolment.refusal_reason, enrolment.decided_by) == (
        EnrolmentStatus.REFUSED,
        REASON,
        cast.chloe,
    )
    assert TrainingSession.objects.get(pk=cast.session.pk).enrolled_count == 0
    promise = candidature.current_commitment
    assert promise is not None and promise.cancelled_at is None and promise.missing_signatures() == []
    entry = last_entry(candidature)
    assert (entry.transition, entry.from_state, entry.to_state) == (
        "refuse_enrolment",
        "enrolment_requested",
        "commitment_signed",
    )
    assert (entry.actor, entry.actor_role, entry.reason) == (cast.chloe, "training_organisation", REASON)
    assert addresses(sent) == sorted([cast.amelie.email, cast.bruno.email, cast.david.email])
    assert {m.subject for m in sent} == {f"[Trait d'union] Inscription : {cast.offer.title}"}
    title = cast.session.training.title
    assert f"L'inscription à « {title} » est refusée : {REASON}" in sent[0].body
    assert "L'engagement tient toujours : choisissez ensemble une autre session." in sent[0].body

    login(client, cast.bruno)
    page = unescape(html(client.get(f"/candidatures/{candidature.pk}/")))
    assert "Choisir une autre session" in page and REASON in page


def test_it_needs_a_reason(client, cast):
    candidature = candidature_at(cast, "enrolment_requested")
    login(client, cast.chloe)
    response = post_action(client, candidature, "refuse_enrolment", reason="  ")
    assert response.status_code == 400
    assert "Ce champ est obligatoire." in html(response)
    candidature.refresh_from_db()
    assert candidature.state == State.ENROLMENT_REQUESTED
    assert candidature.enrolments.get().status == EnrolmentStatus.REQUESTED


def test_it_is_the_organisation_s_alone(client, cast):
    candidature = candidature_at(cast, "enrolment_requested")
    data = {"reason": REASON}
    assert_nobody_else_may(client, candidature, "refuse_enrolment", data, cast.everyone_but(cast.chloe))
    assert candidature.enrolments.get().status == EnrolmentStatus.REQUESTED


def test_an_accepted_enrolment_is_not_refused_afterwards(client, cast):
    candidature = candidature_at(cast, "enrolled")
    login(client, cast.chloe)
    response = post_action(client, candidature, "refuse_enrolment", reason=REASON)
    assert response.status_code == 409
    assert "Action impossible" in html(response)
    assert candidature.enrolments.get().status == EnrolmentStatus.ACCEPTED
    assert TrainingSession.objects.get(pk=cast.session.pk).enrolled_count == 1
