"""Time expressions of a sentence, resolved against the article's publication date.

Why: an event taken from a sentence needs the date *of the event*. News prose gives it relative to
the publication date ("on Friday", "last week"), ahead of it ("talks will resume Monday", "due in
May"), relative to another date of the text ("the following month") and often next to the date of the
*reporting* ("officials said on Friday that troops arrived last week": the event is last week).

Expressions are found with our own regular expressions built from the English tables in
`geodata.lang.en.dates`; the arithmetic is in `geodata.text.calendar`, the tense in `geodata.text.tense`.

Conventions (the event table's): ``EventDate.date`` is the representative day (first day of an ISO week
Monday..Sunday, of a month, of a year; the publication date for "before"), and ``first``..``last`` the
interval the words name, which is wider than the precision for a quarter, season or decade (those keep
precision "year", or "before" when they span years before publication). ``text is None`` means no
expression was found and the date is the publication date by default. Nothing here raises on any sentence.

Choices where English is vague:

- Tense: a future cue ("will", "set to", "expected to", "scheduled", "plans", modals) puts a bare
  weekday, month-day or month on or after publication; a past cue on or before it. With no cue a weekday
  is the latest one (a Friday paper's "Friday" is that day), and a month-day or month the *nearest*
  occurrence either side ("Congress reconvenes Jan. 24" in a Jan. 13 paper is ahead).
- "now", "currently", "current" (TimeML PRESENT_REF) are the publication day, precision "day", marked
  ``vague``; "recently", "earlier", "in recent weeks" (PAST_REF) are precision "before". A vague
  expression dates an event only when the sentence has no other. "the future" is not read.
- Anaphora ("the following month", "the next day", "that day", "later that year") count from the
  previous expression of the sentence, else from the ``anchor`` the caller passes (the last date its
  text gave), else from publication.
- A day range ("15-16 January", "from Oct. 7 to 9") is its first day, precision "day", with the range
  as its interval; "Oct. 10 and 11" is two days and only the first is read. Numeric dates are read only
  where a part cannot be a month ("23/03/2017"); "03/04/2017" is left alone.
- "the past week" is the ISO week of publication; "(over) the weekend" the ISO week holding the latest
  weekend (a two-day weekend has no precision of its own).
"""

from __future__ import annotations

import bisect
import datetime as dt
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from functools import lru_cache

from geodata.lang.en import dates as en
from geodata.text import calendar as cal
from geodata.text.tense import tense_at

__all__ = ["PRECISIONS", "EventDate", "find_time_expressions", "resolve_date"]

PRECISIONS = ("day", "week", "month", "year", "before")
_RANK = {name: rank for rank, name in enumerate(PRECISIONS)}   # lower = more specific
Span = tuple[dt.date, dt.date]


@dataclass(frozen=True)
class EventDate:
    """The date of an event and how precisely the sentence gave it.

    ``text``/``start``/``end`` are the phrase and its offsets in the sentence
    (``sentence[start:end] == text``); all three are None when the date was defaulted. ``span`` is the
    interval when it is not the precision's own (a quarter, a season, a decade); ``tense`` the cue read
    next to the phrase ("future", "past" or None); ``vague`` marks "now"/"currently".
    """

    date: dt.date
    precision: str
    text: str | None
    start: int | None
    end: int | None
    span: Span | None = None
    tense: str | None = None
    vague: bool = False

    @property
    def first(self) -> dt.date | None:
        """First day of the interval named; None for "before" without one."""
        if self.span is not None:
            return self.span[0]
        return None if self.precision == "before" else self.date

    @property
    def last(self) -> dt.date | None:
        """Last day of the interval named; None for "before" without one."""
        if self.span is not None:
            return self.span[1]
        if self.precision == "week":
            return self.date + dt.timedelta(days=6)
        if self.precision == "month":
            return cal.month_end(self.date)
        if self.precision == "year":
            return dt.date(self.date.year, 12, 31)
        return None if self.precision == "before" else self.date

    def to_dict(self) -> dict[str, object]:
        """JSON-ready form: the date as an ISO string."""
        return {"date": self.date.isoformat(), "precision": self.precision, "text": self.text,
                "start": self.start, "end": self.end}


@dataclass(frozen=True)
class _Context:
    """What a rule resolves against: publication, the tense read at the phrase, the anaphors' anchor."""

    published: dt.date
    tense: str | None
    anchor: EventDate


_Resolved = tuple[dt.date, str, "Span | None"]


def _day(day: dt.date) -> _Resolved:
    return day, "day", None


def _week(day: dt.date) -> _Resolved:
    return cal.monday(day), "week", None


