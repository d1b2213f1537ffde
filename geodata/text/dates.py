"""Time expressions of a sentence, resolved against the article's publication date.

Why: an event taken from a sentence needs the date *of the event*. News prose gives it relative to
the publication date ("on Friday", "last week"), and often next to the date of the *reporting*
("officials said on Friday that troops arrived last week": the event is last week).

Expressions are found with our own regular expressions, not dateparser's ``search_dates``: that one
reads the modal "may" and "at 3 a.m." as dates and misses "Last week," and "recently". dateparser
only parses an explicit date string once found ("Oct. 7, 2024"), and its answer is checked against
the numbers the regex saw, so a dateparser upgrade cannot silently shift a date; without dateparser
the same dates come from plain calendar arithmetic.

Conventions: ``EventDate.date`` is the representative day (first day of a week/month/year; the
publication date for "before"). ``text is None`` means no expression was found and the date is the
publication date by default. Nothing here raises on any sentence.
"""

from __future__ import annotations

import bisect
import datetime as dt
import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Callable, Iterator

__all__ = ["EventDate", "PRECISIONS", "find_time_expressions", "resolve_date"]

PRECISIONS = ("day", "week", "month", "year", "before")
_RANK = {name: rank for rank, name in enumerate(PRECISIONS)}   # lower = more specific


@dataclass(frozen=True)
class EventDate:
    """The date of an event and how precisely the sentence gave it.

    ``text``/``start``/``end`` are the phrase and its offsets in the sentence
    (``sentence[start:end] == text``); all three are None when the date was defaulted.
    """

    date: dt.date
    precision: str
    text: str | None
    start: int | None
    end: int | None

    def to_dict(self) -> dict[str, object]:
        """JSON-ready form: the date as an ISO string."""
        return {"date": self.date.isoformat(), "precision": self.precision, "text": self.text,
                "start": self.start, "end": self.end}


# --------------------------------------------------------------------------- calendar arithmetic

def _monday(day: dt.date) -> dt.date:
    """Weeks run Monday to Sunday, so a week is named by its Monday."""
    return day - dt.timedelta(days=day.weekday())


