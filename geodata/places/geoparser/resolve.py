"""Choose one place for each span, using the whole document as context.

Population alone sends "Birmingham, Alabama" to England and "Alexandria" beside Virginia to Egypt.
Each candidate's prior (kind, population, main name or alternate) is raised when its country or region
is named elsewhere in the article, when the text says "X, Y" or "X in Y" with Y containing it, and when it
lies near the article's other places.
"""

from __future__ import annotations

import math
import re
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field

from geodata.places.gazetteer import Candidate, Gazetteer, Place
from geodata.places.gazetteer.index import prefer_towns_over_regions
from geodata.places.geoparser.neighbours import neighbour_counts
from geodata.places.geoparser.spans import Span

CONTAINER_KINDS = ("country", "region")
MAX_POSTINGS_READ = 100   # the biggest places of a name; its 101st town has not been the answer in any corpus
MAX_CANDIDATES = 30       # kept after sorting by prior
MEMO_SIZE = 50_000
EARTH_RADIUS_KM = 6371.0
NEIGHBOUR_BONUS = 1.5     # per other name of the article with a candidate nearby (see geoparser.neighbours)
MAX_NEIGHBOURS = 3
SIBLING_BONUS = 6.0   # shared out over a list's other names by how many are of the candidate's kind
ROUNDS = 2


@dataclass(slots=True)
class Choice:
    span: Span
    candidates: list[Candidate]
    best: Candidate | None = None
    score: float = 0.0
    margin: float = 0.0
    famous_in: frozenset[str] = frozenset()   # countries where this name is a country, a capital or a metropolis


FAMOUS_POPULATION = 1_000_000
SMALL_TOWN = 100_000
BORROWED_NAME_SHARE = 0.5   # of the country's and region's support a small namesake of a famous place gets


def _famous_in(candidates: list[Candidate]) -> frozenset[str]:
    """ "Moscow", "Dublin", "Lebanon": where the name means a country, a capital or a city of millions."""
    return frozenset(c.place.country_code for c in candidates[:10] if c.primary and c.place.country_code and (
        c.place.kind == "country" or c.place.kind == "city" and (
            c.place.feature_code == "PPLC" or c.place.population >= FAMOUS_POPULATION)))


def candidates_for(span: Span, gaz: Gazetteer) -> list[Candidate]:
    """The places a span may mean, narrowed by what the text says it is, most likely first.

    Memoised on the gazetteer: a name's candidates never change, and news repeats its names.
    """
    memo = gaz.memo.get("candidates_for")
    if memo is None:
        memo = gaz.memo["candidates_for"] = {}
    key = (span.key, span.designator, span.demonym, span.abbreviation, span.town)
    found = memo.get(key)
    if found is None:
        if len(memo) > MEMO_SIZE:
            memo.clear()
        found = memo[key] = _candidates_for(span, gaz)
    return found


def _candidates_for(span: Span, gaz: Gazetteer) -> list[Candidate]:
    if span.abbreviation:
        place = gaz.region(gaz.abbreviations[span.key])
        return [Candidate(place, True, False, 10.0)] if place else []
    if span.demonym:
        place = gaz.demonym(span.key)
        return [Candidate(place, True, False, 10.0)] if place else []
    found = gaz.candidates_for_key(span.key, limit=MAX_POSTINGS_READ)
    if span.town and not span.designator:
        towns = [c for c in found if c.place.kind == "city"]
        if towns:
            return towns[:MAX_CANDIDATES]
    if span.designator == "region":
        regions = [c for c in found if c.place.kind == "region"]
        return regions or found[:MAX_CANDIDATES]
    if span.designator in ("city", "town", "village"):
        return [c for c in found if c.place.kind == "city"][:MAX_CANDIDATES] or found[:MAX_CANDIDATES]
    if span.designator:  # county, district: lower units we lack; keep places, drop whole countries
        return [c for c in found if c.place.kind != "country"][:MAX_CANDIDATES] or found
    return prefer_towns_over_regions(found)[:MAX_CANDIDATES]


