"""A national catalogue of fictitious offers and funded sessions, for load tests and demonstrations.

Rows are generated and inserted batch by batch (one transaction per batch) so that memory stays
bounded whatever the size; only small per-company and per-training lists are kept. Communes are
drawn by population, ROME codes from a skewed distribution shared by offers and trainings, so that
searches find matches. Everything generated with a seed is tagged: offers and sessions by
external_id 'gen-{seed}-{n}', trainings by 'gen-{seed}-{n}', companies and organisations by SIRET
(see `identifiers`).
"""

import itertools
import math
import random
import time
from dataclasses import dataclass, field

from django.db import transaction
from django.utils import timezone

from tdu.companies.models import Company
from tdu.demo import names
from tdu.demo.identifiers import CATALOGUE_COMPANY_PREFIX, CATALOGUE_ORGANISATION_PREFIX, catalogue_siret
from tdu.demo.territory import Territory
from tdu.demo.titles import short_form, title_bases
from tdu.demo.trades import trade_codes
from tdu.matching import links
from tdu.offers.enums import ContractType, OfferSource, OfferStatus
from tdu.offers.models import JobOffer
from tdu.references.models import NafCode, RomeAppellation, RomeCode
from tdu.trainings.models import (
    FundingConfirmation,
    InternshipPeriod,
    Training,
    TrainingOrganisation,
    TrainingSession,
)
from tdu.utils.bulk import Adapter, RawTable, reserve_ids

OFFERS_PER_COMPANY = 10
SESSIONS_PER_ORGANISATION = 20
SESSIONS_PER_TRAINING = 2

FAMILY_BY_ROME_LETTER = {
    "A": "agriculture", "B": "artisanat", "C": "services", "D": "commerce", "E": "services", "F": "btp",
    "G": "hotellerie", "H": "industrie", "I": "maintenance", "J": "sante_aide", "K": "sante_aide",
    "L": "services", "M": "services", "N": "transport",
}  # fmt: skip
NAF_DIVISIONS_BY_ROME_LETTER = {
    "A": ("01", "02"), "B": ("90", "32", "14"), "C": ("64", "65", "66", "68"), "D": ("47", "46"),
    "E": ("58", "59", "63", "73"), "F": ("41", "42", "43"), "G": ("55", "56"),
    "H": ("10", "20", "22", "25", "28", "29"), "I": ("33", "45"), "J": ("86", "87"), "K": ("88", "81", "85"),
    "L": ("90", "59"), "M": ("62", "69", "70", "71", "78"), "N": ("49", "52", "53"),
}  # fmt: skip
CDD_MONTHS = (6, 6, 6, 7, 8, 9, 12, 12, 12, 18, 24)
LEVEL_PAIRS = ((0, 3), (0, 3), (0, 3), (0, 4), (3, 3), (3, 4), (3, 5), (4, 5), (4, 6), (5, 6))

OFFER_COLUMNS = [
    "company_id", "title", "rome_id", "commune_id", "latitude", "longitude", "address", "description",
    "contract_type", "contract_duration_months", "positions", "immersion_possible", "immersion_from",
    "immersion_until", "status", "published_at", "expires_on", "source", "external_id", "created_at",
    "updated_at",
]  # fmt: skip
SESSION_COLUMNS = [
    "id", "training_id", "commune_id", "latitude", "longitude", "address", "start_date", "end_date",
    "funding_region_id", "funding_confirmation", "funded_places", "enrolled_count", "recruitment_open",
    "external_id", "created_at", "updated_at",
]  # fmt: skip


def external_prefix(seed: int) -> str:
    return f"gen-{seed}-"


@dataclass
class Counts:
    companies: int = 0
    organisations: int = 0
    trainings: int = 0
    rome_links: int = 0
    sessions: int = 0
    internship_periods: int = 0
    offers: int = 0

    def lines(self):
        yield f"{self.offers:>10,} offres d'emploi".replace(",", " ")
        yield f"{self.companies:>10,} entreprises".replace(",", " ")
        yield f"{self.sessions:>10,} sessions de formation financées".replace(",", " ")
        yield f"{self.internship_periods:>10,} périodes en entreprise".replace(",", " ")
        yield f"{self.trainings:>10,} formations ({self.rome_links:,} liens métier)".replace(",", " ")
        yield f"{self.organisations:>10,} organismes de formation".replace(",", " ")