def _month_start(day: dt.date, months_back: int = 0) -> dt.date:
    """First day of the month ``months_back`` months before ``day``'s (negative = later)."""
    index = day.year * 12 + (day.month - 1) - months_back
    return dt.date(index // 12, index % 12 + 1, 1)


def _latest_weekday(published: dt.date, weekday: int, strictly_before: bool = False) -> dt.date:
    """In a Friday paper "on Friday" is that Friday, and "last Friday" the one before."""
    back = (published.weekday() - weekday) % 7
    if strictly_before and back == 0:
        back = 7
    return published - dt.timedelta(days=back)


def _next_weekday(published: dt.date, weekday: int) -> dt.date:
    """The next such weekday after publication: "next Friday" is never the publication day."""
    ahead = (weekday - published.weekday()) % 7 or 7
    return published + dt.timedelta(days=ahead)


def _latest_month_day(published: dt.date, month: int, day: int) -> dt.date | None:
    """A month-day without a year is the latest one on or before publication (Feb 29 included)."""
    for year in range(published.year, max(published.year - 8, 0), -1):
        try:
            candidate = dt.date(year, month, day)
        except ValueError:
            continue
        if candidate <= published:
            return candidate
    return None


def _latest_month(published: dt.date, month: int) -> dt.date:
    """For "in October": this October if publication is in or past it, else last year's."""
    year = published.year if month <= published.month else published.year - 1
    return dt.date(year, month, 1)


# --------------------------------------------------------------------------- vocabulary

_WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
_WEEKDAY_RE = "|".join(_WEEKDAYS)
_MONTH_NUMBER = {"jan": 1, "feb": 2, "mar": 3, "apr": 4, "may": 5, "jun": 6, "jul": 7, "aug": 8,
                 "sep": 9, "oct": 10, "nov": 11, "dec": 12}
# Month names are matched capitalised only: lower-case "may", "march" and "august" are words.
# A month standing alone must be a full name, and never "May" (modal verb, Theresa May).
_MONTH_BARE = r"(?:January|February|March|April|June|July|August|September|October|November|December)\b"
# Only an abbreviation takes a dot, so "in October." leaves the full stop out of the phrase.
_MONTH_ANY = rf"(?:{_MONTH_BARE}|May\b|(?:Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept|Sep|Oct|Nov|Dec)\b\.?)"
_YEAR = r"(?:19|20)\d\d\b(?![.,]\d)"
_NUMBER_WORDS = {"a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6,
                 "seven": 7, "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12}
_NUMBER_RE = r"\d{1,3}|" + "|".join(_NUMBER_WORDS)
_MONTH_PREP = r"(?i:in|since|during|until|till|by|through|from)\s+"
_MONTH_QUAL = r"(?:(?i:early|late)\s+|(?i:mid)-?\s*|(?i:the\s+(?:end|beginning|start|middle)\s+of)\s+)"


def _month_number(name: str) -> int:
    return _MONTH_NUMBER[name[:3].lower()]


def _number(word: str) -> int:
    return int(word) if word.isdigit() else _NUMBER_WORDS[word.lower()]


# --------------------------------------------------------------------------- rules
# Each rule: a pattern, a resolver from the match to (date, precision) or None to drop it, and
# trigger substrings, one of which every match contains. Rules whose triggers are absent are skipped,
# which keeps a sentence without dates at a few microseconds instead of a few hundred.


@dataclass(frozen=True)
class _Rule:
    pattern: re.Pattern[str]
    resolve: Callable[[re.Match[str], dt.date], "tuple[dt.date, str] | None"]
    triggers: tuple[str, ...]
    case_sensitive: bool = False   # month names are only ever capitalised


def _iso(m: re.Match[str], published: dt.date) -> tuple[dt.date, str] | None:
    """ISO dates are unambiguous; numeric D/M vs M/D forms are deliberately not read at all."""
    return dt.date(int(m["y"]), int(m["m"]), int(m["d"])), "day"


def _explicit_day(m: re.Match[str], published: dt.date) -> tuple[dt.date, str] | None:
    """For "Oct. 7", "7 October 2024": dateparser reads the string, the regex groups vouch for it."""
    month, day = _month_number(m["mon"]), int(m["d"])
    year = int(m["y"]) if m["y"] else None
    if year is not None:
        expected: dt.date | None = dt.date(year, month, day)   # ValueError (Feb 30) drops the match
    else:
        expected = _latest_month_day(published, month, day)
    if expected is None:
        return None
    parsed = _dateparser_day(m["core"], published)
    if parsed is not None and parsed == expected:
        return parsed, "day"
    return expected, "day"


def _month_year(m: re.Match[str], published: dt.date) -> tuple[dt.date, str] | None:
    return dt.date(int(m["y"]), _month_number(m["mon"]), 1), "month"


def _month_only(m: re.Match[str], published: dt.date) -> tuple[dt.date, str] | None:
    return _latest_month(published, _month_number(m["mon"])), "month"


def _year_only(m: re.Match[str], published: dt.date) -> tuple[dt.date, str] | None:
    return dt.date(int(m["y"]), 1, 1), "year"


def _weekday(m: re.Match[str], published: dt.date) -> tuple[dt.date, str] | None:
    weekday = _WEEKDAYS.index(m["wd"].lower())
    rel = (m["rel"] or "").lower()
    if rel == "next":
        return _next_weekday(published, weekday), "day"
    return _latest_weekday(published, weekday, strictly_before=rel in ("last", "past", "this past")), "day"


_DAY_OFFSETS = {"today": 0, "tonight": 0, "this": 0, "yesterday": -1, "last": -1, "tomorrow": 1,
                "the": -2}


def _day_word(m: re.Match[str], published: dt.date) -> tuple[dt.date, str] | None:
    first = m["word"].split()[0].lower()
    return published + dt.timedelta(days=_DAY_OFFSETS[first]), "day"


def _relative_period(m: re.Match[str], published: dt.date) -> tuple[dt.date, str] | None:
    """last/this/next week|month|year, named by the period's first day."""
    step = {"last": -1, "this": 0, "next": 1}[m["rel"].lower()]
    unit = m["unit"].lower()
    if unit == "week":
        return _monday(published) + dt.timedelta(weeks=step), "week"
    if unit == "month":
        return _month_start(published, -step), "month"
    return dt.date(published.year + step, 1, 1), "year"


def _ago(m: re.Match[str], published: dt.date) -> tuple[dt.date, str] | None:
    """For "N units ago": keeps the unit's precision ("two weeks ago" is a week, not a made-up day)."""
    n = _number(m["n"])
    unit = m["unit"].lower()
    if unit in ("minute", "hour"):
        return published, "day"
    if unit == "day":
        return published - dt.timedelta(days=n), "day"
    if unit == "week":
        return _monday(published - dt.timedelta(weeks=n)), "week"
    if unit == "month":
        return _month_start(published, n), "month"
    return dt.date(published.year - n, 1, 1), "year"


def _before(m: re.Match[str], published: dt.date) -> tuple[dt.date, str] | None:
    """For "recently", "had said": all we know is that the event precedes publication."""
    return published, "before"


_I = re.IGNORECASE
_MONTH_TRIGGERS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
_DAY_TRIGGERS = ("today", "tonight", "morning", "afternoon", "evening", "yesterday", "tomorrow", "night")
_BEFORE_TRIGGERS = ("earlier", "recent", "previous", "past", "last", "already", "had", "ago")
_RULES: list[_Rule] = [
    # 2024-10-07 (numeric D/M and M/D forms are ambiguous and deliberately not read)
    _Rule(re.compile(r"(?:\b(?i:on)\s+)?(?<![\w-])(?P<y>(?:19|20)\d\d)-(?P<m>\d\d)-(?P<d>\d\d)(?!\d)"),
          _iso, ("-",), True),
    # Oct. 7 / October 7th, 2024 / on Friday, Oct. 11
    _Rule(re.compile(rf"(?:\b(?i:on|since|until|till|by|from)\s+)?(?:\b(?i:{_WEEKDAY_RE}),?\s+)?"
                     rf"(?P<core>\b(?P<mon>{_MONTH_ANY})\s*(?P<d>\d{{1,2}})(?i:st|nd|rd|th)?\b"
                     rf"(?:,?\s+(?P<y>{_YEAR}))?)"),
          _explicit_day, _MONTH_TRIGGERS, True),
    # 7 October 2024 / on the 7th of October
    _Rule(re.compile(rf"(?:\b(?i:on|since|until|till|by|from)\s+)?(?:\b(?i:{_WEEKDAY_RE}),?\s+)?"
                     rf"(?:\b(?i:the)\s+)?(?P<core>(?<![\d.,:/])\b(?P<d>\d{{1,2}})(?i:st|nd|rd|th)?\s+"
                     rf"(?:(?i:of)\s+)?(?P<mon>{_MONTH_ANY})(?:,?\s+(?P<y>{_YEAR}))?)"),
          _explicit_day, _MONTH_TRIGGERS, True),
    # October 2024 / in early Oct. 2024
    _Rule(re.compile(rf"(?:\b{_MONTH_PREP})?(?:\b{_MONTH_QUAL})?\b(?P<mon>{_MONTH_ANY}),?\s+(?P<y>{_YEAR})"),
          _month_year, _MONTH_TRIGGERS, True),
    # in May / mid-October / early Oct.  (any month name once introduced)
    _Rule(re.compile(rf"\b(?:{_MONTH_PREP}{_MONTH_QUAL}?|{_MONTH_QUAL})(?P<mon>{_MONTH_ANY})(?!\.?,?\s*\d)"),
          _month_only, _MONTH_TRIGGERS, True),
    # October  (a full name standing alone)
    _Rule(re.compile(rf"\b(?P<mon>{_MONTH_BARE})(?!\.?,?\s*\d)"), _month_only, _MONTH_TRIGGERS, True),
    # in 2023 / since early 2023 / mid-2023  (a bare number is too often a count)
    _Rule(re.compile(rf"\b(?:{_MONTH_PREP}(?:(?i:early|late)\s+|(?i:mid)-?\s*)?|(?i:early|late)\s+|(?i:mid)-?\s*)"
                     rf"(?P<y>{_YEAR})"),
          _year_only, ("19", "20"), True),
    # (early) on (last) Friday (morning)
    _Rule(re.compile(rf"\b(?:(?:early|late|earlier|later)\s+)?(?:on\s+)?"
                     rf"(?:(?P<rel>last|next|this\s+past|past|this)\s+)?"
                     rf"(?P<wd>{_WEEKDAY_RE})\b(?:\s+(?:morning|afternoon|evening|night))?", _I),
          _weekday, ("day",)),
    # yesterday / earlier today / this morning / last night
    _Rule(re.compile(r"\b(?:(?:early|earlier|later|late)\s+)?(?P<word>today|tonight"
                     r"|this\s+(?:morning|afternoon|evening)|the\s+day\s+before\s+yesterday|yesterday"
                     r"|tomorrow|last\s+night)\b(?:\s+(?:morning|afternoon|evening|night)\b)?", _I),
          _day_word, _DAY_TRIGGERS),
    # last week / earlier this month / next year
    _Rule(re.compile(r"\b(?:(?:early|earlier|later|late)\s+)?(?P<rel>last|this|next)\s+"
                     r"(?P<unit>week|month|year)\b", _I),
          _relative_period, ("week", "month", "year")),
    # 3 days ago / two weeks ago / a month ago
    _Rule(re.compile(rf"\b(?P<n>{_NUMBER_RE})\s+(?P<unit>minute|hour|day|week|month|year)s?\s+ago\b", _I),
          _ago, ("ago",)),
    # recently / earlier / had said ...: before publication, no more
    _Rule(re.compile(r"\b(?:earlier|recently|previously|in\s+recent\s+(?:days|weeks|months|years)"
                     rf"|(?:in|over|during)\s+the\s+(?:past|last)\s+(?:(?:few|several|{_NUMBER_RE})\s+)?"
                     r"(?:hours?|days?|weeks?|months?|years?)"
                     r"|had\s+(?:said|already)|ha(?:s|ve)\s+already"
                     r"|(?:a\s+few|few|several|some|many)\s+(?:days|weeks|months|years)\s+ago)\b", _I),
          _before, _BEFORE_TRIGGERS),
]


# --------------------------------------------------------------------------- dateparser (optional)

@lru_cache(maxsize=4096)
def _dateparser_day(text: str, published: dt.date) -> dt.date | None:
    """dateparser's reading of an explicit day date, past-preferring from the publication date."""
    try:
        import dateparser  # imported lazily: sentences without dates never pay for it
        parsed = dateparser.parse(
            text, languages=["en"],
            settings={"RELATIVE_BASE": dt.datetime(published.year, published.month, published.day),
                      "PREFER_DATES_FROM": "past", "PREFER_DAY_OF_MONTH": "first",
                      "REQUIRE_PARTS": ["day", "month"], "RETURN_AS_TIMEZONE_AWARE": False})
    except Exception:   # missing package, odd input, calendar edge: our arithmetic still answers
        return None
    return parsed.date() if parsed is not None else None


# --------------------------------------------------------------------------- finding

def _candidates(sentence: str, published: dt.date) -> Iterator[EventDate]:
    """Every rule's every match that resolves to a real date; overlaps are left to the caller."""
    lowered = sentence.casefold()
    seen: dict[tuple[tuple[str, ...], bool], bool] = {}   # rules share trigger sets: test each once
    for rule in _RULES:
        key = (rule.triggers, rule.case_sensitive)
        if key not in seen:
            text = sentence if rule.case_sensitive else lowered
            seen[key] = any(trigger in text for trigger in rule.triggers)
        if not seen[key]:
            continue
        for m in rule.pattern.finditer(sentence):
            try:
                resolved = rule.resolve(m, published)
            except (ValueError, OverflowError, KeyError):   # Feb 30, year 0, ...
                continue
            if resolved is not None:
                yield EventDate(resolved[0], resolved[1], m.group(0), m.start(), m.end())


def _as_date(published: object) -> dt.date:
    """Accept a date, a datetime or an ISO string; anything else is a caller bug, not data."""
    if isinstance(published, dt.datetime):
        return published.date()
    if isinstance(published, dt.date):
        return published
    if isinstance(published, str):
        return dt.date.fromisoformat(published[:10])
    raise TypeError(f"published must be a datetime.date, not {type(published).__name__}")


def find_time_expressions(sentence: str, published: dt.date) -> list[EventDate]:
    """Every time expression of the sentence, in order, resolved against ``published``.

    Where matches overlap the longest wins ("earlier this month" over "earlier"), so each stretch of
    text gives one expression. An empty list means the sentence has none.
    """
    published = _as_date(published)
    if not isinstance(sentence, str) or not sentence:
        return []
    found = sorted(_candidates(sentence, published), key=lambda e: (e.start - e.end, e.start))
    starts: list[int] = []          # kept expressions never overlap, so sorted starts suffice
    kept: list[EventDate] = []
    for expr in found:
        i = bisect.bisect_left(starts, expr.start)
        if (i == 0 or kept[i - 1].end <= expr.start) and (i == len(kept) or expr.end <= starts[i]):
            starts.insert(i, expr.start)
            kept.insert(i, expr)
    return kept


# --------------------------------------------------------------------------- choosing

_REPORTING_VERB = re.compile(r"\b(?:said|says|say|told|tells|tell|reported|announced|announces|stated"
                             r"|confirmed|confirms|added|adds|acknowledged|acknowledges|warned|warns|denied"
                             r"|denies|claimed|claims|alleged|insisted|noted|wrote|according\s+to)\b", _I)
_GAP_WORD = re.compile(r"[\w'’-]+")
_GAP_STOP = re.compile(r"[;:!?()\"“”]")
# Words that open a new clause between "said" and a date: the date then belongs to that clause.
_CLAUSE_WORDS = frozenset(
    "that which who when after before while because as if since and but or "
    "is are was were be been being will would could can may might must should shall "
    "has have had do does did began begun broke came fell fled fought gave held hit kept led left "
    "lost made met ran sent shot spoke stood struck took went won wrote brought caught saw".split())
_NOT_VERBS_ED = frozenset({"indeed", "speed", "breed", "creed", "greed", "steed", "hundred"})
_PRECEDING_GAP = re.compile(r"\s+(?:(?:also|had|has|have|separately|publicly|officially|again|later|first)\s+)?",
                            _I)


def _opens_clause(word: str) -> bool:
    """A conjunction, auxiliary or past-tense verb means the date is in a complement clause."""
    lower = word.lower()
    if lower in _CLAUSE_WORDS:
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
    verb = _REPORTING_VERB.search(after)
    if verb and not verb.group(0).lower().startswith("according"):
        return bool(_PRECEDING_GAP.fullmatch(after[:verb.start()])) if verb.start() else False
    return False


def resolve_date(sentence: str, published: dt.date) -> EventDate:
    """The event's date in the sentence, or the publication date (``text`` None) when it gives none.

    Expressions attached to a reporting verb lose to any other; among the rest the most specific
    wins (day > week > month > year > before), ties to the first. If only reporting dates exist,
    the first is used.
    """
    published = _as_date(published)
    default = EventDate(published, "day", None, None, None)
    try:
        found = find_time_expressions(sentence, published)
        if not found:
            return default
        plain = [e for e in found if not _is_reporting(sentence, e)]
        if plain:
            return min(plain, key=lambda e: (_RANK[e.precision], e.start))
        return found[0]
    except Exception:   # never let one odd sentence stop a pipeline over thousands of articles
        return default