def resolve(spans: list[tuple[Span, list[Candidate]]], text: str, memo: dict | None = None,
            step: Callable[[], None] | None = None) -> list[Choice]:
    """Pick each span's place; `spans` pairs each span with its non-empty candidates from `candidates_for`.

    `memo` (the gazetteer's) keeps what is derived from a name's candidates between articles; `step` is called
    once per name in each round (a stop check).
    """
    famous = {} if memo is None else memo.setdefault("famous_in", {})
    if len(famous) > MEMO_SIZE:
        famous.clear()
    choices = []
    for span, candidates in spans:
        name = (span.key, span.designator, span.demonym, span.abbreviation, span.town)   # as candidates_for's
        found = famous.get(name)
        if found is None:
            found = famous[name] = _famous_in(candidates)
        choices.append(Choice(span, candidates, famous_in=found))
    for choice in choices:  # first pass: priors alone
        choice.best = choice.candidates[0]
        choice.score = choice.best.score
        choice.margin = 10.0 if len(choice.candidates) == 1 else 0.0
    context = _context(choices)
    links = _containment_links(choices, text)
    siblings = _list_siblings(choices, text)
    inner_of = _inverse(links)
    names: dict[str, list[Candidate]] = {}
    for choice in choices:
        names.setdefault(choice.span.key, choice.candidates)
    context.neighbours = neighbour_counts(names, None if memo is None else memo.setdefault("neighbour_points", {}))
    for rounds_left in range(ROUNDS - 1, -1, -1):
        centre = _centre(choices)
        for idx, choice in enumerate(choices):
            if step is not None:
                step()
            if rounds_left and len(choice.candidates) == 1:
                continue   # nothing to choose; its score (for the confidence) is taken in the last round
            here = _Here(choice.span.key, choice.famous_in, choices[links[idx]] if idx in links else None,
                         [choices[k] for k in inner_of.get(idx, ())], [choices[k] for k in siblings.get(idx, ())])
            scored = [(_contextual_score(cand, here, context, centre), cand) for cand in choice.candidates]
            scored.sort(key=lambda pair: -pair[0])
            # each choice sees the ones before it as already decided in this round: deciding all at once
            # lets a town and its county swap states with each other in every round and never agree
            context.add(choice, -1.0)
            choice.best = scored[0][1]
            choice.score = scored[0][0]
            choice.margin = scored[0][0] - scored[1][0] if len(scored) > 1 else 10.0
            context.add(choice, 1.0)
    return choices


@dataclass(slots=True)
class Context:
    """Countries and regions the article names or implies, counted by mention, and by name.

    A name is no evidence for itself: four "Georgia"s read as the country must not outvote "Atlanta" and
    "Milton" for the state, so each candidate discounts what mentions of its own name contributed.
    """

    countries: defaultdict[str, float]
    regions: defaultdict[str, float]
    by_name_countries: defaultdict[tuple[str, str], float]
    by_name_regions: defaultdict[tuple[str, str], float]
    neighbours: dict[int, int] = field(default_factory=dict)   # place id -> other names near it

    def country_support(self, key: str, code: str) -> float:
        return self.countries.get(code, 0) - self.by_name_countries.get((key, code), 0)

    def region_support(self, key: str, code: str) -> float:
        return self.regions.get(code, 0) - self.by_name_regions.get((key, code), 0)

    def add(self, choice: Choice, sign: float) -> None:
        """Count a choice's current place in (sign 1) or out (sign -1) of the article's countries and regions."""
        if choice.best is None:
            return
        country_weight, region_weight = _weights(choice)
        place = choice.best.place
        key = choice.span.key
        if country_weight:
            self.countries[place.country_code] += sign * country_weight
            self.by_name_countries[(key, place.country_code)] += sign * country_weight
        if region_weight:
            self.regions[place.admin1] += sign * region_weight
            self.by_name_regions[(key, place.admin1)] += sign * region_weight


def _context(choices: list[Choice]) -> Context:
    context = Context(defaultdict(float), defaultdict(float), defaultdict(float), defaultdict(float))
    for choice in choices:
        context.add(choice, 1.0)
    return context


def _weights(choice: Choice) -> tuple[float, float]:
    """What one mention adds to the article's countries and regions: less when it was a close call."""
    place = choice.best.place if choice.best else None
    if place is None:
        return 0.0, 0.0
    country = (1.0 if place.kind in CONTAINER_KINDS or choice.margin > 2 else 0.5) if place.country_code else 0.0
    region = (1.0 if place.kind == "region" or choice.margin > 2 else 0.5) if place.admin1 else 0.0
    return country, region


def _containment_links(choices: list[Choice], text: str) -> dict[int, int]:
    """ "X, Y" and "X in Y": the index of the choice Y that should contain choice X."""
    links = {}
    for idx in range(len(choices) - 1):
        here, after = choices[idx].span, choices[idx + 1].span
        between = text[here.end:after.start]
        if between.strip() in (",", "in", ", in") and "\n" not in between:
            links[idx] = idx + 1
    return links


_LIST_GLUE = re.compile(r"\s*(?:,|,? and|,? or)\s+")
MIN_LIST = 3


def _list_siblings(choices: list[Choice], text: str) -> dict[int, list[int]]:
    """Each choice in a list of three or more names ("A, B, C and D") -> the other names of its list."""
    groups: list[list[int]] = []
    current = [0] if choices else []
    for idx in range(1, len(choices)):
        between = text[choices[idx - 1].span.end:choices[idx].span.start]
        if "\n" not in between and _LIST_GLUE.fullmatch(between):
            current.append(idx)
        else:
            groups.append(current)
            current = [idx]
    groups.append(current)
    return {i: [k for k in group if k != i] for group in groups if len(group) >= MIN_LIST for i in group}


