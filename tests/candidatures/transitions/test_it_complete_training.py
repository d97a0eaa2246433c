"""`complete_training`: the training organisation records the end of the training and whether the certification
was obtained."""

import datetime

import time_machine
from django.utils import timezone

from tdu.candidatures.enums import State
from tdu.trainings.models import TrainingSession
from tests.helpers import act, addresses, assert_nobody_else_may, html, last_entry, login, post_action
from tests.situations import candidature_at, on_day


def completion(session, certification="oui"):
    return {"completed_on": session.end_date.isoformat(), "certification_obtained": certification}


def test_it_records_the_end_and_the_certification(client, cast, emails):
    candidature = candidature_at(cast, "in_training")
    end = cast.session.end_date
    with (
        time_machine.travel(timezone.make_aware(datetime.datetime.combine(end, datetime.time(17)))),
        emails as sent,
    ):
        login(client, cast.chloe)
        act(client, candidature, "complete_training", **completion(cast.session))

    assert candidature.state == State.TRAINING_COMPLETED
    enrolment = candidature.enrolments.get()
    assert (enrolment.completed_on, enrolment.certification_obtained) == (end, True)
    assert TrainingSession.objects.get(pk=cast.session.pk).enrolled_count == 1
    entry = last_entry(candidature)
    assert (entry.transition, entry.from_state, entry.to_state) == (
        "complete_training",
        "in_training",
        "training_completed",
    )
    assert (entry.actor, entry.actor_role) == (cast.chloe, "training_organisation")
    assert addresses(sent) == sorted([cast.amelie.email, cast.bruno.email, cast.david.email])
    assert {m.subject for m in sent} == {f"[Trait d'union] Formation terminée : {cast.offer.title}"}
    assert "Amélie Martin a terminé sa formation." in sent[0].body
    login(client, cast.bruno)  # the company may now confirm the hiring
    assert f'action="/candidatures/{candidature.pk}/actions/confirm_hiring/"' in html(
        client.get(f"/candidatures/{candidature.pk}/")
    )


def test_a_certification_not_obtained_is_recorded(client, cast):
    candidature = candidature_at(cast, "in_training")
    login(client, cast.chloe)
    response = post_action(client, candidature, "complete_training", **completion(cast.session, "peut-être"))
    assert response.status_code == 400
    assert "Sélectionnez un choix valide" in html(response)
    candidature.refresh_from_db()
    assert candidature.state == State.IN_TRAINING

    with on_day(cast.session.end_date):
        login(client, cast.chloe)
        act(client, candidature, "complete_training", **completion(cast.session, "non"))
    assert candidature.state == State.TRAINING_COMPLETED
    assert candidature.enrolments.get().certification_obtained is False


def test_it_is_the_organisation_s_alone(client, cast):
    candidature = candidature_at(cast, "in_training")
    data = completion(cast.session)
    assert_nobody_else_may(client, candidature, "complete_training", data, cast.everyone_but(cast.chloe))
    assert candidature.enrolments.get().completed_on is None


def test_the_training_must_have_begun(client, cast):
    candidature = candidature_at(cast, "enrolled")
    login(client, cast.chloe)
    response = post_action(client, candidature, "complete_training", **completion(cast.session))
    assert response.status_code == 409
    assert "Action impossible" in html(response)
    candidature.refresh_from_db()
    assert candidature.state == State.ENROLLED and candidature.enrolments.get().completed_on is None


def completing_on(client, cast, candidature, day, today):
    with on_day(today):
        login(client, cast.chloe)
        form = {**completion(cast.session), "completed_on": day.isoformat()}
        return post_action(client, candidature, "complete_training", **form)


def test_a_completion_before_the_entry_after_the_session_or_in_the_future_is_refused(client, cast):
    candidature = candidature_at(cast, "in_training")
    start, end = cast.session.start_date, cast.session.end_date
    day = datetime.timedelta(days=1)
    before = completing_on(client, cast, candidature, start - day, today=end)
    assert before.status_code == 400 and "La formation ne peut pas finir avant l&#x27;entrée" in html(before)
    future = completing_on(client, cast, candidature, end, today=end - day)
    assert future.status_code == 400 and "ne peut pas être dans le futur" in html(future)
    too_late = completing_on(client, cast, candidature, end + 31 * day, today=end + 40 * day)
    assert too_late.status_code == 400
    assert f"La session se termine le {end:%d/%m/%Y}" in html(too_late)
    candidature.refresh_from_db()
    assert candidature.state == State.IN_TRAINING
    assert completing_on(client, cast, candidature, end + 3 * day, today=end + 3 * day).status_code == 302
