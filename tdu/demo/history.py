"""Candidatures with a past: cohorts that went the whole way (or stopped), with their follow-ups.

Generated, not lived: the demo (a few hundred on Grand Est, so that every chart of the dashboards shows
something) and the bench (`generate_candidatures --count 1000000`) need years of history that the services,
which refuse dates in the past, cannot make. Rows go below the ORM (tdu.utils.bulk) into the very tables the
services write — candidatures and their log, the chosen meeting slot, the commitment with both signatures, the
enrolment in a past funded session (within its places), the hiring, the 6- and 12-month questions answered or
not — then the stats records are rebuilt from them like any other candidature's.
"""

import datetime
import random
from dataclasses import dataclass
from decimal import Decimal

from django.db import transaction
from django.db.models import Count
from django.utils import timezone

from tdu.accounts.models import JobSeekerProfile, User
from tdu.candidatures.enums import Actor, ContractNow, EnrolmentStatus, RefusalReason, Respondent, State
from tdu.candidatures.models import (
    Candidature,
    Commitment,
    CommitmentSignature,
    Enrolment,
    FollowUp,
    Hiring,
    MeetingSlot,
    TransitionLog,
)
from tdu.demo.names import SURNAMES_FRANCE, surnames_for
from tdu.offers.enums import OfferStatus
from tdu.offers.models import JobOffer
from tdu.references.models import Commune, RomeCode
from tdu.trainings.models import FundingConfirmation, RecruitmentState, Training, TrainingSession
from tdu.utils.bulk import RawTable, reserve_ids
from tdu.utils.dates import add_months

S, A = State, Actor
DOMAIN = "historique.demo.traitdunion.beta.gouv.fr"
CANDIDATURES_PER_PERSON = 3
PEOPLE_PER_SESSION = 10
PROMISE_SHARE = 0.22  # share of candidatures expected to reach a signed commitment (sizes the sessions)
FIRST_NAMES = [
    "Amélie", "Yasmine", "Kevin", "Laura", "Mehdi", "Sophie", "Thomas", "Inès", "Lucas", "Nadia", "Julien",
    "Camille", "Karim", "Émilie", "Hugo", "Sarah", "Nicolas", "Léa", "Rachid", "Manon", "Antoine", "Chloé",
    "Samir", "Julie", "Maxime", "Aïcha", "Romain", "Pauline", "Bilal", "Marion",
]  # fmt: skip
EXIT_WITH_REASON = {S.WITHDRAWN, S.CANCELLED, S.TRAINING_ABANDONED, S.COMMITMENT_BROKEN, S.NOT_HIRED}
AFTER_ENROLMENT = {
    S.ENROLMENT_REQUESTED, S.ENROLLED, S.IN_TRAINING, S.TRAINING_COMPLETED, S.HIRED, S.TRAINING_ABANDONED,
    S.NOT_HIRED, S.COMMITMENT_BROKEN,
}  # fmt: skip


@dataclass
class Path:
    """One generated path: the states it entered, with the day and who acted."""

    steps: list  # [(state, day, actor role)]
    refusal: str = ""
    entered: datetime.date | None = None
    completed: datetime.date | None = None
    certified: bool | None = None
    hired: datetime.date | None = None
    contract: str = "cdi"
    months: int | None = None

    @property
    def state(self):
        return self.steps[-1][0]


