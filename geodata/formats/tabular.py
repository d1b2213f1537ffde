"""Our CSV: every event table column, ACLED's first in ACLED's order, then ours; safe to open in a spreadsheet.

Text cells that a spreadsheet would run as a formula (starting with = + - @, tab or carriage return) are
written with a leading single quote; numeric columns are left alone, so a negative longitude stays a number.
Reading a CSV back removes no quote: we cannot tell our quote from one the author typed, and the analyst saw
the quoted text in the spreadsheet, so the quote is kept as part of the value.
"""

from __future__ import annotations

import csv
import os
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from geodata.formats.base import (
    SQLITE_MAGIC,
    UTF16_BOMS,
    Format,
    FormatError,
    Head,
    ImportResult,
    RowError,
    detect_delimiter,
    one_chunk,
    row_errors,
)
from geodata.schema import (
    COLUMNS,
    DATE_COLUMNS,
    INT_COLUMNS,
    NUMERIC_COLUMNS,
    coerce,
    make_event_id,
    split_valid,
)

FORMULA_PREFIXES: tuple[str, ...] = ("=", "+", "-", "@", "\t", "\r")
INT_LIMITS: dict[str, tuple[int, int]] = {
    "year": (1, 9999), "time_precision": (0, 99), "iso": (0, 999), "geo_precision": (0, 99),
    "fatalities": (0, 10_000_000), "timestamp": (0, 10**13),
}
"""Whole-number columns beyond these bounds are garbage (1e308, 2**63), rejected before they reach a cast."""


@dataclass
class RawTable:
    """A CSV file as text cells (header names lower-cased), each row's first line number in ``_line``, and the
    rows that could not be split into the header's number of fields."""

    frame: pd.DataFrame
    errors: list[RowError]
    rows: int


def read_table(path: str | os.PathLike[str]) -> RawTable:
    """Cells of a CSV file as strings with line numbers (quoted cells may span lines); raises FormatError for a
    missing, binary, empty or header-less file. UTF-8 (with or without BOM), UTF-16 with a BOM (Excel's
    "Unicode text"), else Windows-1252 as saved by older spreadsheets (Latin-1 for its five unused bytes)."""
    location = Path(path)
    if not location.exists():
        raise FormatError(f"{location}: no such file")
    if not location.is_file():
        raise FormatError(f"{location}: not a file")
    with open(location, "rb") as handle:
        head = handle.read(65536)
    if head.startswith(SQLITE_MAGIC):
        raise FormatError(f"{location}: an SQLite database (a GeoPackage or an event store), not CSV text")
    if head.startswith(UTF16_BOMS):
        return _parse(location, "utf-16")
    if b"\x00" in head:
        raise FormatError(f"{location}: binary file, not CSV text")
    for encoding in ("utf-8-sig", "cp1252", "latin-1"):
        try:
            return _parse(location, encoding)
        except UnicodeDecodeError:
            continue
    raise FormatError(f"{location}: not text in UTF-8 or Windows-1252")


def _parse(location: Path, encoding: str) -> RawTable:
    with open(location, encoding=encoding, newline="") as handle:
        first_line = handle.readline()
        while first_line and not first_line.strip():
            first_line = handle.readline()
        handle.seek(0)
        delimiter = detect_delimiter(first_line)
        reader = csv.reader(handle, delimiter=delimiter)
        names: list[str] = []
        rows: list[list[str]] = []
        lines: list[int] = []
        errors: list[RowError] = []
        try:
            for header in reader:
                if any(cell.strip() for cell in header):
                    names = [cell.strip().lstrip("\ufeff").strip().lower() for cell in header]
                    break
            if not names:
                raise FormatError(f"{location}: empty file")
            width, start = len(names), reader.line_num + 1
            for row in reader:
                line, start = start, reader.line_num + 1
                if (len(row) != width or not row[0].strip()) and not "".join(row).strip():
                    continue   # a blank line, or one of only delimiters as spreadsheets leave them
                if len(row) != width:
                    errors.append(RowError(line, f"expected {width} fields as in the header, found {len(row)}"))
                    continue
                rows.append(row)
                lines.append(line)
        except csv.Error as exc:
            raise FormatError(f"{location}: not readable as CSV near line {reader.line_num}: {exc}") from None
    frame = pd.DataFrame(rows, columns=names, dtype="str") if rows else pd.DataFrame(columns=names, dtype="str")
    frame = frame.loc[:, ~frame.columns.duplicated()]
    frame["_line"] = lines
    return RawTable(frame=frame, errors=errors, rows=len(rows) + len(errors))


_DECIMAL_COMMA = r"^\s*-?\d+,\d+\s*$"


def decimal_points(frame: pd.DataFrame, columns: tuple[str, ...] = ("latitude", "longitude")) -> pd.DataFrame:
    """Coordinates written with a decimal comma ("36,9882", as European spreadsheets save them) with a point."""
    out = frame
    for name in columns:
        if name in frame.columns:
            text = frame[name].astype("str")
            comma = text.str.match(_DECIMAL_COMMA).fillna(False).astype(bool)
            if comma.any():
                out = out.copy() if out is frame else out
                out[name] = text.where(~comma, text.str.replace(",", ".", regex=False))
    return out


