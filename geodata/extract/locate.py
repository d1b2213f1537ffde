"""Where a clause's event happened: the most specific place it names, else the acting state's capital.

ACLED's geo_precision says how the place was given: 1 the town itself, 2 near a town or part of a
region, 3 a whole region or larger. We read it from the words around the name ("near Ussuriysk" is 2,
"the Poltava region" is 3).
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass

from geodata.lang.en import load
from geodata.lang.en.dates import MONTHS, WEEKDAYS
from geodata.places.gazetteer import Gazetteer, Place
from geodata.places.geoparser import Mention
from geodata.places.geoparser.units import contains

_NEAR = re.compile(r"\b(?:near|outside|around|close to|on the outskirts of|outskirts of|not far from|"
                   r"(?:\w+ )?kilometres? (?:from|of)|(?:\w+ )?miles? (?:from|of)|"
                   r"(?:north|south|east|west|northeast|northwest|southeast|southwest)(?:ern)? (?:of|part of))\s+"
                   r"(?:the\s+)?$", re.IGNORECASE)
_AREA_AFTER = re.compile(r"\s+(?:area|vicinity|outskirts|surroundings|environs)\b", re.IGNORECASE)  # "the Wonsan area"
_REFERENCE = re.compile(r"\b(?:north|south|east|west|northeast|northwest|southeast|southwest) of\s+$", re.IGNORECASE)
_LOCATIVE = re.compile(r"\b(?:in|at|near|into|from|outside|around|across|inside|over|to)\s+(?:the\s+)?$",
                       re.IGNORECASE)
# "in Kahawa West, Nairobi", "at Ngara estate, Nairobi": the town after a locative's unknown part of it
_LOCATIVE_CHAIN = re.compile(r"\b(?:in|at|near|inside|outside|around)\s+(?:the\s+)?(?:[A-Z][\w'-]*\s+){0,3}"
                             r"[A-Z][\w'-]*(?:\s+[a-z]+)?\s*,\s*$")
# "in Guldara district, Kabul", "in Rodat, Kot and Achin districts, Nangarhar": the unit that holds them
_UNIT_BEFORE = re.compile(r"\b(?:districts?|count(?:y|ies)|sub-?count(?:y|ies)|constituenc(?:y|ies)|divisions?|wards?|"
                          r"sub-?locations?|provinces?|subdistricts?|municipalit(?:y|ies))\s*,\s*$", re.IGNORECASE)
_SPECIFICITY = {"city": 0, "feature": 1, "region": 2, "country": 3}


def _group_patterns() -> tuple[re.Pattern[str], re.Pattern[str]]:
    words = load("events")["places"]

    def alternation(key: str) -> str:
        return "|".join(sorted(map(re.escape, words[key]), key=len, reverse=True))

    after = re.compile(rf"[\s-]+(?:[A-Za-z]+\s+)?(?:{alternation('group_after')})\b", re.IGNORECASE)
    before = re.compile(rf"\b(?:{alternation('from_after_group')})\s+(?:\w+\s+){{0,2}}from\s+(?:the\s+)?$",
                        re.IGNORECASE)
    return after, before


_GROUP_AFTER, _FROM_AFTER_GROUP = _group_patterns()


def _resident_patterns() -> tuple[re.Pattern[str], re.Pattern[str]]:
    words = "|".join(sorted(map(re.escape, load("events")["places"]["residents"]), key=len, reverse=True))
    return (re.compile(rf"\b(?:{words})\s+(?:from|of|in)\s+(?:the\s+)?$", re.IGNORECASE),
            re.compile(rf"(?:'s)?\s+(?:{words})\b", re.IGNORECASE))


_RESIDENTS_OF, _RESIDENTS_AFTER = _resident_patterns()   # "residents of X", "X residents": where they act


def names_a_group(mention: Mention, text: str) -> bool:
    """Whether a country is named only as where a group comes from: "Ethiopian raiders", "Toposa raiders from
    Sudan". Cross-border raiders strike across the border: their country is not the event's place. (A region
    or town so named, "Turkana raiders", is kept: a group's home area is near where it fights.)"""
    before = text[max(0, mention.start - 60):mention.start]
    return mention.place.kind == "country" and bool(_GROUP_AFTER.match(text, mention.end)
                                                    or _FROM_AFTER_GROUP.search(before))


