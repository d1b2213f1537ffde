"""Text in, place mentions out: tokens -> candidate spans -> guards -> resolution in context."""

from __future__ import annotations

import bisect
import math
import re
from collections.abc import Callable
from dataclasses import dataclass, replace
from typing import Any

from geodata.places.gazetteer import Gazetteer, Place
from geodata.places.geoparser.discourse import DOUBT, taken_back
from geodata.places.geoparser.guards import PersonNames, facility_name, rejected
from geodata.places.geoparser.resolve import Choice, candidates_for, resolve
from geodata.places.geoparser.spans import find_spans, mark_towns
from geodata.places.geoparser.stop import StopCheck
from geodata.places.geoparser.tokens import tokenize
from geodata.places.geoparser.unit_lists import mark_bare_units, mark_listed_units
from geodata.places.geoparser.units import container_region, contains, district_before
from geodata.places.geoparser.vocabulary import LOWER_UNIT_WORDS, STREET_WORDS

MIN_CONFIDENCE = 0.2
# Guards' reasons that say the words name no place at all, not even the one a street is named after.
NOT_A_NAME_OF_A_PLACE = frozenset({"person", "title", "date word", "direction", "disease", "organisation",
                                   "function word", "common phrase", "named after a saint"})


@dataclass(frozen=True)
class Mention:
    """A place named in a text: the exact span, the place it resolves to, and how sure we are."""

    start: int
    end: int
    text: str
    place: Place
    confidence: float
    demonym: bool = False
    precision: str = ""   # "region" when the text says "the X region", "county", ...: how the text named it
    # The text names a lower unit the gazetteer lacks ("Shinwar district, Nangarhar"): `place` is the unit
    # the text puts it in, and `precision` the kind of unit it named (see geoparser.units).
    resolved_to_container: bool = False

    @property
    def lat(self) -> float:
        return self.place.lat

    @property
    def lon(self) -> float:
        return self.place.lon

    def to_dict(self) -> dict[str, Any]:
        p = self.place
        return {"text": self.text, "start": self.start, "end": self.end, "name": p.name, "kind": p.kind,
                "country_code": p.country_code or None, "admin1": p.admin1 or None, "lat": p.lat, "lon": p.lon,
                "geonameid": p.geonameid, "region_code": p.region_code, "confidence": self.confidence,
                "demonym": self.demonym, "feature_code": p.feature_code, "population": p.population,
                "designator": self.precision or None, "resolved_to_container": self.resolved_to_container}


