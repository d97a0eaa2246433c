"""The path's emails, each a named notification (templates in templates/emails/candidatures/).

Transition notifications take the log entry of their transition: the workflow table names them next to each
transition and the engine sends them after commit. Reminders and digests are sent by the periodic jobs.
"""

from django.urls import reverse
from django.utils import timezone

from tdu.candidatures.enums import Actor, EnrolmentStatus, Respondent, Signatory, State
from tdu.candidatures.models import (
    Absence,
    Candidature,
    Enrolment,
    FollowUp,
    ImmersionConvention,
    TransitionLog,
)
from tdu.utils import signed_links
from tdu.utils.notifications import Notification, absolute


def candidature_url(candidature):
    return absolute(reverse("candidatures:detail", args=[candidature.pk]))


def company_members(candidature):
    return [m.user for m in candidature.company.memberships.select_related("user")]


def prescriber_members(candidature):
    if not candidature.prescriber_organisation_id:
        return []
    return [m.user for m in candidature.prescriber_organisation.memberships.select_related("user")]


def organisation_members(session):
    return [m.user for m in session.training.organisation.memberships.select_related("user")]


def training_members(candidature):
    """The training organisation of the enrolment in progress (or just withdrawn by an exit)."""
    enrolment = (
        candidature.enrolments.exclude(status=EnrolmentStatus.REFUSED)
        .select_related("session__training__organisation")
        .order_by("-requested_at", "-pk")
        .first()
    )
    return organisation_members(enrolment.session) if enrolment else []


def load(pk):
    return Candidature.objects.select_related("job_seeker", "offer", "company").get(pk=pk)


def tutor_signing_url(convention):
    token = signed_links.TUTOR_SIGNATURE.make(convention=convention.pk)
    return absolute(reverse("candidatures:tutor_sign", args=[token]))


def follow_up_url(follow_up):
    token = signed_links.FOLLOW_UP.make(f=follow_up.pk)
    return absolute(reverse("candidatures:follow_up", args=[token]))


class CandidatureNotification(Notification):
    """About one candidature; links to its page."""

    def __init__(self, candidature_pk):
        self.candidature = load(candidature_pk)

    def get_context(self):
        c = self.candidature
        return {"candidature": c, "offer": c.offer, "company": c.company, "seeker": c.job_seeker}

    def link(self):
        return candidature_url(self.candidature)


class TransitionNotification(CandidatureNotification):
    """Sent after one transition; knows its log entry (who acted, why)."""

    def __init__(self, log_entry_pk):
        self.entry = TransitionLog.objects.select_related("actor").get(pk=log_entry_pk)
        super().__init__(self.entry.candidature_id)

    def get_context(self):
        return {**super().get_context(), "entry": self.entry, "reason": self.entry.reason}


ENROLMENT_IN_PROGRESS = {State.ENROLMENT_REQUESTED, State.ENROLLED, State.IN_TRAINING}


class StateChanged(TransitionNotification):
    """« <new state> : <offer> » to everyone on the path but the person who acted."""

    subject_template = "emails/candidatures/state_changed.subject.txt"

    def recipients(self):
        c = self.candidature
        people = [c.job_seeker, *company_members(c), *prescriber_members(c)]
        if self.entry.from_state in ENROLMENT_IN_PROGRESS:
            people += training_members(c)  # its session is concerned: a request void, a place freed
        return [person for person in people if person != self.entry.actor]

    def get_context(self):
        return {**super().get_context(), "state_label": State(self.entry.to_state).label}


# --- Candidature -----------------------------------------------------------------------------------------


class CandidatureReceived(TransitionNotification):
    name = "candidatures/candidature_received"

    def recipients(self):
        return company_members(self.candidature)


class CandidatureSentReceipt(TransitionNotification):
    name = "candidatures/candidature_sent_receipt"

    def recipients(self):
        return [self.candidature.job_seeker]

    def get_context(self):
        return {**super().get_context(), "company_has_account": self.candidature.company.has_account}


def recruiter_url(candidature):
    token = signed_links.RECRUITER.make(
        c=candidature.pk, e=signed_links.fingerprint(candidature.recruiter_email)
    )
    return absolute(reverse("candidatures:recruiter", args=[token]))


class ApplicationToRecruiter(TransitionNotification):
    """An imported offer whose company has no account: the candidature goes to the offer's contact."""

    name = "candidatures/application_to_recruiter"
    link_label = "Lire la candidature et répondre"

    def recipients(self):
        return [self.candidature.recruiter_email] if self.candidature.recruiter_email else []

    def get_context(self):
        return {**super().get_context(), "link_days": signed_links.RECRUITER.days}

    def link(self):
        return recruiter_url(self.candidature)


