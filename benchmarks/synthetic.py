"""Synthetic events for benchmarks and tests: N plausible events, seeded and reproducible.

Usage (from the repository root)::

    python -m benchmarks.synthetic N --out FILE.csv [--seed S] [--format acled|atlas]

``acled`` writes ACLED's 31-column CSV (as ``geodata.formats.read_events`` imports an ACLED export); ``atlas``
writes our own CSV (every ``geodata.schema.COLUMNS`` column). The same N and seed give byte-identical files.

The spread imitates a conflict data set: dates over three years (2022-02-24 .. 2025-02-23) with busier periods
(the invasion's first months, the autumn 2022 and summer 2023 counter-offensives, the Kursk incursion of 2024),
places from the gazetteer's towns in Ukraine, Russia and the Korean peninsula weighted by population and, for
fighting and strikes, by nearness to the front line; ACLED's six event types with their sub-types in plausible
proportions; actors by type, country and period (Wagner Group until mid-2023, North Korean troops in Kursk from
November 2024); notes of 100-300 characters from templates naming the place; geo_precision 1-3 (a region's
own point for 3); fatalities; mostly asserted events.

``synthetic_events(n, seed)`` returns the frame (event table layout, coerced). Everything is vectorised numpy but
the notes, which are one ``str.format`` per row: a million rows take a few seconds.
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
import time
from functools import lru_cache
from pathlib import Path

import numpy as np
import pandas as pd

from geodata.schema import EVENT_TYPES, coerce

FIRST_DAY = dt.date(2022, 2, 24)
LAST_DAY = dt.date(2025, 2, 23)

# The four countries: ISO alpha-2, ISO numeric, ACLED's ISO3 prefix of event_id_cnty, ACLED's name and region.
COUNTRIES: tuple[tuple[str, int, str, str, str], ...] = (
    ("UA", 804, "UKR", "Ukraine", "Europe"),
    ("RU", 643, "RUS", "Russia", "Europe"),
    ("KP", 408, "PRK", "North Korea", "East Asia"),
    ("KR", 410, "KOR", "South Korea", "East Asia"),
)
UA, RU, KP, KR = range(4)

# Share of each event type (roughly ACLED's Ukraine/Russia mix) and of each sub-type within its type.
TYPE_SHARES: dict[str, float] = {
    "Battles": 0.22, "Explosions/Remote violence": 0.58, "Violence against civilians": 0.03,
    "Protests": 0.08, "Riots": 0.01, "Strategic developments": 0.08,
}
SUB_TYPE_SHARES: dict[str, float] = {
    "Armed clash": 0.9, "Government regains territory": 0.07, "Non-state actor overtakes territory": 0.03,
    "Chemical weapon": 0.002, "Air/drone strike": 0.33, "Suicide bomb": 0.001,
    "Shelling/artillery/missile attack": 0.6, "Remote explosive/landmine/IED": 0.05, "Grenade": 0.017,
    "Sexual violence": 0.03, "Attack": 0.82, "Abduction/forced disappearance": 0.15,
    "Peaceful protest": 0.9, "Protest with intervention": 0.08, "Excessive force against protesters": 0.02,
    "Violent demonstration": 0.6, "Mob violence": 0.4,
    "Agreement": 0.04, "Arrests": 0.25, "Change to group/activity": 0.25, "Disrupted weapons use": 0.2,
    "Headquarters or base established": 0.03, "Looting/property destruction": 0.13,
    "Non-violent transfer of territory": 0.02, "Other": 0.08,
}
"""Unknown sub-types (should EVENT_TYPES grow) get a small share of their own."""

GEO_PRECISION_SHARES = (0.72, 0.18, 0.10)
TIME_PRECISION_SHARES = (0.92, 0.06, 0.02)
MODALITY_SHARES: dict[str, float] = {"asserted": 0.86, "future": 0.05, "hypothetical": 0.04, "negated": 0.05}
EXTRACTED_SHARE = 0.7
"""Share of events that came from our extraction (confidence, modality, source URL); the rest are imported."""

# Busier periods: (centre, width in days, extra weight) over a base of 1 per day.
BUSY_PERIODS: tuple[tuple[dt.date, float, float], ...] = (
    (dt.date(2022, 3, 15), 25, 3.0),    # the invasion's first weeks
    (dt.date(2022, 9, 15), 30, 1.2),    # Kharkiv and Kherson counter-offensives
    (dt.date(2023, 2, 20), 40, 0.8),    # Bakhmut
    (dt.date(2023, 6, 25), 35, 1.0),    # summer counter-offensive
    (dt.date(2024, 2, 15), 25, 0.6),    # Avdiivka
    (dt.date(2024, 8, 20), 30, 1.3),    # Kursk incursion
    (dt.date(2024, 11, 20), 40, 1.0),   # North Korean troops, Pokrovsk
)

# Points along the front line and the Kursk salient: fighting happens near them.
FRONT: tuple[tuple[float, float], ...] = (
    (48.02, 37.80), (48.59, 38.00), (48.28, 37.18), (49.71, 37.62), (47.57, 36.20), (47.10, 35.40),
    (46.64, 32.62), (50.00, 36.23), (51.30, 35.25), (50.60, 36.58), (47.10, 37.55), (48.95, 38.30),
)

# How each group of event types picks its place: country factor, population exponent, km scale to the front
# (None: anywhere), floor of the front factor.
PLACE_GROUPS: dict[str, tuple[tuple[float, float, float, float], float, float | None, float]] = {
    "front": ((1.0, 0.12, 0.0, 0.0), 0.35, 60.0, 0.0),
    "strike": ((1.0, 0.25, 0.004, 0.001), 0.7, 300.0, 0.04),
    "civic": ((1.0, 0.9, 0.25, 0.9), 1.0, None, 1.0),
}
GROUP_OF_TYPE = {"Battles": "front", "Explosions/Remote violence": "strike",
                 "Violence against civilians": "strike", "Protests": "civic", "Riots": "civic",
                 "Strategic developments": "civic"}

MILITARY = ("Military Forces of Ukraine", "Military Forces of Russia", "Military Forces of North Korea",
            "Military Forces of South Korea")
OPPONENT = (RU, UA, KR, KP)
WAGNER = "Wagner Group"
ACTOR_KINDS = ("Civilians", "Protesters", "Rioters", "Police Forces of", "Government of",
               "Unidentified Armed Group")

SOURCES: tuple[tuple[str, str], ...] = (
    ("Ukrainska Pravda", "National"), ("Kyiv Independent", "National"), ("Suspilne", "Subnational"),
    ("Ministry of Defence of Ukraine", "National"), ("Meduza", "National"), ("Mediazona", "National"),
    ("Telegram", "New media"), ("Reuters", "International"), ("Yonhap", "National"), ("KCNA", "National"),
    ("Institute for the Study of War", "Other"), ("Regional administration", "Subnational"),
)
INTER_OF_KIND = {"military": "State forces", "wagner": "Political militia", "Civilians": "Civilians",
                 "Protesters": "Protesters", "Rioters": "Rioters", "Police Forces of": "State forces",
                 "Government of": "State forces", "Unidentified Armed Group": "Political militia"}

# Note templates per type: {a1} {a2} the actors, {place} "Town, Region", {country}, {day} "18 October 2024".
TEMPLATES: dict[str, tuple[str, ...]] = {
    "Battles": (
        "On {day}, {a1} clashed with {a2} near {place}, {country}.",
        "Fighting between {a1} and {a2} was reported in and around {place} ({country}) on {day}.",
        "On {day}, {a1} attacked positions held by {a2} in the area of {place}, {country}.",
    ),
    "Explosions/Remote violence": (
        "On {day}, {a1} shelled {place}, {country}, damaging residential buildings.",
        "A drone launched by {a1} struck {place} ({country}) on the night of {day}.",
        "On {day}, {a1} fired missiles at {place}, {country}; several explosions were heard.",
    ),
    "Violence against civilians": (
        "On {day}, {a1} attacked civilians in {place}, {country}.",
        "Residents of {place} ({country}) said on {day} that {a1} had detained and beaten local people.",
    ),
    "Protests": (
        "On {day}, {a1} gathered in the centre of {place}, {country}, holding placards.",
        "{a1} marched through {place} ({country}) on {day} to demand the return of mobilised soldiers.",
    ),
    "Riots": (
        "On {day}, {a1} clashed with police in {place}, {country}, throwing stones at officers.",
        "A crowd of {a1} attacked a local administration building in {place} ({country}) on {day}.",
    ),
    "Strategic developments": (
        "On {day}, {a1} reported new activity in {place}, {country}.",
        "Authorities in {place} ({country}) announced on {day} measures taken by {a1}.",
    ),
}
DEATHS = ("No casualties were reported.", "One person was reported killed.",
          "{n} people were reported killed, according to local officials.")
FILLERS = (
    "The regional administration said rescue work continued into the evening.",
    "The report could not be independently verified.",
    "Local officials reported damage to power lines and a school.",
    "Residents were told to stay in shelters until the all-clear.",
    "Both sides later gave conflicting accounts of what had happened.",
    "Monitoring groups said the area had seen similar incidents in recent weeks.",
)
NOTE_MIN, NOTE_MAX = 100, 300


@lru_cache(maxsize=1)
def place_pool() -> pd.DataFrame:
    """The gazetteer's towns with a population in the four countries: name, admin1 name, country, coordinates,
    population, region point (for geo_precision 3). Sorted by gazetteer position, so the pool is deterministic."""
    from geodata.places.gazetteer import load_gazetteer

    gaz = load_gazetteer()
    data = gaz._d  # the Gazetteer's column arrays: no public accessor to select places in bulk
    codes = np.asarray(data["country_code"], dtype=object)
    kinds = np.asarray(data["kind"])
    population = np.asarray(data["population"])
    country_of = {code: i for i, (code, *_rest) in enumerate(COUNTRIES)}
    wanted = np.isin(codes, list(country_of)) & (kinds == 2) & (population > 0)
    rows = []
    for idx in np.flatnonzero(wanted).tolist():
        place = gaz.place(idx)
        region = gaz.region(place.admin1) if place.admin1 else None
        rows.append((place.name, region.name if region else "", country_of[place.country_code], place.lat,
                     place.lon, place.population, region.lat if region else place.lat,
                     region.lon if region else place.lon))
    return pd.DataFrame(rows, columns=["name", "admin1", "country", "lat", "lon", "population", "region_lat",
                                       "region_lon"])


def _front_km(lat: np.ndarray, lon: np.ndarray) -> np.ndarray:
    """Distance in km from each point to the nearest front point (equirectangular: fine at this scale)."""
    front = np.asarray(FRONT)
    dlat = lat[:, None] - front[None, :, 0]
    dlon = (lon[:, None] - front[None, :, 1]) * np.cos(np.radians(front[None, :, 0]))
    return np.sqrt(dlat ** 2 + dlon ** 2).min(axis=1) * 111.2


def _place_weights(pool: pd.DataFrame) -> dict[str, np.ndarray]:
    country = pool["country"].to_numpy()
    population = pool["population"].to_numpy(dtype="float64")
    km = _front_km(pool["lat"].to_numpy(), pool["lon"].to_numpy())
    out = {}
    for group, (factors, exponent, scale, floor) in PLACE_GROUPS.items():
        weight = np.asarray(factors)[country] * population ** exponent
        if scale is not None:
            weight = weight * (np.exp(-km / scale) + floor)
        out[group] = weight / weight.sum()
    return out


def _day_weights(days: pd.DatetimeIndex) -> np.ndarray:
    weight = np.ones(len(days))
    ordinal = (days - pd.Timestamp(FIRST_DAY)).days.to_numpy(dtype="float64")
    for centre, width, extra in BUSY_PERIODS:
        at = (centre - FIRST_DAY).days
        weight += extra * np.exp(-0.5 * ((ordinal - at) / width) ** 2)
    return weight / weight.sum()


def _choice(rng: np.random.Generator, n: int, shares: np.ndarray) -> np.ndarray:
    """n indices drawn with the given (unnormalised) shares; searchsorted on the cumulative sum is exact and
    does not depend on numpy's choice() implementation."""
    cumulative = np.cumsum(np.asarray(shares, dtype="float64"))
    return np.searchsorted(cumulative / cumulative[-1], rng.random(n), side="right").clip(0, len(shares) - 1)


