"""Leaving the path: every exit keeps its reason and frees what the candidature held.

An exit before the training starts gives back the funded place (someone else may take it) and withdraws a
pending enrolment request; a place used by a person in training is not given back.
"""

from django.db import transaction
from django.db.models import F

from tdu.candidatures.engine import perform
from tdu.candidatures.enums import EnrolmentStatus, State
from tdu.matching import links
from tdu.trainings.models import TrainingSession


def accepted_enrolment(candidature):
    return candidature.enrolments.filter(status=EnrolmentStatus.ACCEPTED).order_by("-decided_at").first()


def release_place(enrolment):
    TrainingSession.objects.filter(pk=enrolment.session_id, enrolled_count__gt=0).update(
        enrolled_count=F("enrolled_count") - 1
    )
    links.refresh_sessions([enrolment.session_id])  # the queryset update sent no signal


def exit_path(candidature, user, name, reason):
    """Perform the exit transition `name` (withdraw, cancel, abandon, break, not hired) with its reason."""
    with transaction.atomic():
        previous_state = candidature.state
        entry = perform(candidature, name, user, reason=reason)
        candidature.exit_reason = reason
        candidature.save(update_fields=["exit_reason"])
        candidature.enrolments.filter(status=EnrolmentStatus.REQUESTED).update(
            status=EnrolmentStatus.CANCELLED
        )
        if previous_state == State.ENROLLED:
            enrolment = accepted_enrolment(candidature)
            if enrolment:
                release_place(enrolment)
                enrolment.status = EnrolmentStatus.CANCELLED
                enrolment.save(update_fields=["status"])
    return entry
