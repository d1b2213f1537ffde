"""Kenya's constituencies and wards, from the IEBC listing the `kenya-data` package ships (MIT).

Kenyan reports place events by constituency, sub-county, ward or town estate ("riots in Mathare",
"residents of Njiru", "in Kisauni") far more often than GeoNames' populated places name them. The package
places each of the 290 constituencies; a ward is placed at its constituency's point (a ward lies within a
few tens of kilometres of it). Both enter as regions below the county (GeoNames-style ADM2 and ADM3), in
the county the ISO code of which has the same name.
"""

from __future__ import annotations

import re
import sqlite3
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


WORD_ZIPF = 2.5   # a one-word ward name this common in English is a word or a person's name ("Tudor", "Rhoda")


def _is_word(name: str) -> bool:
    if " " in name.strip():
        return is_false_friend(name)
    from wordfreq import zipf_frequency

    return len(name) < 4 or zipf_frequency(normalize(name), "en") >= WORD_ZIPF or is_frequent_word(name)


def names_of(raw: str, taken: frozenset[str] = frozenset()) -> list[str]:
    """The names a unit is called by: each part of "Chuka/Igambang'ombe", and "Dandora" for "Dandora Area
    II". A part that reads as an English word or a person's name ("Township", "Hospital", "Tudor") names
    nothing, and one that is already a county's or a town's name (`taken`, folded) stays theirs: "Nakuru"
    of the ward "Nakuru East" is the town."""
    out: list[str] = []
    for part in raw.split("/"):
        part = " ".join(part.split())
        part = _ROMAN.sub(lambda m: m.group(1).upper(), part)
        for name in (part, _TAIL.sub("", part)):
            if name not in out and normalize(name) not in taken and not _is_word(name):
                out.append(name)
    return out


def county_codes(region_names: dict[str, str]) -> dict[str, str]:
    """County name in the package -> ISO 3166-2 code, matched by folded name ("Elgeyo/Marakwet" and
    "Elgeyo-Marakwet", "Nairobi City" and "Nairobi")."""
    def key(name: str) -> str:
        return re.sub(r"city$", "", re.sub(r"[^a-z]", "", normalize(name)))
    by_key = {key(name): code for name, code in region_names.items()}
    with sqlite3.connect(f"file:{database()}?mode=ro", uri=True) as db:
        return {name: by_key[key(name)] for (name,) in db.execute("SELECT name FROM counties")
                if key(name) in by_key}


def units(county_code: dict[str, str], taken: frozenset[str] = frozenset()
          ) -> list[tuple[list[str], str, str, float, float]]:
    """(names, feature code, county ISO code, lat, lon) for every constituency (ADM2) and ward (ADM3); a name
    in `taken` (folded: the country's counties and towns) is left to them."""
    with sqlite3.connect(f"file:{database()}?mode=ro", uri=True) as db:
        constituencies = db.execute(
            "SELECT k.id, k.name, c.name, x.latitude, x.longitude FROM constituencies k "
            "JOIN counties c ON c.id = k.county_id "
            "JOIN coordinates x ON x.entity_type = 'constituency' AND x.entity_id = k.id").fetchall()
        wards = db.execute("SELECT name, constituency_id FROM wards").fetchall()
    out = []
    at = {}
    for cid, name, county, lat, lon in constituencies:
        at[cid] = (county_code.get(county, ""), float(lat), float(lon))
        names = names_of(name, taken)
        if names:
            out.append((names, "ADM2", *at[cid]))
    for name, cid in wards:
        names = names_of(name, taken)
        if names and cid in at:
            out.append((names, "ADM3", *at[cid]))
    return out
