"""The rule table: each time-expression pattern with its resolver and the substrings that trigger it.

Why a module of its own: adding a way of writing a date is a row here (a pattern built from
`geodata.text.date_patterns`, a resolver from `geodata.text.date_resolvers`). Each rule has trigger
substrings, one of which every match contains; rules whose triggers are absent are skipped, which keeps a
sentence without dates at a few microseconds instead of a few hundred.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache

from geodata.lang.en import dates as en
from geodata.text import date_resolvers as res
from geodata.text.date_patterns import (
    MONTH_ANY,
    MONTH_BARE,
    MONTH_PREP,
    MONTH_QUAL,
    NUMBER_RE,
    REL,
    TIME,
    WEEKDAY_RE,
    YEAR,
    YEAR_REL,
    alt,
)
from geodata.text.date_resolvers import Context, Resolved

__all__ = ["Rule", "rule_table"]


@dataclass(frozen=True)
class Rule:
    pattern: re.Pattern[str]
    resolve: Callable[[re.Match[str], Context], Resolved | None]
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
_WD_PREFIX = rf"(?:\b(?P<wd>(?i:{WEEKDAY_RE})),?\s+)?"
_WEEK_OF = r"(?P<weekof>\b(?i:the\s+)?(?i:week\s+of)\s+)?"
_ANAPHOR_DAY = (r"\b(?:(?:the\s+)?(?:next|following|previous|preceding|prior)\s+(?:day|morning|afternoon|evening"
                r"|night)|the\s+(?:day|morning|night|evening)\s+(?:before|after)(?!\s+(?:yesterday|tomorrow|last))"
                r"|(?:(?:earlier|later)\s+)?(?:that|the\s+same)\s+(?:day|morning|afternoon|evening|night))\b")
_PRESENT_RE = alt(en.PRESENT_WORDS)
_PARTS_RE = alt(en.PARTS_OF_DAY)
# lookbehinds must be fixed-width: one per counting word before a number ("about 1990 people")
_COUNTING = "".join(rf"(?<!\b{w}\s)(?<!\b{w.capitalize()}\s)" for w in en.COUNTING_WORDS)
_COUNTED_AFTER = r"\d{4}\s+(?:[a-z]+s|" + "|".join(en.COUNTED_NOUNS) + r")\b"


@lru_cache(maxsize=1)
def rule_table() -> list[Rule]:
    titled = [" ".join(w if w == "of" else w[:1].upper() + w[1:] for w in name.split()) for name in en.HOLIDAYS]
    holidays = alt(titled).replace("'", "['’]?")
    return [
        Rule(re.compile(r"(?:\b(?i:on)\s+)?(?<![\w-])(?P<y>(?:19|20)\d\d)-(?P<m>\d\d)-(?P<d>\d\d)(?!\d)"),
             res.iso, ("-",), True),
        # 23/03/2017: a numeric day only when one part cannot be a month (D/M and M/D read alike otherwise)
        Rule(re.compile(r"(?<![\w/.-])(?P<a>\d{1,2})[/.](?P<b>\d{1,2})[/.](?P<y>(?:19|20)\d\d)(?![\w/-]|\.\d)"),
             res.numeric_day, ("/", "."), True),
        # Oct. 7 / October 7th, 2024 / on Friday, Oct. 11 / the week of March 6 / Jan. 24 next year /
        # August 10 and 11 / Jan. 15-16 (a range is its first day)
        Rule(re.compile(rf"{_WEEK_OF}{_ON}{_WD_PREFIX}"
                        rf"\b(?P<mon>{MONTH_ANY})\s*(?P<d>\d{{1,2}})(?i:st|nd|rd|th)?\b(?!\s*(?:%|:\d))"
                        rf"(?:\s*(?:-|–|(?i:to)\s)\s*(?P<d2>\d{{1,2}})(?i:st|nd|rd|th)?\b(?![,.]?\d|\s*%))?"
                        rf"(?:,?\s+(?P<y>{YEAR})|{YEAR_REL})?"),
             res.explicit_day, _MONTH_TRIGGERS, True),
        # 7 October 2024 / on the 7th of October / 15-16 January
        Rule(re.compile(rf"{_WEEK_OF}{_ON}{_WD_PREFIX}(?:\b(?i:the)\s+)?(?<![\d.,:/])\b(?P<d>\d{{1,2}})"
                        rf"(?i:st|nd|rd|th)?(?:\s*(?:-|–|(?i:to)\s)\s*(?P<d2>\d{{1,2}})(?i:st|nd|rd|th)?)?"
                        rf"\s+(?:(?i:of)\s+)?(?P<mon>{MONTH_ANY})(?:,?\s+(?P<y>{YEAR})|{YEAR_REL})?"),
             res.explicit_day, _MONTH_TRIGGERS, True),
        # October 2024 / in early Oct. 2024
        Rule(re.compile(rf"(?:\b{MONTH_PREP})?(?:\b{MONTH_QUAL})?\b(?P<mon>{MONTH_ANY}),?\s+(?:(?i:of)\s+)?"
                        rf"(?P<y>{YEAR})"),
             res.month_year, _MONTH_TRIGGERS, True),
        # in May / mid-October / last May / January this year  (any month name once introduced)
        Rule(re.compile(rf"\b(?:{MONTH_PREP}{MONTH_QUAL}?|{MONTH_QUAL}|{REL})(?P<mon>{MONTH_ANY})"
                        rf"(?!\.?,?\s*\d){YEAR_REL}?"),
             res.month_only, _MONTH_TRIGGERS, True),
        # October / October this year  (a full name standing alone)
        Rule(re.compile(rf"\b(?P<mon>{MONTH_BARE})(?!\.?,?\s*\d){YEAR_REL}?"),
             res.month_only, _MONTH_TRIGGERS, True),
        # in 2023 / since early 2023 / mid-2023
        Rule(re.compile(rf"\b(?:{MONTH_PREP}(?:(?i:early|late)\s+|(?i:mid)-?\s*)?|(?i:early|late)\s+|(?i:mid)-?\s*)"
                        rf"(?P<y>{YEAR})"),
             res.year_only, ("19", "20", "18"), True),
        # 1992 alone: a year unless it counts something ("1992 protesters", "about 1990 people"; AP
        # writes 2,000 troops); after "the" a year ("the 1992 protests")
        Rule(re.compile(rf"(?:(?<=\b[Tt]he\s)|(?<![\w$£€.,/-])(?!{_COUNTED_AFTER})){_COUNTING}"
                        r"(?P<y>(?:19|20)\d\d)\b(?![.,]?\d|-|\s*(?:%|percent)\b)"),
             res.year_only, ("19", "20"), True),
        # the 1990s / early 1990s / the '90s
        Rule(re.compile(r"\b(?:(?:the|early|late|mid)[\s-]+)?(?:(?P<y>(?:1[89]|20)\d0)|['’](?P<yy>\d0))['’]?s\b", _I),
             res.decade, ("0s", "0's", "0’s"), True),
        # (early) on (last) Friday (morning) / 9 a.m. Tuesday / Tuesday at 9 a.m.
        Rule(re.compile(rf"(?:\b{TIME}\s+)?\b(?:(?:early|late|earlier|later)\s+)?(?:(?:on|by|until|till|since|as\s+of)\s+)?"
                        rf"(?:{REL})?(?P<wd>{WEEKDAY_RE})\b(?:\s+(?:{_PARTS_RE})\b)?"
                        rf"(?:,?\s+{TIME}\b)?", _I),
             res.named_weekday, ("day",)),
        # yesterday / earlier today / this morning / last night
        Rule(re.compile(r"\b(?:(?:early|earlier|later|late)\s+)?(?P<word>today|tonight"
                        r"|this\s+(?:morning|afternoon|evening)|the\s+day\s+(?:before\s+yesterday|after\s+tomorrow)"
                        r"|yesterday|tomorrow|last\s+night)\b(?:\s+(?:morning|afternoon|evening|night)\b)?", _I),
             res.day_word, _DAY_TRIGGERS),
        # the next day / the day before / that morning / later that day
        Rule(re.compile(_ANAPHOR_DAY, _I), res.anaphoric_day, ("day", "morning", "night", "evening", "afternoon"),
             anaphoric=True),
        # the following month / that year / later that week
        Rule(re.compile(r"\b(?:(?:early|earlier|later|late)\s+)?(?:the\s+)?(?P<arel>following|previous|preceding"
                        r"|prior|that|same)\s+(?P<unit>week|month|year)\b", _I),
             res.anaphoric_period, ("week", "month", "year"), anaphoric=True),
        # last week / earlier this month / next year / last weekend
        Rule(re.compile(r"\b(?:(?:early|earlier|later|late)\s+)?(?:the\s+)?(?P<rel>last|this|next|past|coming)\s+"
                        r"(?P<unit>week|month|year|weekend)\b", _I),
             res.relative_period, ("week", "month", "year")),
        # at the end of the month / the start of the year: the period of publication ("by the end of the
        # year" is a deadline, from now to then, which no precision holds)
        Rule(re.compile(r"(?<!\bby\s)(?<!\bbefore\s)(?<!\buntil\s)(?<!\btill\s)\b(?:(?:at|in|from|since)\s+)?"
                        r"the\s+(?:end|beginning|start|middle)\s+of\s+the\s+(?P<unit>week|month|year)\b", _I),
             res.this_period, ("week", "month", "year")),
        # two days later / a week earlier: from the text's last date
        Rule(re.compile(rf"\b(?P<n>{NUMBER_RE})\s+(?P<unit>day|week|month|year)s?\s+(?P<dir>later|earlier)\b", _I),
             res.offset, ("later", "earlier"), anaphoric=True),
        # (for) the past week: the week of publication
        Rule(re.compile(r"\b(?:(?:in|over|during|for)\s+)?the\s+(?:past|last)\s+week\b(?!s|end)", _I),
             res.the_past_week, ("week",)),
        # (over) the weekend
        Rule(re.compile(r"\b(?:(?:over|during|on|at)\s+)?the\s+weekend\b", _I), res.the_weekend, ("weekend",)),
        # 3 days ago / two weeks ago / a week or so ago / a decade ago
        Rule(re.compile(rf"\b(?P<n>{NUMBER_RE})\s+(?P<unit>minute|hour|day|week|month|year|decade)s?"
                        r"(?:\s+or\s+(?:so|two|three|more))?\s+ago\b", _I),
             res.ago, ("ago",)),
        # the third quarter (of 2024) / Q3 / the first half of next year
        Rule(re.compile(rf"\b(?:(?:the\s+)?(?P<ord>first|second|third|fourth|last|1st|2nd|3rd|4th)\s+"
                        rf"(?P<part>quarter|half)|(?P<q>Q)(?P<qn>[1-4]))\b"
                        rf"(?:,?\s+(?:of\s+)?(?P<y>{YEAR})|{YEAR_REL})?", _I),
             res.quarter, ("quarter", "half", "q1", "q2", "q3", "q4")),
        # last fall / in the summer of 2023 / this winter: a season needs a relative word, a preposition
        # or a year ("the fall of Kabul", "prices fall" and the "Arab Spring" are not seasons)
        Rule(re.compile(rf"\b(?:(?:the\s+)?{REL}|(?i:in|during|over|through|since|until|by|this)\s+(?:(?i:the)\s+)?"
                        rf"(?:(?:early|late|mid)[\s-]+)?(?=[a-z]+(?:,?\s+(?:of\s+)?(?:1[89]|20)\d\d|\b(?!\s+of\b)))"
                        rf"|(?=[a-z]+,?\s+(?:of\s+)?(?:1[89]|20)\d\d))"
                        rf"(?P<season>spring|summer|fall|autumn|winter)\b"
                        rf"(?:,?\s+(?:of\s+)?(?P<y>{YEAR})|{YEAR_REL})?"),
             res.season, ("spring", "summer", "fall", "autumn", "winter")),
        # last Thanksgiving / Christmas Day / Easter week (names capitalised: "election day" in another
        # country's news is not the US one)
        Rule(re.compile(rf"{_ON}\b(?:{REL})?(?=[A-Z])(?P<name>{holidays})(?P<week>\s+week)?"
                        rf"(?:,?\s+(?P<y>{YEAR})|{YEAR_REL})?\b"),
             res.holiday, ("Day", "Thanksgiving", "Christmas", "Easter", "Halloween", "New Year", "Eve",
                        "Fourth of July", "July Fourth"), True),
        # now / currently: the publication day, vague
        Rule(re.compile(rf"\b(?:(?:right|until|by|from|as\s+of|for)\s+)?(?:{_PRESENT_RE})\b(?!-)", _I), res.present,
             ("now", "current", "present", "these days", "at the moment"), vague=True),
        # recently / earlier / had said ...: before publication, no more
        Rule(re.compile(rf"\b(?:{alt(en.PAST_WORDS)}|in\s+recent\s+(?:days|weeks|months|years)"
                        rf"|(?:in|over|during|for)\s+the\s+(?:past|last)\s+(?:(?:few|several|{NUMBER_RE})\s+)?"
                        r"(?:hours?|days|weeks|months?|years?)"
                        r"|had\s+(?:said|already)|ha(?:s|ve)\s+already"
                        r"|(?:a\s+few|few|several|some|many)\s+(?:days|weeks|months|years)\s+ago)\b", _I),
             res.before, _BEFORE_TRIGGERS),
    ]