@dataclass(frozen=True)
class Location:
    place: Place
    geo_precision: int
    confidence: float
    text: str | None       # the words that named it; None when placed at a capital or taken from the paragraph
    how: str               # named | capital | paragraph


def precision_of(mention: Mention, text: str) -> int:
    """1 for a town named as such, 2 for "near X" or a sub-region, 3 for a whole region or country."""
    kind = mention.place.kind
    if kind in ("country", "region") or mention.place.feature_code in ("CONT", "RGN", "SEA", "OCN"):
        return 3
    before = text[max(0, mention.start - 40):mention.start]
    if _UNIT_BEFORE.search(before):
        return 3   # "in Guldara district, Kabul": somewhere in the province that holds that district
    if in_units(mention, text):
        return 2   # "Biibi village (Afmadow, Lower Juba)" placed at Afmadow: in that town's district
    return 2 if _NEAR.search(before) or _AREA_AFTER.match(text, mention.end) else 1


def choose(mentions: list[Mention], text: str) -> Mention | None:
    """The place a clause's event is at: specific before general, "in X" before "according to X's"."""
    named = [m for m in mentions if not m.demonym]
    if not named:
        return None

    def rank(m: Mention) -> tuple[int, int, int, int]:
        before = text[max(0, m.start - 30):m.start]
        reference = 1 if _REFERENCE.search(before) else 0      # "north of Vladivostok" is a bearing
        located = 0 if (_LOCATIVE.search(before) or _NEAR.search(before) or _LOCATIVE_CHAIN.search(before)
                        or _RESIDENTS_OF.search(before) or _RESIDENTS_AFTER.match(text, m.end)) else 1
        return (reference, _SPECIFICITY.get(m.place.kind, 3), located, m.start)

    return min(named, key=rank)


def capital_location(gaz: Gazetteer, country_code: str | None) -> Location | None:
    """An act of a government or its leader with no place named happens at the seat of government."""
    if not country_code:
        return None
    capital = gaz.capital(country_code)
    return Location(capital, 3, 0.6, None, "capital") if capital else None


def from_mention(mention: Mention, text: str, how: str = "named") -> Location:
    confidence = mention.confidence if how == "named" else mention.confidence * 0.6
    return Location(mention.place, precision_of(mention, text), round(confidence, 3),
                    text[mention.start:mention.end], how)


_ORIGIN = re.compile(r"\bfrom\s+(?:the\s+)?$", re.IGNORECASE)   # where people come from holds no other place
REGION_KM = 400.0   # a town named with its province lies this close to the province's centre
ABROAD_KM = 1500.0  # a town abroad this far from every region named with it is a namesake


def _km(a: Place, b: Place) -> float:
    p1, p2 = math.radians(a.lat), math.radians(b.lat)
    dp, dl = p2 - p1, math.radians(b.lon - a.lon)
    h = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * 6371.0 * math.asin(min(1.0, math.sqrt(h)))


# "(Region)" or "(District, Region)" right after a place: the units the place lies in, as ACLED notes give them
_ADMIN_OPEN = re.compile(r"\((?:[^()\d]{1,40},\s*)?$")
_ADMIN_CLOSE = re.compile(r"\s*\)")
_UNITS_GROUP = re.compile(r"(?<=\w)\s*\(([^()\d]{2,60})\)")   # "Banita (Nakuru)", "village (Afmadow, Lower Juba)"


def admin_parenthesis(mention: Mention, text: str) -> bool:
    """Whether a region is the last name of a parenthesis that gives the units of the place before it."""
    return (mention.place.kind == "region" and _ADMIN_CLOSE.match(text, mention.end) is not None
            and _ADMIN_OPEN.search(text[max(0, mention.start - 45):mention.start]) is not None)


_SETTLEMENT_WORDS = frozenset({"village", "town", "city", "area", "district", "camp", "settlement", "location",
                               "locality", "county", "region", "province", "neighbourhood", "neighborhood"})


