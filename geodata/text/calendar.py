"""Calendar arithmetic for dates read from text: weeks, months, the nearest occurrence, holidays.

Why a module of its own: every rule in `geodata.text.dates` counts the same way (ISO weeks run Monday to
Sunday and are named by their Monday; a month is named by its first day), and the holiday rules are
computed here from `geodata.lang.en.dates.HOLIDAYS` instead of a package's yearly tables.
"""

from __future__ import annotations

import datetime as dt

from dateutil.easter import easter

__all__ = [
    "add_months",
    "holiday",
    "monday",
    "month_day",
    "month_end",
    "month_start",
    "nearest",
    "weekday_on_or_after",
    "weekday_on_or_before",
]


def monday(day: dt.date) -> dt.date:
    """Weeks run Monday to Sunday (ISO), so a week is named by its Monday."""
    return day - dt.timedelta(days=day.weekday())


def add_months(day: dt.date, months: int) -> dt.date:
    """First day of the month ``months`` after ``day``'s (negative = before)."""
    index = day.year * 12 + (day.month - 1) + months
    return dt.date(index // 12, index % 12 + 1, 1)


def month_start(day: dt.date) -> dt.date:
    return day.replace(day=1)


def month_end(day: dt.date) -> dt.date:
    return add_months(day, 1) - dt.timedelta(days=1)


def weekday_on_or_before(day: dt.date, weekday: int, strictly: bool = False) -> dt.date:
    """In a Friday paper "on Friday" is that Friday; ``strictly`` ("last Friday") the one before."""
    back = (day.weekday() - weekday) % 7
    if strictly and back == 0:
        back = 7
    return day - dt.timedelta(days=back)


def weekday_on_or_after(day: dt.date, weekday: int, strictly: bool = False) -> dt.date:
    """"will meet Friday" in a Friday paper is that day (AP style names today by its weekday)."""
    ahead = (weekday - day.weekday()) % 7
    if strictly and ahead == 0:
        ahead = 7
    return day + dt.timedelta(days=ahead)


NEAR_DAYS = 14
"""A date this close to publication is meant as written, whatever the tense says ("appeal the ruling
that the boy be returned by Jan. 14" in a Jan. 15 paper): a year away is the rarer reading."""


def nearest(candidates: list[dt.date], published: dt.date, tense: str | None) -> dt.date | None:
    """The candidate a sentence most likely means: on or before publication in the past tense, on or
    after it in the future tense, else the closest one (ties to the past); within `NEAR_DAYS` of
    publication the closest one whatever the tense.

    Why the closest without a cue: news leaves out the year of a date near publication on either side
    ("Congress reconvenes Jan. 24" in a January 13 paper, "Dec. 25" in a January 3 one).
    """
    closest = min(candidates, key=lambda c: (abs((c - published).days), c > published), default=None)
    if closest is not None and abs((closest - published).days) <= NEAR_DAYS:
        return closest
    if tense == "past":
        candidates = [c for c in candidates if c <= published]
    elif tense == "future":
        candidates = [c for c in candidates if c >= published]
    if not candidates:
        return None
    return min(candidates, key=lambda c: (abs((c - published).days), c > published))


def month_day(year: int, month: int, day: int) -> dt.date | None:
    """That day, or None when the year has no such day (Feb 29)."""
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


def _nth_weekday(year: int, month: int, nth: int, weekday: int) -> dt.date:
    if nth > 0:
        return weekday_on_or_after(dt.date(year, month, 1), weekday) + dt.timedelta(weeks=nth - 1)
    return weekday_on_or_before(month_end(dt.date(year, month, 1)), weekday)


def holiday(rule: tuple[str, int, int, int], year: int) -> dt.date:
    """The day of a holiday rule (see `geodata.lang.en.dates.HOLIDAYS`) in ``year``."""
    kind, month, number, weekday = rule
    if kind == "fixed":
        return dt.date(year, month, number)
    if kind == "nth":
        return _nth_weekday(year, month, number, weekday)
    if kind == "easter":
        return easter(year) + dt.timedelta(days=number)
    if kind == "election":   # the Tuesday after the first Monday of November
        return _nth_weekday(year, 11, 1, 0) + dt.timedelta(days=1)
    raise ValueError(f"unknown holiday rule {kind!r}")