class Geoparser:
    """Stateless over documents; holds only the gazetteer."""

    def __init__(self, gazetteer: Gazetteer, demonyms: bool = True):
        self.gaz = gazetteer
        self.demonyms = demonyms

    def parse(self, text: str, should_stop: Callable[[], bool] | None = None) -> list[Mention]:
        """`should_stop` is asked about once per paragraph (see geoparser.stop); ParseStopped when it says so."""
        if not text or not text.strip():
            return []
        check = StopCheck(should_stop)
        check.now()
        tokens = tokenize(text, check)
        check.now()
        spans = mark_bare_units(mark_listed_units(find_spans(tokens, self.gaz), tokens, text, self.gaz), tokens)
        mark_towns(spans, tokens, text, self.gaz)
        if not self.demonyms:
            spans = [s for s in spans if not s.demonym]
        if not spans:
            return []
        people = PersonNames(tokens, self.gaz)
        kept = []
        doubted = []   # names the guards doubted: the rest of the article may vouch for them
        facilities: list[tuple[int, int]] = []
        for span in spans:
            check()
            candidates = candidates_for(span, self.gaz)
            if not candidates:
                continue
            top = candidates[0].place
            reason = rejected(span, tokens, self.gaz, people, top.kind, top.population, top.feature_code)
            if reason in NOT_A_NAME_OF_A_PLACE:
                continue
            facility = facility_name(span, tokens, self.gaz)
            if facility is None and tokens[span.j - 1].norm in STREET_WORDS and not candidates[0].primary:
                facility = (span.i, span.j)   # "Latin Quarter": a quarter's name, not Noumea's Quartier Latin
            if facility is not None:   # "York Road": a common word or not, the street is in the article's town
                if not facilities or facilities[-1] != facility:
                    facilities.append(facility)
            elif reason is None:
                kept.append((span, candidates))
            elif reason == DOUBT:
                doubted.append((span, candidates))
        if doubted:
            kept = sorted(kept + taken_back(kept, doubted, tokens, text, self.gaz), key=lambda found: found[0].i)
        if facilities:   # no other place inside a facility's name either: "Florida Atlantic University"
            kept = [(s, c) for s, c in kept if not _inside(s.i, s.j, facilities)]
        mentions = []
        for choice in resolve(kept, text, self.gaz.memo, check):
            confidence = _confidence(choice)
            if confidence < MIN_CONFIDENCE or choice.best is None:
                continue
            span = choice.span
            mentions.append(Mention(span.start, span.end, text[span.start:span.end], choice.best.place,
                                    confidence, span.demonym, span.designator))
        mentions = self._lower_units(mentions, text)
        if facilities:
            ranges = [(tokens[a].start, tokens[b - 1].end) for a, b in facilities]
            mentions = sorted(mentions + _facilities_in_town(ranges, mentions, text), key=lambda m: m.start)
        return mentions

    def _lower_units(self, mentions: list[Mention], text: str) -> list[Mention]:
        """ "X district, Y": X stands for Y when the gazetteer has no X inside Y (see geoparser.units)."""
        out: list[Mention] = []
        for mention in mentions:
            previous = out[-1] if out else None
            if not mention.demonym and previous is not None and _is_unit_of(previous, mention, text):
                container = container_region(mention.place, mention.text, self.gaz)
                if not contains(container, previous.place):
                    # "Deh Bala district": the gazetteer matched "Bala" alone, the district's name is longer
                    phrase = district_before(text, mention.start, out[-2].end if len(out) > 1 else 0)
                    start = min(phrase.start if phrase and phrase.end == previous.end else previous.start,
                                previous.start)
                    out[-1] = replace(previous, start=start, text=text[start:previous.end], place=container,
                                      resolved_to_container=True)
            elif not mention.demonym:
                phrase = district_before(text, mention.start, previous.end if previous else 0)
                if phrase is not None:
                    container = container_region(mention.place, mention.text, self.gaz)
                    out.append(Mention(phrase.start, phrase.end, text[phrase.start:phrase.end], container,
                                       mention.confidence, False, phrase.unit, resolved_to_container=True))
            out.append(mention)
        return out


FACILITY_CONFIDENCE = 0.8   # of the town's: the facility is in the article's town, most likely, not surely


def _inside(i: int, j: int, ranges: list[tuple[int, int]]) -> bool:
    """Whether tokens [i, j) lie in one of `ranges` (sorted, not overlapping): a bisection, not a scan."""
    k = bisect.bisect_right(ranges, (i, len(ranges) + j + 10**9)) - 1
    return k >= 0 and ranges[k][0] <= i and j <= ranges[k][1]


def _facilities_in_town(ranges: list[tuple[int, int]], mentions: list[Mention], text: str) -> list[Mention]:
    """ "Royal Street", "French Quarter": a facility with no gazetteer entry is in the article's town.

    The town is the nearest town named before it, else the first named after it; with none the facility is
    left out rather than sent to a namesake of the place in its name.
    """
    towns = [m for m in mentions if m.place.kind == "city" and not m.resolved_to_container]
    ends = [m.end for m in towns]     # mentions come in text order and do not overlap
    starts = [m.start for m in towns]
    out = []
    for start, end in ranges:
        before = bisect.bisect_right(ends, start)
        after = bisect.bisect_left(starts, end)
        town = towns[before - 1] if before else towns[after] if after < len(towns) else None
        if town is not None:
            out.append(Mention(start, end, text[start:end], town.place, round(town.confidence * FACILITY_CONFIDENCE, 3),
                               precision="facility", resolved_to_container=True))
    return out


_UNIT_LINK = re.compile(r"\s*(?:,|of|in)\s+(?:the\s+)?")


def _is_unit_of(unit: Mention, container: Mention, text: str) -> bool:
    """ "Makueni County, Kenya", "Shinwar district of Nangarhar": a named lower unit, then its container."""
    return (unit.precision in LOWER_UNIT_WORDS and not unit.demonym
            and _UNIT_LINK.fullmatch(text, unit.end, container.start) is not None)


def _confidence(choice: Choice) -> float:
    """Squash the winning score and its lead over the runner-up into 0..1."""
    margin = 1.0 / (1.0 + math.exp(-(choice.margin - 1.0)))
    strength = 1.0 / (1.0 + math.exp(-(choice.score - 5.0) / 1.5))
    return round(0.5 * margin + 0.5 * strength, 3)
