"""The search against a brute-force computation on a generated national catalogue (both databases).

Hundreds of homes drawn by population (Paris, Lyon, Marseille among them: the count passes its cap of 1 000
there), random radii, training radii, filters, both sorts and several pages: every page's offers in order,
their distances, their sessions and the total must equal what a plain loop over every offer and every session
computes from the three conditions, without the search's indexes, links or caches.
"""

import datetime
import math
import random
from collections import defaultdict

import pytest
from django.core.management import call_command
from django.utils import timezone

from tdu.offers.enums import OfferStatus
from tdu.offers.models import JobOffer
from tdu.references.models import Commune, RomeCode
from tdu.trainings.models import TrainingSession
from tdu.utils.geo import distance_km

pytestmark = pytest.mark.django_db

MAX_COUNT, COUNT_CAP, PAGE_SIZE, SESSIONS_PER_OFFER = 1000, 100, 20, 3


class BruteForce:
    def __init__(self, today):
        self.today = today
        self.communes = {
            c.id: c for c in Commune.objects.only("id", "code", "latitude", "longitude", "population")
        }
        parent = {code: p or code for code, p in RomeCode.objects.values_list("code", "parent_code")}
        self.match = lambda code: parent.get(code, code)
        self.offers = [
            o
            for o in JobOffer.objects.filter(status=OfferStatus.PUBLISHED).values(
                "id", "commune_id", "rome_id", "contract_type", "expires_on"
            )
            if o["expires_on"] is None or o["expires_on"] >= today
        ]
        self.sessions = []  # (session id, commune id, start, level, {match codes})
        for s in (
            TrainingSession.objects.funded()
            .filter(closed_at__isnull=True, recruitment_open=True, end_date__gte=today)
            .select_related("training", "funding_region")
            .prefetch_related("training__rome_codes")
        ):
            deadline = s.start_date + datetime.timedelta(days=s.funding_region.late_entry_days or 0)
            if s.funded_places > s.enrolled_count and deadline >= today:
                codes = {self.match(r.code) for r in s.training.rome_codes.all()}
                self.sessions.append((s.pk, s.commune_id, s.start_date, s.training.entry_level, codes))

    def km(self, home, commune_id):
        c = self.communes[commune_id]
        return distance_km(home.latitude, home.longitude, c.latitude, c.longitude)

    def search(self, home, radius, training_radius, sort, contract=None, level=None, rome=None):
        sessions_by_code = defaultdict(list)
        for session_id, commune_id, start, entry_level, codes in self.sessions:
            if level is not None and entry_level > level:
                continue
            d = self.km(home, commune_id)
            if d <= training_radius:
                for code in codes:
                    sessions_by_code[code].append((d, start, session_id))
        found = []
        for o in self.offers:
            code = self.match(o["rome_id"])
            if contract and o["contract_type"] != contract:
                continue
            if rome and o["rome_id"] not in rome:
                continue
            if code not in sessions_by_code:
                continue
            d = self.km(home, o["commune_id"])
            if d <= radius:
                found.append((d, o, sessions_by_code[code]))
        # The total and the pages follow the nearest MAX_COUNT offers.
        found.sort(key=lambda f: (f[0], f[1]["commune_id"], f[1]["rome_id"], f[1]["id"]))
        more = len(found) > MAX_COUNT
        found = found[:MAX_COUNT] if sort == "distance" else found
        if sort == "date":
            found.sort(
                key=lambda f: (
                    min(start for _, start, _ in f[2]),
                    f[0],
                    f[1]["commune_id"],
                    f[1]["rome_id"],
                    f[1]["id"],
                )
            )
        return found, more

    @staticmethod
    def sessions_shown(entries, sort):
        key = (lambda e: (e[1], e[0], e[2])) if sort == "date" else (lambda e: (e[0], e[1], e[2]))
        return [session_id for _, _, session_id in sorted(entries, key=key)[:SESSIONS_PER_OFFER]]


def homes(count, rng):
    rows = list(Commune.objects.exclude(kind="ARM").values_list("id", "population"))
    keyed = sorted(rows, key=lambda row: rng.random() ** (1 / max(1, row[1])), reverse=True)
    chosen = [pk for pk, _ in keyed[:count]]
    return list(dict.fromkeys(chosen))


BIG_CITIES = ("75056", "69123", "13055", "59350")


def test_search_equals_brute_force_on_a_generated_catalogue(client, references):
    call_command(
        "generate_catalogue", "--offers", "20000", "--sessions", "1500", "--seed", "11", "--no-progress",
        verbosity=0,
    )  # fmt: skip
    today = timezone.localdate()
    brute = BruteForce(today)
    rng = random.Random(2026)
    rome_pool = sorted({o["rome_id"] for o in brute.offers})
    checked = capped = 0
    big = [(Commune.objects.get(code=code).pk, True) for code in BIG_CITIES for _ in range(2)]
    for home_id, dense in [(pk, False) for pk in homes(150, rng)] + big:
        home = brute.communes[home_id]
        radius = rng.choice([5, 10, 20, 30, 50, 80])
        training_radius = rng.choice([None, None, 10, 40, 100])
        if dense:  # where the count passes its cap
            radius, training_radius = rng.choice([30, 50]), 200
        sort = rng.choice(["distance", "date"])
        params = {"commune": home.code, "rayon": radius, "tri": sort}
        extra = {}
        if training_radius:
            params["rayon_formation"] = training_radius
        if rng.random() < 0.2:
            extra["contract"] = params["contrat"] = rng.choice(["cdi", "cdd"])
        if rng.random() < 0.15:
            code = rng.choice(rome_pool)
            params["rome"] = code
            extra["rome"] = {code}
        expected, more = brute.search(home, radius, training_radius or radius, sort, **extra)
        total = min(len(expected), MAX_COUNT)
        pages = max(1, math.ceil(total / PAGE_SIZE))
        for page in sorted({1, min(2, pages), min(7, pages), pages, rng.randint(1, pages)}):
            response = client.get("/api/v1/offres", {**params, "page": page})
            assert response.status_code == 200, (params, page, response.content)
            data = response.json()
            # Exact up to what the page reads (100 offers, or up to the page's last), « plus de N » beyond.
            known = min(MAX_COUNT, max(COUNT_CAP, page * PAGE_SIZE))
            shown = f"{known}+" if len(expected) > known or (more and known == MAX_COUNT) else len(expected)
            assert data["total"] == shown, (params, page)
            window = expected[(page - 1) * PAGE_SIZE : page * PAGE_SIZE]
            got = [
                (r["id"], r["distance_km"], [s["session_id"] for s in r["formations"]])
                for r in data["resultats"]
            ]
            want = [(o["id"], round(d, 1), brute.sessions_shown(entries, sort)) for d, o, entries in window]
            assert got == want, (params, page)
            checked += len(got)
        capped += more
        if pages < 1000 // PAGE_SIZE:
            assert client.get("/api/v1/offres", {**params, "page": pages + 1}).status_code == 400
    assert checked > 1000, checked
    assert capped >= 2, capped  # the count's cap was reached, and the pages beyond it checked
