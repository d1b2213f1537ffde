"""Kenya's constituencies and wards, from the IEBC listing the `kenya-data` package ships (MIT).

Kenyan reports place events by constituency, sub-county, ward or town estate ("riots in Mathare",
"residents of Njiru", "in Kisauni") far more often than GeoNames' populated places name them. The package
places each of the 290 constituencies; a ward is placed at its constituency's point (a ward lies within a
few tens of kilometres of it). Both enter as regions below the county (GeoNames-style ADM2 and ADM3), in
the county the ISO code of which has the same name.
"""

from __future__ import annotations

import contextlib
import re
import sqlite3
from collections import Counter
from importlib import resources
from pathlib import Path

from geodata.places.gazetteer.english import is_false_friend, is_frequent_word
from geodata.places.normalize import normalize

PACKAGE = "kenya_data"
COUNTRY = "KE"
# "Dandora Area II", "Kayole Central", "Nyalenda 'a'": the wards of one place numbered or split by compass;
# the place itself is named without the tail
_TAIL = re.compile(r"\s+(?:(?:area\s+)?(?:i{1,3}|iv|v|vi{0,3})|'?[ab]'?|north|south|east|west|central|"
                   r"north\s*east|north\s*west|south\s*east|south\s*west)$", re.IGNORECASE)
_ROMAN = re.compile(r"\b(I{1,3}|Iv|Vi{0,3})$", re.IGNORECASE)


def database() -> Path:
    return Path(str(resources.files(PACKAGE) / "kenya.db"))


def _open() -> contextlib.closing[sqlite3.Connection]:
    """The package's database, read-only, closed when the `with` block ends (sqlite3's own `with` only
    commits)."""
    return contextlib.closing(sqlite3.connect(f"file:{database()}?mode=ro", uri=True))


WORD_ZIPF = 2.5   # a one-word ward name this common in English is a word or a person's name ("Tudor", "Rhoda")


def _is_word(name: str) -> bool:
    """An English word ("Township", "Tudor"): in English text not the ward. (A given name such as "Njiru"
    stays: the geoparser's guards tell the person from the place by the words around it.)"""
    if " " in name.strip():
        return is_false_friend(name)
    from wordfreq import zipf_frequency

    key = normalize(name)
    return len(name) < 4 or zipf_frequency(key, "en") >= WORD_ZIPF or is_frequent_word(name)


def names_of(raw: str, taken: frozenset[str] = frozenset()) -> list[str]:
    """The names a unit is called by: each part of "Chuka/Igambang'ombe", with its compass word on either
    side ("South Imenti", "Imenti South"). A part that reads as an English
    word ("Township", "Tudor") names nothing, and one that is already a county's
    or a town's name (`taken`, folded) stays theirs."""
    out: list[str] = []
    for part in raw.split("/"):
        name = _ROMAN.sub(lambda m: m.group(1).upper(), " ".join(part.split()))
        for form in (name, *_turned(name)):
            if form not in out and normalize(form) not in taken and not _is_word(form):
                out.append(form)
    return out


_COMPASS = "north|south|east|west|central"
_COMPASS_FIRST = re.compile(rf"^({_COMPASS})\s+(.+)$", re.IGNORECASE)
_COMPASS_LAST = re.compile(rf"^(.+?)\s+({_COMPASS})$", re.IGNORECASE)


def _turned(name: str) -> list[str]:
    """ "Imenti South" for "South Imenti" and "North Kilifi" for "Kilifi North": reports put the compass
    word on either side of a unit's name."""
    first, last = _COMPASS_FIRST.match(name), _COMPASS_LAST.match(name)
    if first:
        return [f"{first.group(2)} {first.group(1)}"]
    return [f"{last.group(2)} {last.group(1)}"] if last else []


def base_of(name: str, taken: frozenset[str] = frozenset()) -> str | None:
    """ "Dandora" of "Dandora Area II", "Kayole" of "Kayole North": the place a numbered or compass ward is
    part of; None when there is no tail, or the rest is a word or already a county's or a town's name
    ("Nakuru" of "Nakuru East" is the town)."""
    base = _TAIL.sub("", name)
    return None if base == name or normalize(base) in taken or _is_word(base) else base


def county_codes(region_names: dict[str, str]) -> dict[str, str]:
    """County name in the package -> ISO 3166-2 code, matched by folded name ("Elgeyo/Marakwet" and
    "Elgeyo-Marakwet", "Nairobi City" and "Nairobi")."""
    def key(name: str) -> str:
        return re.sub(r"city$", "", re.sub(r"[^a-z]", "", normalize(name)))
    by_key = {key(name): code for name, code in region_names.items()}
    with _open() as db:
        return {name: by_key[key(name)] for (name,) in db.execute("SELECT name FROM counties")
                if key(name) in by_key}


Unit = tuple[list[str], str, str, float, float, int]   # names, feature code, county ISO code, lat, lon, people


def units(county_code: dict[str, str], taken: frozenset[str] = frozenset()) -> list[Unit]:
    """Every constituency (ADM2) and ward (ADM3); a name in `taken` (folded: the country's counties and
    towns) is left to them.

    Each gets its share of its county's latest census population: the IEBC draws constituencies and wards
    to near-equal populations, so the share is close, and it lets "Eastleigh" the Nairobi ward of fifty
    thousand outrank a namesake English town of twenty thousand as a county outranks a village.
    """
    with _open() as db:
        constituencies = db.execute(
            "SELECT k.id, k.name, c.name, c.id, x.latitude, x.longitude FROM constituencies k "
            "JOIN counties c ON c.id = k.county_id "
            "JOIN coordinates x ON x.entity_type = 'constituency' AND x.entity_id = k.id").fetchall()
        wards = db.execute("SELECT name, constituency_id FROM wards").fetchall()
        people = dict(db.execute(
            "SELECT entity_id, population FROM population_statistics p WHERE entity_type = 'county' "
            "AND reference_year = (SELECT MAX(reference_year) FROM population_statistics q "
            "WHERE q.entity_type = 'county' AND q.entity_id = p.entity_id)").fetchall())
    per_county = Counter(county_id for _, _, _, county_id, _, _ in constituencies)
    per_constituency = Counter(cid for _, cid in wards)
    out: list[Unit] = []
    at = {}
    for cid, name, county, county_id, lat, lon in constituencies:
        share = people.get(county_id, 0) // per_county[county_id]
        at[cid] = (county_code.get(county, ""), float(lat), float(lon), share)
        names = names_of(name, taken)
        if names:
            out.append((names, "ADM2", *at[cid]))
    # wards split from one place ("Kayole North", "Kayole Central") make that place ("Kayole") a name of its
    # own; the tail of a single ward ("Kubo South") is only that ward's other name
    parts: dict[tuple[int, str], list[list[str]]] = {}
    for name, cid in wards:
        names = names_of(name, taken)
        if not names or cid not in at:
            continue
        code, lat, lon, share = at[cid]
        out.append((names, "ADM3", code, lat, lon, share // per_constituency[cid]))
        for own in names:
            base = base_of(own, taken)
            if base is not None:
                parts.setdefault((cid, base), []).append(out[-1][0])
    for (cid, base), split in parts.items():
        if len(split) == 1:
            split[0].append(base)
        else:
            code, lat, lon, share = at[cid]
            out.append(([base], "ADM3", code, lat, lon, share * len(split) // per_constituency[cid]))
    return out
