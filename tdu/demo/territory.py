"""Communes held in plain lists, and population-weighted draws among them.

Paris, Lyon and Marseille are drawn through their arrondissements: the parent commune, whose
population is the sum of its arrondissements', gets no weight of its own.
"""

import bisect
import itertools
import random
from dataclasses import dataclass, field

from tdu.references.models import Commune, Department
from tdu.utils.geo import distance_km


@dataclass
class Territory:
    ids: list[int]
    codes: list[str]
    names: list[str]
    latitudes: list[float]
    longitudes: list[float]
    departments: list[str]
    populations: list[int]
    weights: list[int]  # population, 0 for Paris/Lyon/Marseille as a whole
    region_of_department: dict[str, str]
    _cum_weights: list[int] = field(default_factory=list, repr=False)
    _by_department: dict = field(default_factory=dict, repr=False)

    @classmethod
    def load(cls, region: str | None = None) -> "Territory":
        """Every commune (or those of one region), ordered by INSEE code so that draws are reproducible."""
        communes = Commune.objects.order_by("code")
        if region:
            communes = communes.filter(department__region_id=region)
        rows = list(
            communes.values_list(
                "id", "code", "name", "latitude", "longitude", "department_id", "population", "parent_id"
            )
        )
        parents = {row[7] for row in rows if row[7]}
        return cls(
            ids=[r[0] for r in rows],
            codes=[r[1] for r in rows],
            names=[r[2] for r in rows],
            latitudes=[r[3] for r in rows],
            longitudes=[r[4] for r in rows],
            departments=[r[5] for r in rows],
            populations=[r[6] for r in rows],
            weights=[0 if r[0] in parents else r[6] for r in rows],
            region_of_department=dict(Department.objects.values_list("code", "region_id")),
        )

    def __len__(self):
        return len(self.ids)

    def index_of(self, code: str) -> int:
        return self.codes.index(code)

    @property
    def cum_weights(self) -> list[int]:
        if not self._cum_weights:
            self._cum_weights = list(itertools.accumulate(self.weights))
        return self._cum_weights

    def draw(self, rng: random.Random, k: int) -> list[int]:
        """`k` commune indexes, weighted by population (one draw per job or session)."""
        return rng.choices(range(len(self.ids)), cum_weights=self.cum_weights, k=k)

    def draw_in_department(self, rng: random.Random, department: str) -> int:
        """One commune index of `department`, weighted by population."""
        if department not in self._by_department:
            indexes = [i for i, dep in enumerate(self.departments) if dep == department and self.weights[i]]
            cum = list(itertools.accumulate(self.weights[i] for i in indexes))
            self._by_department[department] = (indexes, cum)
        indexes, cum = self._by_department[department]
        if not indexes:
            return self.draw(rng, 1)[0]
        return indexes[bisect.bisect_right(cum, rng.random() * cum[-1])]

    def neighbourhood(self, index: int, km: float) -> tuple[list[int], list[int]]:
        """Indexes of the communes within `km` of commune `index`, and their cumulative population weights."""
        lat, lon = self.latitudes[index], self.longitudes[index]
        near = [
            i
            for i in range(len(self.ids))
            if self.weights[i] and distance_km(lat, lon, self.latitudes[i], self.longitudes[i]) <= km
        ]
        return near, list(itertools.accumulate(self.weights[i] for i in near))

    def region_of(self, index: int) -> str:
        return self.region_of_department[self.departments[index]]
