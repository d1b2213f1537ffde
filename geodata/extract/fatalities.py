"""How many were killed, as ACLED counts it: deaths only (never the wounded or the arrested), the lowest
figure given ("at least 5" is 5), vague quantities as its codebook codes them ("several", "multiple",
"an unspecified number" 3; "dozens" 12; "hundreds" 100), and a death named with no number ("a man was
killed") as one. The words are the language's data (`geodata/lang/en/events.json`, "fatalities").
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import cache

from geodata.extract.vocabulary import Token, tokens, vocabulary

_NUMBER = re.compile(r"^\d{1,3}(?:,\d{3})*$|^\d+$")
_BACK = 6        # words before a death word that may hold its number ("2 Kenyan police officers were killed")
_AHEAD = 4       # words after an active verb ("killing 5 people")
_STOP = frozenset({".", ";", ":", "!", "?", "and", "while", "but", "including", "among", "from"})
_INCLUDING = re.compile(r"\(\s*(?:including|among them)[^)]*\)|,\s*(?:including|among them) [^,.;]*,", re.IGNORECASE)
_ACTIVE_ONLY = frozenset({"kill", "kills", "killing"})   # "kills civilian": the count follows, never precedes
_PERSON_AFTER = frozenset({"killing", "killed", "kill", "kills", "murdered", "beheaded", "executed", "lynched"})


@cache
def _words(lang: str = "en") -> dict:
    data = vocabulary(lang).fatalities
    multi = sorted((k for k in {**data["numbers"], **data["vague"]} if " " in k), key=len, reverse=True)
    return {**data, "multi": multi, "singular": frozenset(data["singular_victims"]),
            "death": frozenset(data["death_words"]), "wound": frozenset(data["wound_words"])}


def _quantity(toks: Sequence[Token], i: int, words: dict) -> tuple[int, int] | None:
    """(value, width) of a quantity starting at token i: 12, "twelve", "a dozen", "dozens of", "several"."""
    for phrase in words["multi"]:
        parts = phrase.split()
        if [t.text for t in toks[i:i + len(parts)]] == parts:
            value = words["numbers"].get(phrase, words["vague"].get(phrase))
            return int(value), len(parts)
    w = toks[i].text
    if _NUMBER.match(w):
        return int(w.replace(",", "")), 1
    if w in words["numbers"]:
        return int(words["numbers"][w]), 1
    if w in words["vague"]:
        return int(words["vague"][w]), 1
    return None


def _number_before(toks: Sequence[Token], at: int, words: dict) -> int | None:
    """The quantity of the phrase that ends just before a death word ("3 civilians were killed")."""
    for j in range(at - 1, max(-1, at - 1 - _BACK), -1):
        t = toks[j].text
        if t in _STOP or t in words["wound"] or t in words["death"]:
            return None
        for k in range(max(0, j - 2), j + 1):   # "a dozen", "an unspecified number of"
            q = _quantity(toks, k, words)
            if q and k + q[1] - 1 == j:
                return q[0] + _and_before(toks, k, words)
    return None


def _and_before(toks: Sequence[Token], k: int, words: dict) -> int:
    """ "30 militants and 2 soldiers were killed": the counts joined before the one next to the verb."""
    for j in range(k - 1, max(-1, k - 1 - _BACK), -1):
        t = toks[j].text
        if t in (".", ";", ":", "!", "?") or t in words["wound"] or t in words["death"]:
            return 0
        if t == "and":
            for i in range(j - 1, max(-1, j - _BACK), -1):
                if toks[i].text in (".", ";", ":", "and", ",") or toks[i].text in words["wound"]:
                    return 0
                q = _quantity(toks, i, words)
                if q and toks[i].text not in ("a", "an"):
                    return q[0] + _and_before(toks, i, words)
            return 0
    return 0


def _number_after(toks: Sequence[Token], at: int, words: dict) -> int | None:
    """The quantity right after an active verb ("killing 5 people", "killed a civilian")."""
    j = at + 1
    limit = min(len(toks), at + 1 + _AHEAD)
    while j < limit:
        t = toks[j].text
        if t in _STOP or t in words["death"] or t in words["wound"]:
            return None
        if t in ("at", "least", "more", "than", "over", "about", "some", "around", "nearly", "almost", "up", "to"):
            if t == "some" and j + 1 < limit and _quantity(toks, j + 1, words) is None:
                return 3   # "killing some civilians"
            j += 1
            continue
        q = _quantity(toks, j, words)
        if q is None:
            return None
        return q[0] + _and_more(toks, j + q[1], words)
    return None


def _singular_after(toks: Sequence[Token], at: int, words: dict) -> int | None:
    """ "kills civilian", "killed local farmer": one victim named without an article."""
    for j in range(at + 1, min(len(toks), at + 3)):
        if toks[j].text in words["singular"]:
            return 1
    return None


def _and_more(toks: Sequence[Token], j: int, words: dict) -> int:
    """ "killing 2 soldiers and 3 civilians": the further counts joined to the first, not the wounded."""
    extra = 0
    while True:
        k = next((k for k in range(j, min(len(toks), j + 4)) if toks[k].text in ("and", ",")), None)
        if k is None or k + 1 >= len(toks):
            return extra
        q = _quantity(toks, k + 1, words)
        if q is None or toks[k + 1].text in ("a", "an") or any(
                t.text in words["wound"] for t in toks[k + 1:k + 1 + q[1] + 3]):
            return extra
        extra += q[0]
        j = k + 1 + q[1]


def count_fatalities(text: str, lang: str = "en") -> int | None:
    """Deaths reported in the text; None when it reports none, 0 when it says nobody died."""
    words = _words(lang)
    lowered = text.lower()
    for phrase in words["coded"]:   # an analyst's note states its count: "fatalities coded as 3"
        m = re.search(re.escape(phrase) + r"\s+(\d+)", lowered)
        if m and "fatalit" in lowered[max(0, m.start() - 60):m.start()]:
            return int(m.group(1))
    if any(p in lowered for p in words["none"]):
        return 0
    # "4 militants, including 2 leaders, were killed": the part is not added to the whole
    text = _INCLUDING.sub(lambda m: " " * len(m.group(0)), text)
    toks = tokens(text)
    total = 0
    seen = False
    used: set[int] = set()
    for i, tok in enumerate(toks):
        if tok.text not in words["death"]:
            continue
        if tok.text == "lives" and not (i > 0 and toks[i - 1].text in ("lost", "claimed")):
            continue
        value = None
        if tok.text in _PERSON_AFTER:
            value = _number_after(toks, i, words)
        if value is None and tok.text in _PERSON_AFTER:
            value = _singular_after(toks, i, words)
        if value is None and tok.text not in _ACTIVE_ONLY:
            value = _number_before(toks, i, words)
        if value is None:
            if tok.text in ("killed", "dead", "died", "murdered", "beheaded", "executed", "lynched", "body",
                            "lifeless", "slain", "perished"):
                value = 1 if not seen else 0     # "a man is shot and killed": one death, said once
            else:
                continue
        if i in used:
            continue
        used.add(i)
        seen = True
        total += value
    if not seen and any(p in lowered for p in words["unspecified_alone"]):
        return 3
    return total if seen else None