@dataclass(frozen=True)
class UnitGroup:
    """A parenthesis of units: where it opens, the places named in it (the outermost last), and which of them
    are a whole part of it ("Jilib" in "(Jilib, Middle Shabelle)", not "Ceel" of "Ceel Dheer")."""

    opened: int
    places: list[Mention]
    whole: frozenset[int]   # indexes into `places`

    @property
    def outer(self) -> Mention:
        return self.places[-1]


def unit_groups(mentions: list[Mention], text: str) -> list[UnitGroup]:
    """The parentheses of units right after a name ("X village (District, Region)", "Banita (Nakuru)"). Only
    when it ends with a place named whole, so that "(coded separately)" is no unit, and not an acronym
    ("forces (NISA)")."""
    named = [m for m in mentions if not m.demonym]
    if not named:
        return []
    out = []
    lo, hi = max(0, min(m.start for m in named) - 62), max(m.end for m in named) + 62
    for match in _UNITS_GROUP.finditer(text, lo, hi):
        inside = [m for m in named if match.start(1) <= m.start and m.end <= match.end(1)]
        if not inside or text[inside[-1].end:match.end(1)].strip():
            continue
        body, base = match.group(1), match.start(1)
        bounds, at = [], 0
        for part in body.split(","):
            bounds.append((base + at, base + at + len(part)))
            at += len(part) + 1
        whole = frozenset(i for i, m in enumerate(inside) if any(
            a <= m.start and m.end <= b and text[a:b].strip().casefold() == m.text.casefold() for a, b in bounds))
        if len(inside) - 1 not in whole or inside[-1].text.isupper():
            continue
        before = text[max(0, match.start() - 30):match.start()].split()
        if len(bounds) == 1 and (not before or before[-1][:1].islower()
                                 and before[-1].lower() not in _SETTLEMENT_WORDS):
            continue   # "government security forces (Gorgor)": a unit's name, not the place's
        out.append(UnitGroup(match.start(), inside, whole))
    return out


def unit_anchors(mentions: list[Mention], text: str, groups: list[UnitGroup] | None = None) -> list[Mention]:
    """Places the text gives as the unit that holds the event: the container after "X district," and the
    names in a parenthesis of units. A town of another country named with them is a namesake."""
    groups = unit_groups(mentions, text) if groups is None else groups
    return [m for m in mentions if not m.demonym and m.place.kind != "country" and (
        m.resolved_to_container or _UNIT_BEFORE.search(text[max(0, m.start - 40):m.start]))] + [
        m for g in groups for m in g.places]


def in_units(mention: Mention, text: str) -> bool:
    """Whether a place is named inside a parenthesis after a name (a district or region of a place the
    gazetteer may lack)."""
    return any(match.start(1) <= mention.start and mention.end <= match.end(1)
               for match in _UNITS_GROUP.finditer(text, max(0, mention.start - 62), mention.end + 62))


UNIT_AFTER_CHARS = 80   # "in Rodat, Kot, and Achin (Markaz) districts, Nangarhar": a unit after the clause


def _units_after(mentions: list[Mention], text: str, after: list[Mention]) -> list[Mention]:
    """The units named right after a clause's places that hold them ("... districts, Nangarhar"), where the
    clause ends before them."""
    named = [m for m in mentions if not m.demonym]
    if not named or not after:
        return []
    end = max(m.end for m in named)
    seen = {id(m) for m in mentions}
    near = [m for m in after if id(m) not in seen and 0 <= m.start - end <= UNIT_AFTER_CHARS]
    return [m for m in unit_anchors(near, text, []) if m.place.kind != "country"]


