"""The Grand Est demo data set: deterministic, idempotent, a few seconds to load.

About 2 000 visible offers and 300 open funded sessions around 18 employment hubs of region 44, on the
same 51 hard-to-fill trades, plus a handful of rows showing each rule (full, closed, past, ongoing and
unfunded sessions; draft, filled, closed, expired and out-of-date offers).

Random choices come from a fixed seed; dates are relative to today, so sessions always start in the
future. Demo rows are recognised by external_id 'demo-…' (offers, trainings, sessions) and by their
SIRETs, which depend on the seed only (companies, organisations).
"""

import datetime
import itertools
import random
from dataclasses import dataclass, field

from django.db.models import Q
from django.utils import timezone

from tdu.companies.models import Company
from tdu.demo import names
from tdu.demo.identifiers import random_sirets
from tdu.demo.territory import Territory
from tdu.demo.titles import short_form, title_bases
from tdu.demo.trades import (
    DEMO_REGION,
    FAMILY_WEIGHTS,
    HUB_RADIUS_KM,
    HUBS,
    ORGANISATIONS,
    TRADES,
    TRAINING_TEMPLATES,
)
from tdu.matching import links
from tdu.matching.models import SessionLink
from tdu.offers.enums import ContractType, OfferSource, OfferStatus
from tdu.offers.models import JobOffer
from tdu.references.models import NafCode, Region, RomeAppellation, RomeCode
from tdu.trainings.models import (
    FundingConfirmation,
    InternshipPeriod,
    Training,
    TrainingOrganisation,
    TrainingSession,
)
from tdu.utils.geo import distance_km

DEMO_SEED = 57463
PREFIX = "demo-"
COMPANIES = 360
VISIBLE_OFFERS = 2000
# Offers that job seekers must not see, to show the rules: status -> count.
HIDDEN_OFFERS = {
    OfferStatus.DRAFT: 40,
    OfferStatus.FILLED: 25,
    OfferStatus.CLOSED: 15,
    OfferStatus.EXPIRED: 15,
    "out_of_date": 10,  # published, but its expiry date has passed
}
OPEN_SESSIONS = 300
# Sessions that must not be proposed, or only under conditions: kind -> count.
SPECIAL_SESSIONS = {
    "full": 12, "recruitment_closed": 12, "past": 12, "ongoing": 8, "unfunded": 6, "to_confirm": 3,
}  # fmt: skip
CDD_MONTHS = (6, 6, 8, 9, 12, 12, 18, 24)
LABELS = {
    OfferStatus.DRAFT: "brouillons",
    OfferStatus.FILLED: "pourvues",
    OfferStatus.CLOSED: "clôturées",
    OfferStatus.EXPIRED: "expirées",
    "out_of_date": "publiées mais dont la date d'expiration est passée",
    "full": "complètes",
    "recruitment_closed": "au recrutement clos",
    "past": "terminées",
    "ongoing": "déjà commencées",
    "unfunded": "non financées",
    "to_confirm": "au financement déclaré par l'organisme, à confirmer par la Région",
}


def demo_sirets() -> tuple[list[str], list[str]]:
    """(company SIRETs, organisation SIRETs): they depend on the seed only, never on the database."""
    sirets = random_sirets(random.Random(f"{DEMO_SEED}-siret"), COMPANIES + len(ORGANISATIONS))
    return sirets[:COMPANIES], sirets[COMPANIES:]


def demo_querysets():
    """What load_demo writes, model by model, children first (the order in which to delete)."""
    company_sirets, organisation_sirets = demo_sirets()
    return [
        JobOffer.objects.filter(Q(source=OfferSource.IMPORT, external_id__startswith=PREFIX)),
        TrainingSession.objects.filter(external_id__startswith=PREFIX),
        Training.objects.filter(external_id__startswith=PREFIX),
        Company.objects.filter(siret__in=company_sirets),
        TrainingOrganisation.objects.filter(siret__in=organisation_sirets),
    ]


def demo_present() -> bool:
    return any(qs.exists() for qs in demo_querysets())


