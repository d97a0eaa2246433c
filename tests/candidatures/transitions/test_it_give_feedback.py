"""`give_feedback`: after the company's assessment, the person gives her own view of the immersion."""

from tdu.candidatures.enums import State
from tdu.candidatures.models import ImmersionAssessment
from tests.helpers import act, assert_nobody_else_may, html, last_entry, login, post_action
from tests.situations import candidature_at

VIEW = "J'ai beaucoup appris sur le soudage TIG ; l'équipe m'a bien accueillie."


def seeker_view():
    return ImmersionAssessment.objects.get().seeker_view


def test_the_person_gives_her_view(client, cast, emails):
    candidature = candidature_at(cast, "immersion_done")
    login(client, cast.amelie)
    with emails as sent:
        act(client, candidature, "give_feedback", text=f"  {VIEW}  ")

    assert candidature.state == State.IMMERSION_DONE
    assessment = ImmersionAssessment.objects.get(candidature=candidature)
    assert (assessment.seeker_view, assessment.seeker_view_at is not None) == (VIEW, True)
    assert assessment.outcome == "completed"  # the company's part is untouched
    entry = last_entry(candidature)
    assert (entry.transition, entry.from_state, entry.to_state) == (
        "give_feedback",
        "immersion_done",
        "immersion_done",
    )
    assert (entry.actor, entry.actor_role, entry.reason) == (cast.amelie, "job_seeker", "")
    assert sent == []  # nobody is emailed
    page = html(client.get(f"/candidatures/{candidature.pk}/"))
    assert 'actions/give_feedback/"' not in page  # given once, no longer offered


def test_it_is_hers_alone(client, cast):
    candidature = candidature_at(cast, "immersion_done")
    assert_nobody_else_may(
        client, candidature, "give_feedback", {"text": VIEW}, cast.everyone_but(cast.amelie)
    )
    assert seeker_view() == ""


def test_it_needs_words(client, cast):
    candidature = candidature_at(cast, "immersion_done")
    login(client, cast.amelie)
    response = post_action(client, candidature, "give_feedback", text="   ")
    assert response.status_code == 400 and "Ce champ est obligatoire." in html(response)
    assert (seeker_view(), candidature.log.filter(transition="give_feedback").count()) == ("", 0)


def test_not_before_the_assessment(client, cast):
    candidature = candidature_at(cast, "immersion_ended")
    login(client, cast.amelie)
    response = post_action(client, candidature, "give_feedback", text=VIEW)
    assert response.status_code == 409
    assert "Action impossible : la candidature est « Immersion validée »." in html(response)
    assert not candidature.log.filter(transition="give_feedback").exists()


def test_her_view_is_given_once(client, cast):
    candidature = candidature_at(cast, "immersion_done")
    login(client, cast.amelie)
    act(client, candidature, "give_feedback", text=VIEW)
    response = post_action(client, candidature, "give_feedback", text="Finalement, non.")
    assert response.status_code in {400, 409}
    assert seeker_view() == VIEW
