"""The English date vocabulary (`geodata.lang.en.dates`) as regular-expression pieces, and matched words read
back as numbers.

Why a module of its own: the rule table (`geodata.text.date_rules`) assembles its patterns from these pieces
and the resolvers (`geodata.text.date_resolvers`) read the same words back ("Sept." is 9, "two" is 2, "last" is
-1), so both sides of a word live together.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from geodata.lang.en import dates as en

__all__ = ["MONTH_ANY", "MONTH_BARE", "MONTH_PREP", "MONTH_QUAL", "NUMBER_RE", "REL", "TIME", "WEEKDAY_RE", "YEAR",
           "YEAR_REL", "alt", "month_number", "number_of", "relative_step"]


def alt(words: Iterable[str]) -> str:
    """One alternation, longest word first ("at present" before "present"); a space matches any whitespace."""
    return "|".join(re.escape(w).replace(r"\ ", r"\s+") for w in sorted(set(words), key=len, reverse=True))


WEEKDAY_RE = alt(en.WEEKDAYS)
# Month names are matched capitalised only: lower-case "may", "march" and "august" are words.
# A month standing alone must be a full name, and never "May" (modal verb, Theresa May).
MONTH_BARE = "(?:" + "|".join(m.capitalize() for m in en.MONTHS if m not in en.AMBIGUOUS_MONTHS) + r")\b"
MONTH_ANY = (rf"(?:{MONTH_BARE}|" + "|".join(m.capitalize() + r"\b" for m in en.AMBIGUOUS_MONTHS) + "|(?:"
             + "|".join(a.capitalize() for a in sorted(en.MONTH_ABBREVIATIONS, key=len, reverse=True))
             + r")\b\.?)")
YEAR = r"(?:1[89]|20)\d\d\b(?![.,]\d)"
NUMBER_RE = r"\d{1,3}|" + alt(en.NUMBER_WORDS)
MONTH_PREP = r"(?i:in|since|during|until|till|by|through|from|for|before|after|of)\s+"
MONTH_QUAL = r"(?:(?i:early|late)\s+|(?i:mid)-?\s*|(?i:the\s+(?:end|beginning|start|middle)\s+of)\s+)"
YEAR_REL = r"(?:,?\s+(?P<yrel>(?i:this|next|last|of\s+this|of\s+next|of\s+last))\s+(?i:year)\b)"
REL = r"(?P<rel>(?i:last|next|this\s+past|past|this|coming|previous))\s+"
TIME = (r"(?:(?i:at|until|till|by|around|about|from|before|after)\s+)?(?:\d{1,2}(?::\d\d)?\s*(?i:a\.?m\.?|p\.?m\.?)"
        r"(?:\s+\(?[A-Z]{2,4}\)?)?|(?i:noon|midnight|midday|dawn|dusk))")


def month_number(name: str) -> int:
    key = name.rstrip(".").lower()
    return en.MONTHS.get(key) or en.MONTH_ABBREVIATIONS[key[:4] if key.startswith("sept") else key[:3]]


def number_of(word: str) -> int:
    return int(word) if word.isdigit() else en.NUMBER_WORDS[" ".join(word.lower().split())]


def relative_step(word: str | None) -> int | None:
    """last -1, this 0, next +1 (with "this past" as last); None when no relative word."""
    if not word:
        return None
    words = word.lower().split()
    if words[:2] == ["this", "past"]:
        return -1
    return en.RELATIVE.get(words[-1])