class RecruiterReminder(CandidatureNotification):
    """3 business days without an answer from the recruiter of an imported offer."""

    name = "candidatures/recruiter_reminder"
    link_label = "Lire la candidature et répondre"

    def recipients(self):
        return [self.candidature.recruiter_email] if self.candidature.recruiter_email else []

    def link(self):
        return recruiter_url(self.candidature)


class CandidatureOpened(StateChanged):
    name = "candidatures/candidature_opened"


class CandidatureRefused(StateChanged):
    name = "candidatures/candidature_refused"


class CandidatureWithdrawn(StateChanged):
    name = "candidatures/candidature_withdrawn"


class PathCancelled(StateChanged):
    name = "candidatures/path_cancelled"


class AccountClosed(StateChanged):
    """Sent once the account is deleted: the candidature then names « Compte fermé », no one."""

    name = "candidatures/account_closed"


class CandidatureExpired(StateChanged):
    name = "candidatures/candidature_expired"


# --- Meeting ---------------------------------------------------------------------------------------------


class MeetingProposed(TransitionNotification):
    name = "candidatures/meeting_proposed"
    link_label = "Choisir un créneau"

    def recipients(self):
        return [self.candidature.job_seeker, *prescriber_members(self.candidature)]

    def get_context(self):
        return {**super().get_context(), "slots": self.candidature.pending_slots}


class MeetingPlanned(TransitionNotification):
    name = "candidatures/meeting_planned"

    def __init__(self, log_entry_pk):
        super().__init__(log_entry_pk)
        self.slot = self.candidature.meeting_slots.filter(chosen_at__isnull=False).latest("chosen_at")

    def recipients(self):
        return [self.candidature.job_seeker, *company_members(self.candidature)]

    def get_context(self):
        return {**super().get_context(), "slot": self.slot, "when": timezone.localtime(self.slot.starts_at)}

    def attachments(self):
        from tdu.candidatures.documents.ics import meeting_ics

        c = self.candidature
        ics = meeting_ics(
            self.slot,
            title=c.offer.title,
            company=c.company.name,
            participants=[c.job_seeker.full_name, *[u.full_name for u in company_members(c)]],
        )
        return [("rencontre.ics", ics, "text/calendar; method=REQUEST; charset=utf-8")]


class OtherSlotsAsked(TransitionNotification):
    name = "candidatures/other_slots_asked"

    def to_company(self):
        return self.entry.actor_role != Actor.COMPANY

    def recipients(self):
        return company_members(self.candidature) if self.to_company() else [self.candidature.job_seeker]

    def get_context(self):
        return {**super().get_context(), "to_company": self.to_company()}


# --- Immersion -------------------------------------------------------------------------------------------


class ConventionNotification(TransitionNotification):
    def __init__(self, log_entry_pk):
        super().__init__(log_entry_pk)
        self.convention = self.candidature.current_convention or self.candidature.conventions.latest(
            "created_at"
        )

    def get_context(self):
        convention = self.convention
        period = f"du {convention.start_date:%d/%m/%Y} au {convention.end_date:%d/%m/%Y}"
        return {**super().get_context(), "convention": convention, "period": period}


class ConventionToSign(ConventionNotification):
    name = "candidatures/convention_to_sign"

    def recipients(self):
        return [self.candidature.job_seeker, *company_members(self.candidature)]


class TutorInvitation(ConventionNotification):
    """The tutor has no account: she reads and signs the convention through a signed link."""

    name = "candidatures/tutor_invitation"
    link_label = "Lire et signer la convention"

    def recipients(self):
        return [self.convention.tutor_email]

    def get_context(self):
        return {**super().get_context(), "link_days": signed_links.TUTOR_SIGNATURE.days}

    def link(self):
        return tutor_signing_url(self.convention)


class ImmersionProposedToPrescriber(ConventionNotification):
    name = "candidatures/immersion_proposed_to_prescriber"

    def recipients(self):
        return prescriber_members(self.candidature)


class ConventionToValidate(TransitionNotification):
    name = "candidatures/convention_to_validate"
    link_label = "Valider la convention"

    def recipients(self):
        return prescriber_members(self.candidature)


class ConventionSigned(TransitionNotification):
    name = "candidatures/convention_signed"

    def recipients(self):
        return [self.candidature.job_seeker, *company_members(self.candidature)]


class ImmersionValidated(StateChanged):
    name = "candidatures/immersion_validated"


class ImmersionRejected(StateChanged):
    name = "candidatures/immersion_rejected"


class AssessmentRecorded(StateChanged):
    name = "candidatures/assessment_recorded"


