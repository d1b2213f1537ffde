"""The one event table layout (a pandas DataFrame) that extraction, storage, formats and the dashboard share.

The layout is a superset of ACLED's 31 export columns, in ACLED's order, followed by our own columns, so an
ACLED export loads and exports without loss and our CSV opens in tools that expect ACLED's column names.
Low-cardinality text columns are pandas categoricals: filtering a million events then compares small integer
codes instead of strings. Convert such a column with ``.astype("str")`` before free-text editing in a UI.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from collections.abc import Callable, Hashable, Iterable
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, cast
from urllib.parse import urlsplit

import numpy as np
import pandas as pd

from geodata.codes import (  # the controlled values, re-exported here as the layout's vocabulary
    DATE_PRECISIONS, EVENT_TYPES, GEO_PRECISIONS, MODALITIES, ORIGINS, TIME_PRECISIONS,
)

if TYPE_CHECKING:  # geopandas is imported only when a map layer is asked for: it is slow to import
    import geopandas

ACLED_COLUMNS: tuple[str, ...] = (
    "event_id_cnty", "event_date", "year", "time_precision", "disorder_type", "event_type", "sub_event_type",
    "actor1", "assoc_actor_1", "inter1", "actor2", "assoc_actor_2", "inter2", "interaction",
    "civilian_targeting", "iso", "region", "country", "admin1", "admin2", "admin3", "location", "latitude",
    "longitude", "geo_precision", "source", "source_scale", "notes", "fatalities", "tags", "timestamp",
)
OUR_COLUMNS: tuple[str, ...] = (
    "event_id", "date_precision", "modality", "country_code", "source_url", "published", "confidence", "origin",
)
COLUMNS: tuple[str, ...] = ACLED_COLUMNS + OUR_COLUMNS
"""All columns, in export order: ACLED's first, then ours."""

DATE_COLUMNS: tuple[str, ...] = ("event_date", "published")
INT_COLUMNS: tuple[str, ...] = ("year", "time_precision", "iso", "geo_precision", "fatalities", "timestamp")
FLOAT_COLUMNS: tuple[str, ...] = ("latitude", "longitude", "confidence")
TEXT_COLUMNS: tuple[str, ...] = ("event_id", "event_id_cnty", "notes", "source_url")
"""Free text or unique per event: plain strings, where a categorical would only add overhead."""
CATEGORY_COLUMNS: tuple[str, ...] = tuple(
    c for c in COLUMNS if c not in DATE_COLUMNS + INT_COLUMNS + FLOAT_COLUMNS + TEXT_COLUMNS)
NUMERIC_COLUMNS: tuple[str, ...] = INT_COLUMNS + FLOAT_COLUMNS

DATE_DTYPE = "datetime64[s]"
DTYPES: dict[str, str] = {
    **{c: DATE_DTYPE for c in DATE_COLUMNS},
    **{c: "Int64" for c in INT_COLUMNS},
    **{c: "float64" for c in FLOAT_COLUMNS},
    **{c: "str" for c in TEXT_COLUMNS},
    **{c: "category" for c in CATEGORY_COLUMNS},
}
DTYPES = {c: DTYPES[c] for c in COLUMNS}

SEARCH_COLUMNS: tuple[str, ...] = ("notes", "location", "actor1", "actor2")
"""The columns the free-text search of filter_events looks in."""

_DATE_FORMATS = ("%d %B %Y", "%d %b %Y", "%d-%B-%Y", "%d-%b-%Y", "%Y-%m", "%Y")
_ISO_PREFIX = re.compile(r"^(\d{4}-\d{2}-\d{2})[T ]")
_ALPHA2 = re.compile(r"^[A-Z]{2}$")


@dataclass(frozen=True)
class ValidationError:
    """One bad value: where it is (row label, and source line when known), which column, and why."""

    row: Hashable
    line: int | None
    column: str
    value: object
    reason: str

    def __str__(self) -> str:
        where = f"line {self.line}" if self.line is not None else f"row {self.row}"
        return f"{where}, column {self.column}: {self.reason}"


def empty_events() -> pd.DataFrame:
    """A frame with no events but every column and dtype, so code downstream needs no special case."""
    return coerce(pd.DataFrame(index=pd.RangeIndex(0)))


