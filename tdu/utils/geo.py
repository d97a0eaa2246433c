"""Great-circle distances and bounding boxes (spherical Earth, R = 6371.0088 km)."""

import math

EARTH_RADIUS_KM = 6371.0088
KM_PER_DEGREE_LAT = math.pi * EARTH_RADIUS_KM / 180


def distance_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Haversine distance between two points given in degrees."""
    phi1, phi2 = math.radians(lat1), math.radians(lat2)
    dphi = phi2 - phi1
    dlambda = math.radians(lon2 - lon1)
    a = math.sin(dphi / 2) ** 2 + math.cos(phi1) * math.cos(phi2) * math.sin(dlambda / 2) ** 2
    return 2 * EARTH_RADIUS_KM * math.asin(min(1.0, math.sqrt(a)))


def bounding_box(lat: float, lon: float, km: float) -> tuple[float, float, float, float]:
    """(min_lat, max_lat, min_lon, max_lon) containing every point within `km` of (lat, lon)."""
    dlat = km / KM_PER_DEGREE_LAT
    # Widest longitude span is at the latitude closest to a pole within the box.
    extreme_lat = min(89.9, abs(lat) + dlat)
    dlon = km / (KM_PER_DEGREE_LAT * math.cos(math.radians(extreme_lat)))
    return lat - dlat, lat + dlat, lon - dlon, lon + dlon