def _month(day: dt.date) -> _Resolved:
    return cal.month_start(day), "month", None


def _year(year: int) -> _Resolved:
    return dt.date(year, 1, 1), "year", None


def _spanned(first: dt.date, last: dt.date, published: dt.date) -> _Resolved:
    """A quarter, season or decade: precision "year" inside one year, else "before" when already over."""
    if first.year == last.year:
        return dt.date(first.year, 1, 1), "year", (first, last)
    if last < published:
        return published, "before", (first, last)
    return dt.date(first.year, 1, 1), "year", (first, last)


# --------------------------------------------------------------------------- vocabulary as patterns

def _alt(words: object) -> str:
    return "|".join(re.escape(w).replace(r"\ ", r"\s+") for w in sorted(set(words), key=len, reverse=True))  # type: ignore[call-overload]


_WEEKDAY_RE = _alt(en.WEEKDAYS)
# Month names are matched capitalised only: lower-case "may", "march" and "august" are words.
# A month standing alone must be a full name, and never "May" (modal verb, Theresa May).
_MONTH_BARE = "(?:" + "|".join(m.capitalize() for m in en.MONTHS if m not in en.AMBIGUOUS_MONTHS) + r")\b"
_MONTH_ANY = (rf"(?:{_MONTH_BARE}|" + "|".join(m.capitalize() + r"\b" for m in en.AMBIGUOUS_MONTHS) + "|(?:"
              + "|".join(a.capitalize() for a in sorted(en.MONTH_ABBREVIATIONS, key=len, reverse=True))
              + r")\b\.?)")
_YEAR = r"(?:1[89]|20)\d\d\b(?![.,]\d)"
_NUMBER_RE = r"\d{1,3}|" + _alt(en.NUMBER_WORDS)
_MONTH_PREP = r"(?i:in|since|during|until|till|by|through|from|for|before|after|of)\s+"
_MONTH_QUAL = r"(?:(?i:early|late)\s+|(?i:mid)-?\s*|(?i:the\s+(?:end|beginning|start|middle)\s+of)\s+)"
_YEAR_REL = r"(?:,?\s+(?P<yrel>(?i:this|next|last|of\s+this|of\s+next|of\s+last))\s+(?i:year)\b)"
_REL = r"(?P<rel>(?i:last|next|this\s+past|past|this|coming|previous))\s+"
_TIME = (r"(?:(?i:at|until|till|by|around|about|from|before|after)\s+)?(?:\d{1,2}(?::\d\d)?\s*(?i:a\.?m\.?|p\.?m\.?)"
         r"(?:\s+\(?[A-Z]{2,4}\)?)?|(?i:noon|midnight|midday|dawn|dusk))")


def _month_number(name: str) -> int:
    key = name.rstrip(".").lower()
    return en.MONTHS.get(key) or en.MONTH_ABBREVIATIONS[key[:4] if key.startswith("sept") else key[:3]]


def _number(word: str) -> int:
    return int(word) if word.isdigit() else en.NUMBER_WORDS[" ".join(word.lower().split())]


def _step(word: str | None) -> int | None:
    """last -1, this 0, next +1 (with "this past" as last); None when no relative word."""
    if not word:
        return None
    words = word.lower().split()
    if words[:2] == ["this", "past"]:
        return -1
    return en.RELATIVE.get(words[-1])


# --------------------------------------------------------------------------- resolvers

def _iso(m: re.Match[str], ctx: _Context) -> _Resolved | None:
    """ISO dates are unambiguous; numeric D/M vs M/D forms only where a part exceeds 12 (`_numeric_day`)."""
    return _day(dt.date(int(m["y"]), int(m["m"]), int(m["d"])))


def _numeric_day(m: re.Match[str], ctx: _Context) -> _Resolved | None:
    a, b = int(m["a"]), int(m["b"])
    if a > 12 >= b:
        return _day(dt.date(int(m["y"]), b, a))
    if b > 12 >= a:
        return _day(dt.date(int(m["y"]), a, b))
    return None


def _year_of(m: re.Match[str], ctx: _Context) -> int | None:
    """An explicit year, or "this/next/last year" after the month."""
    groups = m.groupdict()
    if groups.get("y"):
        return int(groups["y"])
    step = _step(groups.get("yrel"))
    return ctx.published.year + step if step is not None else None


def _explicit_day(m: re.Match[str], ctx: _Context) -> _Resolved | None:
    """"Oct. 7", "7 October 2024", "Monday, Oct. 26": a weekday given picks the year that matches."""
    month, day = _month_number(m["mon"]), int(m["d"])
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


