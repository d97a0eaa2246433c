"""The candidature's path as a table: every transition, who may do it, its precondition and its emails.

Services (tdu.candidatures.services) carry out transitions through `engine.perform`, which checks this table,
changes the state with a conditional UPDATE (so that of two concurrent actions exactly one wins), writes the log
and sends the transition's notifications after commit. The `immersion` transitions produce a convention
(models.immersion.ImmersionConvention), the commitment transitions an « engagement réciproque »
(models.commitment.Commitment).
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.utils import timezone

from tdu.candidatures import notifications as n
from tdu.candidatures.enums import FINAL_STATES, Actor, EnrolmentStatus, State

ACTIVE = tuple(s for s in State if s not in FINAL_STATES)
# Until the commitment is signed, either side may still step back with refuse/withdraw.
BEFORE_COMMITMENT = (
    State.SENT,
    State.UNDER_REVIEW,
    State.MEETING_PLANNED,
    State.IMMERSION_PROPOSED,
    State.CONVENTION_SIGNED,
    State.IMMERSION_VALIDATED,
    State.IMMERSION_DONE,
    State.COMMITMENT_PROPOSED,
)
COMMITTED_BEFORE_END = (State.COMMITMENT_SIGNED, State.ENROLMENT_REQUESTED, State.ENROLLED, State.IN_TRAINING)
# The company's first action on a new candidature may be any of its answers: opening it is not a chore.
NEW_OR_REVIEWED = (State.SENT, State.UNDER_REVIEW, State.MEETING_PLANNED)


# --- Preconditions: None when the transition may happen, else the French reason why not. -----------------


def has_pending_slots(candidature):
    now = timezone.now()
    if not any(slot.starts_at > now for slot in candidature.pending_slots):
        return "Aucun créneau à venir n'a été proposé."
    return None


def has_slots(candidature):
    return None if candidature.pending_slots else "Aucun créneau n'a été proposé."


def has_current_convention(candidature):
    return None if candidature.current_convention else "Il n'y a pas de convention en cours."


def all_signed(candidature):
    convention = candidature.current_convention
    if convention is None:
        return "Il n'y a pas de convention à valider."
    missing = convention.missing_signatures()
    if missing:
        return (
            "Validation impossible : il manque la signature de " + ", ".join(s.label for s in missing) + "."
        )
    return None


def immersion_ended(candidature):
    convention = candidature.current_convention
    if convention is None:
        return "Il n'y a pas de convention."
    if convention.end_date >= timezone.localdate():
        return f"Le bilan se remplit après le dernier jour de l'immersion ({convention.end_date:%d/%m/%Y})."
    return None


def no_feedback_yet(candidature):
    assessment = getattr(candidature, "assessment", None)
    if assessment is not None and assessment.seeker_view:
        return "Vous avez déjà donné votre avis sur cette immersion."
    return None


def commitment_allowed(candidature):
    """After an immersion; or straight after meeting when the region allows it (off by default)."""
    if candidature.state == State.IMMERSION_DONE:
        return None
    region = candidature.offer.commune.department.region
    if region.allow_commitment_without_immersion:
        return None
    return "La Région demande une immersion avant l'engagement réciproque."


def has_current_commitment(candidature):
    return None if candidature.current_commitment else "Il n'y a pas d'engagement en cours."


def commitment_fully_signed(candidature):
    commitment = candidature.current_commitment
    if commitment is None:
        return "Il n'y a pas d'engagement en cours."
    missing = commitment.missing_signatures()
    if missing:
        return "Il manque la signature de : " + ", ".join(s.label for s in missing) + "."
    return None


def has_pending_enrolment(candidature):
    if candidature.enrolments.filter(status=EnrolmentStatus.REQUESTED).exists():
        return None
    return "Aucune inscription en attente."


@dataclass(frozen=True)
class Transition:
    name: str
    label: str  # what happened, in the log
    sources: tuple  # () for the creation
    target: State
    actors: frozenset
    precondition: Callable | None = None
    needs_reason: bool = False
    notifications: tuple = ()  # sent after commit, each given the log entry
    action_label: str = ""  # the button for the person who acts; the label by default

    @property
    def button(self):
        return self.action_label or self.label


def t(name, label, sources, target, actors, precondition=None, *, reason=False, notify=(), button=""):
    return Transition(
        name, label, tuple(sources), target, frozenset(actors), precondition, reason, tuple(notify), button
    )


S, A = State, Actor
IMMERSION_PROPOSED = [n.ConventionToSign, n.TutorInvitation, n.ImmersionProposedToPrescriber]
TRANSITIONS = [
    t(
        "apply",
        "Postuler",
        [],
        S.SENT,
        [A.JOB_SEEKER, A.PRESCRIBER],
        notify=[n.CandidatureReceived, n.ApplicationToRecruiter, n.CandidatureSentReceipt],
    ),
    t(
        "open",
        "Ouvrir la candidature",
        [S.SENT],
        S.UNDER_REVIEW,
        [A.COMPANY],
        notify=[n.CandidatureOpened],
        button="Étudier la candidature (la personne en est prévenue)",
    ),
    t(
        "propose_meeting",
        "Proposer une rencontre",
        NEW_OR_REVIEWED,
        S.UNDER_REVIEW,
        [A.COMPANY],
        notify=[n.MeetingProposed],
    ),
    t(
        "choose_slot",
        "Choisir un créneau",
        [S.UNDER_REVIEW],
        S.MEETING_PLANNED,
        [A.JOB_SEEKER, A.PRESCRIBER],
        has_pending_slots,
        notify=[n.MeetingPlanned],
    ),
    t(
        "ask_other_slots",
        "Demander d'autres créneaux",
        [S.UNDER_REVIEW, S.MEETING_PLANNED],
        S.UNDER_REVIEW,
        [A.JOB_SEEKER, A.PRESCRIBER, A.COMPANY],
        has_slots,
        notify=[n.OtherSlotsAsked],
    ),
    t(
        "propose_immersion",
        "Proposer une immersion",
        NEW_OR_REVIEWED,
        S.IMMERSION_PROPOSED,
        [A.COMPANY],
        notify=IMMERSION_PROPOSED,
        button="Proposer une immersion (convention)",
    ),
    t(
        "amend_convention",
        "Modifier la convention",
        [S.IMMERSION_PROPOSED, S.CONVENTION_SIGNED],
        S.IMMERSION_PROPOSED,
        [A.COMPANY],
        has_current_convention,
        reason=True,
        notify=IMMERSION_PROPOSED,
    ),
    t(
        "sign_convention",
        "Signer la convention",
        [S.IMMERSION_PROPOSED],
        S.IMMERSION_PROPOSED,
        [A.JOB_SEEKER, A.COMPANY, A.TUTOR],
        has_current_convention,
    ),
    t(
        "complete_signatures",
        "Toutes les signatures recueillies",
        [S.IMMERSION_PROPOSED],
        S.CONVENTION_SIGNED,
        [A.SYSTEM],
        all_signed,
        notify=[n.ConventionToValidate, n.ConventionSigned],
    ),
    t(
        "validate_immersion",
        "Valider l'immersion",
        [S.IMMERSION_PROPOSED, S.CONVENTION_SIGNED],
        S.IMMERSION_VALIDATED,
        [A.PRESCRIBER],
        all_signed,
        notify=[n.ImmersionValidated],
    ),
    t(
        "reject_immersion",
        "Refuser la convention",
        [S.CONVENTION_SIGNED],
        S.UNDER_REVIEW,
        [A.PRESCRIBER],
        has_current_convention,
        reason=True,
        notify=[n.ImmersionRejected],
    ),
    t(
        "record_assessment",
        "Remplir le bilan",
        [S.IMMERSION_VALIDATED],
        S.IMMERSION_DONE,
        [A.COMPANY],
        immersion_ended,
        notify=[n.AssessmentRecorded],
        button="Remplir le bilan de l'immersion",
    ),
    t(
        "give_feedback",
        "Donner mon avis sur l'immersion",
        [S.IMMERSION_DONE],
        S.IMMERSION_DONE,
        [A.JOB_SEEKER],
        no_feedback_yet,
    ),
    # Part 2: reciprocal commitment, training, hiring.
    t(
        "propose_commitment",
        "Proposer l'engagement réciproque (promesse d'embauche)",
        [S.IMMERSION_DONE, *NEW_OR_REVIEWED],
        S.COMMITMENT_PROPOSED,
        [A.COMPANY],
        commitment_allowed,
        notify=[n.CommitmentToSign],
    ),
    t(
        "sign_commitment",
        "Signer l'engagement",
        [S.COMMITMENT_PROPOSED],
        S.COMMITMENT_PROPOSED,
        [A.COMPANY, A.JOB_SEEKER],
        has_current_commitment,
    ),
    t(
        "complete_commitment",
        "Engagement signé par les deux parties",
        [S.COMMITMENT_PROPOSED],
        S.COMMITMENT_SIGNED,
        [A.SYSTEM],
        commitment_fully_signed,
        notify=[n.CommitmentSigned],
    ),
    t(
        "request_enrolment",
        "Demander l'inscription à la session",
        [S.COMMITMENT_SIGNED],
        S.ENROLMENT_REQUESTED,
        [A.SYSTEM, A.COMPANY, A.JOB_SEEKER, A.PRESCRIBER],
        commitment_fully_signed,
        notify=[n.EnrolmentRequested],
        button="Choisir une autre session",
    ),
    t(
        "accept_enrolment",
        "Accepter l'inscription",
        [S.ENROLMENT_REQUESTED],
        S.ENROLLED,
        [A.TRAINING_ORGANISATION],
        has_pending_enrolment,
        notify=[n.EnrolmentDecided],
        button="Accepter l'inscription (prend une place financée)",
    ),
    t(
        "refuse_enrolment",
        "Refuser l'inscription",
        [S.ENROLMENT_REQUESTED],
        S.COMMITMENT_SIGNED,
        [A.TRAINING_ORGANISATION],
        has_pending_enrolment,
        reason=True,
        notify=[n.EnrolmentDecided],
    ),
    t(
        "confirm_entry",
        "Confirmer l'entrée en formation",
        [S.ENROLLED],
        S.IN_TRAINING,
        [A.TRAINING_ORGANISATION],
        notify=[n.TrainingEntered],
    ),
    t(
        "record_absence",
        "Signaler une absence",
        [S.IN_TRAINING],
        S.IN_TRAINING,
        [A.TRAINING_ORGANISATION],
        notify=[n.AbsenceRecorded],
    ),
    t(
        "complete_training",
        "Enregistrer la fin de formation",
        [S.IN_TRAINING],
        S.TRAINING_COMPLETED,
        [A.TRAINING_ORGANISATION],
        notify=[n.TrainingCompleted],
    ),
    t(
        "confirm_hiring",
        "Confirmer l'embauche",
        [S.TRAINING_COMPLETED],
        S.HIRED,
        [A.COMPANY],
        notify=[n.HiringConfirmed],
    ),
    # Exits, each with who and why.
    t(
        "refuse",
        "Refuser la candidature",
        BEFORE_COMMITMENT,
        S.REFUSED,
        [A.COMPANY],
        reason=True,
        notify=[n.CandidatureRefused],
    ),
    t(
        "withdraw",
        "Retirer la candidature",
        BEFORE_COMMITMENT,
        S.WITHDRAWN,
        [A.JOB_SEEKER, A.PRESCRIBER],
        reason=True,
        notify=[n.CandidatureWithdrawn],
    ),
    t(
        "abandon_training",
        "Abandon de la formation",
        [S.ENROLLED, S.IN_TRAINING],
        S.TRAINING_ABANDONED,
        [A.TRAINING_ORGANISATION, A.JOB_SEEKER],
        reason=True,
        notify=[n.TrainingAbandoned],
        button="Déclarer un abandon de formation",
    ),
    t(
        "break_commitment",
        "Rompre l'engagement",
        COMMITTED_BEFORE_END,
        S.COMMITMENT_BROKEN,
        [A.COMPANY, A.JOB_SEEKER],
        reason=True,
        notify=[n.CommitmentBroken],
    ),
    t(
        "not_hired",
        "Promesse d'embauche non tenue",
        [S.TRAINING_COMPLETED],
        S.NOT_HIRED,
        [A.COMPANY, A.JOB_SEEKER, A.REGION],
        reason=True,
        notify=[n.PromiseNotKept],
        button="Déclarer la promesse non tenue",
    ),
    t(
        "cancel",
        "Annuler le parcours",
        ACTIVE,
        S.CANCELLED,
        [A.REGION],
        reason=True,
        notify=[n.PathCancelled],
    ),
    # The person closed her account (or withdrew her consent): whatever its step, the path stops there.
    t(
        "close_account",
        "Compte fermé par la personne",
        ACTIVE,
        S.WITHDRAWN,
        [A.SYSTEM],
        notify=[n.AccountClosed],
    ),
    t(
        "expire",
        "Expirer faute de réponse",
        [S.SENT, S.UNDER_REVIEW],
        S.EXPIRED,
        [A.SYSTEM],
        notify=[n.CandidatureExpired],
    ),
]
BY_NAME = {transition.name: transition for transition in TRANSITIONS}


def available(candidature, roles):
    """Transitions that `roles` may attempt now (preconditions are checked when acting).

    A person never holds the SYSTEM role: transitions only the service performs are never offered.
    """
    return [tr for tr in TRANSITIONS if candidature.state in tr.sources and tr.actors & set(roles)]


def mermaid() -> str:
    """The state diagram, generated from the table (shown in the README; a test keeps them in sync)."""
    lines = ["stateDiagram-v2"]
    for state in State:
        lines.append(f"    {state.value} : {state.label}")
    for tr in TRANSITIONS:
        roles = ", ".join(sorted(a.value for a in tr.actors))
        for source in tr.sources or ["[*]"]:
            source_name = source if source == "[*]" else source.value
            if source_name == tr.target.value:
                continue  # actions that keep the state are listed in the table, not drawn
            lines.append(f"    {source_name} --> {tr.target.value} : {tr.name} ({roles})")
    return "\n".join(lines)


def table() -> str:
    """Plain-text table of transitions (manage.py workflow)."""
    rows = [("transition", "de", "vers", "qui", "condition")]
    for tr in TRANSITIONS:
        if tr.sources == ACTIVE:
            sources = "(tout état en cours)"
        else:
            sources = ", ".join(s.value for s in tr.sources) or "(création)"
        rows.append(
            (
                tr.name,
                sources,
                tr.target.value,
                ", ".join(sorted(a.value for a in tr.actors)),
                (tr.precondition.__name__ if tr.precondition else "")
                + (" + motif" if tr.needs_reason else ""),
            )
        )
    widths = [max(len(row[i]) for row in rows) for i in range(5)]
    return "\n".join("  ".join(cell.ljust(widths[i]) for i, cell in enumerate(row)).rstrip() for row in rows)