def _kind_of(place: Place) -> tuple[str, str]:
    """What a list's names share: countries, or one country's first-level regions, counties or towns."""
    if place.kind == "country":
        return "country", ""
    level = place.feature_code if place.kind == "region" else place.kind
    return level, place.country_code


def _inverse(links: dict[int, int]) -> dict[int, list[int]]:
    """Container -> the choices it contains: each candidate reads its own inner links, not every link."""
    inner_of: dict[int, list[int]] = {}
    for inner, outer in links.items():
        inner_of.setdefault(outer, []).append(inner)
    return inner_of


def _centre(choices: list[Choice]) -> tuple[float, float] | None:
    points = [(c.best.place.lat, c.best.place.lon) for c in choices
              if c.best and c.best.place.kind == "city" and c.margin > 1.5]
    if len(points) < 2:
        return None
    points.sort()
    lat = points[len(points) // 2][0]
    lons = sorted(p[1] for p in points)
    return lat, lons[len(lons) // 2]


@dataclass(slots=True)
class _Here:
    """What a choice brings to each of its candidates' scores, found once per choice and round."""

    key: str                       # a name is no evidence for itself, however often it is repeated
    famous_in: frozenset[str]
    outer: Choice | None           # "X, Y" / "X in Y": the choice Y that should contain this one
    inner: list[Choice]            # the choices this one should contain
    siblings: list[Choice]         # the other names of a list it stands in: "Texas, Utah, Washington and Wyoming"


def _contextual_score(cand: Candidate, here: _Here, context: Context, centre: tuple[float, float] | None) -> float:
    place = cand.place
    score = cand.score
    near = context.neighbours.get(place.id)
    # "Moscow" in an American story is still Russia's unless a neighbouring town, an "X, Pa." or the state
    # named outright says otherwise: the country's support is only part-lent to a small namesake of a
    # world-famous place, and the state's too when the famous place's own country is named
    famous = here.famous_in
    share = BORROWED_NAME_SHARE if (
        famous and place.country_code not in famous and place.kind == "city" and place.population < SMALL_TOWN
        and not near and here.outer is None) else 1.0
    code = place.country_code
    if code and code in context.countries:  # a country named elsewhere supports its towns and its own name
        named = context.countries[code] - context.by_name_countries.get((here.key, code), 0)
        if named > 1e-6:
            score += share * (2.0 + min(named, 6) * 0.75)
    code = place.admin1
    if code and code in context.regions:  # a region named, or holding other places named, supports its places
        named = context.regions[code] - context.by_name_regions.get((here.key, code), 0)
        if named > 1e-6:
            # the state's support counts in full unless the famous place's own country is named too
            score += (share if _famous_country_named(here, context) else 1.0) * (1.5 + min(named, 4) * 0.5)
    if here.outer is not None and any(_contains(o.place, place) for o in here.outer.candidates[:50]):
        score += 8.0
    for inner in here.inner:
        if any(_contains(place, c.place) for c in inner.candidates[:200]):
            score += 4.0
    if near:
        score += NEIGHBOUR_BONUS * min(near, MAX_NEIGHBOURS)
    if here.siblings:   # a list names places of one kind: "Washington" among states is the state
        mine = _kind_of(place)
        alike = sum(1 for s in here.siblings if s.best is not None and _kind_of(s.best.place) == mine)
        score += SIBLING_BONUS * alike / len(here.siblings)
    if centre is not None and place.kind == "city":
        dist = _flat_km(place.lat, place.lon, centre[0], centre[1])
        score += share * 2.0 * max(0.0, 1.0 - dist / 1500.0)
    return score


def _famous_country_named(here: _Here, context: Context) -> bool:
    """ "France" beside "Paris" and "Kentucky": the capital keeps its lead over the Kentucky town."""
    return any(context.country_support(here.key, code) > 1e-6 for code in here.famous_in)


def _flat_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Distance on a flat map at the pair's mean latitude: within a few per cent of the great circle up to
    the 1,500 km the centre bonus reaches, at a fraction of its cost (it runs for every town candidate)."""
    dlon = (lon1 - lon2 + 180.0) % 360.0 - 180.0
    dx = math.radians(dlon) * math.cos(math.radians((lat1 + lat2) / 2))
    dy = math.radians(lat1 - lat2)
    return EARTH_RADIUS_KM * math.sqrt(dx * dx + dy * dy)


def _contains(outer: Place, inner: Place) -> bool:
    if outer.kind == "country":
        return inner.country_code == outer.country_code and inner.id != outer.id
    if outer.kind == "region":
        return inner.admin1 == outer.region_code and inner.id != outer.id
    return False
