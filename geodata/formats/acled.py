"""ACLED CSV exports in and out, of every era: today's API columns, the 2019-2020 export tool's, and the
UPPERCASE files of 2015 with ``GWNO``, ``ALLY_ACTOR_1/2`` and the pre-2019 event types.

ACLED's columns are part of the event table layout under the same names, so reading maps nothing but the derived
columns: event_id ("acled:" + event_id_cnty), date_precision (from time_precision), country_code (from ``iso3``,
the ISO numeric code, else the country name), modality "asserted" and origin "imported". Confidence stays
empty: it scores machine extraction, and ACLED's coding is curated. Older names and types are mapped by
`acled_eras`; monadic exports (one row per actor) are merged into one event with both actors.
"""

from __future__ import annotations

import os
from functools import lru_cache

import pandas as pd
import pycountry

from geodata.formats.acled_eras import canonical_types, merge_monadic, rename_columns
from geodata.formats.base import (
    Format,
    FormatError,
    Head,
    ImportResult,
    map_unique,
    one_chunk,
)
from geodata.formats.filedates import file_years, to_iso
from geodata.formats.tabular import (
    decimal_points,
    fill_event_ids,
    finish_import,
    read_table,
    to_csv_bytes,
)
from geodata.schema import ACLED_COLUMNS, TIME_PRECISIONS, coerce

REQUIRED_COLUMNS: tuple[str, ...] = ("event_date", "event_type", "latitude", "longitude")
PLACE_COLUMNS: tuple[str, ...] = ("location", "admin1", "country")
"""At least one of these must be present: an event needs a place name."""
ID_PREFIX = "acled:"

# ACLED spellings pycountry does not resolve, and ACLED's code 0 for Kosovo (no ISO 3166 numeric code).
_COUNTRY_NAMES: dict[str, str] = {
    "russia": "RU", "kosovo": "XK", "democratic republic of congo": "CD", "republic of congo": "CG",
    "palestine": "PS", "turkey": "TR", "ivory coast": "CI", "iran": "IR", "syria": "SY", "vietnam": "VN",
    "laos": "LA", "north korea": "KP", "south korea": "KR", "bolivia": "BO", "venezuela": "VE",
    "tanzania": "TZ", "moldova": "MD", "czech republic": "CZ", "eswatini": "SZ", "micronesia": "FM",
    "cape verde": "CV", "brunei": "BN", "east timor": "TL", "vatican city": "VA", "united states": "US",
    "united kingdom": "GB", "bosnia and herzegovina": "BA", "caribbean netherlands": "BQ",
}
_NUMERIC_EXTRA: dict[int, str] = {0: "XK"}
_PRECISION_NAMES: dict[str, str] = {str(code): name for code, name in TIME_PRECISIONS.items()}
_PRECISION_CODES: dict[str, int] = {name: code for code, name in TIME_PRECISIONS.items()}


def is_acled_header(names: set[str]) -> bool:
    """Whether a CSV header has what an ACLED import needs."""
    return set(REQUIRED_COLUMNS) <= names and bool(names & set(PLACE_COLUMNS))


@lru_cache(maxsize=1)
def _alpha2_by_numeric() -> dict[int, str]:
    table = {int(country.numeric): country.alpha_2 for country in pycountry.countries}
    return {**table, **_NUMERIC_EXTRA}


@lru_cache(maxsize=4096)
def country_code(name: str) -> str | None:
    """ISO alpha-2 code of a country name as ACLED spells it, or None."""
    key = name.strip().casefold()
    if key in _COUNTRY_NAMES:
        return _COUNTRY_NAMES[key]
    try:
        return pycountry.countries.lookup(name.strip()).alpha_2
    except LookupError:
        return None


def _alpha2_of_numeric(text: str) -> str | None:
    try:
        number = float(text)
    except ValueError:
        return None
    return _alpha2_by_numeric().get(int(number)) if 0 <= number <= 999 and number == int(number) else None


@lru_cache(maxsize=1024)
def _alpha2_of_alpha3(code: str) -> str | None:
    country = pycountry.countries.get(alpha_3=code.strip().upper()) if len(code.strip()) == 3 else None
    return "XK" if code.strip().upper() == "XKX" else (country.alpha_2 if country else None)


