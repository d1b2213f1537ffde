"""Lower units the gazetteer does not hold: "Shinwar district, Nangarhar" is a district of Nangarhar.

The gazetteer has countries, first-level regions, towns and US counties, but no districts elsewhere: no
pinned package ships second-level units offline. When the text names a district (county, raion, woreda...)
and then the unit containing it ("X district, Y", "X district of Y", "X district in Y"), the district is
reported as a mention of its own that stands for the container: its `place` is Y's region and its
`resolved_to_container` flag is set, so that an extractor gives it the precision of a region (ACLED's
geo_precision 3). A district's name that the gazetteer knows only as a namesake outside Y (a town of the
same name on another continent) is treated the same way: Y is what the text vouches for.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from geodata.places.gazetteer import Gazetteer, Place
from geodata.places.geoparser.vocabulary import LOWER_UNIT_WORDS
from geodata.places.normalize import normalize

LOOKBACK = 80   # characters before the container in which "X district," is looked for
_UNIT = "|".join(sorted((re.escape(w) for w in LOWER_UNIT_WORDS), key=len, reverse=True))
_WORD = r"[^\W\d_][\w'’]*"
_DISTRICT_BEFORE = re.compile(
    rf"(?P<name>(?:{_WORD}[ \-]){{0,2}}{_WORD})\s+(?P<unit>(?i:{_UNIT}))\s*(?:,|\s+of|\s+in)\s+(?:the\s+)?$")


@dataclass(frozen=True)
class UnitPhrase:
    """ "Shinwar district" before its container: the span of the name and unit word, and the unit word."""

    start: int
    end: int
    unit: str


def district_before(text: str, container_start: int, floor: int) -> UnitPhrase | None:
    """A "Name district," phrase that ends right before the container mention, not reaching before `floor`."""
    window_start = max(floor, container_start - LOOKBACK)
    window = text[window_start:container_start]
    if not _ends_with_unit(window):
        return None   # the common case, decided without a regex search from every position
    match = _DISTRICT_BEFORE.search(window)
    if match is None:
        return None
    name_start = window_start + match.start("name")
    words = re.split(r"[ \-]", match.group("name"))
    capitalised = 0
    for word in reversed(words):   # "Taliban attacked Shinwar district": the name is the capitalised tail
        if not word[0].isupper():
            break
        capitalised += 1
    if capitalised == 0:
        return None
    skipped = len(" ".join(words[:len(words) - capitalised])) + (1 if capitalised < len(words) else 0)
    return UnitPhrase(name_start + skipped, window_start + match.end("unit"), match.group("unit").lower())


def _ends_with_unit(window: str) -> bool:
    tail = window.rstrip()
    if tail.lower().endswith(" the"):
        tail = tail[:-4].rstrip()
    if tail.endswith(","):
        tail = tail[:-1]
    elif tail.endswith((" of", " in")):
        tail = tail[:-3]
    else:
        return False
    words = tail.rstrip().rsplit(None, 1)
    return bool(words) and words[-1].lower() in LOWER_UNIT_WORDS


def container_region(place: Place, text: str, gaz: Gazetteer) -> Place:
    """The region a container mention stands for: after a district, "Kabul" is the province, not the city."""
    if place.kind != "city" or not place.admin1:
        return place
    region = gaz.region(place.admin1)
    if region is not None and any(c.place.id == region.id for c in gaz.candidates_for_key(normalize(text))):
        return region
    return place


def contains(outer: Place, inner: Place) -> bool:
    """Whether `inner` lies in `outer` by code: a country holds its regions and towns, a region its towns."""
    if outer.id == inner.id:
        return True
    if outer.kind == "country":
        return inner.country_code == outer.country_code
    if outer.kind == "region" and outer.region_code:
        return inner.admin1 == outer.region_code
    if outer.kind == "city":
        return inner.kind == "city" and inner.admin1 == outer.admin1 and inner.country_code == outer.country_code
    return False