def _month_year(m: re.Match[str], ctx: _Context) -> _Resolved | None:
    return _month(dt.date(int(m["y"]), _month_number(m["mon"]), 1))


def _month_only(m: re.Match[str], ctx: _Context) -> _Resolved | None:
    """"in April": "last May" the latest May before this month, else the tense picks the nearest."""
    month = _month_number(m["mon"])
    year = _year_of(m, ctx)
    if year is not None:
        return _month(dt.date(year, month, 1))
    this_month = cal.month_start(ctx.published)
    candidates = [dt.date(y, month, 1) for y in range(ctx.published.year - 1, ctx.published.year + 2)]
    step = _step(m.groupdict().get("rel"))
    if step == -1:
        return _month(max(c for c in candidates if c < this_month))
    if step == 1:
        return _month(min(c for c in candidates if c > this_month))
    if step == 0:
        return _month(dt.date(ctx.published.year, month, 1))
    found = cal.nearest(candidates, this_month, ctx.tense)
    return _month(found) if found is not None else None


def _year_only(m: re.Match[str], ctx: _Context) -> _Resolved | None:
    return _year(int(m["y"]))


def _decade(m: re.Match[str], ctx: _Context) -> _Resolved | None:
    start = int(m["y"]) if m["y"] else int(m["yy"]) + (1900 if int(m["yy"]) > ctx.published.year % 100 else 2000)
    return _spanned(dt.date(start, 1, 1), dt.date(start + 9, 12, 31), ctx.published)


def _weekday(m: re.Match[str], ctx: _Context) -> _Resolved | None:
    weekday = en.WEEKDAYS.index(m["wd"].lower())
    step = _step(m["rel"])
    if step == -1:
        return _day(cal.weekday_on_or_before(ctx.published, weekday, strictly=True))
    if step == 1 and m["rel"].lower() == "next":
        return _day(cal.weekday_on_or_after(ctx.published, weekday, strictly=True))
    if step == 1 or ctx.tense == "future":   # "this coming Friday", "will meet Friday"
        return _day(cal.weekday_on_or_after(ctx.published, weekday))
    return _day(cal.weekday_on_or_before(ctx.published, weekday))


_DAY_OFFSETS = {"today": 0, "tonight": 0, "this": 0, "yesterday": -1, "last": -1, "tomorrow": 1}


def _day_word(m: re.Match[str], ctx: _Context) -> _Resolved | None:
    words = m["word"].lower().split()
    if words[-1] in ("yesterday", "tomorrow") and len(words) > 1:   # the day before yesterday / after tomorrow
        return _day(ctx.published + dt.timedelta(days=-2 if words[-1] == "yesterday" else 2))
    return _day(ctx.published + dt.timedelta(days=_DAY_OFFSETS[words[0]]))


def _anchor_day(ctx: _Context) -> dt.date:
    return ctx.anchor.first or ctx.anchor.date


def _anaphoric_day(m: re.Match[str], ctx: _Context) -> _Resolved | None:
    """"the next day", "the day before", "that day": counted from the anchor's (first) day."""
    words = m.group(0).lower()
    base = _anchor_day(ctx)
    if re.search(r"\b(?:next|following|after)\b", words):
        return _day(base + dt.timedelta(days=1))
    if re.search(r"\b(?:previous|preceding|before|prior)\b", words):
        return _day(base - dt.timedelta(days=1))
    return _day(base)


def _anaphoric_period(m: re.Match[str], ctx: _Context) -> _Resolved | None:
    """"the following month", "that year", "later that week": the anchor's period, stepped."""
    word = m["arel"].lower()
    step = 1 if word in ("following", "next") else -1 if word in ("previous", "preceding", "prior") else 0
    return _period(m["unit"].lower(), _anchor_day(ctx), step)


def _period(unit: str, base: dt.date, step: int) -> _Resolved:
    if unit == "week":
        return _week(base + dt.timedelta(weeks=step))
    if unit == "month":
        return _month(cal.add_months(base, step))
    return _year(base.year + step)


def _this_period(m: re.Match[str], ctx: _Context) -> _Resolved | None:
    return _period(m["unit"].lower(), ctx.published, 0)


def _offset(m: re.Match[str], ctx: _Context) -> _Resolved | None:
    """"two days later": the anchor moved by N units, in the unit's precision."""
    n = _number(m["n"]) * (1 if m["dir"].lower() == "later" else -1)
    unit = m["unit"].lower()
    base = _anchor_day(ctx)
    if unit == "day":
        return _day(base + dt.timedelta(days=n))
    return _period(unit, base, n)


