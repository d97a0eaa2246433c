"""`refuse`: the company says no before the commitment, with a reason; the person and her adviser are told."""

from tdu.candidatures.enums import State
from tests.helpers import act, addresses, assert_nobody_else_may, last_entry, login
from tests.situations import candidature_at

REFUSAL = {"reason_code": "position_filled", "reason": "Le poste a été pourvu en interne."}


def test_it_refuses_with_the_reason(client, cast, emails):
    candidature = candidature_at(cast, "meeting_planned")
    login(client, cast.bruno)
    with emails as sent:
        act(client, candidature, "refuse", **REFUSAL)

    assert candidature.state == State.REFUSED
    assert (candidature.refusal_reason, candidature.exit_reason) == ("position_filled", REFUSAL["reason"])
    entry = last_entry(candidature)
    assert (entry.transition, entry.from_state, entry.to_state) == ("refuse", "meeting_planned", "refused")
    assert (entry.actor, entry.actor_role) == (cast.bruno, "company")
    assert entry.reason == "Le poste a été pourvu. Le poste a été pourvu en interne."
    assert addresses(sent) == sorted([cast.amelie.email, cast.david.email])
    assert sent[0].subject == f"[Trait d'union] Refusée : {cast.offer.title}"
    assert f"L'entreprise {cast.offer.company.name} a refusé la candidature" in sent[0].body
    assert "Motif : Le poste a été pourvu." in sent[0].body


def test_it_needs_a_known_reason(client, cast):
    candidature = candidature_at(cast, "under_review")
    login(client, cast.bruno)
    response = client.post(f"/candidatures/{candidature.pk}/actions/refuse/", {"reason_code": "humeur"})
    assert response.status_code == 400
    assert "Sélectionnez un choix valide" in response.content.decode()
    candidature.refresh_from_db()
    assert candidature.state == State.UNDER_REVIEW


def test_it_is_the_company_s_alone(client, cast):
    candidature = candidature_at(cast, "under_review")
    assert_nobody_else_may(client, candidature, "refuse", REFUSAL, cast.everyone_but(cast.bruno))


def test_it_is_too_late_once_the_commitment_is_signed(client, cast):
    candidature = candidature_at(cast, "enrolment_requested")
    login(client, cast.bruno)
    response = client.post(f"/candidatures/{candidature.pk}/actions/refuse/", REFUSAL)
    assert response.status_code == 409
    assert "Action impossible" in response.content.decode()