def plan(offers: int, sessions: int) -> Counts:
    """How many parents the requested offers and sessions need."""
    return Counts(
        companies=math.ceil(offers / OFFERS_PER_COMPANY),
        organisations=math.ceil(sessions / SESSIONS_PER_ORGANISATION),
        trainings=math.ceil(sessions / SESSIONS_PER_TRAINING),
        sessions=sessions,
        offers=offers,
    )


@dataclass
class RomeDistribution:
    """ROME codes ranked by frequency: the demo's hard-to-fill trades first, then the rest in random order."""

    codes: list[str]
    labels: list[str]
    cum_weights: list[float]
    titles: list[list[str]]
    shorts: list[str]
    formacodes: list[list[int]]
    by_domain: dict[str, list[int]] = field(default_factory=dict)

    @classmethod
    def load(cls, rng: random.Random) -> "RomeDistribution":
        labels = dict(RomeCode.objects.values_list("code", "label"))
        appellations = {}
        for code, label in RomeAppellation.objects.order_by("rome_id", "label").values_list(
            "rome_id", "label"
        ):
            appellations.setdefault(code, []).append(label)
        frequent = [code for code in trade_codes() if code in labels]
        rng.shuffle(frequent)
        others = sorted(set(labels) - set(frequent))
        rng.shuffle(others)
        codes = frequent + others
        # Zipf-like: the first code gets ~5 % of the draws, the first 50 about half, the last ones ~0.01 %.
        weights = [1 / (rank + 5) ** 1.1 for rank in range(len(codes))]
        distribution = cls(
            codes=codes,
            labels=[labels[c] for c in codes],
            cum_weights=list(itertools.accumulate(weights)),
            titles=[title_bases(labels[c], appellations.get(c, [])[:12]) for c in codes],
            shorts=[short_form(labels[c]) for c in codes],
            formacodes=[sorted(rng.sample(range(10000, 99999), rng.choice((1, 1, 2)))) for _ in codes],
        )
        for index, code in enumerate(codes):
            distribution.by_domain.setdefault(code[:3], []).append(index)
        return distribution

    def draw(self, rng: random.Random, k: int) -> list[int]:
        return rng.choices(range(len(self.codes)), cum_weights=self.cum_weights, k=k)

    def related(self, rng: random.Random, index: int) -> int:
        """Another code of the same professional domain (trainings prepare neighbouring trades)."""
        return rng.choice(self.by_domain[self.codes[index][:3]])