def _relative_period(m: re.Match[str], ctx: _Context) -> _Resolved | None:
    """last/this/next week|month|year, named by the period's first day."""
    step = _step(m["rel"]) or 0
    unit = m["unit"].lower()
    if unit == "weekend":
        return _weekend(ctx, step)
    return _period(unit, ctx.published, step)


def _weekend(ctx: _Context, step: int | None) -> _Resolved:
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


def _the_weekend(m: re.Match[str], ctx: _Context) -> _Resolved | None:
    return _weekend(ctx, None)


def _the_past_week(m: re.Match[str], ctx: _Context) -> _Resolved | None:
    return _week(ctx.published)


def _ago(m: re.Match[str], ctx: _Context) -> _Resolved | None:
    """For "N units ago": keeps the unit's precision ("two weeks ago" is a week, not a made-up day)."""
    n = _number(m["n"])
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


def _quarter(m: re.Match[str], ctx: _Context) -> _Resolved | None:
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


def _season(m: re.Match[str], ctx: _Context) -> _Resolved | None:
    first_month, last_month = en.SEASONS[m["season"].lower()]

    def span(y: int) -> Span:
        first = dt.date(y, first_month, 1)
        return first, cal.month_end(dt.date(y + (last_month < first_month), last_month, 1))

    year = _year_of(m, ctx)
    if year is None:
        spans = [span(y) for y in range(ctx.published.year - 2, ctx.published.year + 2)]
        step = _step(m["rel"])
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


def _holiday(m: re.Match[str], ctx: _Context) -> _Resolved | None:
    rule = en.HOLIDAYS[" ".join(m["name"].lower().replace("’", "'").split())]
    year = _year_of(m, ctx)
    if year is not None:
        day = cal.holiday(rule, year)
    else:
        candidates = [cal.holiday(rule, y) for y in range(ctx.published.year - 1, ctx.published.year + 2)]
        step = _step(m["rel"])
        if step == -1:
            day = max(c for c in candidates if c < ctx.published)
        elif step == 1:
            day = min(c for c in candidates if c > ctx.published)
        else:
            day = cal.nearest(candidates, ctx.published, ctx.tense or "past") or ctx.published
    return _week(day) if m["week"] else _day(day)


def _present(m: re.Match[str], ctx: _Context) -> _Resolved | None:
    return _day(ctx.published)


def _before(m: re.Match[str], ctx: _Context) -> _Resolved | None:
    """For "recently", "had said": all we know is that the event precedes publication."""
    return ctx.published, "before", None


# --------------------------------------------------------------------------- rules
# Each rule: a pattern, a resolver from the match to (date, precision, span) or None to drop it, and
# trigger substrings, one of which every match contains. Rules whose triggers are absent are skipped,
# which keeps a sentence without dates at a few microseconds instead of a few hundred.


@dataclass(frozen=True)
class _Rule:
    pattern: re.Pattern[str]
    resolve: Callable[[re.Match[str], _Context], _Resolved | None]
    triggers: tuple[str, ...]
    case_sensitive: bool = False   # month names are only ever capitalised
    anaphoric: bool = False        # counts from the previous expression
    vague: bool = False            # "now": dates an event only when nothing else does


_I = re.IGNORECASE
_MONTH_TRIGGERS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
_DAY_TRIGGERS = ("today", "tonight", "morning", "afternoon", "evening", "yesterday", "tomorrow", "night")
_BEFORE_TRIGGERS = ("earlier", "recent", "previous", "past", "last", "already", "had", "ago", "lately",
                    "formerly")
_ON = r"(?:\b(?i:on|since|until|till|by|from|before|after|as\s+of)\s+)?"
_WD_PREFIX = rf"(?:\b(?P<wd>(?i:{_WEEKDAY_RE})),?\s+)?"
_WEEK_OF = r"(?P<weekof>\b(?i:the\s+)?(?i:week\s+of)\s+)?"
_ANAPHOR_DAY = (r"\b(?:(?:the\s+)?(?:next|following|previous|preceding|prior)\s+(?:day|morning|afternoon|evening"
                r"|night)|the\s+(?:day|morning|night|evening)\s+(?:before|after)(?!\s+(?:yesterday|tomorrow|last))"
                r"|(?:(?:earlier|later)\s+)?(?:that|the\s+same)\s+(?:day|morning|afternoon|evening|night))\b")
_PRESENT_RE = _alt(en.PRESENT_WORDS)
_PARTS_RE = _alt(en.PARTS_OF_DAY)
# lookbehinds must be fixed-width: one per counting word before a number ("about 1990 people")
_COUNTING = "".join(rf"(?<!\b{w}\s)(?<!\b{w.capitalize()}\s)" for w in (
    "about", "some", "nearly", "over", "than", "least", "around", "approximately", "almost", "only", "just"))
