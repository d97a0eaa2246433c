"""The step tracker of a candidature: « Étape 4 sur 8 : … », who acts, by when, and what comes next.

Built from the state and from what the dashboard already knows (`dashboard.next_step`, `waiting_for`); the
deadlines are the ones the path's jobs apply (expiry of an unanswered candidature) or the dates of the path
itself (the immersion's first day, the session's start and end, the planned hire, the next follow-up).
"""

import datetime
from dataclasses import dataclass

from django.utils import timezone

from tdu.candidatures.dashboard import next_step, waiting_for
from tdu.candidatures.enums import FINAL_STATES, State
from tdu.candidatures.services.application import EXPIRY_DAYS

S = State
# (title, states, what comes after) — in the order of the path.
STEPS = [
    (
        "Candidature envoyée",
        {S.SENT, S.UNDER_REVIEW},
        "une rencontre ou une immersion, pour faire connaissance",
    ),
    ("Rencontre", {S.MEETING_PLANNED}, "une immersion de quelques jours dans l'entreprise"),
    (
        "Convention d'immersion",
        {S.IMMERSION_PROPOSED, S.CONVENTION_SIGNED},
        "l'immersion dans l'entreprise, puis son bilan",
    ),
    (
        "Immersion",
        {S.IMMERSION_VALIDATED, S.IMMERSION_DONE},
        "l'engagement réciproque : la promesse d'embauche et l'engagement à suivre la formation",
    ),
    ("Engagement réciproque", {S.COMMITMENT_PROPOSED}, "l'inscription à la session de formation"),
    (
        "Inscription en formation",
        {S.COMMITMENT_SIGNED, S.ENROLMENT_REQUESTED},
        "la formation, avec un stage dans l'entreprise",
    ),
    ("Formation", {S.ENROLLED, S.IN_TRAINING}, "l'embauche, à la fin de la formation"),
    (
        "Embauche",
        {S.TRAINING_COMPLETED, S.HIRED},
        "des nouvelles à 6 et 12 mois, pour savoir si tout va bien",
    ),
]


@dataclass(frozen=True)
class Tracker:
    number: int  # 0 once the path is over
    total: int
    title: str
    mine: str  # what this person should do now, or ""
    who: str  # whom the path waits for
    what: str  # what that person should do
    by: datetime.date | None
    by_label: str  # « avant le », « le », « à partir du »…
    after: str
    over: bool = False


def _meeting_slots_proposed(candidature):
    return candidature.state == S.UNDER_REVIEW and bool(candidature.pending_slots)


def deadline(candidature) -> tuple[datetime.date | None, str]:
    state = candidature.state
    if state in (S.SENT, S.UNDER_REVIEW) and not _meeting_slots_proposed(candidature):
        expiry = timezone.localtime(candidature.created_at) + datetime.timedelta(days=EXPIRY_DAYS)
        return expiry.date(), "sans réponse, la candidature expire le"
    if state in (S.IMMERSION_PROPOSED, S.CONVENTION_SIGNED) and candidature.current_convention:
        return candidature.current_convention.start_date, "avant le premier jour de l'immersion, le"
    if state == S.IMMERSION_VALIDATED and candidature.current_convention:
        return candidature.current_convention.end_date, "le bilan se remplit après le dernier jour, le"
    commitment = candidature.current_commitment
    if state in (S.COMMITMENT_PROPOSED, S.COMMITMENT_SIGNED, S.ENROLMENT_REQUESTED) and commitment:
        return commitment.session_start_date, "avant le début de la formation, le"
    if state == S.ENROLLED and commitment:
        return commitment.session_start_date, "le premier jour de la formation, le"
    if state == S.IN_TRAINING and commitment:
        return commitment.session_end_date, "le dernier jour de la formation, le"
    if state == S.TRAINING_COMPLETED and commitment:
        return commitment.planned_start_date, "le contrat est prévu à partir du"
    if state == S.HIRED:
        due = [f.due_on for f in candidature.follow_ups.all() if f.answered_at is None and f.due_on]
        if due:
            return min(due), "prochaines nouvelles demandées le"
    return None, ""


def tracker(candidature, roles) -> Tracker:
    total = len(STEPS)
    if candidature.state in FINAL_STATES and candidature.state != S.HIRED:
        label = State(candidature.state).label
        return Tracker(0, total, f"Parcours terminé : {label.lower()}", "", "", "", None, "", "", over=True)
    state = S.UNDER_REVIEW if _meeting_slots_proposed(candidature) else candidature.state
    number = next(i for i, (_, states, _) in enumerate(STEPS, 1) if state in states)
    if _meeting_slots_proposed(candidature):
        number = 2
    title, _, after = STEPS[number - 1]
    who, what = waiting_for(candidature)
    by, by_label = deadline(candidature)
    return Tracker(
        number=number,
        total=total,
        title=title,
        mine=next_step(candidature, roles) or "",
        who=who,
        what=what,
        by=by,
        by_label=by_label,
        after=after,
    )
