"""Resolvers: from one rule's match and its context (publication, tense, anchor) to (date, precision, span).

Why a module of its own: this is the calendar reasoning of reading a date ("last May" is the latest May before
this month, a bare weekday with a future cue is on or after publication); which text a resolver sees is the
rule table's job (`geodata.text.date_rules`), and which expression dates the event is `geodata.text.dates`'.
A resolver returns None, or raises ValueError/OverflowError/KeyError, to drop its match.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from geodata.lang.en import dates as en
from geodata.text import calendar as cal
from geodata.text.date_patterns import month_number, number_of, relative_step
from geodata.text.event_date import EventDate, Span

__all__ = ["Context", "Resolved", "ago", "anaphoric_day", "anaphoric_period", "before", "day_word", "decade",
           "explicit_day", "holiday", "iso", "month_only", "month_year", "named_weekday", "numeric_day", "offset",
           "present", "quarter", "relative_period", "season", "the_past_week", "the_weekend", "this_period",
           "year_only"]


@dataclass(frozen=True)
class Context:
    """What a rule resolves against: publication, the tense read at the phrase, the anaphors' anchor."""

    published: dt.date
    tense: str | None
    anchor: EventDate


Resolved = tuple[dt.date, str, "Span | None"]


def _day(day: dt.date) -> Resolved:
    return day, "day", None


def _week(day: dt.date) -> Resolved:
    return cal.monday(day), "week", None


def _month(day: dt.date) -> Resolved:
    return cal.month_start(day), "month", None


def _year(year: int) -> Resolved:
    return dt.date(year, 1, 1), "year", None


def _spanned(first: dt.date, last: dt.date, published: dt.date) -> Resolved:
    """A quarter, season or decade: precision "year" inside one year, else "before" when already over."""
    if first.year == last.year:
        return dt.date(first.year, 1, 1), "year", (first, last)
    if last < published:
        return published, "before", (first, last)
    return dt.date(first.year, 1, 1), "year", (first, last)



def iso(m: re.Match[str], ctx: Context) -> Resolved | None:
    """ISO dates are unambiguous; numeric D/M vs M/D forms only where a part exceeds 12 (`numeric_day`)."""
    return _day(dt.date(int(m["y"]), int(m["m"]), int(m["d"])))


def numeric_day(m: re.Match[str], ctx: Context) -> Resolved | None:
    a, b = int(m["a"]), int(m["b"])
    if a > 12 >= b:
        return _day(dt.date(int(m["y"]), b, a))
    if b > 12 >= a:
        return _day(dt.date(int(m["y"]), a, b))
    return None


def _year_of(m: re.Match[str], ctx: Context) -> int | None:
    """An explicit year, or "this/next/last year" after the month."""
    groups = m.groupdict()
    if groups.get("y"):
        return int(groups["y"])
    step = relative_step(groups.get("yrel"))
    return ctx.published.year + step if step is not None else None


def explicit_day(m: re.Match[str], ctx: Context) -> Resolved | None:
    """"Oct. 7", "7 October 2024", "Monday, Oct. 26": a weekday given picks the year that matches."""
    month, day = month_number(m["mon"]), int(m["d"])
    year = _year_of(m, ctx)
    if year is not None:
        found: dt.date | None = dt.date(year, month, day)   # ValueError (Feb 30) drops the match
    else:
        years = range(ctx.published.year - 8, ctx.published.year + 2)
        candidates = [d for y in years if (d := cal.month_day(y, month, day)) is not None]
        if m["wd"]:
            weekday = en.WEEKDAYS.index(m["wd"].lower())
            matching = [d for d in candidates if d.weekday() == weekday]
            candidates = matching or candidates
        found = cal.nearest(candidates, ctx.published, ctx.tense) or cal.nearest(candidates, ctx.published, None)
    if found is None:
        return None
    if m["weekof"]:
        return _week(found)
    last = int(m["d2"]) if m["d2"] else 0
    if last > day:      # "15-16 January": the first day, the interval kept
        return found, "day", (found, found.replace(day=last))
    return _day(found)


def month_year(m: re.Match[str], ctx: Context) -> Resolved | None:
    return _month(dt.date(int(m["y"]), month_number(m["mon"]), 1))