class CatalogueGenerator:
    def __init__(self, *, offers: int, sessions: int, seed: int, batch_size: int, progress, today=None):
        self.seed = seed
        self.batch_size = batch_size
        self.progress = progress
        self.now = timezone.now()
        self.today = today or timezone.localdate()
        self.rng = random.Random(seed)
        self.counts = plan(offers, sessions)
        self.done = Counts()
        self.timings = {}  # step -> seconds
        self.prefix = external_prefix(seed)

    # -- Setup ------------------------------------------------------------------------------------

    def load_references(self):
        self.territory = Territory.load()
        if not self.territory.ids or not RomeCode.objects.exists():
            raise LookupError("Référentiels absents : lancez d'abord « manage.py loadreferences ».")
        self.romes = RomeDistribution.load(self.rng)
        naf_by_division = {}
        for code in NafCode.objects.order_by("code").values_list("code", flat=True):
            naf_by_division.setdefault(code[:2], []).append(code)
        self.naf_by_letter = {
            letter: [c for d in divisions for c in naf_by_division.get(d, [])] or [None]
            for letter, divisions in NAF_DIVISIONS_BY_ROME_LETTER.items()
        }
        self.adapter = Adapter(self.today, self.now)
        self.places = {}
        self.lowered = [names.lower_first(short) for short in self.romes.shorts]

    def run(self) -> Counts:
        self.load_references()
        steps = [
            ("entreprises", self.generate_companies),
            ("organismes", self.generate_organisations),
            ("formations", self.generate_trainings),
            ("sessions", self.generate_sessions),
            ("offres", self.generate_offers),
        ]
        for label, step in steps:
            started = time.monotonic()
            step()
            self.timings[label] = time.monotonic() - started
        return self.done

    def batches(self, total: int, desc: str):
        """(start, count) pairs, with a progress bar advanced after each committed batch."""
        bar = self.progress(total=total, desc=desc)
        try:
            for start in range(0, total, self.batch_size):
                count = min(self.batch_size, total - start)
                yield start, count
                bar.update(count)
        finally:
            bar.close()

    def write(self, *pairs):
        """Insert (table, rows) pairs in one transaction."""
        with transaction.atomic():
            for table, rows in pairs:
                table.insert(rows)

    def surname(self, department: str) -> str:
        choices = names.surnames_for(department)
        return choices[int(self.rng.random() * len(choices))]

    def place(self, index: int) -> dict[str, str]:
        """'Metz', 'de Metz', 'à Metz' for commune `index` (cached: offers reuse the big towns)."""
        forms = self.places.get(index)
        if forms is None:
            forms = self.places[index] = names.place_forms(self.territory.names[index])
        return forms

    def address(self) -> str:
        rng = self.rng
        return f"{rng.randint(1, 120)} {names.STREETS[int(rng.random() * len(names.STREETS))]}"

    # -- Companies and organisations -------------------------------------------------------------

    def generate_companies(self):
        total = self.counts.companies
        table = RawTable(
            Company, ["id", "siret", "name", "naf_id", "address", "commune_id", "description"], self.now
        )
        base = reserve_ids(Company, total)
        t, rng = self.territory, self.rng
        self.company_base = base
        self.company_rome = []
        self.companies_by_department = {}
        for start, count in self.batches(total, "Entreprises"):
            communes = t.draw(rng, count)
            romes = self.romes.draw(rng, count)
            rows = []
            for k in range(count):
                n = start + k
                ci, ri = communes[k], romes[k]
                department = t.departments[ci]
                letter = self.romes.codes[ri][0]
                family = FAMILY_BY_ROME_LETTER.get(letter, "services")
                patterns = names.COMPANY_PATTERNS[family]
                name = patterns[int(rng.random() * len(patterns))].format(
                    s=self.surname(department), s2=self.surname(department), **self.place(ci)
                )
                nafs = self.naf_by_letter.get(letter, [None])
                description = names.COMPANY_DESCRIPTIONS.get(family, "")
                rows.append(
                    (
                        base + n,
                        catalogue_siret(CATALOGUE_COMPANY_PREFIX, n, self.seed),
                        name[:255],
                        nafs[int(rng.random() * len(nafs))],
                        self.address() if rng.random() < 0.8 else "",
                        t.ids[ci],
                        description.format(effectif=rng.choice((3, 5, 8, 12, 20, 35, 50, 120))),
                    )
                )
                self.company_rome.append(ri)
                self.companies_by_department.setdefault(department, []).append(n)
            self.write((table, rows))
            self.done.companies += count

    def generate_organisations(self):
        total = self.counts.organisations
        table = RawTable(TrainingOrganisation, ["id", "siret", "name", "commune_id", "address"], self.now)
        base = reserve_ids(TrainingOrganisation, total)
        t, rng = self.territory, self.rng
        self.organisation_base = base
        self.organisation_commune = []
        for start, count in self.batches(total, "Organismes de formation"):
            communes = t.draw(rng, count)
            rows = []
            for k in range(count):
                n = start + k
                ci = communes[k]
                pattern = names.ORGANISATION_PATTERNS[int(rng.random() * len(names.ORGANISATION_PATTERNS))]
                name = pattern.format(s=self.surname(t.departments[ci]), **self.place(ci))
                siret = catalogue_siret(CATALOGUE_ORGANISATION_PREFIX, n, self.seed)
                rows.append((base + n, siret, name[:255], t.ids[ci], self.address()))
                self.organisation_commune.append(ci)
            self.write((table, rows))
            self.done.organisations += count

    # -- Trainings and sessions ------------------------------------------------------------------

    def generate_trainings(self):
        total = self.counts.trainings
        columns = ["id", "organisation_id", "title", "certification_code", "entry_level", "exit_level"]
        table = RawTable(Training, [*columns, "formacodes", "description", "external_id"], self.now)
        through = Training.rome_codes.through
        through_table = RawTable(through, ["training_id", "romecode_id"], self.now)
        base = reserve_ids(Training, total)
        rng, romes, adapter = self.rng, self.romes, self.adapter
        organisations = len(self.organisation_commune)
        self.training_base = base
        self.training_organisation = []
        for start, count in self.batches(total, "Formations"):
            firsts = romes.draw(rng, count)
            rows, link_rows = [], []
            for k in range(count):
                n = start + k
                prepared = [firsts[k]]
                for _ in range(rng.choice((0, 0, 1, 1, 2))):
                    other = romes.related(rng, firsts[k])
                    if other not in prepared:
                        prepared.append(other)
                metier = romes.shorts[prepared[0]]
                pattern = names.TRAINING_TITLE_PATTERNS[
                    int(rng.random() * len(names.TRAINING_TITLE_PATTERNS))
                ]
                entry, exit_ = LEVEL_PAIRS[int(rng.random() * len(LEVEL_PAIRS))]
                certification = (
                    f"RNCP{rng.randint(34000, 41999)}"
                    if rng.random() < 0.8
                    else f"RS{rng.randint(5000, 7099)}"
                )
                formacodes = sorted({f for i in prepared for f in romes.formacodes[i]})
                description = (
                    "Formation financée par la Région. Métiers préparés : "
                    + ", ".join(romes.labels[i] for i in prepared)
                    + ". Alternance de cours en centre et de périodes en entreprise."
                )
                organisation = int(rng.random() * organisations)
                training_id = base + n
                rows.append(
                    (
                        training_id,
                        self.organisation_base + organisation,
                        pattern.format(metier=metier, metier_bas=names.lower_first(metier))[:255],
                        certification,
                        entry,
                        exit_,
                        adapter.json(formacodes),
                        description,
                        f"{self.prefix}{n}",
                    )
                )
                link_rows.extend((training_id, romes.codes[i]) for i in prepared)
                self.training_organisation.append(organisation)
            self.write((table, rows), (through_table, link_rows))
            self.done.trainings += count
            self.done.rome_links += len(link_rows)

    def session_dates(self):
        """(start offset, end offset, recruitment_open, fill) in days from today; fill = share of places taken."""
        rng = self.rng
        r = rng.random()
        duration = rng.randint(90, 365)
        if r < 0.08:  # over
            end = -rng.randint(1, 240)
            return end - duration, end, False, 1 - rng.random() * 0.2
        if r < 0.14:  # started recently
            start = -rng.randint(1, 60)
            return start, start + duration, rng.random() < 0.5, 0.8 + rng.random() * 0.2
        start = rng.randint(7, 245)
        if r < 0.24:  # full
            return start, start + duration, rng.random() < 0.5, 1.0
        if r < 0.31:  # recruitment closed
            return start, start + duration, False, rng.random()
        return start, start + duration, True, rng.random() ** 2 * 0.95

    def generate_sessions(self):
        total = self.counts.sessions
        table = RawTable(TrainingSession, SESSION_COLUMNS, self.now)
        periods = RawTable(InternshipPeriod, ["session_id", "start_date", "end_date", "label"], self.now)
        base = reserve_ids(TrainingSession, total)
        t, rng, day = self.territory, self.rng, self.adapter.day
        trainings = len(self.training_organisation)
        now = self.adapter.now_value
        for start, count in self.batches(total, "Sessions"):
            rows, period_rows = [], []
            for k in range(count):
                n = start + k
                training = n if n < trainings else int(rng.random() * trainings)
                org_commune = self.organisation_commune[self.training_organisation[training]]
                ci = (
                    org_commune
                    if rng.random() < 0.65
                    else t.draw_in_department(rng, t.departments[org_commune])
                )
                begin, end, recruitment_open, fill = self.session_dates()
                places = rng.randint(6, 20)
                session_id = base + n
                rows.append(
                    (
                        session_id,
                        self.training_base + training,
                        t.ids[ci],
                        t.latitudes[ci],
                        t.longitudes[ci],
                        self.address(),
                        day(begin),
                        day(end),
                        t.region_of(ci),
                        FundingConfirmation.FEED,
                        places,
                        min(places, int(places * fill)),
                        recruitment_open,
                        f"{self.prefix}{n}",
                        now,
                        now,
                    )
                )
                period_rows.extend(self.internship_periods(session_id, begin, end))
            with transaction.atomic():
                table.insert(rows)
                periods.insert(period_rows)
                # Bulk inserts send no signal: precompute the matching of these sessions ourselves.
                links.refresh_sessions(range(base + start, base + start + count))
            self.done.sessions += count
            self.done.internship_periods += len(period_rows)

    def internship_periods(self, session_id: int, begin: int, end: int):
        rng, day = self.rng, self.adapter.day
        duration = end - begin
        how_many = rng.choice((0, 1, 1, 1, 2, 2))
        positions = {0: (), 1: (0.6,), 2: (0.35, 0.75)}[how_many]
        for number, position in enumerate(positions, start=1):
            first = begin + int(duration * position)
            last = min(end, first + rng.choice((13, 20, 27, 34)))
            label = "Stage en entreprise" if how_many == 1 else f"Période en entreprise n° {number}"
            yield (session_id, day(first), day(last), label)

    # -- Offers -----------------------------------------------------------------------------------

    def generate_offers(self):
        table = RawTable(JobOffer, OFFER_COLUMNS, self.now)
        t, rng, romes, adapter = self.territory, self.rng, self.romes, self.adapter
        rand, day, moment, now = rng.random, adapter.day, adapter.moment, adapter.now_value
        every_company = range(len(self.company_rome))
        by_department = self.companies_by_department
        company_rome, company_base = self.company_rome, self.company_base
        place, lowered = self.place, self.lowered
        de_lowered = [names.elide_de(metier) for metier in lowered]
        suffixes, descriptions, streets = names.TITLE_SUFFIXES, names.OFFER_DESCRIPTIONS, names.STREETS
        published, draft, filled = (
            OfferStatus.PUBLISHED.value,
            OfferStatus.DRAFT.value,
            OfferStatus.FILLED.value,
        )
        closed, expired = OfferStatus.CLOSED.value, OfferStatus.EXPIRED.value
        cdi, cdd, source = ContractType.CDI.value, ContractType.CDD.value, OfferSource.IMPORT.value
        for start, count in self.batches(self.counts.offers, "Offres"):
            communes = t.draw(rng, count)
            drawn = romes.draw(rng, count)
            rows = []
            for k in range(count):
                ci = communes[k]
                pool = by_department.get(t.departments[ci]) or every_company
                company = pool[int(rand() * len(pool))]
                r = rand()
                if r < 0.65:  # the company's main trade
                    ri = company_rome[company]
                elif r < 0.95:  # a neighbouring trade
                    ri = romes.related(rng, company_rome[company])
                else:
                    ri = drawn[k]
                bases = romes.titles[ri]
                title = bases[int(rand() * len(bases))] + suffixes[int(rand() * len(suffixes))]
                r = rand()
                if r < 0.90:
                    status, published_at = published, int(rand() * 86_400)  # last 60 days, in minutes
                    e = rand()
                    if e < 0.45:
                        expires_on = None
                    elif e < 0.97:
                        expires_on = day(int(7 + rand() * 113))
                    else:  # published but past its expiry date: hidden from job seekers
                        expires_on = day(-1 - int(rand() * 30))
                elif r < 0.94:
                    status, published_at, expires_on = draft, None, None
                else:
                    status = filled if r < 0.97 else closed if r < 0.99 else expired
                    published_at = int(43_200 + rand() * 216_000)  # 30 to 180 days ago
                    expires_on = day(-int(rand() * 60)) if status == expired else None
                if rand() < 0.65:
                    contract, months = cdi, None
                else:
                    contract, months = cdd, CDD_MONTHS[int(rand() * len(CDD_MONTHS))]
                p = rand()
                positions = 1 if p < 0.8 else 2 if p < 0.95 else 3 + int(rand() * 8)
                immersion = rand() < 0.85
                immersion_from = immersion_until = None
                if immersion and rand() < 0.3:
                    first = int(rand() * 30)
                    immersion_from, immersion_until = day(first), day(first + 30 + int(rand() * 90))
                published_value = moment(published_at) if published_at is not None else None
                rows.append(
                    (
                        company_base + company,
                        title[:255],
                        romes.codes[ri],
                        t.ids[ci],
                        t.latitudes[ci],
                        t.longitudes[ci],
                        f"{1 + int(rand() * 120)} {streets[int(rand() * len(streets))]}"
                        if rand() < 0.7
                        else "",
                        descriptions[int(rand() * len(descriptions))].format(
                            metier=lowered[ri], Metier=romes.shorts[ri], de_metier=de_lowered[ri], **place(ci)
                        ),
                        contract,
                        months,
                        positions,
                        immersion,
                        immersion_from,
                        immersion_until,
                        status,
                        published_value,
                        expires_on,
                        source,
                        f"{self.prefix}{start + k}",
                        published_value or now,
                        now,
                    )
                )
            self.write((table, rows))
            self.done.offers += count
