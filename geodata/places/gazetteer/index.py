"""The loaded gazetteer: name lookup returning ranked candidate places."""

from __future__ import annotations

import math
from dataclasses import asdict, dataclass
from functools import cached_property
from typing import Any

import numpy as np

from geodata.places.gazetteer.sources import KINDS
from geodata.places.geo import haversine_km
from geodata.places.normalize import normalize, skeleton


@dataclass(frozen=True)
class Place:
    """One resolved gazetteer entry, as the rest of the project sees it."""

    id: int
    name: str
    kind: str
    feature_code: str
    country_code: str
    admin1: str
    lat: float
    lon: float
    population: int
    geonameid: int | None
    region_code: str | None

    def to_dict(self) -> dict[str, Any]:
        out = asdict(self)
        del out["id"]
        return out


@dataclass(frozen=True)
class Candidate:
    """A place a name may mean, with how the name matched it."""

    place: Place
    primary: bool       # the name is the place's main name, not one of its alternates
    loose: bool         # found only through the transliteration skeleton
    score: float        # prior from kind and population, before any document context


class Gazetteer:
    """Name -> places over the cached index; cheap to query, built by `gazetteer.build`."""

    def __init__(self, data: dict[str, Any]):
        self._d = data
        self._index: dict[str, int] = data["index"]
        self._postings = data["postings"]
        self._loose_index: dict[str, int] | None = data.get("loose_index")
        self._loose_postings = data.get("loose_postings")
        self._loose_path = data.get("loose_path")
        self.demonyms: dict[str, int] = data["demonyms"]
        self.word_zipf: dict[str, float] = data["word_zipf"]
        self.proper_zipf: dict[str, float] = data.get("proper_zipf", {})   # "english", "arab" (see build)
        self.first_names: frozenset[str] = data["first_names"]
        self.demonym_names: dict[str, str] = data["demonym_names"]
        self.abbreviations: dict[str, str] = data["abbreviations"]
        self.acronym_places: frozenset[str] = frozenset(data["acronym_places"])
        self._names: list[str] = data["names"]
        self._kind = data["kind"]
        self._lat = data["lat"]
        self._lon = data["lon"]
        self._pop = data["population"]
        self._gid = data["geonameid"]
        codes = data["country_code"]
        self._country_places = {codes[i]: i for i in np.flatnonzero(self._kind == 0).tolist()}
        self._region_places: dict[str, int] = {}
        for i in np.flatnonzero(self._kind == 1).tolist():  # ISO regions come before our supplement
            if data["region_code"][i]:
                self._region_places.setdefault(data["region_code"][i], i)
        self._places: dict[int, Place] = {}
        self.memo: dict[str, dict] = {}   # per-process caches of derived lookups (see geoparser.resolve)
        self._capitals: dict[str, int] | None = None

    @cached_property
    def dotted_abbreviations(self) -> frozenset[str]:
        """The abbreviations written with inner full stops, as written: "N.Y." and "D.C." are states, "L.A." is not."""
        from geodata.places.gazetteer.build import abbreviation_forms

        return frozenset(form for form in abbreviation_forms() if "." in form[:-1])

    def __len__(self) -> int:
        return len(self._names)

    def has_key(self, key: str) -> bool:
        """Whether a normalised name is in the index at all: the geoparser's hot path."""
        return key in self._index

    def place(self, idx: int) -> Place:
        cached = self._places.get(idx)
        if cached is None:
            d = self._d
            gid = int(self._gid[idx])
            cached = Place(
                id=idx, name=self._names[idx], kind=KINDS[int(self._kind[idx])],
                feature_code=d["feature_code"][idx], country_code=d["country_code"][idx],
                admin1=d["admin1"][idx], lat=float(self._lat[idx]), lon=float(self._lon[idx]),
                population=int(self._pop[idx]), geonameid=gid if gid >= 0 else None,
                region_code=d["region_code"][idx])
            self._places[idx] = cached
        return cached

    def country(self, code: str) -> Place | None:
        idx = self._country_places.get(code.upper())
        return None if idx is None else self.place(idx)

    def country_codes(self) -> list[str]:
        return sorted(self._country_places)

    def capital(self, country_code: str) -> Place | None:
        """The capital city: where an act of a government is placed when the text names no place."""
        if self._capitals is None:
            codes = self._d["feature_code"]
            self._capitals = {}
            for i in np.flatnonzero(self._kind == 2).tolist():
                if codes[i] == "PPLC":
                    self._capitals.setdefault(self._d["country_code"][i], i)
        idx = self._capitals.get(country_code.upper())
        return None if idx is None else self.place(idx)

    def region(self, code: str) -> Place | None:
        idx = self._region_places.get(code.upper())
        return None if idx is None else self.place(idx)

    def candidates_for_key(self, key: str, loose: bool = False, limit: int = 1023) -> list[Candidate]:
        """Candidates of an already normalised name, most likely first by prior alone.

        Postings are stored biggest first (countries, regions, features, then towns by population), so
        a `limit` keeps the plausible ones without building the long tail of hamlets.
        """
        slot = self._index.get(key)
        postings, is_loose = self._postings, False
        if slot is None and loose:
            skel = skeleton(key)
            slot = self._index.get(skel)
            if slot is None:
                loose_index, postings = self._loose()
                slot = loose_index.get(skel)
            is_loose = True
        if slot is None:
            return []
        start, count = divmod(slot, 1024)
        count = min(count, limit)
        out = []
        seen: set[int] = set()
        for code in postings[start:start + count].tolist():
            idx, primary = divmod(code, 2)
            if idx in seen:
                continue
            seen.add(idx)
            place = self.place(idx)
            out.append(Candidate(place, bool(primary), is_loose, prior(place, bool(primary), is_loose)))
        out.sort(key=lambda c: -c.score)
        return out

    def _loose(self) -> tuple[dict[str, int], Any]:
        if self._loose_index is None:
            from geodata.places.gazetteer.build import load_loose

            if self._loose_path is None:
                raise FileNotFoundError("the gazetteer index has no transliteration part; delete the cache folder")
            data = load_loose(self._loose_path)
            self._loose_index, self._loose_postings = data["loose_index"], data["loose_postings"]
        return self._loose_index, self._loose_postings

    def lookup(self, name: str, country: str | None = None, kind: str | None = None,
               limit: int = 10) -> list[Candidate]:
        """Ranked candidates for a free-form name, optionally within a country or of one kind."""
        found = prefer_towns_over_regions(self.candidates_for_key(normalize(name), loose=True))
        found.sort(key=lambda c: -c.score)
        if country:
            found = [c for c in found if c.place.country_code == country.upper()]
        if kind:
            found = [c for c in found if c.place.kind == kind]
        return found[:limit]

    def demonym(self, key: str) -> Place | None:
        idx = self.demonyms.get(key)
        return None if idx is None else self.place(idx)


