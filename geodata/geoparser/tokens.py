"""Split text into word tokens that keep their exact offsets, and mark what matters for place names.

Offsets are into the original string, so every mention slices back to its text. A token knows whether it
is capitalised, whether it starts a sentence, whether it carries a possessive "'s", and what separates it
from the previous token (a space or hyphen lets a multi-word name continue; a comma or full stop does not).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from geodata.normalize import normalize

# Acronyms with dots (U.S., B.C.), then words with inner apostrophes (Namp'o, O'Hare) or a possessive.
_TOKEN = re.compile(
    r"(?:[^\W\d_]\.){2,}"
    r"|[^\W\d_]+(?:['’ʼ][^\W\d_]+)*"
)
_POSSESSIVE = re.compile(r"['’ʼ]s$|(?<=s)['’ʼ]$", re.IGNORECASE)
_CONTRACTION = re.compile(r"['’](?:ve|d|ll|re|m|t)$", re.IGNORECASE)   # "I've", "I'd": never names
_SENTENCE_END = re.compile(r"[.!?]['\"’”)\]]*\s*$|\n\s*\n\s*$|^\s*$|[:;]\s*[\"“‘']\s*$|[\"“]\s*$")


@dataclass(frozen=True, slots=True)
class Token:
    start: int
    end: int            # end of the name part, without a possessive 's
    text: str
    norm: str
    cap: bool           # starts with an upper-case letter (or is an acronym)
    sent_start: bool    # first token of a sentence, headline or quotation
    possessive: bool
    gap: str            # "" if the previous token is joined by a space or hyphen only, else the separator
    dotted: bool        # followed directly by "." (AP state abbreviations: "Ky.", "Calif.")


def tokenize(text: str) -> list[Token]:
    tokens: list[Token] = []
    prev_end = 0
    for match in _TOKEN.finditer(text):
        raw = match.group(0)
        start = match.start()
        end = match.end()
        poss = _POSSESSIVE.search(raw)
        if poss and len(raw) > 3:
            end = start + poss.start()
            raw = raw[:poss.start()]
        between = text[prev_end:start]
        stripped = between.strip()
        gap = "" if stripped in ("", "-", "–") and "\n\n" not in between else (stripped or "\n")
        sent_start = not tokens or bool(_SENTENCE_END.search(text[max(0, prev_end - 3):start])) \
            and (not tokens or not _is_abbreviation(tokens[-1], text))
        first = raw[0]
        cap = (first.isupper() or (first.isalpha() and raw.isupper())) and not _CONTRACTION.search(raw)
        dotted = text[end:end + 1] == "." and not raw.endswith(".")
        tokens.append(Token(start, end, raw, normalize(raw), cap, sent_start, bool(poss and len(raw) > 1),
                            gap, dotted))
        prev_end = match.end()
    return tokens


_ABBREVIATIONS = frozenset({"mr", "mrs", "ms", "dr", "st", "gen", "lt", "col", "sgt", "capt", "gov", "sen", "rep",
                            "prof", "rev", "mt", "ft", "jr", "sr", "no", "vs", "inc", "co", "corp", "u s"})


def _is_abbreviation(token: Token, text: str) -> bool:
    """A full stop after "Mr" or "St" does not end a sentence."""
    return token.norm in _ABBREVIATIONS or len(token.text) == 1 or token.text.count(".") >= 2
