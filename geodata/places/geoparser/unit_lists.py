"""Names listed before a plural unit word: "Barrow and Jackson counties", "Helmand and Kandahar provinces".

The plural says what every name of the list is. "Barrow" alone is an Alaskan town and "Love" an English
word; before "counties" they are Barrow County and Love County. A name whose unit the gazetteer holds under
its full name ("Barrow County", "Avoyelles Parish") becomes that key; another keeps its name and takes the
unit as its designator, as "Shinwar district" does (see geoparser.spans). Either way the span covers the
name only, as the text writes it.
"""

from __future__ import annotations

import re

from geodata.places.gazetteer import Gazetteer
from geodata.places.geoparser.spans import Span, with_key
from geodata.places.geoparser.tokens import Token

# plural -> (the word a unit's full name ends with, the designator a span takes)
PLURAL_UNITS = {
    "counties": ("county", "county"), "parishes": ("parish", "parish"), "boroughs": ("borough", "borough"),
    "townships": ("township", "township"), "districts": ("district", "district"),
    "provinces": ("province", "region"), "regions": ("region", "region"), "oblasts": ("oblast", "region"),
    "governorates": ("governorate", "region"), "states": ("state", "region"), "prefectures": ("prefecture", "region"),
}
_NAME = r"[A-Z][\w'’.]*(?:[ -][A-Z][\w'’.]*){0,2}"
# the last two names of the list and the plural: "Barrow and Jackson counties", "Preble or Warren counties"
_TAIL = re.compile(rf"({_NAME}),?\s+(?:and|or|&)\s+({_NAME})\s+({'|'.join(PLURAL_UNITS)})\b")
_EARLIER = re.compile(rf"({_NAME}),\s+$")   # one more name before the list, with its comma
MAX_NAMES = 12


def listed_units(text: str) -> list[tuple[int, int, str]]:
    """(start, end, plural) of each name listed before a plural unit word, in text order."""
    if not any(plural in text for plural in PLURAL_UNITS):
        return []   # the common case, decided without a regular expression
    found: list[tuple[int, int, str]] = []
    for match in _TAIL.finditer(text):
        plural = match.group(3)
        names = [(match.start(2), match.end(2)), (match.start(1), match.end(1))]
        start = match.start(1)
        while len(names) < MAX_NAMES:
            earlier = _EARLIER.search(text, max(0, start - 60), start)
            if earlier is None or earlier.end() != start:
                break
            names.append((earlier.start(1), earlier.end(1)))
            start = earlier.start(1)
        found.extend((a, b, plural) for a, b in reversed(names))
    return sorted(found)


def mark_listed_units(spans: list[Span], tokens: list[Token], text: str, gaz: Gazetteer) -> list[Span]:
    """The spans with every listed name read as its unit; a listed name not yet a span becomes one."""
    listed = listed_units(text)
    if not listed:
        return spans
    starts = [t.start for t in tokens]
    replaced: dict[int, Span] = {}
    for start, end, plural in listed:
        if start not in starts:
            continue
        i = starts.index(start)
        j = i
        while j < len(tokens) and tokens[j].end <= end:
            j += 1
        if j == i:
            continue
        span = _unit_span(tokens, i, j, PLURAL_UNITS[plural], gaz)
        if span is not None:
            replaced[span.i] = span
    if not replaced:
        return spans
    covered = {k for span in replaced.values() for k in range(span.i, span.j)}
    kept = [s for s in spans if not any(k in covered for k in range(s.i, s.j))]
    return sorted(kept + list(replaced.values()), key=lambda s: s.i)


def _unit_span(tokens: list[Token], i: int, j: int, unit: tuple[str, str], gaz: Gazetteer) -> Span | None:
    """The listed name as its unit, from its longest known tail: "Small Hitchcock" opens a sentence."""
    word, designator = unit
    for first in range(i, j):
        name = " ".join(t.norm for t in tokens[first:j])
        if gaz.has_key(f"{name} {word}"):
            span = with_key(tokens, first, j, f"{name} {word}")
        elif gaz.has_key(name):
            span = with_key(tokens, first, j, name)
            span.designator = designator
        else:
            continue
        span.vouched = True
        return span
    return None


# The words a full unit's name ends with, whose bare name the article may use after naming it in full.
UNIT_ENDINGS = (" county", " parish")
MAX_NAME_TOKENS = 3


def mark_bare_units(spans: list[Span], tokens: list[Token]) -> list[Span]:
    """ "DeKalb County ... in unincorporated DeKalb": a unit named in full is meant by its bare name too.

    Local news names its county in full once and then bare ("DeKalb police", "Gwinnett Medical Center");
    the bare name is the county. A bare name that is also a town's ("DeKalb", "Madison") stays the town's:
    the county seat often bears it, and the resolver weighs it against the county.
    """
    bases = {span.key[:-len(ending)]: span.key for span in spans for ending in UNIT_ENDINGS
             if span.key.endswith(ending)}
    if not bases:
        return spans
    covered = {k for span in spans for k in range(span.i, span.j)}
    out = list(spans)
    i = 0
    while i < len(tokens):
        found = _bare_name(tokens, i, bases)
        if found is None:
            i += 1
            continue
        j, key = found
        if not any(k in covered for k in range(i, j)):   # a town of that name keeps it: "DeKalb", Illinois
            out.append(with_key(tokens, i, j, key))
        i = j
    return sorted(out, key=lambda s: s.i)


def _bare_name(tokens: list[Token], i: int, bases: dict[str, str]) -> tuple[int, str] | None:
    """The end and full key of a unit's bare name starting at token i, not followed by its unit word."""
    if not tokens[i].cap:
        return None
    name = ""
    for j in range(i, min(len(tokens), i + MAX_NAME_TOKENS)):
        if j > i and (tokens[j].gap != "" or not tokens[j].cap or tokens[j - 1].possessive):
            break
        name = f"{name} {tokens[j].norm}" if name else tokens[j].norm
        if name in bases:
            after = tokens[j + 1] if j + 1 < len(tokens) else None
            if after is not None and after.gap == "" and after.norm in ("county", "parish", "co"):
                return None   # the full name, found as such
            return j + 1, bases[name]
    return None
