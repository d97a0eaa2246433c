"""Will an offer appear in the search? Answered by the search's own session side, then explained.

The search lists an offer to a person who lives within R km of it when an open funded session for its job lies
within T km of her home (tdu.matching.search). The question asked for a company is the one of a person who
lives where the job is, with the search's default radius: the same query on SessionLink (`_open_codes`,
`_open_sessions`) decides, so that this page and the search never disagree. When the answer is no, the sessions
for the job nearby are read once more to say why in French (not funded, funding not yet confirmed by the
region, recruitment closed, no places left, entry over) and what to do.
"""

import datetime
from dataclasses import dataclass, field

from django.utils import timezone

from tdu.matching import romes, search
from tdu.matching.communes import commune_index
from tdu.matching.models import SessionLink
from tdu.matching.params import DEFAULT_RADIUS, place_of
from tdu.matching.search import SearchParams
from tdu.trainings.models import TrainingSession
from tdu.utils.geo import distance_km

SHOWN_SESSIONS = 3


@dataclass(frozen=True)
class NearSession:
    pk: int
    title: str
    commune: str
    distance_km: float
    start_date: datetime.date


@dataclass(frozen=True)
class Visibility:
    visible: bool
    job: str  # the job's label
    place: str  # the commune's name
    radius_km: int
    sessions: list[NearSession] = field(default_factory=list)  # the open sessions that make it visible
    reasons: list[str] = field(default_factory=list)  # why not, one sentence each
    advice: list[str] = field(default_factory=list)  # what to do

    @property
    def summary(self) -> str:
        if self.visible:
            count = len(self.sessions)
            sessions = "une session financée" if count == 1 else f"{count} sessions financées"
            return (
                f"L'offre apparaîtra dans la recherche : {sessions} par la Région, au recrutement ouvert, "
                f"prépare{'nt' if count > 1 else ''} au métier à moins de {self.radius_km} km de {self.place}."
            )
        return "L'offre n'apparaîtra pas dans la recherche pour l'instant."


def _late_days(session):
    return session.funding_region.late_entry_days if session.funding_region_id else 0


def _why_not(session, today):
    """The first thing that keeps this session from the search, as a short French key."""
    if not session.funding_region_id:
        return "unfunded"
    if not session.funding_confirmation:
        return "to_confirm"
    if not session.recruitment_open or session.closed_at:
        return "closed"
    if session.funded_places <= session.enrolled_count:
        return "full"
    if session.end_date < today or session.start_date + datetime.timedelta(days=_late_days(session)) < today:
        return "started"
    return "other"


# (key, one session, {n} sessions, what to do) — the most actionable first.
REASONS = [
    (
        "to_confirm",
        "Une session prépare au métier près d'ici, mais la Région n'a pas encore confirmé son financement.",
        "{n} sessions préparent au métier près d'ici, mais la Région n'a pas encore confirmé leur financement.",
        "Rien à faire de votre côté : l'offre apparaîtra dès que la Région aura confirmé le financement. "
        "Vous pouvez la publier dès maintenant.",
    ),
    (
        "closed",
        "Une session prépare au métier près d'ici, mais son recrutement est fermé.",
        "{n} sessions préparent au métier près d'ici, mais leur recrutement est fermé.",
        "L'offre apparaîtra si l'organisme de formation rouvre le recrutement, ou quand une autre session "
        "ouvrira.",
    ),
    (
        "full",
        "Une session prépare au métier près d'ici, mais toutes ses places financées sont prises.",
        "{n} sessions préparent au métier près d'ici, mais toutes leurs places financées sont prises.",
        "L'offre apparaîtra si des places financées se libèrent, ou quand une nouvelle session ouvrira.",
    ),
    (
        "started",
        "Une session prépare au métier près d'ici, mais il est trop tard pour y entrer.",
        "{n} sessions préparent au métier près d'ici, mais il est trop tard pour y entrer.",
        "L'offre apparaîtra quand une nouvelle session ouvrira.",
    ),
    (
        "unfunded",
        "Une session prépare au métier près d'ici, mais elle n'est pas financée par la Région.",
        "{n} sessions préparent au métier près d'ici, mais elles ne sont pas financées par la Région.",
        "Une session non financée ne suffit pas : l'offre apparaîtra quand une session financée par la "
        "Région ouvrira près d'ici.",
    ),
]


def offer_visibility(rome, commune, today=None) -> Visibility:
    """Would an offer for `rome` (a RomeCode) in `commune` be listed by the search today, and why not."""
    today = today or timezone.localdate()
    version = search.current_state().links  # the ROME cache follows the database, as in the search
    home = place_of(commune)
    params = SearchParams(home=home, radius_km=DEFAULT_RADIUS, today=today)
    near = commune_index().around(home, DEFAULT_RADIUS)
    code = romes.match_code(rome.code)
    common = {"job": rome.label, "place": commune.name, "radius_km": DEFAULT_RADIUS}
    if code in search._cached_open_codes(home, near, params, version):
        entries = sorted(search._open_sessions({code}, near, params).get(code, []))[:SHOWN_SESSIONS]
        found = {
            s.pk: s
            for s in TrainingSession.objects.filter(pk__in=[e[2] for e in entries]).select_related(
                "training", "commune"
            )
        }
        sessions = [
            NearSession(pk, found[pk].training.title, found[pk].commune.name, round(d, 1), start)
            for d, start, pk, _, _ in entries
            if pk in found
        ]
        return Visibility(visible=True, sessions=sessions, **common)

    near_ids = [commune_id for _, commune_id in near]
    candidates = (
        TrainingSession.objects.filter(
            training__rome_codes__code__in=romes.codes_matching({code}), commune_id__in=near_ids
        )
        .exclude(end_date__lt=today - datetime.timedelta(days=365))
        .select_related("funding_region")
        .distinct()
    )
    counts: dict[str, int] = {}
    for session in candidates:
        key = _why_not(session, today)
        counts[key] = counts.get(key, 0) + 1
    reasons, advice = [], []
    for key, one, several, what_to_do in REASONS:
        count = counts.get(key, 0)
        if count:
            reasons.append(one if count == 1 else several.format(n=count))
            advice.append(what_to_do)
    if not reasons:
        reasons.append(
            f"Aucune session de formation financée par la Région ne prépare au métier « {rome.label} » "
            f"à moins de {DEFAULT_RADIUS} km de {commune.name}."
        )
        advice.append(
            "Vérifiez le métier choisi : c'est lui qui relie l'offre aux formations. Vous pouvez aussi "
            "publier l'offre : elle apparaîtra dès qu'une session financée ouvrira près d'ici."
        )
    farther = _nearest_open_session(code, home, today)
    if farther is not None:
        distance, name = farther
        reasons.append(f"La session ouverte la plus proche pour ce métier est à {distance} km, à {name}.")
    return Visibility(visible=False, reasons=reasons, advice=list(dict.fromkeys(advice)), **common)


def _nearest_open_session(code, home, today):
    """(km, commune name) of the nearest open session for the job beyond the radius, or None."""
    index = commune_index()
    communes = set(
        SessionLink.objects.filter(match_code=code, entry_deadline__gte=today).values_list(
            "commune_id", flat=True
        )
    )
    best = None
    for commune_id in communes:
        place = index.by_id.get(commune_id)
        if place is None:
            continue
        d = distance_km(home.latitude, home.longitude, place.latitude, place.longitude)
        if best is None or d < best[0]:
            best = (d, place.name)
    if best is None:
        return None
    return round(best[0]), best[1]