def _hex_ids(n: int, seed: int) -> np.ndarray:
    """16 hex digits per row from a bijective 64-bit mix (splitmix64) of (seed, row): unique, reproducible."""
    with np.errstate(over="ignore"):
        z = (np.arange(n, dtype=np.uint64) + np.uint64(seed % (1 << 32)) * np.uint64(1 << 32)
             + np.uint64(0x9E3779B97F4A7C15))
        z = (z ^ (z >> np.uint64(30))) * np.uint64(0xBF58476D1CE4E5B9)
        z = (z ^ (z >> np.uint64(27))) * np.uint64(0x94D049BB133111EB)
        z = z ^ (z >> np.uint64(31))
    text = z.astype(">u8").tobytes().hex().encode("ascii")
    return np.frombuffer(text, dtype="S16").astype("U16").astype(object)


def _categorical(codes: np.ndarray, categories: list[str]) -> pd.Categorical:
    """A categorical from codes into a list of strings (repeats allowed); "" becomes missing."""
    uniques, inverse = np.unique(np.asarray(categories, dtype=str), return_inverse=True)
    remap = inverse.astype(np.int64)
    if uniques.size and uniques[0] == "":
        remap -= 1  # the blank sorts first: it becomes code -1, missing
        uniques = uniques[1:]
    return pd.Categorical.from_codes(remap[np.asarray(codes, dtype=np.int64)],
                                     categories=pd.Index(uniques.astype(object), dtype="str"))