def month_only(m: re.Match[str], ctx: Context) -> Resolved | None:
    """"in April": "last May" the latest May before this month, else the tense picks the nearest."""
    month = month_number(m["mon"])
    year = _year_of(m, ctx)
    if year is not None:
        return _month(dt.date(year, month, 1))
    this_month = cal.month_start(ctx.published)
    candidates = [dt.date(y, month, 1) for y in range(ctx.published.year - 1, ctx.published.year + 2)]
    step = relative_step(m.groupdict().get("rel"))
    if step == -1:
        return _month(max(c for c in candidates if c < this_month))
    if step == 1:
        return _month(min(c for c in candidates if c > this_month))
    if step == 0:
        return _month(dt.date(ctx.published.year, month, 1))
    found = cal.nearest(candidates, this_month, ctx.tense)
    return _month(found) if found is not None else None


def year_only(m: re.Match[str], ctx: Context) -> Resolved | None:
    return _year(int(m["y"]))


def decade(m: re.Match[str], ctx: Context) -> Resolved | None:
    start = int(m["y"]) if m["y"] else int(m["yy"]) + (1900 if int(m["yy"]) > ctx.published.year % 100 else 2000)
    return _spanned(dt.date(start, 1, 1), dt.date(start + 9, 12, 31), ctx.published)


def named_weekday(m: re.Match[str], ctx: Context) -> Resolved | None:
    weekday = en.WEEKDAYS.index(m["wd"].lower())
    step = relative_step(m["rel"])
    if step == -1:
        return _day(cal.weekday_on_or_before(ctx.published, weekday, strictly=True))
    if step == 1 and m["rel"].lower() == "next":
        return _day(cal.weekday_on_or_after(ctx.published, weekday, strictly=True))
    if step == 1 or ctx.tense == "future":   # "this coming Friday", "will meet Friday"
        return _day(cal.weekday_on_or_after(ctx.published, weekday))
    return _day(cal.weekday_on_or_before(ctx.published, weekday))


def day_word(m: re.Match[str], ctx: Context) -> Resolved | None:
    words = m["word"].lower().split()
    if words[-1] in ("yesterday", "tomorrow") and len(words) > 1:   # the day before yesterday / after tomorrow
        return _day(ctx.published + dt.timedelta(days=-2 if words[-1] == "yesterday" else 2))
    return _day(ctx.published + dt.timedelta(days=en.DAY_WORD_OFFSETS[words[0]]))


def _anchor_day(ctx: Context) -> dt.date:
    return ctx.anchor.first or ctx.anchor.date


def anaphoric_day(m: re.Match[str], ctx: Context) -> Resolved | None:
    """"the next day", "the day before", "that day": counted from the anchor's (first) day."""
    words = m.group(0).lower()
    base = _anchor_day(ctx)
    if re.search(r"\b(?:next|following|after)\b", words):
        return _day(base + dt.timedelta(days=1))
    if re.search(r"\b(?:previous|preceding|before|prior)\b", words):
        return _day(base - dt.timedelta(days=1))
    return _day(base)


def anaphoric_period(m: re.Match[str], ctx: Context) -> Resolved | None:
    """"the following month", "that year", "later that week": the anchor's period, stepped."""
    word = m["arel"].lower()
    step = 1 if word in ("following", "next") else -1 if word in ("previous", "preceding", "prior") else 0
    return _period(m["unit"].lower(), _anchor_day(ctx), step)


def _period(unit: str, base: dt.date, step: int) -> Resolved:
    if unit == "week":
        return _week(base + dt.timedelta(weeks=step))
    if unit == "month":
        return _month(cal.add_months(base, step))
    return _year(base.year + step)


def this_period(m: re.Match[str], ctx: Context) -> Resolved | None:
    return _period(m["unit"].lower(), ctx.published, 0)


def offset(m: re.Match[str], ctx: Context) -> Resolved | None:
    """"two days later": the anchor moved by N units, in the unit's precision."""
    n = number_of(m["n"]) * (1 if m["dir"].lower() == "later" else -1)
    unit = m["unit"].lower()
    base = _anchor_day(ctx)
    if unit == "day":
        return _day(base + dt.timedelta(days=n))
    return _period(unit, base, n)


def relative_period(m: re.Match[str], ctx: Context) -> Resolved | None:
    """last/this/next week|month|year, named by the period's first day."""
    step = relative_step(m["rel"]) or 0
    unit = m["unit"].lower()
    if unit == "weekend":
        return _weekend(ctx, step)
    return _period(unit, ctx.published, step)


