"""UCDP Georeferenced Event Dataset (GED) CSV, as downloaded (CC BY 4.0), mapped to the event table layout.

One GED row is one event: ``date_start``/``date_end`` give the date and its precision (the span), ``where_prec``
the place precision, ``best`` the fatalities (``low`` and ``high`` kept in ``tags``), ``side_a``/``side_b`` the
actors, ``type_of_violence`` the event type (state-based and non-state conflict are battles, one-sided violence
is violence against civilians), ``source_headline`` the notes and ``source_article`` the source.
"""

from __future__ import annotations

import os

import numpy as np
import pandas as pd

from geodata.formats.acled import country_code
from geodata.formats.base import Format, FormatError, Head, ImportResult, one_chunk
from geodata.formats.filedates import file_years, to_iso
from geodata.formats.tabular import decimal_points, finish_import, read_table

ID_PREFIX = "ucdp:"
REQUIRED_COLUMNS: tuple[str, ...] = ("id", "date_start", "type_of_violence", "side_a", "latitude", "longitude")
VIOLENCE_TYPES: dict[str, tuple[str, str]] = {
    "1": ("Battles", "Armed clash"),           # state-based conflict
    "2": ("Battles", "Armed clash"),           # non-state conflict
    "3": ("Violence against civilians", "Attack"),   # one-sided violence
}
WHERE_PRECISION: dict[str, str] = {"1": "1", "2": "2", "3": "2", "4": "3", "5": "2", "6": "3", "7": "3"}
"""GED where_prec (1 exact place, 2 within 25 km, 3 second-order division, 4 first-order division, 5 a line
between places, 6 country, 7 waters or airspace) as our 1 town / 2 near a town or part of a region / 3 region."""


def _span_precision(start: pd.Series, end: pd.Series) -> pd.Series:
    """day when the event has one date; week, month or year as the span between start and end grows."""
    days = (pd.to_datetime(end, errors="coerce") - pd.to_datetime(start, errors="coerce")).dt.days
    precision = np.select([days.isna() | (days <= 0), days <= 7, days <= 31], ["day", "week", "month"], "year")
    return pd.Series(precision, index=start.index)


def _text(frame: pd.DataFrame, name: str) -> pd.Series:
    if name in frame.columns:
        return frame[name].astype("str").str.strip()
    return pd.Series(pd.NA, index=frame.index, dtype="str")


def from_ucdp(raw: pd.DataFrame) -> pd.DataFrame:
    """GED rows (text cells) in our columns, still as text for validation."""
    raw = decimal_points(raw)
    years = file_years(raw.get("year"))
    start = to_iso(_text(raw, "date_start"), years)
    end = to_iso(_text(raw, "date_end"), None) if "date_end" in raw.columns else start
    violence = _text(raw, "type_of_violence")
    kinds = violence.map(VIOLENCE_TYPES)
    precision = _span_precision(start, end)
    low, high = _text(raw, "low"), _text(raw, "high")
    tags = ("deaths_low=" + low.fillna("") + "; deaths_high=" + high.fillna("")).where(low.notna() | high.notna())
    frame = pd.DataFrame({
        "event_id": ID_PREFIX + _text(raw, "id"),
        "event_date": start,
        "year": _text(raw, "year"),
        "time_precision": precision.map({"day": "1", "week": "2", "month": "3"}),
        "date_precision": precision,
        "event_type": kinds.map(lambda pair: pair[0], na_action="ignore").fillna(
            "type_of_violence " + violence.fillna("")),
        "sub_event_type": kinds.map(lambda pair: pair[1], na_action="ignore"),
        "actor1": _text(raw, "side_a"),
        "actor2": _text(raw, "side_b"),
        "region": _text(raw, "region"),
        "country": _text(raw, "country"),
        "admin1": _text(raw, "adm_1"),
        "admin2": _text(raw, "adm_2"),
        "location": _text(raw, "where_coordinates"),
        "latitude": _text(raw, "latitude"),
        "longitude": _text(raw, "longitude"),
        "geo_precision": _text(raw, "where_prec").map(WHERE_PRECISION),
        "source": _text(raw, "source_article"),
        "notes": _text(raw, "source_headline"),
        "fatalities": _text(raw, "best"),
        "tags": tags,
        "modality": "asserted",
        "origin": "imported",
        "_line": raw["_line"],
    }, index=raw.index)
    where = _text(raw, "where_prec")
    frame["geo_precision"] = frame["geo_precision"].where(where.isna() | frame["geo_precision"].notna(),
                                                          "where_prec " + where)   # reported by validation
    frame["location"] = frame["location"].fillna(frame["admin2"]).fillna(frame["admin1"]).fillna(frame["country"])
    frame["country_code"] = frame["country"].map(lambda name: country_code(name) if isinstance(name, str) else None)
    return frame


def read_ucdp_csv(path: str | os.PathLike[str]) -> ImportResult:
    """Events from a UCDP GED CSV; bad rows are reported by line and skipped."""
    table = read_table(path)
    missing = [c for c in REQUIRED_COLUMNS if c not in table.frame.columns]
    if missing:
        raise FormatError(f"{path}: not a UCDP GED file: missing column(s) {', '.join(missing)}")
    return finish_import(from_ucdp(table.frame), table.errors, table.rows)


def sniff_ucdp(head: Head) -> bool:
    return {"date_start", "type_of_violence", "side_a", "side_b"} <= head.names


FORMAT = Format(name="ucdp", label="UCDP GED CSV", suffixes=(".csv",), media_type="text/csv",
                sniff=sniff_ucdp, read=one_chunk(read_ucdp_csv), write=None)
