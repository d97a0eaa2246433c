"""The in-memory commune grid gives the very distances of tdu.utils.geo.distance_km, nearest first."""

import random

from tdu.matching.communes import CommuneIndex, Place
from tdu.utils.geo import distance_km


def scattered_places(count, seed=5):
    rng = random.Random(seed)
    # Around Metz and Strasbourg, and a few far away (Corsica, overseas), as the real communes.
    centres = [(49.12, 6.18), (48.58, 7.75), (42.15, 9.1), (-21.1, 55.5)]
    places = []
    for pk in range(1, count + 1):
        lat, lon = rng.choice(centres)
        places.append(
            Place(
                pk, f"{pk:05d}", f"Commune {pk}", lat + rng.uniform(-0.6, 0.6), lon + rng.uniform(-0.8, 0.8)
            )
        )
    return places


def test_within_lists_exactly_the_communes_a_brute_force_finds_with_the_same_distances():
    places = scattered_places(3000)
    index = CommuneIndex(places)
    rng = random.Random(9)
    for home in rng.sample(places, 60):
        for km in (5, 10, 30, 50):
            expected = sorted(
                (d, p.id)
                for p in places
                if (d := distance_km(home.latitude, home.longitude, p.latitude, p.longitude)) <= km
            )
            assert index.within(home.latitude, home.longitude, km) == expected


def test_around_remembers_the_answer_of_within():
    places = scattered_places(200)
    index = CommuneIndex(places)
    first = index.around(places[0], 30)
    assert first == index.within(places[0].latitude, places[0].longitude, 30)
    assert index.around(places[0], 30) is first
