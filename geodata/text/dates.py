"""Time expressions of a sentence, resolved against the article's publication date.

Why: an event taken from a sentence needs the date *of the event*. News prose gives it relative to
the publication date ("on Friday", "last week"), ahead of it ("talks will resume Monday", "due in
May"), relative to another date of the text ("the following month") and often next to the date of the
*reporting* ("officials said on Friday that troops arrived last week": the event is last week).

This module's job is the public API: finding every expression of a sentence (longest match wins) and
choosing the one that dates the event. The expressions come from the rule table (`geodata.text.date_rules`),
whose patterns are built from the English tables in `geodata.lang.en.dates` (`geodata.text.date_patterns`)
and whose resolvers (`geodata.text.date_resolvers`) do the reading; `EventDate` lives in
`geodata.text.event_date`, the arithmetic in `geodata.text.calendar`, the tense in `geodata.text.tense`.

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
from collections.abc import Iterator

from geodata.lang.en import dates as en
from geodata.text.date_patterns import alt
from geodata.text.date_resolvers import Context
from geodata.text.date_rules import Rule, rule_table
from geodata.text.event_date import PRECISIONS, EventDate
from geodata.text.tense import tense_at

__all__ = ["PRECISIONS", "EventDate", "find_time_expressions", "resolve_date"]

_RANK = {name: rank for rank, name in enumerate(PRECISIONS)}   # lower = more specific
_I = re.IGNORECASE


# --------------------------------------------------------------------------- finding

def _matches(sentence: str) -> Iterator[tuple[Rule, re.Match[str]]]:
    """Every rule's every match; overlaps are left to the caller."""
    lowered = sentence.casefold()
    seen: dict[tuple[tuple[str, ...], bool], bool] = {}   # rules share trigger sets: test each once
    for rule in rule_table():
        key = (rule.triggers, rule.case_sensitive)
        if key not in seen:
            text = sentence if rule.case_sensitive else lowered
            seen[key] = any(trigger in text for trigger in rule.triggers)
        if seen[key]:
            yield from ((rule, m) for m in rule.pattern.finditer(sentence) if m.end() > m.start())


def _resolve(rule: Rule, m: re.Match[str], ctx: Context) -> EventDate | None:
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
    found: list[tuple[Rule, re.Match[str], EventDate]] = []
    for rule, m in _matches(sentence):
        ctx = Context(published, _tense(sentence, m.start(), m.end(), future), base)
        expr = _resolve(rule, m, ctx)
        if expr is not None:
            found.append((rule, m, expr))
    found.sort(key=lambda f: (f[1].start() - f[1].end(), f[1].start()))
    starts: list[int] = []          # kept expressions never overlap, so sorted starts suffice
    kept: list[tuple[Rule, re.Match[str], EventDate]] = []
    for item in found:
        start, end = item[1].start(), item[1].end()
        i = bisect.bisect_left(starts, start)
        if (i == 0 or kept[i - 1][1].end() <= start) and (i == len(kept) or end <= starts[i]):
            starts.insert(i, start)
            kept.insert(i, item)
    out: list[EventDate] = []
    for rule, m, expr in kept:      # anaphora count from the expression before them
        if rule.anaphoric and out:
            again = _resolve(rule, m, Context(published, expr.tense, out[-1]))
            expr = again if again is not None else expr
        out.append(expr)
    return out


# --------------------------------------------------------------------------- choosing

_REPORTING_VERB = re.compile(rf"\b(?:{alt(en.REPORTING_VERBS)})\b", _I)
_GAP_WORD = re.compile(r"[\w'’-]+")
_GAP_STOP = re.compile(r"[;:!?()\"“”]")
_PRECEDING_GAP = re.compile(rf"\s+(?:(?:{'|'.join(en.REPORTING_ADVERBS)})\s+)?", _I)


def _opens_clause(word: str) -> bool:
    """A conjunction, auxiliary or past-tense verb means the date is in a complement clause."""
    lower = word.lower()
    if lower in en.CLAUSE_WORDS:
        return True
    return word.islower() and lower.endswith("ed") and len(lower) >= 5 and lower not in en.NOT_CLAUSE_ED


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