def parse_dates(values: pd.Series) -> pd.Series:
    """Day dates from ISO text ("2024-10-18", "2024-10-18T09:00"), ACLED's older "18 October 2024", date or
    datetime objects; NaT where unparseable. A time zone is dropped, not converted: the local day counts."""
    if isinstance(values.dtype, pd.DatetimeTZDtype):
        values = values.dt.tz_localize(None)
    if pd.api.types.is_datetime64_dtype(values.dtype):
        return values.dt.normalize().astype(DATE_DTYPE)
    text = values.astype("str").str.strip()
    parsed = pd.to_datetime(text, format="%Y-%m-%d", errors="coerce")
    left = parsed.isna() & text.notna() & (text != "")
    if left.any():
        rest = text[left]
        head = rest.str.extract(_ISO_PREFIX, expand=False)
        found = pd.to_datetime(head, format="%Y-%m-%d", errors="coerce")
        for fmt in _DATE_FORMATS:
            todo = found.isna()
            if not todo.any():
                break
            found[todo] = pd.to_datetime(rest[todo], format=fmt, errors="coerce")
        parsed[left] = found
    return parsed.astype(DATE_DTYPE)


def _numbers(values: pd.Series) -> pd.Series:
    """Floats from numbers or numeric text; NaN for anything else."""
    if pd.api.types.is_numeric_dtype(values.dtype) and not pd.api.types.is_bool_dtype(values.dtype):
        return values.astype("float64")
    return pd.to_numeric(values.astype("str").str.strip(), errors="coerce").astype("float64")


def _text(values: pd.Series) -> pd.Series:
    """Strings with empty cells as missing, since a CSV cannot tell an empty string from a missing one."""
    if pd.api.types.is_float_dtype(values.dtype) and (values.dropna() % 1 == 0).all():
        values = values.astype("Int64")  # whole numbers read as floats: 12.0 -> "12"
    values = values.astype("str")
    return values.mask(values.str.strip() == "")


def _category(values: pd.Series) -> pd.Series:
    """A categorical of strings with sorted categories (stable equality across sources, sorted UI choices) and
    no blank category."""
    if not isinstance(values.dtype, pd.CategoricalDtype):
        values = _text(values).astype("category")
    categories = values.cat.categories
    if categories.dtype != "str":
        strings = pd.CategoricalDtype(categories.astype("str"))
        values = pd.Series(pd.Categorical.from_codes(values.cat.codes, dtype=strings), index=values.index,
                           name=values.name)
    blank = [c for c in values.cat.categories if not c.strip()]
    if blank:
        values = values.cat.remove_categories(blank)
    if not values.cat.categories.is_monotonic_increasing:
        values = values.cat.reorder_categories(values.cat.categories.sort_values())
    return values


def coerce_column(name: str, values: pd.Series) -> pd.Series:
    """One column of the layout in its dtype (see `coerce`)."""
    kind = DTYPES[name]
    if kind == DATE_DTYPE:
        return parse_dates(values)
    if kind == "Int64":
        if isinstance(values.dtype, pd.Int64Dtype):
            return values
        numbers = _numbers(values)
        return numbers.where(numbers == np.floor(numbers)).astype("Int64")
    if kind == "float64":
        return _numbers(values)
    if kind == "category":
        return _category(values)
    return _text(values)


def coerce(df: pd.DataFrame) -> pd.DataFrame:
    """The frame in the layout: our columns in order with their dtypes (missing ones added as nulls), then any
    other columns unchanged (such as ``_line``). Values that cannot be converted become null: call
    ``validate`` first to hear about them."""
    nulls = pd.Series(None, index=df.index, dtype=object)
    out = {name: coerce_column(name, df[name] if name in df.columns else nulls) for name in COLUMNS}
    result = pd.DataFrame(out, index=df.index)
    for name in df.columns:
        if name not in DTYPES:
            result[name] = df[name]
    return result


def from_records(records: list[dict[str, object]]) -> pd.DataFrame:
    """The layout built straight from trusted Python values (our extractor's rows), in the dtypes `coerce`
    gives. `coerce` pays pandas' per-operation overhead forty columns over; for a few dozen rows from one
    article that overhead is the whole cost, so rows we made ourselves skip the parsing."""
    if not records:
        return empty_events()
    columns: dict[str, object] = {}
    for name in COLUMNS:
        values = [row.get(name) for row in records]
        kind = DTYPES[name]
        if kind == DATE_DTYPE:
            columns[name] = pd.Series(pd.to_datetime(values), dtype=DATE_DTYPE)
        elif kind == "Int64":
            columns[name] = pd.array(values, dtype="Int64")
        elif kind == "float64":
            columns[name] = np.array([np.nan if v is None else v for v in values], dtype="float64")
        elif kind == "category":
            present = sorted({str(v) for v in values if v is not None and str(v).strip()})
            codes = {c: i for i, c in enumerate(present)}
            categories = pd.CategoricalDtype(pd.Index(present, dtype="str"))
            columns[name] = pd.Categorical.from_codes(
                [codes.get(str(v), -1) if v is not None else -1 for v in values], dtype=categories)
        else:
            columns[name] = pd.array([None if v is None or not str(v).strip() else str(v) for v in values],
                                     dtype="str")
    return pd.DataFrame(columns)