_KIND_PRIOR = {"country": 9.0, "region": 3.0, "feature": 4.0, "city": 0.0}


def prior(place: Place, primary: bool, loose: bool) -> float:
    """Document-free plausibility: bigger and more important places are named more often."""
    score = _KIND_PRIOR[place.kind] + math.log10(place.population + 10)
    if place.kind == "city":
        if place.feature_code == "PPLC":
            score += 2.0
    if primary:
        score += 1.0
    elif place.kind == "region":
        score -= 2.0  # "Columbus" is the Ohio city before it is an old name of Honduras' Colón
    if loose:
        score -= 1.5
    return score


SAME_SPOT_KM = 80
ADMINISTRATIVE = ("ADM1", "ADM2")   # our curated regions ("Gaza Strip", "Donbas") mean what their names say


def prefer_towns_over_regions(found: list[Candidate]) -> list[Candidate]:
    """Lower a region that shares a town's name only as an alias or because it is that town.

    A bare "Poltava" is the city: the oblast is called so only by an alias ("Poltava (eng)"). "Kyiv",
    "Pyongyang", "Bamako" are capitals with the status of a region, and "Mopti" a town that names the region
    around it: a big town of the name near the region's point is what a bare name means. So is the
    country's capital wherever it lies ("Washington" is the seat of government before the state).
    """
    towns = [c for c in found if c.place.kind == "city"]
    if not towns:
        return found
    named_so = {c.place.admin1 for c in towns if c.primary}

    def same_spot(region: Candidate) -> bool:
        return any(c.primary and c.place.population >= 100_000 and c.place.country_code == region.place.country_code
                   and (haversine_km(c.place.lat, c.place.lon, region.place.lat, region.place.lon) < SAME_SPOT_KM
                        or c.place.feature_code == "PPLC")
                   for c in towns)

    return [Candidate(c.place, c.primary, c.loose, c.score - 6.0)
            if c.place.kind == "region" and c.place.feature_code in ADMINISTRATIVE
            and (not c.primary and c.place.region_code in named_so or same_spot(c)) else c for c in found]
