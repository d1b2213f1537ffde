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

_Points = tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]   # place ids, lat, lon (radians), gives


def _local(cand: Candidate) -> bool:
    """A town or county under its own name: "Kaliningrad" as an old name of Korolev gains nothing near Moscow."""
    place = cand.place
    return cand.primary and (place.kind == "city" or place.feature_code == "ADM2")


def _points(candidates: list[Candidate]) -> _Points:
    local = [c for c in candidates if _local(c)][:CANDIDATES_PER_NAME]
    best = max((c.score for c in local), default=0.0)
    return (np.array([c.place.id for c in local], dtype=np.int64),
            np.radians(np.array([c.place.lat for c in local], dtype=np.float64)),
            np.radians(np.array([c.place.lon for c in local], dtype=np.float64)),
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
        if len(found[0]):
            parts.append(found)
    if len(parts) < 2:
        return {}
    ids = np.concatenate([p[0] for p in parts])
    lat = np.concatenate([p[1] for p in parts])
    lon = np.concatenate([p[2] for p in parts])
    gives = np.concatenate([p[3] for p in parts])
    owner = np.repeat(np.arange(len(parts)), [len(p[0]) for p in parts])   # which name each point is of
    # equirectangular distances: exact enough at tens of kilometres, and a fraction of haversine's cost
    dx = (lon[:, None] - lon[None, :]) * np.cos((lat[:, None] + lat[None, :]) / 2)
    dy = lat[:, None] - lat[None, :]
    near = (dx * dx + dy * dy) < (NEAR_KM / EARTH_RADIUS_KM) ** 2
    # another name ("Mexico" is not near "Mexico City", the same place), and a giver likely enough
    near &= (owner[:, None] != owner[None, :]) & (ids[:, None] != ids[None, :]) & gives[None, :]
    rows, cols = np.nonzero(near)
    if not len(rows):
        return {}
    by_name = np.zeros((len(ids), len(parts)), dtype=bool)
    by_name[rows, owner[cols]] = True
    counts = by_name.sum(axis=1)
    out: dict[int, int] = {}
    for place_id, count in zip(ids[counts > 0].tolist(), counts[counts > 0].tolist(), strict=True):
        out[place_id] = max(out.get(place_id, 0), count)
    return out