class _Actors:
    """Actor names as integer codes: one table of names, looked up by (kind, country)."""

    def __init__(self) -> None:
        self.names: list[str] = [""]
        self.index: dict[str, int] = {"": 0}
        self.kind: list[str] = [""]
        for name in (*MILITARY, WAGNER):
            self._add(name, "wagner" if name == WAGNER else "military")
        self.of_kind = np.zeros((len(ACTOR_KINDS), len(COUNTRIES)), dtype=np.int64)
        for k, kind in enumerate(ACTOR_KINDS):
            for c, (_code, _num, _iso3, country, _region) in enumerate(COUNTRIES):
                name = f"{kind} {country}" if kind.endswith(" of") else f"{kind} ({country})"
                self.of_kind[k, c] = self._add(name, kind)

    def _add(self, name: str, kind: str) -> int:
        self.index[name] = len(self.names)
        self.names.append(name)
        self.kind.append(kind)
        return self.index[name]

    def military(self, country: np.ndarray) -> np.ndarray:
        return np.asarray([self.index[m] for m in MILITARY])[country]

    def of(self, kind: str, country: np.ndarray) -> np.ndarray:
        return self.of_kind[ACTOR_KINDS.index(kind)][country]


def _assign_actors(rng: np.random.Generator, type_idx: np.ndarray, sub: np.ndarray, country: np.ndarray,
                   day: np.ndarray, sub_names: list[str]) -> tuple[np.ndarray, np.ndarray, _Actors]:
    """actor1 and actor2 codes by event type, country and date."""
    actors = _Actors()
    n = len(type_idx)
    a1 = np.zeros(n, dtype=np.int64)
    a2 = np.zeros(n, dtype=np.int64)
    u = rng.random((4, n))
    types = list(EVENT_TYPES)
    is_type = {name: type_idx == i for i, name in enumerate(types)}
    own = actors.military(country)
    enemy = actors.military(np.asarray(OPPONENT)[country])
    ua_mil, ru_mil, kp_mil = actors.index[MILITARY[UA]], actors.index[MILITARY[RU]], actors.index[MILITARY[KP]]

    # Battles: the two armies, either side attacking; Wagner until mid-2023; North Korean troops in Russia late on.
    battle = is_type.get("Battles", np.zeros(n, bool))
    russian_side = u[0] < np.where(country == RU, 0.3, 0.55)
    a1 = np.where(battle, np.where(russian_side, ru_mil, ua_mil), a1)
    a2 = np.where(battle, np.where(russian_side, ua_mil, ru_mil), a2)
    wagner = battle & (day < np.datetime64("2023-07-01")) & (u[1] < 0.2)
    a1 = np.where(wagner & russian_side, actors.index[WAGNER], a1)
    a2 = np.where(wagner & ~russian_side, actors.index[WAGNER], a2)
    korean = battle & (country == RU) & (day >= np.datetime64("2024-11-01")) & (u[1] < 0.35)
    a1 = np.where(korean & russian_side, kp_mil, a1)
    a2 = np.where(korean & ~russian_side, kp_mil, a2)

    # Strikes: the enemy's forces hit civilians or the country's own forces.
    strike = is_type.get("Explosions/Remote violence", np.zeros(n, bool))
    a1 = np.where(strike, np.where(u[2] < 0.93, enemy, own), a1)
    a2 = np.where(strike, np.where(u[3] < 0.4, actors.of("Civilians", country),
                                   np.where(u[3] < 0.8, own, 0)), a2)

    # Violence against civilians: foreign forces, unidentified groups or (in North Korea) the state.
    vac = is_type.get("Violence against civilians", np.zeros(n, bool))
    vac_actor = np.where(country == KP, own, np.where(u[2] < 0.7, enemy, actors.of("Unidentified Armed Group",
                                                                                    country)))
    a1 = np.where(vac, vac_actor, a1)
    a2 = np.where(vac, actors.of("Civilians", country), a2)

    # Demonstrations: protesters or rioters, the police where they intervened.
    protest = is_type.get("Protests", np.zeros(n, bool))
    peaceful = np.asarray([s == "Peaceful protest" for s in sub_names])[sub]
    a1 = np.where(protest, actors.of("Protesters", country), a1)
    a2 = np.where(protest & ~peaceful, actors.of("Police Forces of", country), a2)
    riot = is_type.get("Riots", np.zeros(n, bool))
    a1 = np.where(riot, actors.of("Rioters", country), a1)
    a2 = np.where(riot, np.where(u[3] < 0.5, actors.of("Police Forces of", country),
                                 np.where(u[3] < 0.8, actors.of("Civilians", country), 0)), a2)

    # Strategic developments: armies, governments and police (arrests).
    strategic = is_type.get("Strategic developments", np.zeros(n, bool))
    arrests = np.asarray([s == "Arrests" for s in sub_names])[sub]
    occupier = (country == UA) & (u[2] < 0.8)  # Russian forces set up, loot and arrest in occupied Ukraine
    sd_actor = np.where(u[2] < 0.55, own, np.where(occupier, enemy, actors.of("Government of", country)))
    a1 = np.where(strategic, np.where(arrests, actors.of("Police Forces of", country), sd_actor), a1)
    a2 = np.where(strategic & arrests, actors.of("Civilians", country), a2)
    return a1, a2, actors


