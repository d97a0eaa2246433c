"""`confirm_entry`: the training organisation confirms that the person entered the training (and when she spends
time in the company)."""

import datetime

import time_machine
from django.utils import timezone

from tdu.candidatures.enums import State
from tdu.references.models import Region
from tdu.trainings.models import TrainingSession
from tests.helpers import act, addresses, assert_nobody_else_may, html, last_entry, login, post_action
from tests.situations import candidature_at, on_day

DAY = datetime.timedelta(days=1)


def entry_form(session, start=60, end=80):
    return {
        "entered_on": session.start_date.isoformat(),
        "internship_start": (session.start_date + start * DAY).isoformat() if start is not None else "",
        "internship_end": (session.start_date + end * DAY).isoformat() if end is not None else "",
    }


def on_the_first_day(session):
    return time_machine.travel(
        timezone.make_aware(datetime.datetime.combine(session.start_date, datetime.time(9)))
    )


def test_it_confirms_the_entry_and_the_internship(client, cast, emails):
    candidature = candidature_at(cast, "enrolled")
    session = cast.session
    with on_the_first_day(session), emails as sent:
        login(client, cast.chloe)
        act(client, candidature, "confirm_entry", **entry_form(session))

    assert candidature.state == State.IN_TRAINING
    enrolment = candidature.enrolments.get()
    assert (enrolment.entered_on, enrolment.internship_start, enrolment.internship_end) == (
        session.start_date,
        session.start_date + 60 * DAY,
        session.start_date + 80 * DAY,
    )
    assert TrainingSession.objects.get(pk=session.pk).enrolled_count == 1  # the place stays taken
    entry = last_entry(candidature)
    assert (entry.transition, entry.from_state, entry.to_state) == (
        "confirm_entry",
        "enrolled",
        "in_training",
    )
    assert (entry.actor, entry.actor_role) == (cast.chloe, "training_organisation")
    assert addresses(sent) == sorted([cast.amelie.email, cast.bruno.email, cast.david.email])
    assert {m.subject for m in sent} == {f"[Trait d'union] En formation : {cast.offer.title}"}
    assert "Amélie Martin est entré·e en formation." in sent[0].body


def test_the_internship_is_optional(client, cast):
    candidature = candidature_at(cast, "enrolled")
    with on_day(cast.session.start_date):
        login(client, cast.chloe)
        act(client, candidature, "confirm_entry", **entry_form(cast.session, start=None, end=None))
    enrolment = candidature.enrolments.get()
    assert (enrolment.entered_on, enrolment.internship_start) == (cast.session.start_date, None)


def test_the_internship_lies_within_the_session(client, cast):
    candidature = candidature_at(cast, "enrolled")
    login(client, cast.chloe)
    after = entry_form(cast.session, start=170, end=190)  # the session lasts 180 days
    response = post_action(client, candidature, "confirm_entry", **after)
    assert response.status_code == 400
    assert "Le stage en entreprise doit se situer pendant la session." in html(response)
    backwards = entry_form(cast.session, start=80, end=60)
    response = post_action(client, candidature, "confirm_entry", **backwards)
    assert response.status_code == 400
    assert "Le stage se termine avant de commencer." in html(response)
    candidature.refresh_from_db()
    assert candidature.state == State.ENROLLED and candidature.enrolments.get().entered_on is None


def test_an_internship_has_both_ends(client, cast):
    candidature = candidature_at(cast, "enrolled")
    login(client, cast.chloe)
    response = post_action(client, candidature, "confirm_entry", **entry_form(cast.session, end=None))
    assert response.status_code == 400
    assert candidature.enrolments.get().internship_start is None


def test_it_is_the_organisation_s_alone(client, cast):
    candidature = candidature_at(cast, "enrolled")
    data = entry_form(cast.session)
    assert_nobody_else_may(client, candidature, "confirm_entry", data, cast.everyone_but(cast.chloe))
    assert candidature.enrolments.get().entered_on is None


def test_the_enrolment_must_be_accepted_first(client, cast):
    candidature = candidature_at(cast, "enrolment_requested")
    login(client, cast.chloe)
    response = post_action(client, candidature, "confirm_entry", **entry_form(cast.session))
    assert response.status_code == 409
    assert "Action impossible" in html(response)
    candidature.refresh_from_db()
    assert candidature.state == State.ENROLMENT_REQUESTED


def entering_on(client, cast, candidature, day, today):
    with on_day(today):
        login(client, cast.chloe)
        form = {**entry_form(cast.session, start=None, end=None), "entered_on": day.isoformat()}
        return post_action(client, candidature, "confirm_entry", **form)


def test_an_entry_before_the_session_starts_or_in_the_future_is_refused(client, cast):
    candidature = candidature_at(cast, "enrolled")
    start = cast.session.start_date
    early = entering_on(client, cast, candidature, start - DAY, today=start)
    assert early.status_code == 400
    assert f"La session commence le {start:%d/%m/%Y} : l&#x27;entrée ne peut pas être avant." in html(early)
    future = entering_on(client, cast, candidature, start, today=start - 2 * DAY)
    assert future.status_code == 400 and "ne peut pas être dans le futur" in html(future)
    candidature.refresh_from_db()
    assert candidature.state == "enrolled" and candidature.enrolments.get().entered_on is None


def test_a_late_entry_follows_the_regions_window(client, cast):
    candidature = candidature_at(cast, "enrolled")
    start = cast.session.start_date
    late = entering_on(client, cast, candidature, start + 5 * DAY, today=start + 5 * DAY)
    assert late.status_code == 400 and "le jour de son début" in html(late)
    Region.objects.filter(pk=cast.session.funding_region_id).update(late_entry_days=10)
    accepted = entering_on(client, cast, candidature, start + 5 * DAY, today=start + 6 * DAY)
    assert accepted.status_code == 302
    assert candidature.enrolments.get().entered_on == start + 5 * DAY