def plan_path(rng: random.Random, applied: datetime.date, today: datetime.date, training_days: int) -> Path:
    """Walk the path with the odds below; a step whose day is still ahead is not taken (the path is live)."""
    path = Path(steps=[(S.SENT, applied, A.JOB_SEEKER)])
    day = applied

    def go(state, after, actor):
        nonlocal day
        day = day + datetime.timedelta(days=after)
        if day > today:
            return False
        path.steps.append((state, day, actor))
        return True

    if rng.random() < 0.12:
        go(S.EXPIRED, 30, A.SYSTEM)
        return path
    if not go(S.UNDER_REVIEW, rng.randint(1, 6), A.COMPANY):
        return path
    if rng.random() < 0.28:
        path.refusal = rng.choice([RefusalReason.POSITION_FILLED, RefusalReason.PROFILE_MISMATCH])
        go(S.REFUSED, rng.randint(1, 5), A.COMPANY)
        return path
    if not go(S.MEETING_PLANNED, rng.randint(2, 6), A.JOB_SEEKER):
        return path
    if rng.random() < 0.12:
        go(S.WITHDRAWN, rng.randint(3, 10), rng.choice([A.JOB_SEEKER, A.PRESCRIBER]))
        return path
    for state, after, actor in (
        (S.IMMERSION_PROPOSED, rng.randint(5, 12), A.COMPANY),
        (S.CONVENTION_SIGNED, rng.randint(1, 4), A.SYSTEM),
        (S.IMMERSION_VALIDATED, rng.randint(1, 3), A.PRESCRIBER),
        (S.IMMERSION_DONE, rng.randint(7, 14), A.COMPANY),
    ):
        if not go(state, after, actor):
            return path
    if rng.random() < 0.25:
        path.refusal = RefusalReason.IMMERSION_INCONCLUSIVE
        go(S.REFUSED, rng.randint(1, 5), A.COMPANY)
        return path
    if rng.random() < 0.02:
        go(S.CANCELLED, rng.randint(1, 10), A.REGION)
        return path
    for state, after, actor in (
        (S.COMMITMENT_PROPOSED, rng.randint(2, 8), A.COMPANY),
        (S.COMMITMENT_SIGNED, rng.randint(1, 5), A.SYSTEM),
        (S.ENROLMENT_REQUESTED, 0, A.SYSTEM),
    ):
        if not go(state, after, actor):
            return path
    if rng.random() < 0.04:
        go(S.COMMITMENT_BROKEN, rng.randint(3, 20), rng.choice([A.COMPANY, A.JOB_SEEKER]))
        return path
    if not go(S.ENROLLED, rng.randint(2, 10), A.TRAINING_ORGANISATION):
        return path
    if not go(S.IN_TRAINING, rng.randint(10, 40), A.TRAINING_ORGANISATION):
        return path
    path.entered = day
    if rng.random() < 0.09:
        go(
            S.TRAINING_ABANDONED,
            rng.randint(10, training_days - 5),
            rng.choice([A.JOB_SEEKER, A.TRAINING_ORGANISATION]),
        )
        return path
    if not go(S.TRAINING_COMPLETED, training_days, A.TRAINING_ORGANISATION):
        return path
    path.completed, path.certified = day, rng.random() < 0.86
    if rng.random() < 0.05:
        go(S.NOT_HIRED, rng.randint(5, 30), rng.choice([A.JOB_SEEKER, A.COMPANY]))
        return path
    if go(S.HIRED, rng.randint(3, 21), A.COMPANY):
        path.hired = day
        if rng.random() < 0.3:
            path.contract, path.months = "cdd", rng.choice((6, 6, 9, 12, 12, 18))
    return path


def answer(rng: random.Random, respondent: str):
    """(still in post, same company, contract now) as people answer a year or so after hiring."""
    if respondent == Respondent.COMPANY:
        if rng.random() < 0.88:
            return True, True, rng.choice([ContractNow.CDI] * 4 + [ContractNow.CDD_LONG])
        return False, False, ContractNow.NONE
    draw = rng.random()
    if draw < 0.78:
        return True, True, rng.choice([ContractNow.CDI] * 4 + [ContractNow.CDD_LONG])
    if draw < 0.88:
        return True, False, rng.choice([ContractNow.CDI, ContractNow.CDD_LONG])
    if draw < 0.93:
        return True, rng.random() < 0.5, rng.choice([ContractNow.CDD_SHORT, ContractNow.OTHER])
    return False, False, ContractNow.NONE


