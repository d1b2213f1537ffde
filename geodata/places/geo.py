"""Small spherical geometry shared by the gazetteer and the geoparser."""

from __future__ import annotations

import math

EARTH_DIAMETER_KM = 12742.0


def haversine_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return EARTH_DIAMETER_KM * math.asin(min(1.0, math.sqrt(a)))