def _missing(values: pd.Series) -> np.ndarray:
    """True where a cell is null or blank."""
    if pd.api.types.is_numeric_dtype(values.dtype) or pd.api.types.is_datetime64_any_dtype(values.dtype):
        return values.isna().to_numpy(dtype=bool)
    text = values.astype("str")
    return (text.isna() | (text.str.strip() == "")).to_numpy(dtype=bool)


def _column(df: pd.DataFrame, name: str) -> pd.Series:
    return df[name] if name in df.columns else pd.Series(index=df.index, dtype=DTYPES[name])


def _not_in(values: pd.Series, allowed: Iterable[object]) -> np.ndarray:
    """True where a value is present and not one of allowed."""
    present = ~_missing(values)
    return present & ~values.astype("str").str.strip().isin([str(a) for a in allowed]).to_numpy(dtype=bool)


Reason = str | Callable[[object, int], str]
"""A fixed message, or one made from the bad value and its position."""


def validate(df: pd.DataFrame) -> list[ValidationError]:
    """Every bad value in a frame (raw text or coerced), each named by row, source line (from a ``_line`` column)
    and column; an empty list means ``coerce`` loses nothing and the frame can be stored."""
    problems: list[tuple[np.ndarray, str, Reason]] = []

    def check(mask: np.ndarray, column: str, reason: Reason) -> None:
        if mask.any():
            problems.append((mask, column, reason))

    check(_missing(_column(df, "event_id")), "event_id", "missing event_id")

    for name in DATE_COLUMNS:
        raw = _column(df, name)
        missing = _missing(raw)
        if name == "event_date":
            check(missing, name, "missing event date")
        check(~missing & parse_dates(raw).isna().to_numpy(), name,
              lambda v, _: f"bad date {v!r}: expected YYYY-MM-DD or '18 October 2024'")

    numbers = {name: _numbers(_column(df, name)) for name in NUMERIC_COLUMNS}
    for name in NUMERIC_COLUMNS:
        check(~_missing(_column(df, name)) & numbers[name].isna().to_numpy(), name,
              lambda v, _: f"not a number: {v!r}")
    for name in INT_COLUMNS:
        nums = numbers[name]
        check((nums.notna() & (nums != np.floor(nums))).to_numpy(dtype=bool), name,
              lambda v, _: f"not a whole number: {v!r}")
    for name, low, high in (("latitude", -90, 90), ("longitude", -180, 180), ("confidence", 0, 1)):
        nums = numbers[name]
        check((nums.notna() & ~nums.between(low, high)).to_numpy(dtype=bool), name, _outside(name, low, high))
    check(~_missing(_column(df, "latitude")) & _missing(_column(df, "longitude")), "longitude",
          "latitude given without longitude")
    check(~_missing(_column(df, "longitude")) & _missing(_column(df, "latitude")), "latitude",
          "longitude given without latitude")
    check((numbers["fatalities"] < 0).to_numpy(dtype=bool), "fatalities", lambda v, _: f"negative fatalities: {v}")
    for name, allowed in (("geo_precision", GEO_PRECISIONS), ("time_precision", TIME_PRECISIONS)):
        nums = numbers[name]
        check((nums.notna() & ~nums.isin(list(allowed))).to_numpy(dtype=bool), name, _unknown(name, "1, 2 or 3"))

    for name, names in (("date_precision", DATE_PRECISIONS), ("modality", MODALITIES), ("origin", ORIGINS)):
        check(_not_in(_column(df, name), names), name, _unknown(name, f"one of {', '.join(names)}"))

    event_type = _column(df, "event_type")
    check(_missing(event_type), "event_type", "missing event_type")
    unknown_type = _not_in(event_type, EVENT_TYPES)
    check(unknown_type, "event_type", lambda v, _: f"unknown event_type {v!r}")
    sub = _column(df, "sub_event_type")
    types = event_type.astype("str").str.strip()
    pairs = {f"{t}\x1f{s}" for t, subs in EVENT_TYPES.items() for s in subs}
    known_pair = (types + "\x1f" + sub.astype("str").str.strip()).isin(pairs).to_numpy(dtype=bool)
    check(~_missing(sub) & ~_missing(event_type) & ~unknown_type & ~known_pair, "sub_event_type",
          lambda v, pos: f"unknown event_type / sub_event_type pair: {types.iloc[pos]!r} / {v!r}")

    code = _column(df, "country_code")
    check(~_missing(code) & ~code.astype("str").str.match(_ALPHA2).fillna(False).to_numpy(dtype=bool),
          "country_code", lambda v, _: f"not an ISO 3166 alpha-2 code: {v!r}")

    return _collect(df, problems)