def _fits_units(mentions: list[Mention], text: str, after: list[Mention] | None = None) -> list[Mention]:
    """Drop the places that disagree with a parenthesis of units and the towns of another country than every
    unit the text names ("Andar (Shalgar) district, Ghazni": not Andard in France).

    In "X village (District, Region)" a town has to lie in the Region, except the District named whole: a town
    of the Region's country is kept even outside it (analysts' region names are the part that slips, "Jilib
    town (Jilib, Middle Shabelle)"); a region of another country is a misread district. After a town alone
    ("Banita (Nakuru)") the place before it has to lie near that town."""
    groups = unit_groups(mentions, text)
    anchors = unit_anchors(mentions, text, groups) + _units_after(mentions, text, after or [])
    if not anchors:
        return mentions
    drop: set[int] = set()
    districts: set[int] = set()    # place ids of whole district names in the outer unit's country
    grouped: set[int] = set()
    for g in groups:
        grouped.update(id(m) for m in g.places)
        for i, m in enumerate(g.places[:-1]):
            if m.place.country_code != g.outer.place.country_code:
                drop.add(id(m))
            elif m.place.kind == "city" and i in g.whole:
                districts.add(m.place.id)
    regions = [g.outer.place for g in groups if g.outer.place.kind == "region"]
    for m in mentions:
        if m.demonym or m.place.kind != "city" or m.place.id in districts:
            continue
        if regions and not any(contains(r, m.place) for r in regions):
            drop.add(id(m))
        for g in groups:
            town = g.outer.place
            if town.kind == "city" and id(m) not in grouped and 0 <= g.opened - m.end <= 60 and (
                    m.place.country_code != town.country_code or _km(m.place, town) > REGION_KM):
                drop.add(id(m))
    countries = {a.place.country_code for a in anchors}
    for m in mentions:
        if not m.demonym and m.place.kind == "city" and m.place.country_code not in countries:
            drop.add(id(m))
    return [m for m in mentions if id(m) not in drop]


PART_OF_TOWN_KM = 50.0   # an estate or quarter of a town lies within this of the town's point
_PART_WORDS = re.compile(r"\s+(?:estate|area|village|suburb|slum|ward|neighbou?rhood|quarter|township|location|"
                         r"sub-?location|market|centre|center|section|zone)\s*(?:,\s*(?:in\s+)?|\s(?:of|in)\s+)$",
                         re.IGNORECASE)


_COMMA = re.compile(r"\s*,\s*")
SURE = 0.95   # a place the geoparser resolved this surely is what it names, whatever follows it


# "the Bagh-e Bala area of", "the Kham Ab and Shor Tepa areas of", "the Bondeni & Shauri slum area,":
# the words of a part's name, then the part's kind and "of" or a comma; the gazetteer may know only some
# words of the name, each alone a namesake abroad
_PART_NAME = r"(?:[\s/'’&-]+(?:[A-Z][\w'’]*|e|ye|i|and))*"
_NAME_GAP = re.compile(rf"{_PART_NAME}[\s/'’-]*")
_PARTS_OF = re.compile(rf"{_PART_NAME}(?:\s+(?:estate|area|village|suburb|slum|neighbou?rhood|quarter|township|"
                       r"locality|section|zone)s?)+(?:\s+of\s+|\s*,\s*(?:in\s+)?)(?:the\s+)?")


def _outside(part: Mention, whole: Mention) -> bool:
    """Whether a named part lies outside the place it is said to be part of: beyond `PART_OF_TOWN_KM` of a
    town, outside a first-level region ("the X area of Balkh province"), beyond `REGION_KM` of another unit."""
    if whole.place.kind == "city":
        return _km(part.place, whole.place) > PART_OF_TOWN_KM
    if whole.place.region_code:
        return not contains(whole.place, part.place)
    return _km(part.place, whole.place) > REGION_KM


def _named_parts(ordered: list[Mention], text: str) -> set[int]:
    """The places named only as words of a part's name that lie outside its whole: in "the Bagh-e Bala
    area of Herat city" neither "Bagh" in Pakistan nor "Bala" is the place."""
    drop: set[int] = set()
    for k, whole in enumerate(ordered):
        if whole.demonym or whole.place.kind == "country":
            continue
        at = k - 1
        while at >= 0 and not ordered[at].demonym:
            part, after = ordered[at], ordered[at + 1]
            gap = _PARTS_OF if after is whole else _NAME_GAP
            if gap.fullmatch(text, part.end, after.start) is None:
                break
            if part.place.kind != "country" and _outside(part, whole):
                drop.add(id(part))
            at -= 1
    return drop


