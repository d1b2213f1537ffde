"""Places of an article lie near each other: a town's candidate near a candidate of another name gains.

Local news names a town and its county or its neighbouring towns without naming the state: "Palestine"
beside "Anderson County", "Lebanon" beside "Boone County" and "Zionsville". Each name alone prefers its
famous namesake abroad; together, the namesakes that lie within a short drive of each other are the ones
meant. Only towns and counties take part (a country's or a state's point says nothing about distance),
and each name counts once however often it is repeated, so a name is never evidence for itself.
"""

from __future__ import annotations

import numpy as np

from geodata.places.gazetteer import Candidate

NEAR_KM = 80.0              # a town and its county seat, or two towns in one local paper's area
CANDIDATES_PER_NAME = 8     # the likeliest namesakes of each name take part
EARTH_RADIUS_KM = 6371.0
# A namesake vouches for its neighbours only if it is nearly as likely as its name's likeliest town: tiny
# Illinois towns called Rochester and Washington must not pull "Atlanta" away from Georgia.
GIVER_GAP = 2.0


def _local(cand: Candidate) -> bool:
    """A town or county under its own name: "Kaliningrad" as an old name of Korolev gains nothing near Moscow."""
    place = cand.place
    return cand.primary and (place.kind == "city" or place.feature_code == "ADM2")


def neighbour_counts(names: dict[str, list[Candidate]]) -> dict[int, int]:
    """Place id -> how many other names of the article have a candidate within NEAR_KM of it."""
    keys: list[int] = []
    ids: list[int] = []
    lats: list[float] = []
    lons: list[float] = []
    gives: list[bool] = []
    for number, candidates in enumerate(names.values()):
        local = [c for c in candidates if _local(c)][:CANDIDATES_PER_NAME]
        best = max((c.score for c in local), default=0.0)
        for cand in local:
            keys.append(number)
            ids.append(cand.place.id)
            lats.append(cand.place.lat)
            lons.append(cand.place.lon)
            gives.append(cand.score >= best - GIVER_GAP)
    if len(set(keys)) < 2:
        return {}
    lat = np.radians(np.array(lats))
    lon = np.radians(np.array(lons))
    key = np.array(keys)
    # equirectangular distances: exact enough at tens of kilometres, and a fraction of haversine's cost
    mean_lat = (lat[:, None] + lat[None, :]) / 2
    dx = (lon[:, None] - lon[None, :]) * np.cos(mean_lat)
    dy = lat[:, None] - lat[None, :]
    near = (dx * dx + dy * dy) < (NEAR_KM / EARTH_RADIUS_KM) ** 2
    place = np.array(ids)
    near &= (key[:, None] != key[None, :]) & (place[:, None] != place[None, :])   # "Mexico" is not near "Mexico City"
    near &= np.array(gives)[None, :]
    by_name = np.zeros((len(ids), len(names)), dtype=bool)
    rows, cols = np.nonzero(near)
    by_name[rows, key[cols]] = True
    counts = by_name.sum(axis=1)
    out: dict[int, int] = {}
    for place_id, count in zip(ids, counts.tolist(), strict=True):
        if count:
            out[place_id] = max(out.get(place_id, 0), count)
    return out
