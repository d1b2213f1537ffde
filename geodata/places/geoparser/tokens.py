"""Split text into word tokens that keep their exact offsets, and mark what matters for place names.

Offsets are into the original string, so every mention slices back to its text. A token knows whether it
is capitalised, whether it starts a sentence, whether it carries a possessive "'s", and what separates it
from the previous token (a space or hyphen lets a multi-word name continue; a comma or full stop does not).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from geodata.places.geoparser.vocabulary import KEEP_LOWER
from geodata.places.normalize import normalize

# AP abbreviations with two parts (W.Va.), acronyms with dots (U.S., B.C.), then words with inner
# apostrophes (Namp'o, O'Hare) or a possessive.
_TOKEN = re.compile(
    r"[A-Z]\.[A-Z][a-z]{1,3}\.(?![^\W\d_])"   # "W.Va.", "N.Mex."
    r"|(?:[^\W\d_]\.){2,}"
    r"|[^\W\d_]+(?:['’ʼ][^\W\d_]+)*"
)
_POSSESSIVE = re.compile(r"['’ʼ]s$|(?<=s)['’ʼ]$", re.IGNORECASE)
_CONTRACTION = re.compile(r"['’](?:ve|d|ll|re|m|t)$", re.IGNORECASE)   # "I've", "I'd": never names
_SENTENCE_END = re.compile(r"[.!?]['\"’”)\]]*\s*$|\n\s*\n\s*$|^\s*$|[:;]\s*[\"“‘']\s*$|[\"“]\s*$")


@dataclass(slots=True)
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
    hyphen: bool = False  # joined to the previous token by a hyphen alone ("Wal-Mart", "Rostov-on-Don")


def tokenize(text: str, step: Callable[[], None] | None = None) -> list[Token]:
    """Capitalised words and, next to them, the few lower-case words place names care about.

    Other lower-case words are skipped for speed, and so is a KEEP_LOWER word with no capitalised word
    beside it ("the" in "the talks"); the next token's `gap` records that something stood between, so no
    name or "X near Y" pattern is read across a skipped word. `step` is called once per word (a stop check).
    """
    tokens: list[Token] = []
    state = _State()
    pending: re.Match[str] | None = None   # a KEEP_LOWER word waiting for a capitalised neighbour
    for match in _TOKEN.finditer(text):
        if step is not None:
            step()
        raw = match.group(0)
        if raw[0].islower() and ("'" not in raw and "’" not in raw or not _elided_name(raw)):
            if raw not in KEEP_LOWER:
                pending = None
                state.skipped = True   # an ordinary lower-case word: only its presence matters
                continue
            if tokens and tokens[-1].cap and not state.skipped and not text[state.prev_end:match.start()].strip(
                    " -\t\n"):
                _append(tokens, state, text, match)      # "Sea of", "Poltava region", "Steele said"
                continue
            if pending is not None:
                state.skipped = True
            pending = match
            continue
        if pending is not None:
            if not text[pending.end():match.start()].strip(" \t-"):
                _append(tokens, state, text, pending)    # "the Poltava", "in Kyiv", "leader Kim"
            else:
                state.skipped = True
            pending = None
        _append(tokens, state, text, match)
    return tokens


_ELIDED = re.compile(r"(?:d|l|dell|dall|all|sull)['’]([^\W\d_])")


def _elided_name(raw: str) -> bool:
    """ "d'Ivoire", "l'Aquila": an elided article or preposition before a capitalised name is part of it."""
    match = _ELIDED.match(raw)
    return match is not None and match.group(1).isupper()


class _State:
    __slots__ = ("prev_end", "prev_abbrev", "skipped")

    def __init__(self) -> None:
        self.prev_end = 0
        self.prev_abbrev = False
        self.skipped = False


def _append(tokens: list[Token], state: _State, text: str, match: re.Match[str]) -> None:
    raw = match.group(0)
    start = match.start()
    end = match.end()
    possessive = False
    contraction = False
    if "'" in raw or "’" in raw or "ʼ" in raw:
        poss = _POSSESSIVE.search(raw)
        if poss and len(raw) > 3:
            end = start + poss.start()
            raw = raw[:poss.start()]
            possessive = True
        contraction = bool(_CONTRACTION.search(raw))
    prev_end = state.prev_end
    between = text[prev_end:start] if start != prev_end + 1 else text[prev_end]
    if state.skipped:
        gap = "…"
        state.skipped = False
    elif between == " ":
        gap = ""
    elif between in ("-", "‐", "‑"):   # a hyphen joins ("Rostov-on-Don"); a spaced dash " - " does not
        gap = ""
    else:
        stripped = between.strip()
        gap = "" if not stripped and "\n\n" not in between else (stripped or "\n")
    first = raw[0]
    cap = (first.isupper() or (first.isalpha() and raw.isupper())
           or ("'" in raw or "’" in raw) and _elided_name(raw)) and not contraction
    if cap:
        sent_start = not tokens or (not state.prev_abbrev
                                    and bool(_SENTENCE_END.search(text[max(0, prev_end - 3):start])))
    else:
        sent_start = False
    norm = raw if raw.isascii() and raw.islower() else normalize(raw)
    dotted = text[end:end + 1] == "." and not raw.endswith(".")
    tokens.append(Token(start, end, raw, norm, cap, sent_start, possessive, gap, dotted, between == "-"))
    state.prev_abbrev = norm in _ABBREVIATIONS or len(raw) == 1 or raw.count(".") >= 2
    state.prev_end = match.end()


_ABBREVIATIONS = frozenset({"mr", "mrs", "ms", "dr", "st", "gen", "lt", "col", "sgt", "capt", "gov", "sen", "rep",
                            "prof", "rev", "mt", "ft", "jr", "sr", "no", "vs", "inc", "co", "corp", "u s"})
"""A full stop after "Mr" or "St" does not end a sentence."""


