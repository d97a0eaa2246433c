"""What the journeys share besides the browser: a radio button's words, dates moved to the day of a step."""

import datetime

from django.db.models import F


class Choice(str):
    """A radio button's words, for `Journey.fill`."""


def shift_training(candidature, days):
    """Move the candidature's session `days` days (its first or last day comes today), with the dates that
    follow it: the commitment's copy of the session and its planned hire, the enrolment's dates. The services
    refuse to record what happens in the future, and the live server's clock stays today's."""
    from tdu.candidatures.models import Commitment, Enrolment
    from tdu.trainings.models import TrainingSession

    delta = datetime.timedelta(days=days)
    enrolments = Enrolment.objects.filter(candidature=candidature)
    TrainingSession.objects.filter(enrolments__in=enrolments).update(
        start_date=F("start_date") + delta, end_date=F("end_date") + delta
    )
    Commitment.objects.filter(candidature=candidature).update(
        session_start_date=F("session_start_date") + delta,
        session_end_date=F("session_end_date") + delta,
        planned_start_date=F("planned_start_date") + delta,
    )
    for field in ("entered_on", "internship_start", "internship_end", "completed_on"):
        enrolments.filter(**{f"{field}__isnull": False}).update(**{field: F(field) + delta})