_COUNTED_AFTER = (r"\d{4}\s+(?:[a-z]+s|people|men|women|children|police|personnel|staff|troops|"
                  r"militia|infantry)\b")


@lru_cache(maxsize=1)
def _rules() -> list[_Rule]:
    titled = [" ".join(w if w == "of" else w[:1].upper() + w[1:] for w in name.split()) for name in en.HOLIDAYS]
    holidays = _alt(titled).replace("'", "['’]?")
    return [
        _Rule(re.compile(r"(?:\b(?i:on)\s+)?(?<![\w-])(?P<y>(?:19|20)\d\d)-(?P<m>\d\d)-(?P<d>\d\d)(?!\d)"),
              _iso, ("-",), True),
        # 23/03/2017: a numeric day only when one part cannot be a month (D/M and M/D read alike otherwise)
        _Rule(re.compile(r"(?<![\w/.-])(?P<a>\d{1,2})[/.](?P<b>\d{1,2})[/.](?P<y>(?:19|20)\d\d)(?![\w/-]|\.\d)"),
              _numeric_day, ("/", "."), True),
        # Oct. 7 / October 7th, 2024 / on Friday, Oct. 11 / the week of March 6 / Jan. 24 next year /
        # August 10 and 11 / Jan. 15-16 (a range is its first day)
        _Rule(re.compile(rf"{_WEEK_OF}{_ON}{_WD_PREFIX}"
                         rf"\b(?P<mon>{_MONTH_ANY})\s*(?P<d>\d{{1,2}})(?i:st|nd|rd|th)?\b(?!\s*(?:%|:\d))"
                         rf"(?:\s*(?:-|–|(?i:to)\s)\s*(?P<d2>\d{{1,2}})(?i:st|nd|rd|th)?\b(?![,.]?\d|\s*%))?"
                         rf"(?:,?\s+(?P<y>{_YEAR})|{_YEAR_REL})?"),
              _explicit_day, _MONTH_TRIGGERS, True),
        # 7 October 2024 / on the 7th of October / 15-16 January
        _Rule(re.compile(rf"{_WEEK_OF}{_ON}{_WD_PREFIX}(?:\b(?i:the)\s+)?(?<![\d.,:/])\b(?P<d>\d{{1,2}})"
                         rf"(?i:st|nd|rd|th)?(?:\s*(?:-|–|(?i:to)\s)\s*(?P<d2>\d{{1,2}})(?i:st|nd|rd|th)?)?"
                         rf"\s+(?:(?i:of)\s+)?(?P<mon>{_MONTH_ANY})(?:,?\s+(?P<y>{_YEAR})|{_YEAR_REL})?"),
              _explicit_day, _MONTH_TRIGGERS, True),
        # October 2024 / in early Oct. 2024
        _Rule(re.compile(rf"(?:\b{_MONTH_PREP})?(?:\b{_MONTH_QUAL})?\b(?P<mon>{_MONTH_ANY}),?\s+(?:(?i:of)\s+)?"
                         rf"(?P<y>{_YEAR})"),
              _month_year, _MONTH_TRIGGERS, True),
        # in May / mid-October / last May / January this year  (any month name once introduced)
        _Rule(re.compile(rf"\b(?:{_MONTH_PREP}{_MONTH_QUAL}?|{_MONTH_QUAL}|{_REL})(?P<mon>{_MONTH_ANY})"
                         rf"(?!\.?,?\s*\d){_YEAR_REL}?"),
              _month_only, _MONTH_TRIGGERS, True),
        # October / October this year  (a full name standing alone)
        _Rule(re.compile(rf"\b(?P<mon>{_MONTH_BARE})(?!\.?,?\s*\d){_YEAR_REL}?"),
              _month_only, _MONTH_TRIGGERS, True),
        # in 2023 / since early 2023 / mid-2023
        _Rule(re.compile(rf"\b(?:{_MONTH_PREP}(?:(?i:early|late)\s+|(?i:mid)-?\s*)?|(?i:early|late)\s+|(?i:mid)-?\s*)"
                         rf"(?P<y>{_YEAR})"),
              _year_only, ("19", "20", "18"), True),
        # 1992 alone: a year unless it counts something ("1992 protesters", "about 1990 people"; AP
        # writes 2,000 troops); after "the" a year ("the 1992 protests")
        _Rule(re.compile(rf"(?:(?<=\b[Tt]he\s)|(?<![\w$£€.,/-])(?!{_COUNTED_AFTER})){_COUNTING}"
                         r"(?P<y>(?:19|20)\d\d)\b(?![.,]?\d|-|\s*(?:%|percent)\b)"),
              _year_only, ("19", "20"), True),
        # the 1990s / early 1990s / the '90s
        _Rule(re.compile(r"\b(?:(?:the|early|late|mid)[\s-]+)?(?:(?P<y>(?:1[89]|20)\d0)|['’](?P<yy>\d0))['’]?s\b", _I),
              _decade, ("0s", "0's", "0’s"), True),
        # (early) on (last) Friday (morning) / 9 a.m. Tuesday / Tuesday at 9 a.m.
        _Rule(re.compile(rf"(?:\b{_TIME}\s+)?\b(?:(?:early|late|earlier|later)\s+)?(?:(?:on|by|until|till|since|as\s+of)\s+)?"
                         rf"(?:{_REL})?(?P<wd>{_WEEKDAY_RE})\b(?:\s+(?:{_PARTS_RE})\b)?"
                         rf"(?:,?\s+{_TIME}\b)?", _I),
              _weekday, ("day",)),
        # yesterday / earlier today / this morning / last night
        _Rule(re.compile(r"\b(?:(?:early|earlier|later|late)\s+)?(?P<word>today|tonight"
                         r"|this\s+(?:morning|afternoon|evening)|the\s+day\s+(?:before\s+yesterday|after\s+tomorrow)"
                         r"|yesterday|tomorrow|last\s+night)\b(?:\s+(?:morning|afternoon|evening|night)\b)?", _I),
              _day_word, _DAY_TRIGGERS),
        # the next day / the day before / that morning / later that day
        _Rule(re.compile(_ANAPHOR_DAY, _I), _anaphoric_day, ("day", "morning", "night", "evening", "afternoon"),
              anaphoric=True),
        # the following month / that year / later that week
        _Rule(re.compile(r"\b(?:(?:early|earlier|later|late)\s+)?(?:the\s+)?(?P<arel>following|previous|preceding"
                         r"|prior|that|same)\s+(?P<unit>week|month|year)\b", _I),
              _anaphoric_period, ("week", "month", "year"), anaphoric=True),
        # last week / earlier this month / next year / last weekend
        _Rule(re.compile(r"\b(?:(?:early|earlier|later|late)\s+)?(?:the\s+)?(?P<rel>last|this|next|past|coming)\s+"
                         r"(?P<unit>week|month|year|weekend)\b", _I),
              _relative_period, ("week", "month", "year")),
        # at the end of the month / the start of the year: the period of publication ("by the end of the
        # year" is a deadline, from now to then, which no precision holds)
        _Rule(re.compile(r"(?<!\bby\s)(?<!\bbefore\s)(?<!\buntil\s)(?<!\btill\s)\b(?:(?:at|in|from|since)\s+)?"
                         r"the\s+(?:end|beginning|start|middle)\s+of\s+the\s+(?P<unit>week|month|year)\b", _I),
              _this_period, ("week", "month", "year")),
        # two days later / a week earlier: from the text's last date
        _Rule(re.compile(rf"\b(?P<n>{_NUMBER_RE})\s+(?P<unit>day|week|month|year)s?\s+(?P<dir>later|earlier)\b", _I),
              _offset, ("later", "earlier"), anaphoric=True),
        # (for) the past week: the week of publication
        _Rule(re.compile(r"\b(?:(?:in|over|during|for)\s+)?the\s+(?:past|last)\s+week\b(?!s|end)", _I),
              _the_past_week, ("week",)),
        # (over) the weekend
        _Rule(re.compile(r"\b(?:(?:over|during|on|at)\s+)?the\s+weekend\b", _I), _the_weekend, ("weekend",)),
        # 3 days ago / two weeks ago / a week or so ago / a decade ago
        _Rule(re.compile(rf"\b(?P<n>{_NUMBER_RE})\s+(?P<unit>minute|hour|day|week|month|year|decade)s?"
                         r"(?:\s+or\s+(?:so|two|three|more))?\s+ago\b", _I),
              _ago, ("ago",)),
        # the third quarter (of 2024) / Q3 / the first half of next year
        _Rule(re.compile(rf"\b(?:(?:the\s+)?(?P<ord>first|second|third|fourth|last|1st|2nd|3rd|4th)\s+"
                         rf"(?P<part>quarter|half)|(?P<q>Q)(?P<qn>[1-4]))\b"
                         rf"(?:,?\s+(?:of\s+)?(?P<y>{_YEAR})|{_YEAR_REL})?", _I),
              _quarter, ("quarter", "half", "q1", "q2", "q3", "q4")),
        # last fall / in the summer of 2023 / this winter: a season needs a relative word, a preposition
        # or a year ("the fall of Kabul", "prices fall" and the "Arab Spring" are not seasons)
        _Rule(re.compile(rf"\b(?:(?:the\s+)?{_REL}|(?i:in|during|over|through|since|until|by|this)\s+(?:(?i:the)\s+)?"
                         rf"(?:(?:early|late|mid)[\s-]+)?(?=[a-z]+(?:,?\s+(?:of\s+)?(?:1[89]|20)\d\d|\b(?!\s+of\b)))"
                         rf"|(?=[a-z]+,?\s+(?:of\s+)?(?:1[89]|20)\d\d))"
                         rf"(?P<season>spring|summer|fall|autumn|winter)\b"
                         rf"(?:,?\s+(?:of\s+)?(?P<y>{_YEAR})|{_YEAR_REL})?"),
              _season, ("spring", "summer", "fall", "autumn", "winter")),
        # last Thanksgiving / Christmas Day / Easter week (names capitalised: "election day" in another
        # country's news is not the US one)
        _Rule(re.compile(rf"{_ON}\b(?:{_REL})?(?=[A-Z])(?P<name>{holidays})(?P<week>\s+week)?"
                         rf"(?:,?\s+(?P<y>{_YEAR})|{_YEAR_REL})?\b"),
              _holiday, ("Day", "Thanksgiving", "Christmas", "Easter", "Halloween", "New Year", "Eve",
                         "Fourth of July", "July Fourth"), True),
        # now / currently: the publication day, vague
        _Rule(re.compile(rf"\b(?:(?:right|until|by|from|as\s+of|for)\s+)?(?:{_PRESENT_RE})\b(?!-)", _I), _present,
              ("now", "current", "present", "these days", "at the moment"), vague=True),
        # recently / earlier / had said ...: before publication, no more
        _Rule(re.compile(rf"\b(?:{_alt(en.PAST_WORDS)}|in\s+recent\s+(?:days|weeks|months|years)"
                         rf"|(?:in|over|during|for)\s+the\s+(?:past|last)\s+(?:(?:few|several|{_NUMBER_RE})\s+)?"
                         r"(?:hours?|days|weeks|months?|years?)"
                         r"|had\s+(?:said|already)|ha(?:s|ve)\s+already"
                         r"|(?:a\s+few|few|several|some|many)\s+(?:days|weeks|months|years)\s+ago)\b", _I),
              _before, _BEFORE_TRIGGERS),
    ]


