"""`confirm_hiring`: the company confirms the contract as it started; differences from the promise are recorded
and the follow-up questions are scheduled at 6 and 12 months."""

import datetime

import time_machine
from dateutil.relativedelta import relativedelta
from django.utils import timezone

from tdu.candidatures.enums import State
from tdu.candidatures.models import FollowUp, Hiring
from tests.helpers import act, addresses, assert_nobody_else_may, html, last_entry, login, post_action
from tests.situations import candidature_at


def hiring_form(start, contract_type="cdi", months="", hours="35"):
    return {
        "start_date": start.isoformat(),
        "contract_type": contract_type,
        "contract_duration_months": months,
        "weekly_hours": hours,
    }


def on(day):
    """The company confirms on the contract's first day (the training's entry is logged on its own first day)."""
    return time_machine.travel(timezone.make_aware(datetime.datetime.combine(day, datetime.time(9))))


def test_it_confirms_the_promised_contract_and_schedules_the_follow_up(client, cast, emails):
    candidature = candidature_at(cast, "training_completed")
    start = candidature.current_commitment.planned_start_date
    with on(start), emails as sent:
        login(client, cast.bruno)
        page = html(client.get(f"/candidatures/{candidature.pk}/"))
        # The form starts from the promise: the signed start date, written as a date field reads it.
        assert f'name="start_date" value="{start.isoformat()}"' in page
        act(client, candidature, "confirm_hiring", **hiring_form(start))

    assert candidature.state == State.HIRED
    hiring = candidature.hiring
    assert (hiring.start_date, hiring.contract_type, hiring.weekly_hours, hiring.confirmed_by) == (
        start,
        "cdi",
        35,
        cast.bruno,
    )
    assert hiring.differences == []
    follow_ups = {(f.milestone_months, f.respondent): f.due_on for f in candidature.follow_ups.all()}
    assert follow_ups == {
        (6, "job_seeker"): start + relativedelta(months=6),
        (6, "company"): start + relativedelta(months=6),
        (12, "job_seeker"): start + relativedelta(months=12),
        (12, "company"): start + relativedelta(months=12),
    }
    entry = last_entry(candidature)
    assert (entry.transition, entry.from_state, entry.to_state) == (
        "confirm_hiring",
        "training_completed",
        "hired",
    )
    assert (entry.actor, entry.actor_role, entry.reason) == (cast.bruno, "company", "")
    assert addresses(sent) == sorted([cast.amelie.email, cast.david.email])  # not Bruno, who confirmed
    assert {m.subject for m in sent} == {f"[Trait d'union] Embauchée : {cast.offer.title}"}
    assert f"{cast.offer.company.name} confirme l'embauche de Amélie Martin. Félicitations !" in sent[0].body
    assert "Motif ou précisions" not in sent[0].body
    again = post_action(client, candidature, "confirm_hiring", **hiring_form(start))
    assert again.status_code == 409 and "Action impossible" in html(again)
    assert Hiring.objects.count() == 1 and FollowUp.objects.count() == 4


def test_the_differences_from_the_promise_are_recorded(client, cast, emails):
    candidature = candidature_at(cast, "training_completed")
    promised = candidature.current_commitment.planned_start_date
    start = datetime.date(promised.year + 1, 8, 31)  # six months later is the end of February
    with on(start), emails as sent:
        login(client, cast.bruno)
        act(client, candidature, "confirm_hiring", **hiring_form(start, "cdd", "12", "35"))

    expected = [
        "Contrat promis : CDI ; contrat signé : CDD de 12 mois",
        f"Début promis le {promised:%d/%m/%Y} ; réel le {start:%d/%m/%Y}",
    ]
    assert candidature.hiring.differences == expected
    assert last_entry(candidature).reason == "\n".join(expected)
    assert f"Motif ou précisions : {expected[0]}" in sent[0].body
    due = sorted(set(candidature.follow_ups.values_list("due_on", flat=True)))
    assert due == [datetime.date(start.year + 1, 2, 28), datetime.date(start.year + 1, 8, 31)]
    assert "Écarts avec la promesse" in html(client.get(f"/candidatures/{candidature.pk}/"))


def test_an_ineligible_contract_is_recorded_as_a_difference(client, cast):
    candidature = candidature_at(cast, "training_completed")
    start = candidature.current_commitment.planned_start_date
    with on(start):
        login(client, cast.bruno)
        act(client, candidature, "confirm_hiring", **hiring_form(start, "cdd", "3"))
    assert candidature.hiring.differences[0] == (
        "Contrat : Un CDD de 3 mois n'est pas éligible : Trait d'union demande un CDI ou un CDD d'au moins 6 mois."
    )


def test_different_hours_are_written_the_french_way(client, cast):
    candidature = candidature_at(cast, "training_completed")
    start = candidature.current_commitment.planned_start_date
    with on(start):
        login(client, cast.bruno)
        act(client, candidature, "confirm_hiring", **hiring_form(start, hours="30"))
    assert candidature.hiring.differences == ["Heures par semaine promises : 35 ; réelles : 30"]


def test_a_cdd_needs_its_duration(client, cast):
    candidature = candidature_at(cast, "training_completed")
    start = candidature.current_commitment.planned_start_date
    login(client, cast.bruno)
    response = post_action(client, candidature, "confirm_hiring", **hiring_form(start, "cdd", ""))
    assert response.status_code == 400
    assert "Indiquez la durée du CDD en mois." in html(response)
    assert not Hiring.objects.exists()


def test_it_is_the_company_s_alone(client, cast):
    candidature = candidature_at(cast, "training_completed")
    data = hiring_form(candidature.current_commitment.planned_start_date)
    assert_nobody_else_may(client, candidature, "confirm_hiring", data, cast.everyone_but(cast.bruno))
    assert not Hiring.objects.exists() and not FollowUp.objects.exists()


def test_it_waits_for_the_end_of_the_training(client, cast):
    candidature = candidature_at(cast, "in_training")
    data = hiring_form(candidature.current_commitment.planned_start_date)
    login(client, cast.bruno)
    response = post_action(client, candidature, "confirm_hiring", **data)
    assert response.status_code == 409
    assert "Action impossible" in html(response)
    candidature.refresh_from_db()
    assert candidature.state == State.IN_TRAINING and not Hiring.objects.exists()


def test_a_contract_in_the_future_or_before_the_training_ends_is_refused(client, cast):
    candidature = candidature_at(cast, "training_completed")
    end = cast.session.end_date
    with on(end + datetime.timedelta(days=2)):
        login(client, cast.bruno)
        future = post_action(
            client, candidature, "confirm_hiring", **hiring_form(end + datetime.timedelta(days=200))
        )
        assert future.status_code == 400 and "ne peut pas commencer dans le futur" in html(future)
        early = post_action(
            client, candidature, "confirm_hiring", **hiring_form(end - datetime.timedelta(days=1))
        )
        assert early.status_code == 400
        assert f"La formation s&#x27;est terminée le {end:%d/%m/%Y}" in html(early)
    candidature.refresh_from_db()
    assert candidature.state == State.TRAINING_COMPLETED and not Hiring.objects.exists()
