"""Find the stretches of text that may name a place: longest gazetteer match over capitalised tokens."""

from __future__ import annotations

import re
from dataclasses import dataclass

from geodata.places.gazetteer import Gazetteer
from geodata.places.geoparser.tokens import Token
from geodata.places.geoparser.vocabulary import CONNECTORS, LOCAL_WORDS, REGION_WORDS, TOWN_CUES

MAX_TOKENS = 6


@dataclass(slots=True)
class Span:
    """A stretch of tokens [i, j) whose key is in the gazetteer (or is a demonym)."""

    i: int
    j: int
    start: int
    end: int
    key: str
    demonym: bool = False
    designator: str = ""     # "region", "county", ... when a following word says what kind of unit it is
    abbreviation: bool = False  # "Ky.", "Calif.", "KY" after a comma: a US state or Canadian province
    town: bool = False   # the text says it is a town: a dateline ("PALESTINE —"), "the city of X", or the same name
    vouched: bool = False  # the words around say it is a place: "Barrow and Jackson counties", "D-Hardy"


def with_key(tokens: list[Token], i: int, j: int, key: str) -> Span:
    """A span over tokens [i, j) that the text or its context says means the gazetteer's `key`."""
    return Span(i, j, tokens[i].start, tokens[j - 1].end, key)


def find_spans(tokens: list[Token], gaz: Gazetteer) -> list[Span]:
    spans: list[Span] = []
    n = len(tokens)
    i = 0
    while i < n:
        tok = tokens[i]
        if not tok.cap or tok.text[0].islower():   # "d'Ivoire" continues "Côte", it opens no name
            i += 1
            continue
        found = _party_label_place(tokens, i, gaz) or _longest_match(tokens, i, gaz)
        if found is not None and tok.norm == "the" and i + 1 < n:
            # "The Rock Hill district": "The Rock" is a name, but "Rock Hill" after the article is longer
            later = _longest_match(tokens, i + 1, gaz)
            if later is not None and later.j > found.j:
                found = later
        if found is None:
            i += 1
            continue
        spans.append(found)
        i = found.j
    return spans


# After a dateline's name: an optional ", Texas" or ", Ky.", an optional "(Reuters)", then a dash.
_DATELINE_TAIL = re.compile(r"(?:,\s*[A-Z][A-Za-z]*\.?(?:\s?[A-Z][A-Za-z]*\.?)?)?"   # ", Texas", ", N.M."
                            r"\s*(?:\([^()\n]{1,30}\)\s*)?(?:—|–|--|-)\s")


def mark_towns(spans: list[Span], tokens: list[Token], text: str, gaz: Gazetteer) -> None:
    """ "PALESTINE —", "LONDON (Reuters) -", "the city of Turkey": the text says the name is a town.

    A dateline names the town the story is told from, and "the city of", "the town of", "the village of"
    say so in words; so does a street address before the name ("1301 Lafayette Ave., Lebanon"), a
    person's age ("Terry Jolly, 60, Lebanon") and, after a country's name, a word no country's name takes
    ("the Jordan resident", "a Palestine man"). Such a name is a town, not the country or state of the
    same name ("Turkey, Texas"), and the article means that town whenever it repeats the name ("Lebanon"
    after "LEBANON —").
    """
    keys = set()
    for span in spans:
        name = text[span.start:span.end]
        if name.isupper() and len(name) > 2 and _DATELINE_TAIL.match(text, span.end) \
                or _TOWN_OF.search(text, max(0, span.start - 20), span.start) \
                or _ADDRESS_OR_AGE.search(text, max(0, span.start - 40), span.start) \
                or _country_as_town(span, tokens, gaz):
            keys.add(span.key)
    if keys:
        for span in spans:
            if span.key in keys and not span.demonym and not span.abbreviation:
                span.town = True