def _outside(name: str, low: float, high: float) -> Reason:
    return lambda v, _: f"{name} {v} outside [{low}, {high}]"


def _unknown(name: str, expected: str) -> Reason:
    return lambda v, _: f"unknown {name} {v!r}: expected {expected}"


def _collect(df: pd.DataFrame, problems: list[tuple[np.ndarray, str, Reason]]) -> list[ValidationError]:
    """Errors in row order, then column order, with the raw value each reason quotes."""
    lines = df["_line"].to_numpy() if "_line" in df.columns else None
    order = {c: i for i, c in enumerate(COLUMNS)}
    found: list[tuple[int, int, ValidationError]] = []
    for mask, column, reason in problems:
        raw = _column(df, column).to_numpy()
        for pos in (int(p) for p in np.flatnonzero(mask)):
            value = None if pd.isna(raw[pos]) else raw[pos]
            text = reason(value, pos) if callable(reason) else reason
            line = int(lines[pos]) if lines is not None and pd.notna(lines[pos]) else None
            found.append((pos, order.get(column, len(order)),
                          ValidationError(row=df.index[pos], line=line, column=column, value=value, reason=text)))
    found.sort(key=lambda item: (item[0], item[1]))
    return [error for _, _, error in found]


def to_python(values: pd.Series, iso_dates: bool = False) -> list[object]:
    """Plain Python values of a column for drivers and JSON: date (or "YYYY-MM-DD" text), int, float, str, and
    None for every kind of null."""
    if pd.api.types.is_datetime64_any_dtype(values.dtype):
        out = (values.dt.strftime("%Y-%m-%d") if iso_dates else values.dt.date).astype(object)
    else:
        out = values.astype(object)
    return out.where(values.notna(), None).tolist()


def split_valid(df: pd.DataFrame) -> tuple[pd.DataFrame, list[ValidationError]]:
    """Good rows coerced to the layout, and the errors of the rows left out: one bad cell drops its whole row.
    Rows are told apart by position, so a frame with repeated index labels loses no good row."""
    errors = validate(df.set_axis(pd.RangeIndex(len(df)), axis=0))
    bad = np.zeros(len(df), dtype=bool)
    bad[[cast(int, e.row) for e in errors]] = True   # validated on a RangeIndex: rows are positions
    labelled = [replace(e, row=df.index[e.row]) for e in errors]
    return coerce(df[~bad]), labelled


def to_geodataframe(df: pd.DataFrame, drop_missing: bool = False) -> geopandas.GeoDataFrame:
    """Events as EPSG:4326 points. Rows without coordinates are kept with a missing (None) geometry by default,
    so that a table and its map layer hold the same events; pass drop_missing=True for a map layer only."""
    import geopandas
    import shapely

    lon = pd.to_numeric(df["longitude"], errors="coerce").to_numpy(dtype="float64")
    lat = pd.to_numeric(df["latitude"], errors="coerce").to_numpy(dtype="float64")
    has_point = ~(np.isnan(lon) | np.isnan(lat))
    points = np.full(len(df), None, dtype=object)
    points[has_point] = shapely.points(lon[has_point], lat[has_point])
    gdf = geopandas.GeoDataFrame(df, geometry=geopandas.GeoSeries(points, index=df.index, crs="EPSG:4326"))
    return gdf[has_point] if drop_missing else gdf


def _normal_text(text: str | None) -> str:
    return " ".join(unicodedata.normalize("NFKC", text or "").casefold().split())


def _normal_source(source: str) -> str:
    """A URL without scheme, "www.", fragment and trailing slash, so http/https copies of an article agree."""
    text = _normal_text(source)
    if "://" in text:
        parts = urlsplit(text)
        host = parts.netloc.removeprefix("www.")
        text = host + parts.path.rstrip("/") + (f"?{parts.query}" if parts.query else "")
    return text


def make_event_id(source: str, sentence: str, location: str | None = None) -> str:
    """A stable id (16 hex digits of SHA-1) from the article, the sentence and the place, so re-ingesting an
    article updates its events instead of duplicating them. Changing the normalisation would orphan stored ids."""
    key = "\x1f".join((_normal_source(source), _normal_text(sentence), _normal_text(location)))
    return hashlib.sha1(key.encode("utf-8")).hexdigest()[:16]
