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
MEMO_SIZE = 50_000

_Points = tuple[list[int], np.ndarray, np.ndarray]   # place ids, points (x + iy, km), whether each gives


def _local(cand: Candidate) -> bool:
    """A town or county under its own name: "Kaliningrad" as an old name of Korolev gains nothing near Moscow."""
    place = cand.place
    return cand.primary and (place.kind == "city" or place.feature_code == "ADM2")


def _points(candidates: list[Candidate]) -> _Points:
    """A name's likeliest towns as points on a local flat map (km): exact enough within a short drive."""
    local = [c for c in candidates if _local(c)][:CANDIDATES_PER_NAME]
    best = max((c.score for c in local), default=0.0)
    lat = np.radians(np.array([c.place.lat for c in local], dtype=np.float64))
    lon = np.radians(np.array([c.place.lon for c in local], dtype=np.float64))
    return ([c.place.id for c in local], EARTH_RADIUS_KM * (lon * np.cos(lat) + 1j * lat),
            np.array([c.score >= best - GIVER_GAP for c in local], dtype=bool))


def neighbour_counts(names: dict[str, list[Candidate]], memo: dict[str, _Points] | None = None) -> dict[int, int]:
    """Place id -> how many other names of the article have a candidate within NEAR_KM of it.

    `memo` keeps each name's points between articles (a name's candidates never change).
    """
    parts = []
    for name, candidates in names.items():
        found = memo.get(name) if memo is not None else None
        if found is None:
            found = _points(candidates)
            if memo is not None:
                if len(memo) > MEMO_SIZE:
                    memo.clear()
                memo[name] = found
        if found[0]:
            parts.append(found)
    if len(parts) < 2:
        return {}
    ids = [i for p in parts for i in p[0]]
    owner = [n for n, p in enumerate(parts) for _ in p[0]]
    points = np.concatenate([p[1] for p in parts])
    gives = np.concatenate([p[2] for p in parts])
    givers = np.flatnonzero(gives)
    rows, cols = np.nonzero(np.abs(points[:, None] - points[givers][None, :]) < NEAR_KM)
    pairs = set()
    for r, c in zip(rows.tolist(), givers[cols].tolist(), strict=True):
        # another name ("Mexico" is not near "Mexico City", the same place)
        if owner[r] != owner[c] and ids[r] != ids[c]:
            pairs.add((ids[r], owner[c]))
    out: dict[int, int] = {}
    for place_id, _ in pairs:
        out[place_id] = out.get(place_id, 0) + 1
    return out
