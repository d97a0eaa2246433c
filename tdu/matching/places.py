"""Find the commune of an imported place: its INSEE code, else its postcode, else its coordinates.

Loaded once per import (≈ 35 000 communes in memory). Each answer is a commune id, or a French reason why none.
"""

from dataclasses import dataclass

from tdu.matching.communes import commune_index
from tdu.references.models import Commune
from tdu.utils.geo import distance_km

NEAREST_KM = 15  # coordinates further than this from any commune centre are not trusted


@dataclass(frozen=True)
class Resolved:
    commune_id: int | None
    field: str = ""
    problem: str = ""


class CommuneResolver:
    def __init__(self):
        rows = list(Commune.objects.values_list("id", "code", "name", "postal_codes"))
        self.by_code = {code: pk for pk, code, _, _ in rows}
        self.names = {pk: name for pk, _, name, _ in rows}
        self.by_postcode: dict[str, list[int]] = {}
        for pk, _, _, postal_codes in rows:
            for postcode in (postal_codes or "").split():
                self.by_postcode.setdefault(postcode, []).append(pk)
        self.index = commune_index()

    def by_insee(self, code):
        """A commune id for an INSEE code, or Resolved with the reason (a postcode given instead: said so)."""
        code = (code or "").strip().upper()
        if code in self.by_code:
            return Resolved(self.by_code[code])
        if code in self.by_postcode:
            names = ", ".join(sorted(self.names[pk] for pk in self.by_postcode[code])[:3])
            return Resolved(
                None,
                "code INSEE",
                f"« {code} » n'est pas un code INSEE de commune : ceci ressemble à un code postal ({names}).",
            )
        return Resolved(None, "code INSEE", f"Commune inconnue : aucun code INSEE « {code} ».")

    def nearest(self, latitude, longitude, among=None):
        if latitude is None or longitude is None:
            return None
        if among:
            places = [self.index.by_id[pk] for pk in among if pk in self.index.by_id]
            scored = sorted((distance_km(latitude, longitude, p.latitude, p.longitude), p.id) for p in places)
        else:
            scored = self.index.within(latitude, longitude, NEAREST_KM)
        return scored[0][1] if scored else None

    def resolve(self, insee="", postcode="", latitude=None, longitude=None, city=""):
        if insee:
            return self.by_insee(insee)
        if postcode:
            candidates = self.by_postcode.get(postcode.strip(), [])
            if len(candidates) == 1:
                return Resolved(candidates[0])
            if candidates:
                named = [pk for pk in candidates if self.names[pk].lower() == (city or "").strip().lower()]
                if len(named) == 1:
                    return Resolved(named[0])
                nearest = self.nearest(latitude, longitude, among=candidates)
                if nearest:
                    return Resolved(nearest)
                return Resolved(
                    None,
                    "code postal",
                    f"Le code postal {postcode} couvre plusieurs communes : indiquez le code INSEE.",
                )
        nearest = self.nearest(latitude, longitude)
        if nearest:
            return Resolved(nearest)
        return Resolved(
            None, "lieu", "Lieu sans commune : ni code INSEE, ni code postal connu, ni coordonnées."
        )