def delete_demo() -> int:
    """Delete every demo row (and what cascades from it). Returns the number of rows deleted."""
    return sum(qs.delete()[0] for qs in demo_querysets())


@dataclass
class DemoCounts:
    companies: int = 0
    organisations: int = 0
    trainings: int = 0
    sessions: dict = field(default_factory=dict)
    internship_periods: int = 0
    offers: dict = field(default_factory=dict)
    links: int = 0

    def lines(self):
        yield f"{self.offers.get('visible', 0)} offres visibles ; et " + ", ".join(
            f"{n} {LABELS[label]}" for label, n in self.offers.items() if label != "visible"
        )
        yield f"{self.companies} entreprises"
        yield f"{self.sessions.get('open', 0)} sessions financées ouvertes ; et " + ", ".join(
            f"{n} {LABELS[label]}" for label, n in self.sessions.items() if label != "open"
        )
        yield f"{self.internship_periods} périodes en entreprise"
        yield f"{self.trainings} formations, {self.organisations} organismes de formation"
        yield f"{self.links} liens session – métier calculés pour la recherche"


class DemoBuilder:
    def __init__(self, today: datetime.date | None = None):
        self.rng = random.Random(DEMO_SEED)
        self.today = today or timezone.localdate()
        self.now = timezone.now()
        self.counts = DemoCounts()

    # -- References --------------------------------------------------------------------------------

    def load_references(self):
        self.region = Region.objects.filter(pk=DEMO_REGION).first()
        self.territory = Territory.load(region=DEMO_REGION)
        if self.region is None or not self.territory.ids:
            raise LookupError("Référentiels absents : lancez d'abord « manage.py loadreferences ».")
        codes = [trade.rome for trade in TRADES]
        self.labels = dict(RomeCode.objects.filter(code__in=codes).values_list("code", "label"))
        missing = sorted(set(codes) - set(self.labels))
        if missing:
            raise LookupError(f"Codes ROME absents du référentiel : {', '.join(missing)}.")
        appellations = {}
        for code, label in (
            RomeAppellation.objects.filter(rome_id__in=codes)
            .order_by("label")
            .values_list("rome_id", "label")
        ):
            appellations.setdefault(code, []).append(label)
        self.titles = {code: title_bases(self.labels[code], appellations.get(code, [])[:8]) for code in codes}
        self.nafs = set(NafCode.objects.values_list("code", flat=True))
        t = self.territory
        self.hubs = []
        for code, weight in HUBS.items():
            index = t.index_of(code)
            self.hubs.append((index, weight, t.neighbourhood(index, HUB_RADIUS_KM)))
        self.hub_cum = list(itertools.accumulate(weight for _, weight, _ in self.hubs))

    def pick(self, population):
        """One element of `population`: a (indexes, cumulative weights) pair."""
        indexes, cum = population
        return self.rng.choices(indexes, cum_weights=cum)[0]

    def near(self, index: int) -> tuple[list[int], list[int]]:
        """The hub neighbourhood containing commune `index` (or its own, computed once)."""
        for hub, _, neighbourhood in self.hubs:
            if hub == index:
                return neighbourhood
        if not hasattr(self, "_near"):
            self._near = {}
        if index not in self._near:
            self._near[index] = self.territory.neighbourhood(index, HUB_RADIUS_KM)
        return self._near[index]

    def located(self, index: int) -> dict:
        t = self.territory
        return {"commune_id": t.ids[index], "latitude": t.latitudes[index], "longitude": t.longitudes[index]}

    def address(self) -> str:
        return f"{self.rng.randint(1, 80)} {self.rng.choice(names.STREETS)}"

    # -- Training side -----------------------------------------------------------------------------

    def build_organisations(self, sirets):
        t = self.territory
        self.organisations = []
        for organisation, siret in zip(ORGANISATIONS, sirets, strict=True):
            index = t.index_of(organisation.commune)
            self.organisations.append(
                (
                    organisation,
                    index,
                    TrainingOrganisation(
                        siret=siret, name=organisation.name, commune_id=t.ids[index], address=self.address()
                    ),
                )
            )
        TrainingOrganisation.objects.bulk_create([row[2] for row in self.organisations])
        self.counts.organisations = len(self.organisations)

    def add_training(self, template, organisation_row):
        rng = self.rng
        _, index, organisation = organisation_row
        training = Training(
            organisation=organisation,
            title=template.title,
            certification_code=f"RNCP{rng.randint(34000, 41999)}",
            entry_level=template.entry_level,
            exit_level=template.exit_level,
            formacodes=sorted(rng.sample(range(11000, 46000), rng.choice((1, 2)))),
            description=(
                f"Formation financée par la Région Grand Est : {template.hours} heures en centre, "
                "complétées de périodes en entreprise. Métiers préparés : "
                + ", ".join(self.labels[code] for code in template.romes)
                + "."
            ),
            external_id=f"{PREFIX}formation-{len(self.trainings) + 1:03d}",
        )
        self.trainings.append((template, index, training))

    def build_trainings(self):
        rng = self.rng
        self.trainings = []  # (template, organisation commune index, Training)
        load = [0] * len(self.organisations)
        for template in TRAINING_TEMPLATES:
            offering = [i for i, row in enumerate(self.organisations) if template.family in row[0].families]
            how_many = min(
                len(offering), 1 + (template.family in {"btp", "industrie", "sante_aide"}) + rng.randint(0, 1)
            )
            # The least busy organisations first, so that each one offers something.
            offering.sort(key=lambda i: (load[i], rng.random()))
            for i in offering[:how_many]:
                load[i] += 1
                self.add_training(template, self.organisations[i])
        for i, row in enumerate(self.organisations):
            if not load[i]:
                self.add_training(
                    rng.choice([t for t in TRAINING_TEMPLATES if t.family in row[0].families]), row
                )
        Training.objects.bulk_create([row[2] for row in self.trainings])
        through = Training.rome_codes.through
        through.objects.bulk_create(
            [
                through(training_id=training.pk, romecode_id=code)
                for template, _, training in self.trainings
                for code in template.romes
            ]
        )
        self.counts.trainings = len(self.trainings)

    def session_dates(self, kind: str, hours: int) -> tuple[int, int]:
        """(start, end) in days from today."""
        rng = self.rng
        # Hours in centre at 35 h a week, plus about a third more spent in companies.
        duration = max(90, min(365, int(hours / 35 * 7 * 1.35) + rng.randint(-10, 20)))
        if kind == "past":
            end = -rng.randint(5, 120)
            return end - duration, end
        if kind == "ongoing":
            start = -rng.randint(3, 40)
            return start, start + duration
        start = rng.randint(14, 240)
        return start, start + duration

    def build_sessions(self):
        rng = self.rng
        kinds = ["open"] * OPEN_SESSIONS + [k for k, n in SPECIAL_SESSIONS.items() for _ in range(n)]
        sessions, periods = [], []
        self.open_sessions = []  # (latitude, longitude, ROME codes)
        order = list(range(len(self.trainings)))
        for number, kind in enumerate(kinds, start=1):
            if not order:
                order = list(range(len(self.trainings)))
                rng.shuffle(order)
            template, org_index, training = self.trainings[order.pop()]
            index = org_index if rng.random() < 0.6 else self.pick(self.near(org_index))
            start, end = self.session_dates(kind, template.hours)
            places = rng.randint(8, 20)
            enrolled = {
                "open": rng.randint(0, places - 2),
                "full": places,
                "recruitment_closed": rng.randint(places // 2, places),
                "past": places - rng.randint(0, 2),
                "ongoing": places - rng.randint(1, 4),
                "unfunded": 0,
                "to_confirm": 0,
            }[kind]
            session = TrainingSession(
                training=training,
                **self.located(index),
                address=rng.choice(names.SESSION_ADDRESSES).format(
                    num=rng.randint(1, 80), street=rng.choice(names.STREETS)
                ),
                start_date=self.today + datetime.timedelta(days=start),
                end_date=self.today + datetime.timedelta(days=end),
                funding_region=None if kind == "unfunded" else self.region,
                funded_places=0 if kind == "unfunded" else places,
                # The region's own sessions, except those an organisation declared and the region has not seen yet.
                funding_confirmation=FundingConfirmation.NONE
                if kind in {"unfunded", "to_confirm"}
                else FundingConfirmation.FEED,
                enrolled_count=enrolled,
                recruitment_open=kind not in {"recruitment_closed", "past"},
                external_id=f"{PREFIX}session-{number:04d}",
            )
            sessions.append(session)
            if kind == "open":
                self.open_sessions.append((session.latitude, session.longitude, template.romes))
            periods.extend(self.internship_periods(session))
            self.counts.sessions[kind] = self.counts.sessions.get(kind, 0) + 1
        TrainingSession.objects.bulk_create(sessions)
        for period in periods:
            period.session_id = period.session.pk
        InternshipPeriod.objects.bulk_create(periods)
        self.counts.internship_periods = len(periods)
        self.session_ids = [session.pk for session in sessions]

    def internship_periods(self, session):
        """One to three periods in companies, inside the session, each after the first third of it."""
        rng = self.rng
        length = (session.end_date - session.start_date).days
        how_many = rng.choice((1, 1, 2, 2, 3))
        slots = [(i + 1) / (how_many + 1) for i in range(how_many)]
        for number, position in enumerate(slots, start=1):
            first = session.start_date + datetime.timedelta(days=int(length * max(position, 0.34)))
            last = min(session.end_date, first + datetime.timedelta(days=rng.choice((13, 20, 27))))
            label = "Stage en entreprise" if how_many == 1 else f"Période en entreprise n° {number}"
            yield InternshipPeriod(session=session, start_date=first, end_date=last, label=label)

    # -- Employer side -----------------------------------------------------------------------------

    def trades_trained_near(self, index: int) -> list:
        """Demo trades prepared by an open session within HUB_RADIUS_KM of commune `index`."""
        t = self.territory
        lat, lon = t.latitudes[index], t.longitudes[index]
        codes = {
            code
            for s_lat, s_lon, s_codes in self.open_sessions
            if distance_km(lat, lon, s_lat, s_lon) <= HUB_RADIUS_KM
            for code in s_codes
        }
        return [trade for trade in TRADES if trade.rome in codes]

    def build_companies(self, sirets):
        rng, t = self.rng, self.territory
        families = list(FAMILY_WEIGHTS)
        family_cum = list(itertools.accumulate(FAMILY_WEIGHTS.values()))
        by_family = {f: [trade for trade in TRADES if trade.family == f] for f in families}
        self.companies = []  # (Company, hub neighbourhood, trades, weight)
        for siret in sirets:
            hub_index, _, neighbourhood = self.hubs[
                self.rng.choices(range(len(self.hubs)), cum_weights=self.hub_cum)[0]
            ]
            index = self.pick(neighbourhood)
            department = t.departments[index]
            # Most employers recruit in a trade for which a session opens nearby: searches find matches.
            nearby = self.trades_trained_near(index)
            if nearby and rng.random() < 0.75:
                first = rng.choices(nearby, weights=[trade.weight for trade in nearby])[0]
                family, trades = first.family, [first]
            else:
                family, trades = rng.choices(families, cum_weights=family_cum)[0], []
            candidates = by_family[family]
            for trade in rng.choices(
                candidates, weights=[c.weight for c in candidates], k=rng.choice((1, 1, 2, 3))
            ):
                if trade not in trades:
                    trades.append(trade)
            patterns = names.COMPANY_PATTERNS[family] + names.REGIONAL_PATTERNS.get(department, {}).get(
                family, []
            )
            surnames = names.surnames_for(department)
            name = rng.choice(patterns).format(
                s=rng.choice(surnames), s2=rng.choice(surnames), **names.place_forms(t.names[index])
            )
            naf = next(
                (code for code in rng.sample(trades[0].naf, len(trades[0].naf)) if code in self.nafs), None
            )
            company = Company(
                siret=siret,
                name=name,
                naf_id=naf,
                address=self.address() if rng.random() < 0.9 else "",
                commune_id=t.ids[index],
                description=names.COMPANY_DESCRIPTIONS[family].format(
                    effectif=rng.choice((4, 8, 12, 25, 40, 80, 150))
                ),
            )
            self.companies.append(
                (company, index, neighbourhood, trades, rng.choice((1, 1, 1, 2, 2, 3, 4, 6)))
            )
        Company.objects.bulk_create([row[0] for row in self.companies])
        self.counts.companies = len(self.companies)

    def offer(self, number: int, status: str) -> JobOffer:
        rng, t = self.rng, self.territory
        company, company_index, neighbourhood, trades, _ = rng.choices(
            self.companies, cum_weights=self.company_cum
        )[0]
        trade = rng.choices(trades, weights=[tr.weight for tr in trades])[0]
        index = company_index if rng.random() < 0.6 else self.pick(neighbourhood)
        title = rng.choice(self.titles[trade.rome]) + rng.choice(names.TITLE_SUFFIXES)
        metier = names.lower_first(short_form(self.labels[trade.rome]))
        description = rng.choice(names.OFFER_DESCRIPTIONS).format(
            metier=metier,
            Metier=short_form(self.labels[trade.rome]),
            de_metier=names.elide_de(metier),
            **names.place_forms(t.names[index]),
        )
        cdi = rng.random() < 0.6
        days_ago, expires_in = rng.randint(0, 59), None
        if status == OfferStatus.PUBLISHED:
            expires_in = None if rng.random() < 0.4 else rng.randint(10, 90)
        elif status == "out_of_date":
            status, days_ago, expires_in = OfferStatus.PUBLISHED, rng.randint(40, 90), -rng.randint(1, 20)
        elif status == OfferStatus.EXPIRED:
            days_ago, expires_in = rng.randint(70, 120), -rng.randint(1, 40)
        immersion = rng.random() < 0.85
        immersion_from = immersion_until = None
        if immersion and rng.random() < 0.3:
            immersion_from = self.today + datetime.timedelta(days=rng.randint(0, 20))
            immersion_until = immersion_from + datetime.timedelta(days=rng.randint(30, 90))
        published_at = None
        if status != OfferStatus.DRAFT:
            published_at = self.now - datetime.timedelta(days=days_ago, minutes=rng.randint(0, 600))
        return JobOffer(
            company=company,
            title=title[:255],
            rome_id=trade.rome,
            **self.located(index),
            address=self.address() if rng.random() < 0.6 else "",
            description=description,
            contract_type=ContractType.CDI if cdi else ContractType.CDD,
            contract_duration_months=None if cdi else rng.choice(CDD_MONTHS),
            positions=rng.choice((1, 1, 1, 1, 2, 2, 3, 5)),
            immersion_possible=immersion,
            immersion_from=immersion_from,
            immersion_until=immersion_until,
            status=status,
            published_at=published_at,
            expires_on=None if expires_in is None else self.today + datetime.timedelta(days=expires_in),
            source=OfferSource.IMPORT,
            external_id=f"{PREFIX}offre-{number:04d}",
        )

    def build_offers(self):
        self.company_cum = list(itertools.accumulate(row[4] for row in self.companies))
        statuses = [OfferStatus.PUBLISHED] * VISIBLE_OFFERS + [
            s for s, n in HIDDEN_OFFERS.items() for _ in range(n)
        ]
        offers = [self.offer(number, status) for number, status in enumerate(statuses, start=1)]
        JobOffer.objects.bulk_create(offers)
        self.counts.offers = {"visible": VISIBLE_OFFERS, **HIDDEN_OFFERS}

    # -- All ---------------------------------------------------------------------------------------

    def build(self) -> DemoCounts:
        self.load_references()
        company_sirets, organisation_sirets = demo_sirets()
        self.build_organisations(organisation_sirets)
        self.build_trainings()
        self.build_sessions()
        self.build_companies(company_sirets)
        self.build_offers()
        # bulk_create sends no signal: compute the search links of the new sessions ourselves.
        links.refresh_sessions(self.session_ids)
        self.counts.links = SessionLink.objects.filter(session_id__in=self.session_ids).count()
        return self.counts