# --------------------------------------------------------------------------- finding

def _matches(sentence: str) -> Iterator[tuple[_Rule, re.Match[str]]]:
    """Every rule's every match; overlaps are left to the caller."""
    lowered = sentence.casefold()
    seen: dict[tuple[tuple[str, ...], bool], bool] = {}   # rules share trigger sets: test each once
    for rule in _rules():
        key = (rule.triggers, rule.case_sensitive)
        if key not in seen:
            text = sentence if rule.case_sensitive else lowered
            seen[key] = any(trigger in text for trigger in rule.triggers)
        if seen[key]:
            yield from ((rule, m) for m in rule.pattern.finditer(sentence) if m.end() > m.start())


def _resolve(rule: _Rule, m: re.Match[str], ctx: _Context) -> EventDate | None:
    try:
        resolved = rule.resolve(m, ctx)
    except (ValueError, OverflowError, KeyError):   # Feb 30, year 0, no such occurrence, ...
        return None
    if resolved is None:
        return None
    date, precision, span = resolved
    return EventDate(date, precision, m.group(0), m.start(), m.end(), span, ctx.tense, rule.vague)


def _as_date(published: object) -> dt.date:
    """Accept a date, a datetime or an ISO string; anything else is a caller bug, not data."""
    if isinstance(published, dt.datetime):
        return published.date()
    if isinstance(published, dt.date):
        return published
    if isinstance(published, str):
        return dt.date.fromisoformat(published[:10])
    raise TypeError(f"published must be a datetime.date, not {type(published).__name__}")