def synthetic_events(n: int, seed: int = 0) -> pd.DataFrame:
    """n synthetic events in the event table layout (coerced), the same for the same n and seed."""
    if n < 0:
        raise ValueError("n must be >= 0")
    rng = np.random.default_rng([seed, 20220224])
    pool = place_pool()
    types = list(EVENT_TYPES)
    sub_names = [s for t in types for s in EVENT_TYPES[t]]
    sub_type_of = np.asarray([types.index(t) for t in types for _ in EVENT_TYPES[t]])

    # When: a day from the weighted calendar.
    days = pd.date_range(FIRST_DAY, LAST_DAY, freq="D")
    day_idx = _choice(rng, n, _day_weights(days))
    day = days.to_numpy().astype("datetime64[D]")[day_idx]

    # What: type, then sub-type within the type.
    type_idx = _choice(rng, n, np.asarray([TYPE_SHARES.get(t, 0.01) for t in types]))
    sub = np.empty(n, dtype=np.int64)
    for t in range(len(types)):
        rows = np.flatnonzero(type_idx == t)
        members = np.flatnonzero(sub_type_of == t)
        shares = np.asarray([SUB_TYPE_SHARES.get(sub_names[m], 0.01) for m in members])
        sub[rows] = members[_choice(rng, len(rows), shares)]

    # Where: a town by population (and, for fighting and strikes, nearness to the front).
    weights = _place_weights(pool)
    place = np.empty(n, dtype=np.int64)
    for group, weight in weights.items():
        rows = np.flatnonzero(np.isin(type_idx, [i for i, t in enumerate(types) if GROUP_OF_TYPE.get(t) == group]))
        place[rows] = _choice(rng, len(rows), weight)
    country = pool["country"].to_numpy()[place]
    geo_precision = _choice(rng, n, np.asarray(GEO_PRECISION_SHARES)) + 1
    lat = pool["lat"].to_numpy()[place].copy()
    lon = pool["lon"].to_numpy()[place].copy()
    near = geo_precision == 2
    lat[near] += rng.normal(0, 0.03, near.sum())
    lon[near] += rng.normal(0, 0.04, near.sum())
    regional = geo_precision == 3
    lat[regional] = pool["region_lat"].to_numpy()[place][regional]
    lon[regional] = pool["region_lon"].to_numpy()[place][regional]
    names = pool["name"].to_numpy(dtype=object)
    admin1 = pool["admin1"].to_numpy(dtype=object)
    # location codes: the town (0..len-1), or its region for geo_precision 3 (len..2 len-1)
    location_names = np.concatenate([names, np.where(admin1 != "", admin1, names)])
    location_code = np.where(regional, place + len(pool), place)
    location = location_names[location_code]

    # Who.
    a1, a2, actors = _assign_actors(rng, type_idx, sub, country, day, sub_names)

    # How bad: fatalities by type (negative binomial: mostly none, a long tail).
    nb_params = {"Battles": (0.5, 0.15), "Explosions/Remote violence": (0.25, 0.25),
                 "Violence against civilians": (0.6, 0.45), "Riots": (0.1, 0.6)}
    fatalities = np.zeros(n, dtype=np.int64)
    for t, name in enumerate(types):
        if name in nb_params:
            rows = np.flatnonzero(type_idx == t)
            fatalities[rows] = rng.negative_binomial(*nb_params[name], size=len(rows))

    time_precision = _choice(rng, n, np.asarray(TIME_PRECISION_SHARES)) + 1
    source = _choice(rng, n, np.ones(len(SOURCES)))
    extracted = rng.random(n) < EXTRACTED_SHARE
    modality_names = list(MODALITY_SHARES)
    modality = np.where(extracted, _choice(rng, n, np.asarray(list(MODALITY_SHARES.values()))), 0)
    confidence = np.where(extracted, np.round(0.35 + 0.64 * rng.beta(4, 1.5, n), 2), np.nan)
    lag = rng.integers(0, 4, n)
    template = rng.integers(0, 1 << 30, n)
    filler = rng.integers(0, len(FILLERS), (2, n))
    ids = _hex_ids(n, seed)

    notes = _notes(type_idx, template, day_idx, days, location, admin1[place], regional, country, a1, a2,
                   actors, fatalities, filler, types)

    country_codes = [c[0] for c in COUNTRIES]
    iso3 = np.asarray([c[2] for c in COUNTRIES], dtype=object)[country]
    event_id_cnty = iso3 + pd.Series(np.arange(1, n + 1)).astype(str).to_numpy(dtype=object)
    published = (day + lag.astype("timedelta64[D]")).astype("datetime64[s]")
    disorder = ["Demonstrations" if t in ("Protests", "Riots") else
                "Strategic developments" if t == "Strategic developments" else "Political violence" for t in types]
    inter_names = sorted(set(INTER_OF_KIND.values()) | {""})
    inter_of_actor = np.asarray([inter_names.index(INTER_OF_KIND.get(k, "")) for k in actors.kind])
    inter1, inter2 = inter_of_actor[a1], inter_of_actor[a2]
    pairs = [f"{x}-{y}" if y else (f"{x} only" if x else "") for x in inter_names for y in inter_names]
    civilians = np.asarray([k == "Civilians" for k in actors.kind])[a2]
    protest_type = type_idx == types.index("Protests") if "Protests" in types else np.zeros(n, bool)
    tag = np.where(protest_type, np.where(rng.random(n) < 0.7, 1, 2), 0)
    timestamp = (published.astype("int64") + 86_400 * 3 + rng.integers(0, 86_400, n))

    frame = pd.DataFrame({
        "event_id_cnty": pd.array(event_id_cnty, dtype="str"),
        "event_date": day.astype("datetime64[s]"),
        "year": day.astype("datetime64[Y]").astype(np.int64) + 1970,
        "time_precision": time_precision,
        "disorder_type": _categorical(type_idx, disorder),
        "event_type": _categorical(type_idx, types),
        "sub_event_type": _categorical(sub, sub_names),
        "actor1": _categorical(a1, actors.names),
        "assoc_actor_1": None,
        "inter1": _categorical(inter1, inter_names),
        "actor2": _categorical(a2, actors.names),
        "assoc_actor_2": None,
        "inter2": _categorical(inter2, inter_names),
        "interaction": _categorical(inter1 * len(inter_names) + inter2, pairs),
        "civilian_targeting": _categorical(civilians.astype(np.int64), ["", "Civilian targeting"]),
        "iso": np.asarray([c[1] for c in COUNTRIES])[country],
        "region": _categorical(country, [c[4] for c in COUNTRIES]),
        "country": _categorical(country, [c[3] for c in COUNTRIES]),
        "admin1": _categorical(place, admin1.tolist()),
        "location": _categorical(location_code, location_names.tolist()),
        "latitude": np.round(lat, 5),
        "longitude": np.round(lon, 5),
        "geo_precision": geo_precision,
        "source": _categorical(source, [s[0] for s in SOURCES]),
        "source_scale": _categorical(source, [s[1] for s in SOURCES]),
        "notes": pd.array(notes, dtype="str"),
        "fatalities": fatalities,
        "tags": _categorical(tag, ["", "crowd size=no report", "crowd size=around 100"]),
        "timestamp": timestamp,
        "event_id": pd.array(ids, dtype="str"),
        "date_precision": _categorical(time_precision - 1, ["day", "week", "month"]),
        "modality": _categorical(modality, modality_names),
        "country_code": _categorical(country, country_codes),
        "source_url": np.where(extracted, "https://news.example/" + np.asarray(country_codes, dtype=object)[country]
                               + "/" + ids, None),
        "published": np.where(extracted, published, np.datetime64("NaT")).astype("datetime64[s]"),
        "confidence": confidence,
        "origin": _categorical(extracted.astype(np.int64), ["imported", "extracted"]),
    })
    return coerce(frame)