def _country_codes(frame: pd.DataFrame) -> pd.Series:
    """Alpha-2 codes from ACLED's `iso3` column, its ISO numeric `iso` column, else from the country name."""
    codes = pd.Series(pd.NA, index=frame.index, dtype="str")
    if "iso3" in frame.columns:
        codes = map_unique(frame["iso3"], _alpha2_of_alpha3).astype("str")
    if "iso" in frame.columns:
        from_iso = map_unique(frame["iso"], _alpha2_of_numeric).astype("str")
        codes = codes.fillna(from_iso)
    if "country" in frame.columns:
        missing = codes.isna()
        names = frame.loc[missing, "country"].dropna()
        codes.loc[names.index] = map_unique(names, country_code).astype("str")
    return codes


def from_acled(raw: pd.DataFrame) -> pd.DataFrame:
    """ACLED rows (text cells) with our derived columns added, still as text for validation."""
    frame = decimal_points(raw).copy()
    if "event_date" in frame.columns:
        frame["event_date"] = to_iso(frame["event_date"], file_years(frame.get("year")))
    frame = canonical_types(frame)
    if "event_id_cnty" in frame.columns:
        ids = frame["event_id_cnty"].astype("str").str.strip()
        frame["event_id"] = (ID_PREFIX + ids).mask(ids.isna() | (ids == ""))
        frame["event_id_cnty"] = ids
    else:
        frame["event_id"] = pd.NA
    frame["source_url"] = pd.NA  # ACLED's source column names publishers, not articles
    frame = fill_event_ids(frame)
    if "time_precision" in frame.columns:
        code = frame["time_precision"].astype("str").str.strip()
        frame["date_precision"] = code.map(_PRECISION_NAMES).mask(code.isna() | (code == ""), "day")
    else:
        frame["date_precision"] = "day"
    frame["country_code"] = _country_codes(frame)
    frame["modality"] = "asserted"
    frame["origin"] = "imported"
    return frame


def read_acled_csv(path: str | os.PathLike[str]) -> ImportResult:
    """Events from an ACLED CSV export; rows with a bad date, bad coordinates or an unknown event type are
    reported by line and skipped. Raises FormatError when the file is not an ACLED export."""
    table = read_table(path)
    frame = rename_columns(table.frame)
    names = set(frame.columns)
    if not is_acled_header(names):
        missing = [c for c in REQUIRED_COLUMNS if c not in names]
        if not names & set(PLACE_COLUMNS):
            missing.append("one of " + "/".join(PLACE_COLUMNS))
        raise FormatError(f"{path}: not an ACLED export: missing column(s) {', '.join(missing)}")
    events, merged = merge_monadic(from_acled(frame))
    return finish_import(events, table.errors, table.rows, merged=merged)


def to_acled(df: pd.DataFrame) -> pd.DataFrame:
    """Events in ACLED's 31 columns; year, time_precision and iso are filled from our columns where empty, so
    extracted events read like ACLED's own."""
    frame = coerce(df)
    year = frame["event_date"].dt.year.astype("Int64")
    frame["year"] = frame["year"].fillna(year)
    codes = frame["date_precision"].astype("str").map(_PRECISION_CODES).astype("Int64")
    frame["time_precision"] = frame["time_precision"].fillna(codes)
    numeric = frame["country_code"].astype("str").map(
        lambda code: int(c.numeric) if isinstance(code, str) and (c := pycountry.countries.get(alpha_2=code))
        else None).astype("Int64")
    frame["iso"] = frame["iso"].fillna(numeric)
    return frame[list(ACLED_COLUMNS)]


def to_acled_bytes(df: pd.DataFrame) -> bytes:
    """An ACLED-layout CSV, formulas defused as in our CSV."""
    return to_csv_bytes(to_acled(df), columns=ACLED_COLUMNS)


def sniff_acled(head: Head) -> bool:
    return is_acled_header(set(rename_columns(pd.DataFrame(columns=sorted(head.names))).columns))


FORMAT = Format(name="acled", label="ACLED CSV", suffixes=(".csv",), media_type="text/csv",
                sniff=sniff_acled, read=one_chunk(read_acled_csv), write=to_acled_bytes)