_TOWN_OF = re.compile(r"\b(?:city|town|village|hamlet|township) of\s+$")
# "400 S. Locust St., Lebanon", "Terry Lee Jolly, 60, Lebanon": an address's or a person's town.
_STREET = r"(?:St|Ave|Rd|Blvd|Dr|Ln|Ct|Hwy|Pkwy|Pl|Street|Avenue|Road|Boulevard|Drive|Lane|Court|Highway|Pike|Way)"
_ADDRESS_OR_AGE = re.compile(rf"(?:\b\d{{1,6}}(?: [NSEW]\.)?(?: [A-Z][\w'’]*\.?){{0,3}} {_STREET}\.?"
                             r"|[A-Za-z'’]+, \d{1,3}),[ \t]+$")


def _country_as_town(span: Span, tokens: list[Token], gaz: Gazetteer) -> bool:
    """ "the Jordan resident", "a Lebanon woman": a country's name before a word that only a town's takes."""
    i, j = span.i, span.j
    if not (j < len(tokens) and tokens[j].gap == "" and tokens[j].norm in TOWN_CUES and not tokens[j - 1].possessive):
        return False
    if any(t.text.isupper() for t in tokens[i:j]):
        return False   # "U.S. residents", "UK voters": a country's short form is used as an adjective
    found = gaz.candidates_for_key(span.key, limit=20)
    return bool(found) and found[0].place.kind == "country" and any(c.place.kind == "city" for c in found)


# "Sen. Bob Casey, D-Pa.", "Tom Bakk, DFL-Cook": a legislator's party and the state, county or town he is of.
PARTY_LABELS = frozenset({"D", "R", "I", "DFL"})


def _party_label_place(tokens: list[Token], i: int, gaz: Gazetteer) -> Span | None:
    """The place after a party's letter: a state's abbreviation, a town, else a county of that name."""
    tok = tokens[i]
    if not (i > 0 and tok.hyphen and tokens[i - 1].text in PARTY_LABELS and tokens[i - 1].gap in (",", "(")
            and tok.cap):
        return None   # after the legislator's name and a comma or bracket: not "D-Day"
    if tok.dotted and tok.norm in gaz.abbreviations:
        return Span(i, i + 1, tok.start, tok.end + 1, tok.norm, abbreviation=True)
    span = _longest_match(tokens, i, gaz)
    if span is None and gaz.has_key(tok.norm + " county"):
        span = with_key(tokens, i, i + 1, tok.norm + " county")
    if span is not None:
        span.vouched = True
    return span


def _longest_match(tokens: list[Token], i: int, gaz: Gazetteer) -> Span | None:
    n = len(tokens)
    last = i + 1
    keys = [tokens[i].norm]
    while last < n and last - i < MAX_TOKENS and _joins(tokens[last - 1], tokens[last]):
        nxt = tokens[last]
        if not (nxt.cap or nxt.norm in CONNECTORS):
            break
        prev = keys[-1] + "s" if tokens[last - 1].possessive else keys[-1]  # "People's Republic of China"
        keys.append(prev + " " + nxt.norm)
        last += 1
    tok = tokens[i]
    if tok.norm in gaz.abbreviations and ("." in tok.text or tok.gap == "," and (tok.dotted or tok.text.isupper())) \
            and ("." not in tok.text or tok.text in gaz.dotted_abbreviations):   # "L.A." is no Louisiana
        return Span(i, i + 1, tok.start, tok.end + (1 if tok.dotted else 0), tok.norm, abbreviation=True)
    if len(tok.text) == 1 and tok.dotted and i + 1 < n and tokens[i + 1].dotted and tokens[i + 1].gap == ".":
        pair = tok.norm + " " + tokens[i + 1].norm   # "W. Va.", "N. Dak.": AP's two-part abbreviations, spaced
        if pair in gaz.abbreviations:
            return Span(i, i + 2, tok.start, tokens[i + 1].end + 1, pair, abbreviation=True)
    spelled = SPELLED_OUT.get(tokens[i].norm) if last > i + 1 else None
    for j in range(last, i, -1):
        end_tok = tokens[j - 1]
        if not end_tok.cap:
            continue
        key = keys[j - i - 1]
        if key in gaz.demonyms:  # before places: "Canadian" is also a town in Texas
            return Span(i, j, tokens[i].start, end_tok.end, key, demonym=True)
        known = gaz.has_key(key)
        if not known and spelled is not None and j > i + 1:   # "St. Paris" is GeoNames' "Saint Paris"
            key = spelled + key[len(tokens[i].norm):]
            known = gaz.has_key(key)
        if end_tok.possessive and j > i + 1 and gaz.has_key(key + "s"):   # "St. John's": the "'s" is the name's
            key += "s"
            known = True
        if known:
            if j > i + 1 and end_tok.norm == "city" and _city_alias(key, gaz):
                return Span(i, j, tokens[i].start, end_tok.end, key[:-5], designator="city")
            return _with_designator(tokens, Span(i, j, tokens[i].start, end_tok.end, key), gaz)
    return None