def _tense(sentence: str, start: int, end: int, future: bool | None) -> str | None:
    if future is not None:
        return "future" if future else "past"
    return tense_at(sentence, start, end)


def find_time_expressions(sentence: str, published: dt.date, *, anchor: EventDate | dt.date | None = None,
                          future: bool | None = None) -> list[EventDate]:
    """Every time expression of the sentence, in order, resolved against ``published``.

    Where matches overlap the longest wins ("earlier this month" over "earlier"), so each stretch of
    text gives one expression. An empty list means the sentence has none. ``anchor`` is the date the
    text gave last, for anaphora ("the following month"); ``future`` overrides the tense read from the
    sentence (True: ahead of publication, False: behind it).
    """
    published = _as_date(published)
    if not isinstance(sentence, str) or not sentence:
        return []
    if isinstance(anchor, dt.date):
        anchor = EventDate(anchor, "day", None, None, None)
    base = anchor or EventDate(published, "day", None, None, None)
    found: list[tuple[_Rule, re.Match[str], EventDate]] = []
    for rule, m in _matches(sentence):
        ctx = _Context(published, _tense(sentence, m.start(), m.end(), future), base)
        expr = _resolve(rule, m, ctx)
        if expr is not None:
            found.append((rule, m, expr))
    found.sort(key=lambda f: (f[1].start() - f[1].end(), f[1].start()))
    starts: list[int] = []          # kept expressions never overlap, so sorted starts suffice
    kept: list[tuple[_Rule, re.Match[str], EventDate]] = []
    for item in found:
        start, end = item[1].start(), item[1].end()
        i = bisect.bisect_left(starts, start)
        if (i == 0 or kept[i - 1][1].end() <= start) and (i == len(kept) or end <= starts[i]):
            starts.insert(i, start)
            kept.insert(i, item)
    out: list[EventDate] = []
    for rule, m, expr in kept:      # anaphora count from the expression before them
        if rule.anaphoric and out:
            again = _resolve(rule, m, _Context(published, expr.tense, out[-1]))
            expr = again if again is not None else expr
        out.append(expr)
    return out