def _moment(day: datetime.date) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(10, 0)))


def _name(user_id: int, commune_code: str) -> tuple[str, str]:
    rng = random.Random(user_id)
    return rng.choice(FIRST_NAMES), rng.choice(surnames_for(commune_code[:2]) or SURNAMES_FRANCE)


def transition_into(previous, state) -> str:
    return TRANSITION_INTO.get((previous, state)) or TRANSITION_INTO.get(("*", state), state)


TRANSITION_INTO = {
    ("", S.SENT): "apply", ("*", S.UNDER_REVIEW): "open", ("*", S.EXPIRED): "expire", ("*", S.REFUSED): "refuse",
    ("*", S.MEETING_PLANNED): "choose_slot", ("*", S.WITHDRAWN): "withdraw", ("*", S.CANCELLED): "cancel",
    ("*", S.IMMERSION_PROPOSED): "propose_immersion", ("*", S.CONVENTION_SIGNED): "complete_signatures",
    ("*", S.IMMERSION_VALIDATED): "validate_immersion", ("*", S.IMMERSION_DONE): "record_assessment",
    ("*", S.COMMITMENT_PROPOSED): "propose_commitment", ("*", S.COMMITMENT_SIGNED): "complete_commitment",
    ("*", S.ENROLMENT_REQUESTED): "request_enrolment", ("*", S.COMMITMENT_BROKEN): "break_commitment",
    ("*", S.ENROLLED): "accept_enrolment", ("*", S.IN_TRAINING): "confirm_entry",
    ("*", S.TRAINING_ABANDONED): "abandon_training", ("*", S.TRAINING_COMPLETED): "complete_training",
    ("*", S.NOT_HIRED): "not_hired", ("*", S.HIRED): "confirm_hiring",
}  # fmt: skip

COLUMNS = {
    User: ["id", "password", "first_name", "last_name", "email", "date_joined"],
    JobSeekerProfile: ["user_id", "birth_date", "commune_id", "mobility_radius_km", "education_level"],
    Candidature: [
        "id", "job_seeker_id", "offer_id", "company_id", "applied_by_id", "message", "state", "version",
        "state_changed_at", "refusal_reason", "exit_reason", "created_at",
    ],
    TransitionLog: ["candidature_id", "transition", "from_state", "to_state", "actor_role", "created_at"],
    MeetingSlot: ["candidature_id", "starts_at", "duration_minutes", "place", "chosen_at"],
    Commitment: [
        "id", "candidature_id", "company_name", "company_siret", "beneficiary_name", "job_title", "rome_code",
        "rome_label", "workplace", "contract_type", "weekly_hours", "gross_monthly_salary", "planned_start_date", "session_id",
        "session_title", "session_organisation", "session_place", "session_start_date", "session_end_date",
        "content_hash", "created_by_id", "created_at",
    ],
    CommitmentSignature: ["commitment_id", "signatory", "name", "signed_at", "content_hash"],
    Enrolment: [
        "candidature_id", "commitment_id", "session_id", "status", "requested_at", "decided_at", "entered_on",
        "completed_on", "certification_obtained",
    ],
    Hiring: [
        "candidature_id", "start_date", "contract_type", "contract_duration_months", "weekly_hours",
        "confirmed_by_id", "confirmed_at",
    ],
    FollowUp: [
        "candidature_id", "milestone_months", "respondent", "due_on", "sent_at", "answered_at", "still_in_post",
        "same_company", "contract_now",
    ],
}  # fmt: skip
SESSION_COLUMNS = [
    "id", "training_id", "commune_id", "latitude", "longitude", "start_date", "end_date", "funding_region_id",
    "funding_confirmation", "funded_places", "recruitment_open", "recruitment_state", "price_total", "external_id",
]  # fmt: skip


@dataclass
class Session:
    pk: int
    region: str
    start: datetime.date
    end: datetime.date
    title: str
    organisation: str
    places_left: int