def _weekend(ctx: Context, step: int | None) -> Resolved:
    """The ISO week holding the weekend meant: "last weekend" the latest one before this week's."""
    this_week = cal.monday(ctx.published)
    in_weekend = ctx.published.weekday() >= 5
    if step == -1:
        return _week(this_week - dt.timedelta(weeks=1))
    if step == 1:
        return _week(this_week + dt.timedelta(weeks=1))
    if step == 0 or in_weekend or ctx.tense == "future":
        return _week(this_week)
    return _week(this_week - dt.timedelta(weeks=1))


def the_weekend(m: re.Match[str], ctx: Context) -> Resolved | None:
    return _weekend(ctx, None)


def the_past_week(m: re.Match[str], ctx: Context) -> Resolved | None:
    return _week(ctx.published)


def ago(m: re.Match[str], ctx: Context) -> Resolved | None:
    """For "N units ago": keeps the unit's precision ("two weeks ago" is a week, not a made-up day)."""
    n = number_of(m["n"])
    unit = m["unit"].lower()
    published = ctx.published
    if unit in ("minute", "hour"):
        return _day(published)
    if unit == "day":
        return _day(published - dt.timedelta(days=n))
    if unit == "week":
        return _week(published - dt.timedelta(weeks=n))
    if unit == "month":
        return _month(cal.add_months(published, -n))
    if unit == "decade":
        return _year(published.year - 10 * n)
    return _year(published.year - n)


def quarter(m: re.Match[str], ctx: Context) -> Resolved | None:
    """"the third quarter (of 2024)", "Q3", "the first half": this year's unless the tense or a year says."""
    n = en.ORDINALS.get((m["ord"] or "").lower()) or int(m["qn"] or 0)
    months = 6 if (m["part"] or "").lower() == "half" else 3
    if not 1 <= n <= 12 // months:
        return None
    year = _year_of(m, ctx)
    first_month = (n - 1) * months + 1

    def span(y: int) -> Span:
        first = dt.date(y, first_month, 1)
        return first, cal.month_end(cal.add_months(first, months - 1))

    if year is None:
        year = ctx.published.year
        if ctx.tense == "past" and span(year)[0] > ctx.published:
            year -= 1
        elif ctx.tense == "future" and span(year)[1] < ctx.published:
            year += 1
    return _spanned(*span(year), ctx.published)


def season(m: re.Match[str], ctx: Context) -> Resolved | None:
    first_month, last_month = en.SEASONS[m["season"].lower()]

    def span(y: int) -> Span:
        first = dt.date(y, first_month, 1)
        return first, cal.month_end(dt.date(y + (last_month < first_month), last_month, 1))

    year = _year_of(m, ctx)
    if year is None:
        spans = [span(y) for y in range(ctx.published.year - 2, ctx.published.year + 2)]
        step = relative_step(m["rel"])
        current = [s for s in spans if s[0] <= ctx.published <= s[1]]
        if step == -1:
            chosen = max(s for s in spans if s[1] < ctx.published)
        elif step == 1:
            chosen = min(s for s in spans if s[0] > ctx.published)
        elif current:
            chosen = current[0]
        elif ctx.tense == "future":
            chosen = min(s for s in spans if s[0] > ctx.published)
        else:
            chosen = max(s for s in spans if s[1] < ctx.published)
        return _spanned(*chosen, ctx.published)
    return _spanned(*span(year), ctx.published)


def holiday(m: re.Match[str], ctx: Context) -> Resolved | None:
    rule = en.HOLIDAYS[" ".join(m["name"].lower().replace("’", "'").split())]
    year = _year_of(m, ctx)
    if year is not None:
        day = cal.holiday(rule, year)
    else:
        candidates = [cal.holiday(rule, y) for y in range(ctx.published.year - 1, ctx.published.year + 2)]
        step = relative_step(m["rel"])
        if step == -1:
            day = max(c for c in candidates if c < ctx.published)
        elif step == 1:
            day = min(c for c in candidates if c > ctx.published)
        else:
            day = cal.nearest(candidates, ctx.published, ctx.tense or "past") or ctx.published
    return _week(day) if m["week"] else _day(day)


def present(m: re.Match[str], ctx: Context) -> Resolved | None:
    return _day(ctx.published)


def before(m: re.Match[str], ctx: Context) -> Resolved | None:
    """For "recently", "had said": all we know is that the event precedes publication."""
    return ctx.published, "before", None
