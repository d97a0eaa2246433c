"""`record_assessment`: after the immersion's last day the company fills in its assessment; the person is told."""

from tdu.candidatures.enums import State
from tdu.candidatures.models import ImmersionAssessment
from tests.helpers import act, addresses, assert_nobody_else_may, html, last_entry, login, post_action
from tests.situations import candidature_at

ASSESSMENT = {
    "outcome": "partial",
    "skills_observed": "Soudures TIG propres, bonne écoute des consignes de sécurité.",
    "recommends_hiring_promise": "oui",
    "comment": "Absente un jour (rendez-vous médical).",
}


def test_the_company_records_the_assessment(client, cast, emails):
    candidature = candidature_at(cast, "immersion_ended")
    login(client, cast.bruno)
    with emails as sent:
        page = act(client, candidature, "record_assessment", **ASSESSMENT)

    assert "Remplir le bilan de l&#x27;immersion" in html(page)
    assert candidature.state == State.IMMERSION_DONE
    assessment = ImmersionAssessment.objects.get(candidature=candidature)
    assert (assessment.outcome, assessment.recommends_hiring_promise, assessment.author) == (
        "partial",
        True,
        cast.bruno,
    )
    assert (assessment.skills_observed, assessment.comment) == (
        ASSESSMENT["skills_observed"],
        ASSESSMENT["comment"],
    )
    assert assessment.seeker_view == ""
    entry = last_entry(candidature)
    assert (entry.transition, entry.from_state, entry.to_state) == (
        "record_assessment",
        "immersion_validated",
        "immersion_done",
    )
    assert (entry.actor, entry.actor_role, entry.reason) == (cast.bruno, "company", "")
    assert addresses(sent) == sorted([cast.amelie.email, cast.david.email])
    assert sent[0].subject == f"[Trait d'union] Immersion réalisée : {cast.offer.title}"
    assert (
        f"L'entreprise {cast.offer.company.name} a rempli le bilan de l'immersion « {cast.offer.title} »."
        " Donnez aussi votre avis." in sent[0].body
    )


def test_not_before_the_immersion_s_last_day(client, cast, emails):
    candidature = candidature_at(cast, "immersion_validated")
    last_day = candidature.current_convention.end_date
    login(client, cast.bruno)
    with emails as sent:
        response = post_action(client, candidature, "record_assessment", **ASSESSMENT)
    assert response.status_code == 400
    assert f"Le bilan se remplit après le dernier jour de l&#x27;immersion ({last_day:%d/%m/%Y})." in html(
        response
    )
    candidature.refresh_from_db()
    assert (candidature.state, sent) == (State.IMMERSION_VALIDATED, [])
    assert not ImmersionAssessment.objects.exists()


def test_it_is_the_company_s_alone(client, cast):
    candidature = candidature_at(cast, "immersion_ended")
    assert_nobody_else_may(
        client, candidature, "record_assessment", ASSESSMENT, cast.everyone_but(cast.bruno)
    )
    assert not ImmersionAssessment.objects.exists()


def test_it_needs_a_known_outcome_and_the_skills_observed(client, cast):
    candidature = candidature_at(cast, "immersion_ended")
    login(client, cast.bruno)
    response = post_action(
        client, candidature, "record_assessment", **{**ASSESSMENT, "outcome": "bof", "skills_observed": ""}
    )
    assert response.status_code == 400
    assert "Sélectionnez un choix valide" in html(response) and "Ce champ est obligatoire." in html(response)
    candidature.refresh_from_db()
    assert (candidature.state, ImmersionAssessment.objects.count()) == (State.IMMERSION_VALIDATED, 0)


def test_an_assessment_is_recorded_once(client, cast, emails):
    candidature = candidature_at(cast, "immersion_done")
    login(client, cast.bruno)
    with emails as sent:
        response = post_action(client, candidature, "record_assessment", **ASSESSMENT)
    assert response.status_code == 409
    assert "Action impossible : la candidature est « Immersion réalisée »." in html(response)
    assert ImmersionAssessment.objects.get().outcome == "completed"  # the first one stays
    assert sent == []