class HistoryGenerator:
    """`count` candidatures on the published offers of `regions` (every region when None), over `days` days."""

    def __init__(
        self, *, count, seed=1, regions=None, days=900, today=None, batch_size=20_000, progress=None
    ):
        self.count, self.seed, self.days, self.batch_size = count, seed, days, batch_size
        self.rng = random.Random(seed)
        self.today = today or timezone.localdate()
        self.now = timezone.now()
        self.progress = progress or (lambda done, total: None)
        self.first_day = self.today - datetime.timedelta(days=days)
        offers = JobOffer.objects.filter(status=OfferStatus.PUBLISHED).order_by("pk")
        if regions:
            offers = offers.filter(commune__department__region__in=regions)
        self.offers = list(
            offers.values_list(
                "pk", "company_id", "title", "rome_id", "commune_id", "commune__code",
                "commune__department__region_id", "company__name", "company__siret", "commune__name",
            )
        )  # fmt: skip
        if not self.offers:
            raise ValueError("Aucune offre publiée sur laquelle générer des candidatures.")
        self.sessions: dict[tuple[str, int], list[Session]] = {}
        self.rome_labels = dict(RomeCode.objects.values_list("code", "label"))
        self.tables = {
            model: RawTable(model, columns, now=self.now, adapt=True) for model, columns in COLUMNS.items()
        }

    def month_of(self, day: datetime.date) -> int:
        return (day - self.first_day).days // 30

    def create_sessions(self) -> int:
        """Past sessions of each region's trainings, one month after another, sized for the commitments."""
        offers_by_region: dict[str, list] = {}
        for offer in self.offers:
            offers_by_region.setdefault(offer[6], []).append(offer)
        months = self.days // 30 + 12
        plan = []
        for region, offers in offers_by_region.items():
            trainings = list(
                Training.objects.filter(sessions__funding_region_id=region)
                .distinct()
                .order_by("pk")
                .values_list("pk", "title", "organisation__name")[:300]
            ) or list(Training.objects.order_by("pk").values_list("pk", "title", "organisation__name")[:300])
            if not trainings:
                continue
            promises = self.count * len(offers) / len(self.offers) * PROMISE_SHARE
            per_month = max(1, round(promises * 30 / self.days / PEOPLE_PER_SESSION))
            for month in range(months):
                for _ in range(per_month):
                    training = self.rng.choice(trainings)
                    start = self.first_day + datetime.timedelta(days=30 * month + self.rng.randrange(30))
                    end = start + datetime.timedelta(days=self.rng.randint(120, 260))
                    plan.append((region, training, start, end, self.rng.choice(offers)[4]))
        if not plan:
            return 0
        coords = {
            pk: (lat, lon)
            for pk, lat, lon in Commune.objects.filter(pk__in={p[4] for p in plan}).values_list(
                "pk", "latitude", "longitude"
            )
        }
        first = reserve_ids(TrainingSession, len(plan))
        rows = []
        for offset, (region, (training_id, title, organisation), start, end, commune) in enumerate(plan):
            pk = first + offset
            places = self.rng.choice((10, 12, 12, 15, 16))
            session = Session(pk, region, start, end, title, organisation, places)
            self.sessions.setdefault((region, self.month_of(start)), []).append(session)
            rows.append(
                (pk, training_id, commune, *coords[commune], start, end, region, FundingConfirmation.FEED, places, False, RecruitmentState.CLOSED,
                 Decimal(self.rng.randrange(3500, 9500, 50)), f"historique-{self.seed}-{pk}")
            )  # fmt: skip
        RawTable(TrainingSession, SESSION_COLUMNS, now=self.now, adapt=True).insert(rows)
        return len(rows)

    def session_for(self, region: str, entry: datetime.date) -> Session | None:
        """A past session of the region that starts close to the entry day and has a place left."""
        month = self.month_of(entry)
        for candidate in (month, month - 1, month + 1, month - 2, month + 2, month - 3):
            for session in self.sessions.get((region, candidate), ()):
                if session.places_left > 0:
                    session.places_left -= 1
                    return session
        return None

    def run(self) -> dict:
        sessions = self.create_sessions()
        people = -(-self.count // CANDIDATURES_PER_PERSON)
        self.first_user = reserve_ids(User, people)
        self.first_candidature = reserve_ids(Candidature, self.count)
        self.next_commitment = reserve_ids(Commitment, self.count)
        for start in range(0, self.count, self.batch_size):
            rows = {model: [] for model in COLUMNS}
            for n in range(start, min(self.count, start + self.batch_size)):
                self.generate(n, rows)
            with transaction.atomic():
                for model, batch in rows.items():
                    self.tables[model].insert(batch)
            self.progress(min(self.count, start + self.batch_size), self.count)
        self.count_places()
        return {"candidatures": self.count, "people": people, "sessions": sessions}

    def generate(self, n: int, rows: dict):
        rng, today = self.rng, self.today
        user_id = self.first_user + n // CANDIDATURES_PER_PERSON
        offer_id, company_id, title, rome, commune, code, region, company, siret, town = self.offers[
            rng.randrange(len(self.offers))
        ]
        first_name, last_name = _name(user_id, code)
        if n % CANDIDATURES_PER_PERSON == 0:
            rows[User].append(
                (user_id, "!", first_name, last_name, f"personne-{self.seed}-{user_id}@{DOMAIN}", self.now)
            )
            rows[JobSeekerProfile].append(
                (user_id, datetime.date(1970 + n % 35, 1 + n % 12, 1 + n % 28), commune, 30, 3)
            )
        applied = today - datetime.timedelta(days=rng.randrange(self.days))
        path = plan_path(rng, applied, today, rng.randint(120, 240))
        session = None
        if any(state in AFTER_ENROLMENT for state, _, _ in path.steps):
            enrolled_day = next(day for state, day, _ in path.steps if state == S.ENROLMENT_REQUESTED)
            session = self.session_for(region, path.entered or enrolled_day)
            if session is None:  # every place of the period is taken: the path waits at the commitment
                path.steps = [step for step in path.steps if step[0] not in AFTER_ENROLMENT]
                path.entered = path.completed = path.hired = None
        candidature_id = self.first_candidature + n
        rows[Candidature].append(
            (candidature_id, user_id, offer_id, company_id, user_id, "Bonjour, votre offre m'intéresse.", path.state,
             len(path.steps) - 1, _moment(path.steps[-1][1]), path.refusal,
             "Historique de démonstration." if path.state in EXIT_WITH_REASON else "", _moment(applied))
        )  # fmt: skip
        previous = ""
        for state, day, actor in path.steps:
            rows[TransitionLog].append(
                (candidature_id, transition_into(previous, state), previous, state, actor, _moment(day))
            )
            previous = state
            if state == S.MEETING_PLANNED:
                meeting = _moment(day + datetime.timedelta(days=rng.randint(2, 7)))
                rows[MeetingSlot].append((candidature_id, meeting, 45, "Dans l'entreprise", _moment(day)))
        signed = next((day for state, day, _ in path.steps if state == S.COMMITMENT_SIGNED), None)
        if signed is None or session is None:
            return
        commitment = Commitment(
            id=self.next_commitment, candidature_id=candidature_id, company_name=company, company_siret=siret or "",
            beneficiary_name=f"{first_name} {last_name}", job_title=title, rome_code=rome, rome_label=self.rome_labels.get(rome, ""),
            workplace=town, contract_type="cdi", weekly_hours=Decimal("35.0"), gross_monthly_salary=Decimal("2000.00"),
            planned_start_date=session.end + datetime.timedelta(days=7), session_id=session.pk,
            session_title=session.title, session_organisation=session.organisation, session_place=town,
            session_start_date=session.start, session_end_date=session.end, certification_required=False,
        )  # fmt: skip
        commitment.freeze()
        self.next_commitment += 1
        rows[Commitment].append(
            (commitment.id, candidature_id, company, commitment.company_siret, commitment.beneficiary_name, title, rome,
             commitment.rome_label, town, "cdi", commitment.weekly_hours, commitment.gross_monthly_salary, commitment.planned_start_date,
             session.pk, session.title, session.organisation, town, session.start, session.end,
             commitment.content_hash, user_id, _moment(signed))
        )  # fmt: skip
        for signatory, name in (("company", company), ("beneficiary", commitment.beneficiary_name)):
            rows[CommitmentSignature].append(
                (commitment.id, signatory, name, _moment(signed), commitment.content_hash)
            )
        if path.state == S.ENROLMENT_REQUESTED:
            status = EnrolmentStatus.REQUESTED
        elif path.state == S.COMMITMENT_BROKEN:
            status, session.places_left = EnrolmentStatus.CANCELLED, session.places_left + 1
        else:
            status = EnrolmentStatus.ACCEPTED
        decided = next((day for state, day, _ in path.steps if state == S.ENROLLED), None)
        rows[Enrolment].append(
            (candidature_id, commitment.id, session.pk, status, _moment(signed), decided and _moment(decided),
             path.entered, path.completed, path.certified)
        )  # fmt: skip
        if not path.hired:
            return
        rows[Hiring].append(
            (
                candidature_id,
                path.hired,
                path.contract,
                path.months,
                Decimal("35.0"),
                user_id,
                _moment(path.hired),
            )
        )
        for months in (6, 12):
            due = add_months(path.hired, months)
            for respondent in Respondent:
                sent = _moment(due) if due <= today else None
                odds = 0.62 if respondent == Respondent.JOB_SEEKER else 0.5
                answered = (
                    sent is not None and due + datetime.timedelta(days=10) <= today and rng.random() < odds
                )
                values = answer(rng, respondent) if answered else (None, None, "")
                answered_at = _moment(due + datetime.timedelta(days=3)) if answered else None
                rows[FollowUp].append((candidature_id, months, respondent, due, sent, answered_at, *values))

    def count_places(self):
        """Each generated session's taken places: its accepted enrolments (within its funded places)."""
        taken = Enrolment.objects.filter(
            status=EnrolmentStatus.ACCEPTED, session__external_id__startswith=f"historique-{self.seed}-"
        )
        counts = dict(taken.values("session_id").annotate(n=Count("pk")).values_list("session_id", "n"))
        for pk, n in counts.items():
            TrainingSession.objects.filter(pk=pk).update(enrolled_count=n)


# --- The demo's history and « bassins d'emploi » -------------------------------------------------------------

DEMO_AREAS = [
    ("Bassin de Metz", "57463", 25),
    ("Bassin de Nancy", "54395", 20),
    ("Bassin de Strasbourg", "67482", 25),
]
DEMO_HISTORY = 400


def load_demo_history(region) -> int:
    """Two years of Grand Est history and the region's employment areas, once (0 when already there)."""
    from tdu.matching.communes import commune_index
    from tdu.references.models import EmploymentArea
    from tdu.stats import records, snapshots

    if User.objects.filter(email__endswith=f"@{DOMAIN}").exists():
        return 0
    index = commune_index()
    for name, centre, km in DEMO_AREAS:
        area, _ = EmploymentArea.objects.get_or_create(region=region, name=name)
        around = [commune_id for _, commune_id in index.around(index.by_code[centre], km)]
        area.communes.set(Commune.objects.filter(pk__in=around, department__region=region))
    HistoryGenerator(count=DEMO_HISTORY, seed=2026, regions=[region], days=720).run()
    records.rebuild()
    snapshots.refresh_all()
    return DEMO_HISTORY