def _city_alias(key: str, gaz: Gazetteer) -> bool:
    """ "Dublin City" is only another name of Dublin, as "Jersey City" and "Panama City", Florida, are not.

    Read as "Dublin" the town, so that "Dublin City Council" and "Dublin" weigh as one name (neither is
    evidence for the other) and the towns called Dublin stay candidates.
    """
    short = key[:-5]
    if not gaz.has_key(short):
        return False
    towns = {c.place.id for c in gaz.candidates_for_key(short, limit=30)}
    return all(c.place.id in towns for c in gaz.candidates_for_key(key, limit=10))   # not "Panama City", Florida


ABBREVIATED_WORDS = frozenset({"st", "ste", "ft", "mt", "pt"})
# A name's first word as the gazetteer may spell it out: "St." and "Saint", "Mt." and "Mount".
SPELLED_OUT = {"st": "saint", "ste": "sainte", "ft": "fort", "mt": "mount", "saint": "st", "mount": "mt",
               "fort": "ft"}


def place_key_from(tokens: list[Token], i: int, j: int, gaz: Gazetteer) -> bool:
    """Whether tokens i.. (two or more, before j) open a name the gazetteer knows, or a demonym."""
    key = tokens[i].norm
    spelled = SPELLED_OUT.get(key)
    for m in range(i + 1, j):
        key += " " + tokens[m].norm
        if gaz.has_key(key) or key in gaz.demonyms or spelled and gaz.has_key(spelled + key[len(tokens[i].norm):]):
            return True
    return False


def _joins(prev: Token, nxt: Token) -> bool:
    """Whether a name may run on from `prev` to `nxt`: "St. Petersburg" does, "Moscow. Kyiv" does not."""
    return nxt.gap == "" or nxt.gap == "." and prev.norm in ABBREVIATED_WORDS


def _is_country(key: str, gaz: Gazetteer) -> bool:
    """ "U.S. District Court" is about the country; the district is a court's, not a place's."""
    top = gaz.candidates_for_key(key, limit=1)
    return bool(top) and top[0].place.kind == "country"


def _with_designator(tokens: list[Token], span: Span, gaz: Gazetteer) -> Span:
    """Take in a following "region", "Oblast" or "County" so that the span says what it names."""
    j = span.j
    if j < len(tokens) and tokens[j].gap == "" and not tokens[j - 1].possessive:
        word = tokens[j].norm
        if word == "co" and tokens[j].dotted and gaz.has_key(span.key + " county"):   # AP's "Loudon Co."
            return Span(span.i, j + 1, span.start, tokens[j].end + 1, span.key + " county")
        of_follows = j + 1 < len(tokens) and tokens[j + 1].norm == "of" and tokens[j + 1].gap == ""
        if (word in REGION_WORDS or word in LOCAL_WORDS) and not of_follows and not _is_country(span.key, gaz):
            span.designator = "region" if word in REGION_WORDS else word
            span.j = j + 1
            span.end = tokens[j].end
    return span