def parts_of_towns(mentions: list[Mention], text: str) -> list[Mention]:
    """Drop a place named as a part of the town after it that lies far from that town: in "Langas estate,
    Eldoret" or "the Ngara area of Nairobi" the estate is in the town, not a namesake in Sweden or Tanzania;
    in "the Bagh-e Bala area of Herat city" the words of the part's name are no places abroad."""
    ordered = sorted(mentions, key=lambda m: m.start)
    drop = _named_parts(ordered, text)
    for m, town in zip(ordered, ordered[1:], strict=False):
        if (not m.demonym and not town.demonym and town.place.kind == "city" and m.place.kind != "country"
                and _PART_WORDS.fullmatch(text, m.end, town.start) is not None
                and _km(m.place, town.place) > PART_OF_TOWN_KM):
            drop.add(id(m))
        elif (not m.demonym and not town.demonym and town.place.kind == "city" and m.place.kind == "city"
              and _COMMA.fullmatch(text, m.end, town.start) is not None
              and m.place.country_code != town.place.country_code and m.confidence < min(town.confidence, SURE)
              and _km(m.place, town.place) > REGION_KM):
            drop.add(id(m))   # "Solia, Nakuru": a less sure town of another country, far away, is a namesake
    return [m for m in mentions if id(m) not in drop]


# A compass word or a word of position names no place after a name it ends: "Tana North District",
# "Embu West", "the Huduma Centre" are not the regions North (Cameroon), West or Centre (Burkina Faso).
_TAIL_WORDS = frozenset({"north", "south", "east", "west", "northeast", "northwest", "southeast", "southwest",
                         "northern", "southern", "eastern", "western", "central", "centre", "center", "upper",
                         "lower", "middle"})
_NAME_BEFORE = re.compile(r"(?<=[a-z,;(]\s)([A-Z][\w'-]+)\s$")


def tail_of_a_name(mention: Mention, text: str) -> bool:
    """Whether a place is only the last words of a longer name the gazetteer lacks (see `_TAIL_WORDS`): a
    capitalised word, not a weekday or a month, stands right before it inside a sentence."""
    if mention.demonym or mention.place.kind == "country" or mention.text.split()[0].casefold() not in _TAIL_WORDS:
        return False
    before = _NAME_BEFORE.search(text, max(0, mention.start - 40), mention.start)
    return before is not None and before.group(1).casefold() not in _DATE_WORDS


_DATE_WORDS = frozenset(WEEKDAYS) | frozenset(MONTHS)


def consistent(mentions: list[Mention], text: str = "", after: list[Mention] | None = None) -> list[Mention]:
    """The places of a clause that agree with the larger ones it names: "Bulo Burto town (Bulo Burto,
    Hiraan)" is a town in Hiraan, not a namesake abroad. A town that fits no region or country named with it
    is dropped, so the region itself is chosen (geo_precision 3) when no named town fits. A country named does
    not count: it is often a party ("Russia's missiles hit Kherson"). The units a text gives ("(District,
    Region)", "X district, Y") are checked first (`_fits_units`), with the units named right `after` the
    clause that hold its places ("Rodat, Kot, and Achin districts, Nangarhar")."""
    if text:
        mentions = [m for m in parts_of_towns(mentions, text) if not tail_of_a_name(m, text)]
        mentions = _fits_units(mentions, text, after)
    named = [m for m in mentions if not m.demonym]
    regions = [m for m in named if m.place.kind == "region"
               and not (text and _ORIGIN.search(text, max(0, m.start - 30), m.start))]   # "teachers from Wajir"
    countries = {m.place.country_code for m in regions}   # a country named is often a party ("Russia's")
    if not regions:
        return mentions
    admin = [r.place for r in regions if text and admin_parenthesis(r, text)]
    admin_countries = {r.country_code for r in admin}
    out = []
    for m in mentions:
        if m.place.kind == "region" and admin and m.place.country_code not in admin_countries:
            continue   # "(Adan Yabaal, Middle Shabelle)": a district read as a namesake region abroad
        if m.place.kind in ("region", "country") or m.demonym or admin:
            out.append(m)   # with a parenthesis of units, `_fits_units` has judged the towns
        elif m.place.country_code in countries:
            if any(_km(m.place, r.place) <= REGION_KM for r in regions if r.place.country_code == m.place.country_code):
                out.append(m)
        elif all(_km(m.place, r.place) > ABROAD_KM for r in regions):
            continue   # "Bulo" in the Philippines beside "Hiraan": a namesake
        else:
            out.append(m)   # "Kharkiv and the Belgorod region": neighbours across a border
    return out
