"""Geographic QuerySet methods shared by every located model (latitude/longitude in degrees)."""

import math

from django.db import models
from django.db.models import F, FloatField, Value
from django.db.models.functions import ASin, Cos, Power, Radians, Sin, Sqrt

from tdu.utils.geo import EARTH_RADIUS_KM, bounding_box


def as_point(point) -> tuple[float, float]:
    """Accept a (lat, lon) tuple or any object with latitude/longitude (a Commune, an offer…)."""
    if isinstance(point, tuple | list):
        return float(point[0]), float(point[1])
    return float(point.latitude), float(point.longitude)


def haversine_expression(lat: float, lon: float, lat_field="latitude", lon_field="longitude"):
    """SQL great-circle distance in km; Django provides these math functions on SQLite and PostgreSQL."""
    dlat = Radians(F(lat_field) - Value(lat)) / 2
    dlon = Radians(F(lon_field) - Value(lon)) / 2
    a = Power(Sin(dlat), 2) + Cos(Value(math.radians(lat))) * Cos(Radians(F(lat_field))) * Power(Sin(dlon), 2)
    return models.ExpressionWrapper(2 * EARTH_RADIUS_KM * ASin(Sqrt(a)), output_field=FloatField())


class LocatedQuerySet(models.QuerySet):
    def within_box(self, point, km: float):
        """Rows inside the bounding box of the circle: served by the (latitude, longitude) index."""
        lat, lon = as_point(point)
        min_lat, max_lat, min_lon, max_lon = bounding_box(lat, lon, km)
        return self.filter(
            latitude__gte=min_lat, latitude__lte=max_lat, longitude__gte=min_lon, longitude__lte=max_lon
        )

    def near(self, point, km: float):
        """Rows within `km` great-circle km of `point`, annotated with `distance_km`, nearest first."""
        lat, lon = as_point(point)
        return (
            self.within_box((lat, lon), km)
            .annotate(distance_km=haversine_expression(lat, lon))
            .filter(distance_km__lte=km)
            .order_by("distance_km", "pk")
        )