# --------------------------------------------------------------------------- choosing

_REPORTING_VERB = re.compile(rf"\b(?:{_alt(en.REPORTING_VERBS)})\b", _I)
_GAP_WORD = re.compile(r"[\w'’-]+")
_GAP_STOP = re.compile(r"[;:!?()\"“”]")
_NOT_VERBS_ED = frozenset({"indeed", "speed", "breed", "creed", "greed", "steed", "hundred"})
_PRECEDING_GAP = re.compile(r"\s+(?:(?:also|had|has|have|separately|publicly|officially|again|later|first)\s+)?",
                            _I)


def _opens_clause(word: str) -> bool:
    """A conjunction, auxiliary or past-tense verb means the date is in a complement clause."""
    lower = word.lower()
    if lower in en.CLAUSE_WORDS:
        return True
    return word.islower() and lower.endswith("ed") and len(lower) >= 5 and lower not in _NOT_VERBS_ED


def _is_reporting(sentence: str, expr: EventDate) -> bool:
    """Is this the date of the reporting ("said on Friday", "on Friday said") rather than the event?

    After a reporting verb: within three words, with no clause opened in between ("said troops
    arrived last week" dates the arrival). Before one: directly, or with one adverb ("on Friday also
    said"); a comma ("arrived on Friday, officials said") keeps it with the event.
    """
    if expr.start is None or expr.end is None:
        return False
    window_start = max(0, expr.start - 80)
    for verb in _REPORTING_VERB.finditer(sentence, window_start, expr.start):
        gap = sentence[verb.end():expr.start]
        if _GAP_STOP.search(gap):
            continue
        words = _GAP_WORD.findall(gap)
        if len(words) <= 3 and not any(_opens_clause(w) for w in words):
            return True
    after = sentence[expr.end:expr.end + 40]
    following = _REPORTING_VERB.search(after)
    if following and not following.group(0).lower().startswith("according"):
        return bool(_PRECEDING_GAP.fullmatch(after[:following.start()])) if following.start() else False
    return False


def resolve_date(sentence: str, published: dt.date, *, anchor: EventDate | dt.date | None = None,
                 future: bool | None = None) -> EventDate:
    """The event's date in the sentence, or the publication date (``text`` None) when it gives none.

    Expressions attached to a reporting verb lose to any other, and vague ones ("now") to any precise
    one; among the rest the most specific wins (day > week > month > year > before), ties to the first.
    If only reporting dates exist, the first is used. ``anchor`` and ``future`` as in
    `find_time_expressions`.
    """
    published = _as_date(published)
    default = EventDate(published, "day", None, None, None)
    try:
        found = find_time_expressions(sentence, published, anchor=anchor, future=future)
        if not found:
            return default
        plain = [e for e in found if not _is_reporting(sentence, e)]
        if plain:
            return min(plain, key=lambda e: (e.vague, _RANK[e.precision], e.start))
        return found[0]
    except Exception:   # noqa: BLE001  never let one odd sentence stop a pipeline over thousands of articles
        return default

