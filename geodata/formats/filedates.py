"""Dates as files write them, recognised once per file: ACLED's "21 March 2020" and "01-January-2015", Excel's
"9-May-20" and "31-12-19", "14/08/2020 00:00:00", UCDP's "1/22/2014 12:00:00 AM", ISO.

A file keeps one format, so the format that reads the most distinct values wins, with the file's ``year``
column as the check: it settles day-first against month-first and the century of a two-digit year.
"""

from __future__ import annotations

import re

import numpy as np
import pandas as pd

EXCEL_SERIAL = "excel-serial"
"""Days since 1899-12-30, as a spreadsheet's date cell reads when saved without its format (43911 = 2020-03-21)."""
CANDIDATES: tuple[str, ...] = (
    "%Y-%m-%d", "%d %B %Y", "%d %b %Y", "%d-%B-%Y", "%d-%b-%Y", "%d-%b-%y", "%d %b %y", "%d/%m/%Y",
    "%m/%d/%Y", "%d-%m-%Y", "%m-%d-%Y", "%d.%m.%Y", "%Y/%m/%d", "%d-%m-%y", "%m-%d-%y", "%d/%m/%y", "%m/%d/%y",
    "%d.%m.%y", "%B %d, %Y", "%b %d, %Y", "%B %d %Y", "%Y%m%d", "%Y-%m", "%Y", EXCEL_SERIAL,
)
"""In order of preference when two read a file equally well (day-first before month-first, as ACLED writes)."""
_TIME = re.compile(r"(?:[ T]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?\s*(?:[AaPp]\.?[Mm]\.?)?\s*(?:Z|[+-]\d{2}:?\d{2})?)$")
_SAMPLE = 5000
_EXCEL_EPOCH = pd.Timestamp("1899-12-30")


def _strip_time(text: pd.Series) -> pd.Series:
    return text.str.strip().str.replace(_TIME, "", regex=True)


def _parse(text: pd.Series, fmt: str) -> pd.Series:
    if fmt == EXCEL_SERIAL:
        days = pd.to_numeric(text.where(text.str.fullmatch(r"\d{5}(?:\.0+)?").fillna(False).astype(bool)),
                             errors="coerce")
        days = days.where((days >= 2) & (days <= 80000))
        return _EXCEL_EPOCH + pd.to_timedelta(days, unit="D")
    return pd.to_datetime(text, format=fmt, errors="coerce")


def _with_century(parsed: pd.Series, years: pd.Series | None, fmt: str) -> pd.Series:
    """A two-digit year put in the century the year column says, where their last two digits agree."""
    if years is None or "%y" not in fmt:
        return parsed
    fix = parsed.notna() & years.notna() & (parsed.dt.year % 100 == years % 100) & (parsed.dt.year != years)
    if not fix.any():
        return parsed
    fixed = pd.to_datetime(pd.DataFrame({"year": years[fix], "month": parsed[fix].dt.month,
                                         "day": parsed[fix].dt.day}), errors="coerce")
    out = parsed.copy()
    out[fix] = fixed
    return out


def _score(parsed: pd.Series, years: pd.Series | None) -> int:
    good = parsed.notna()
    if years is not None:
        good &= years.isna() | (parsed.dt.year == years)
    return int(good.sum())


def detect_format(values: pd.Series, years: pd.Series | None = None) -> str | None:
    """The format that reads the most of the distinct (date, year) pairs; None when none reads any."""
    text = _strip_time(values.astype("str")).dropna()
    frame = pd.DataFrame({"text": text, "year": years.reindex(text.index) if years is not None else np.nan})
    frame = frame[frame["text"] != ""].drop_duplicates().head(_SAMPLE)
    if frame.empty:
        return None
    sample_years = frame["year"] if years is not None else None
    best, best_score = None, 0
    for fmt in CANDIDATES:
        parsed = _with_century(_parse(frame["text"], fmt), sample_years, fmt)
        score = _score(parsed, sample_years)
        if score > best_score:
            best, best_score = fmt, score
        if score == len(frame):
            break
    return best


def file_years(values: pd.Series | None) -> pd.Series | None:
    """A file's year column as numbers (missing where not a plausible year)."""
    if values is None:
        return None
    years = pd.to_numeric(values.astype("str").str.strip(), errors="coerce")
    return years.where((years >= 1) & (years <= 9999) & (years == np.floor(years)))


def to_iso(values: pd.Series, years: pd.Series | None = None, fmt: str | None = None) -> pd.Series:
    """Dates as "YYYY-MM-DD" text in the file's one format (detected when not given); a value that format
    cannot read is kept as it was, and one whose year the year column contradicts gets that said after it,
    for validation to report."""
    text = values.astype("str")
    fmt = fmt or detect_format(text, years)
    if fmt is None:
        return text
    codes, uniques = pd.factorize(_strip_time(text))
    parsed_unique = _parse(pd.Series(uniques), fmt)
    parsed = pd.Series(parsed_unique.to_numpy()[codes], index=text.index).where(codes >= 0)
    parsed = _with_century(pd.to_datetime(parsed), years, fmt)
    iso = parsed.dt.strftime("%Y-%m-%d").where(parsed.notna(), text)
    if years is not None:
        wrong = parsed.notna() & years.notna() & (parsed.dt.year != years)
        # left unreadable on purpose, so that validation reports the row with both values
        iso[wrong] = text[wrong] + " (the year column says " + years[wrong].astype("int64").astype("str") + ")"
    return iso
