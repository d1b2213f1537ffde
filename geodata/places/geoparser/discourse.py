"""What the rest of an article says about a name the guards doubted as a given name.

"Lindsay", "Trenton" and "Weston" are given names as well as towns, and the guards drop a small town's
name that is also a given name unless something beside it says "place". The article often says so
elsewhere: the same name after "in" or before "police" two sentences on ("one sense per discourse"), or the
name listed with a place that is no given name ("Gainesville and Lindsay", "Allston and Weston"). Such a
name is taken back.
"""

from __future__ import annotations

import re

from geodata.places.gazetteer import Candidate, Gazetteer
from geodata.places.geoparser.guards import vouched_for
from geodata.places.geoparser.spans import Span
from geodata.places.geoparser.tokens import Token

DOUBT = "given name"   # the guards' reason that only doubts a name; the others deny it outright
_LIST_GLUE = re.compile(r",? (?:and|or) ")
MAX_GLUE = 6

Found = tuple[Span, list[Candidate]]


def taken_back(kept: list[Found], doubted: list[Found], tokens: list[Token], text: str,
               gaz: Gazetteer) -> list[Found]:
    """The doubted names the article vouches for elsewhere, to be kept with the others."""
    vouched = {span.key for span, _ in kept if vouched_for(span, tokens, gaz)}
    back = [(s, c) for s, c in doubted if s.key in vouched]
    rest = [(s, c) for s, c in doubted if s.key not in vouched]
    anchors = [span for span, _ in kept if not span.demonym and tokens[span.i].norm not in gaz.first_names]
    anchors += [span for span, _ in back]
    changed = True
    while changed and rest:   # a list vouches for each of its names in turn: "Monroe, Trenton and Seven Mile"
        changed = False
        for found in list(rest):
            if any(_listed_together(found[0], anchor, text) for anchor in anchors):
                back.append(found)
                rest.remove(found)
                anchors.append(found[0])
                changed = True
    return back


def _listed_together(span: Span, anchor: Span, text: str) -> bool:
    """Whether two names stand next to each other as in a list: "X, Y", "X and Y", "X, or Y"."""
    if anchor.end <= span.start <= anchor.end + MAX_GLUE:
        return _LIST_GLUE.fullmatch(text, anchor.end, span.start) is not None
    if span.end <= anchor.start <= span.end + MAX_GLUE:
        return _LIST_GLUE.fullmatch(text, span.end, anchor.start) is not None
    return False