class ConventionSignatureReminder(Notification):
    """To the tutor who has not signed yet, 3 days after the convention was issued.

    The people with an account who have not signed read the reminder in their daily digest instead (the job
    records it in `signature_reminded_at`); the tutor signs through a signed link and receives no digest.
    """

    name = "candidatures/convention_signature_reminder"
    essential = False
    link_label = "Lire et signer la convention"

    def __init__(self, convention_pk):
        self.convention = ImmersionConvention.objects.select_related("candidature__offer").get(
            pk=convention_pk
        )
        self.candidature = load(self.convention.candidature_id)

    def recipients(self):
        return (
            [self.convention.tutor_email] if Signatory.TUTOR in self.convention.missing_signatures() else []
        )

    def get_context(self):
        return {"offer": self.candidature.offer, "convention": self.convention}

    def link(self):
        return tutor_signing_url(self.convention)


# --- Commitment ------------------------------------------------------------------------------------------


class CommitmentToSign(TransitionNotification):
    name = "candidatures/commitment_to_sign"

    def recipients(self):
        c = self.candidature
        return [c.job_seeker, *company_members(c), *prescriber_members(c)]


class CommitmentSigned(CommitmentToSign):
    name = "candidatures/commitment_signed"


class CommitmentBroken(StateChanged):
    name = "candidatures/commitment_broken"


# --- Training --------------------------------------------------------------------------------------------


class EnrolmentNotification(TransitionNotification):
    """About the enrolment that the transition created or decided."""

    def __init__(self, log_entry_pk):
        super().__init__(log_entry_pk)
        self.enrolment = (
            Enrolment.objects.select_related("session__training__organisation")
            .filter(candidature=self.candidature)
            .latest("requested_at", "pk")
        )

    def get_context(self):
        return {**super().get_context(), "enrolment": self.enrolment, "session": self.enrolment.session}


class EnrolmentRequested(EnrolmentNotification):
    name = "candidatures/enrolment_requested"

    def recipients(self):
        return organisation_members(self.enrolment.session)


class EnrolmentDecided(EnrolmentNotification):
    name = "candidatures/enrolment_decided"

    def recipients(self):
        c = self.candidature
        return [c.job_seeker, *company_members(c), *prescriber_members(c)]

    def get_context(self):
        return {**super().get_context(), "accepted": self.enrolment.status == EnrolmentStatus.ACCEPTED}


class TrainingEntered(StateChanged):
    name = "candidatures/training_entered"


class AbsenceRecorded(TransitionNotification):
    """To the person, the company and her adviser: the absence the organisation recorded."""

    name = "candidatures/absence_recorded"

    def recipients(self):
        c = self.candidature
        return [c.job_seeker, *company_members(c), *prescriber_members(c)]

    def get_context(self):
        absence = Absence.objects.filter(enrolment__candidature=self.candidature).latest("recorded_at", "pk")
        return {**super().get_context(), "absence": absence}


class TrainingCompleted(StateChanged):
    name = "candidatures/training_completed"


class TrainingAbandoned(StateChanged):
    name = "candidatures/training_abandoned"


# --- Hiring and follow-up --------------------------------------------------------------------------------


class HiringConfirmed(StateChanged):
    name = "candidatures/hiring_confirmed"


class PromiseNotKept(StateChanged):
    name = "candidatures/promise_not_kept"


class FollowUpRequest(Notification):
    """The 6- or 12-month question, answered in one minute through a signed link."""

    name = "candidatures/follow_up_request"

    def __init__(self, follow_up_pk, reminder=False):
        self.follow_up = FollowUp.objects.select_related(
            "candidature__job_seeker", "candidature__company"
        ).get(pk=follow_up_pk)
        self.reminder = reminder

    link_label = f"Répondre (lien valable {signed_links.FOLLOW_UP.days} jours)"

    def recipients(self):
        c = self.follow_up.candidature
        return [c.job_seeker] if self.follow_up.respondent == Respondent.JOB_SEEKER else company_members(c)

    def get_context(self):
        c = self.follow_up.candidature
        return {
            "follow_up": self.follow_up,
            "reminder": self.reminder,
            "to_job_seeker": self.follow_up.respondent == Respondent.JOB_SEEKER,
            "company": c.company,
            "seeker": c.job_seeker,
        }

    def link(self):
        return follow_up_url(self.follow_up)


class DailyDigest(Notification):
    """What waits for the person, once a day, for those who accept non-essential emails.

    The day's reminders (an unanswered candidature, a document to sign, an enrolment request) are items of the
    digest marked « Rappel », not separate emails: the jobs only record them (see dashboard.send_daily_digests).
    """

    name = "candidatures/daily_digest"
    essential = False
    link_label = "Votre tableau de bord"

    def __init__(self, user, items):
        self.user, self.items = user, items

    def recipients(self):
        return [self.user]

    def get_context(self):
        return {"items": self.items, "reminders": sum(1 for item in self.items if item.reminder)}

    def link(self):
        return absolute("/tableau-de-bord/")