def implausible_numbers(frame: pd.DataFrame, by_feature: bool = False) -> tuple[pd.DataFrame, list[RowError]]:
    """Rows whose whole-number cells are infinite or beyond any real value, as errors, and the other rows."""
    bad = np.zeros(len(frame), dtype=bool)
    errors: list[RowError] = []
    lines = frame["_line"].to_numpy() if "_line" in frame.columns else np.arange(1, len(frame) + 1)
    for name in INT_COLUMNS:
        if name not in frame.columns:
            continue
        values = frame[name]
        if pd.api.types.is_integer_dtype(values.dtype) and not isinstance(values.dtype, pd.Int64Dtype):
            numbers = values.astype("float64")
        else:
            text = values.astype("str").str.strip()
            # only long or non-digit cells can be out of bounds: parse those, not the whole column
            suspect = (text.str.len() > 7) | text.str.contains(r"[^0-9.\-]", regex=True)
            suspect = suspect.fillna(False).astype(bool)
            numbers = pd.Series(np.nan, index=values.index, dtype="float64")
            if suspect.any():
                numbers[suspect] = pd.to_numeric(text[suspect], errors="coerce").astype("float64")
        low, high = INT_LIMITS.get(name, (-(2**53), 2**53))
        with np.errstate(invalid="ignore"):
            wrong = (numbers.notna() & ~((numbers >= low) & (numbers <= high))).to_numpy(dtype=bool) & ~bad
        for position in np.flatnonzero(wrong):
            number = int(lines[position]) if pd.notna(lines[position]) else None
            raw = values.iloc[position]
            reason = f"{name}: implausible value {str(raw)[:40]!r} (expected {low} to {high})"
            errors.append(RowError(line=None if by_feature else number, feature=number if by_feature else None,
                                   reason=reason, column=name))
        bad |= wrong
    return frame[~bad], errors


def finish_import(frame: pd.DataFrame, errors: list[RowError], rows: int, by_feature: bool = False,
                  merged: int = 0) -> ImportResult:
    """Validate mapped rows: keep the good ones in the event table layout, report the others. ``merged`` rows
    were folded into another row of the same event (monadic files) and count as taken."""
    frame, garbage = implausible_numbers(frame, by_feature)
    good, invalid = split_valid(frame)
    all_errors = errors + garbage + row_errors(invalid, by_feature=by_feature)
    all_errors.sort(key=lambda e: (e.line if e.line is not None else e.feature or 0))
    good = good.drop(columns=[c for c in good.columns if c not in COLUMNS]).reset_index(drop=True)
    rejected = rows - merged - len(good)
    return ImportResult(df=good, errors=all_errors, taken=rows - rejected, rejected=rejected)


def fill_event_ids(frame: pd.DataFrame) -> pd.DataFrame:
    """Ids for rows that have none, from their source, sentence and place, as extraction would make them."""
    frame = frame.copy()
    if "event_id" not in frame.columns:
        frame["event_id"] = pd.Series(pd.NA, index=frame.index, dtype="str")
    blank = frame["event_id"].isna() | (frame["event_id"].astype("str").str.strip() == "")
    if blank.any():
        def cell(name: str, row: pd.Series) -> str:
            value = row.get(name)
            return "" if value is None or pd.isna(value) else str(value)
        frame.loc[blank, "event_id"] = [
            make_event_id(cell("source_url", row) or cell("source", row), cell("notes", row)
                          or f"{cell('event_date', row)} {cell('event_type', row)}", cell("location", row))
            for _, row in frame[blank].iterrows()]
    return frame


def read_csv(path: str | os.PathLike[str]) -> ImportResult:
    """Events from our CSV (any subset of our columns, at least event_date and event_type); a row without an
    event_id gets one made from its source, notes and location; a blank origin becomes "imported"."""
    table = read_table(path)
    missing = [c for c in ("event_date", "event_type") if c not in table.frame.columns]
    if missing:
        raise FormatError(f"{path}: not an event CSV: no {' or '.join(missing)} column")
    frame = fill_event_ids(table.frame)
    if "origin" not in frame.columns:
        frame["origin"] = "imported"
    frame["origin"] = frame["origin"].mask(frame["origin"].isna() | (frame["origin"] == ""), "imported")
    return finish_import(frame, table.errors, table.rows)


def neutralise_formulas(frame: pd.DataFrame) -> pd.DataFrame:
    """Text cells a spreadsheet would run as formulas, prefixed with a single quote; numbers untouched."""
    out = frame.copy()
    for name in out.columns:
        if name in NUMERIC_COLUMNS or name in DATE_COLUMNS or not (
                pd.api.types.is_string_dtype(out[name].dtype) or isinstance(out[name].dtype, pd.CategoricalDtype)):
            continue
        text = out[name].astype("str")
        risky = text.str.startswith(FORMULA_PREFIXES).fillna(False).astype(bool)
        if risky.any():
            out[name] = text.mask(risky, "'" + text)
    return out


def to_csv_bytes(df: pd.DataFrame, columns: tuple[str, ...] = COLUMNS) -> bytes:
    """RFC 4180 CSV (UTF-8 without BOM, like ACLED's; CRLF line ends, so that a cell holding a lone CR or LF
    is quoted) of the given columns in order, dates as YYYY-MM-DD, formulas defused."""
    frame = neutralise_formulas(coerce(df)[list(columns)])
    return frame.to_csv(index=False, date_format="%Y-%m-%d", lineterminator="\r\n").encode("utf-8")


def sniff_csv(head: Head) -> bool:
    """Our CSV: a header naming event_id and event_date."""
    return {"event_id", "event_date"} <= head.names


FORMAT = Format(name="csv", label="CSV (all columns)", suffixes=(".csv",), media_type="text/csv",
                sniff=sniff_csv, read=one_chunk(read_csv), write=to_csv_bytes)