def _notes(type_idx: np.ndarray, template: np.ndarray, day_idx: np.ndarray, days: pd.DatetimeIndex,
           location: np.ndarray, admin1: np.ndarray, regional: np.ndarray, country: np.ndarray, a1: np.ndarray,
           a2: np.ndarray, actors: _Actors, fatalities: np.ndarray, filler: np.ndarray,
           types: list[str]) -> list[str]:
    """One note per event, 100-300 characters: a template sentence naming the place, the toll, fillers."""
    flat: list[str] = []
    first: list[int] = []
    count: list[int] = []
    for name in types:
        options = TEMPLATES.get(name, ("On {day}, an event involving {a1} was reported in {place}, {country}.",))
        first.append(len(flat))
        count.append(len(options))
        flat.extend(options)
    chosen = np.asarray(first)[type_idx] + template % np.asarray(count)[type_idx]
    day_text = np.asarray([f"{d.day} {d:%B %Y}" for d in days], dtype=object)[day_idx]
    place = np.where(regional | (admin1 == "") | (admin1 == location), location, location + ", " + admin1)
    country_names = np.asarray([c[3] for c in COUNTRIES], dtype=object)[country]
    actor_names = np.asarray(actors.names, dtype=object)
    a1_text = actor_names[a1]
    a2_text = actor_names[a2]
    death = np.where(fatalities == 0, 0, np.where(fatalities == 1, 1, 2))
    notes = []
    for tpl, dy, pl, cy, x1, x2, dead, k, f1, f2 in zip(
            np.asarray(flat, dtype=object)[chosen].tolist(), day_text.tolist(), place.tolist(),
            country_names.tolist(), a1_text.tolist(), a2_text.tolist(), death.tolist(), fatalities.tolist(),
            filler[0].tolist(), filler[1].tolist(), strict=False):
        text = tpl.format(day=dy, place=pl, country=cy, a1=x1, a2=x2 or "unidentified forces")
        text = f"{text} {DEATHS[dead].format(n=k)} {FILLERS[f1]}"
        if len(text) < NOTE_MIN:
            text = f"{text} {FILLERS[(f1 + 1 + f2 % (len(FILLERS) - 1)) % len(FILLERS)]}"
        if len(text) > NOTE_MAX:
            text = text[:NOTE_MAX - 3].rsplit(" ", 1)[0] + "..."
        notes.append(text)
    return notes


def write_synthetic(n: int, out: str | Path, seed: int = 0, fmt: str = "acled") -> int:
    """Write n synthetic events as an ACLED CSV ("acled") or our CSV ("atlas"); returns the bytes written."""
    from geodata.formats import write_events

    if fmt not in ("acled", "atlas"):
        raise ValueError(f"unknown format {fmt!r}: expected acled or atlas")
    frame = synthetic_events(n, seed)
    data = write_events(frame, "acled" if fmt == "acled" else "csv")
    Path(out).write_bytes(data)
    return len(data)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.synthetic", description=__doc__.split("\n\n")[0])
    parser.add_argument("n", type=int, help="number of events")
    parser.add_argument("--out", required=True, help="CSV file to write")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--format", choices=("acled", "atlas"), default="acled",
                        help="ACLED's 31-column CSV (default) or Event Atlas' own CSV")
    args = parser.parse_args(argv)
    started = time.perf_counter()
    size = write_synthetic(args.n, args.out, args.seed, args.format)
    print(f"{args.n:,} events ({args.format}) -> {args.out}: {size / 1e6:.1f} MB in "
          f"{time.perf_counter() - started:.1f} s", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
