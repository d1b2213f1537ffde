"""Text in, place mentions out: tokens -> candidate spans -> guards -> resolution in context."""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

from geodata.places.gazetteer import Gazetteer, Place
from geodata.places.geoparser.guards import PersonNames, rejected
from geodata.places.geoparser.resolve import Choice, candidates_for, resolve
from geodata.places.geoparser.spans import find_spans
from geodata.places.geoparser.tokens import tokenize

MIN_CONFIDENCE = 0.2


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
                "designator": self.precision or None}


class Geoparser:
    """Stateless over documents; holds only the gazetteer."""

    def __init__(self, gazetteer: Gazetteer, demonyms: bool = True):
        self.gaz = gazetteer
        self.demonyms = demonyms

    def parse(self, text: str) -> list[Mention]:
        if not text or not text.strip():
            return []
        tokens = tokenize(text)
        spans = find_spans(tokens, self.gaz)
        if not self.demonyms:
            spans = [s for s in spans if not s.demonym]
        if not spans:
            return []
        people = PersonNames(tokens, self.gaz)
        kept = []
        for span in spans:
            candidates = candidates_for(span, self.gaz)
            if not candidates:
                continue
            top = candidates[0].place
            if rejected(span, tokens, self.gaz, people, top.kind, top.population) is None:
                kept.append((span, candidates))
        mentions = []
        for choice in resolve(kept, text):
            confidence = _confidence(choice)
            if confidence < MIN_CONFIDENCE:
                continue
            span = choice.span
            mentions.append(Mention(span.start, span.end, text[span.start:span.end], choice.best.place,
                                    confidence, span.demonym, span.designator))
        return mentions


def _confidence(choice: Choice) -> float:
    """Squash the winning score and its lead over the runner-up into 0..1."""
    margin = 1.0 / (1.0 + math.exp(-(choice.margin - 1.0)))
    strength = 1.0 / (1.0 + math.exp(-(choice.score - 5.0) / 1.5))
    return round(0.5 * margin + 0.5 * strength, 3)
