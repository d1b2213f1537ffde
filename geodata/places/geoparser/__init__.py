"""The geoparser: every place named in a text, resolved to the gazetteer with a confidence."""

from __future__ import annotations

from functools import lru_cache

from geodata.places.geoparser.parser import Geoparser, Mention

__all__ = ["Geoparser", "Mention", "load_default", "parse"]


@lru_cache(maxsize=1)
def load_default() -> Geoparser:
    """The process-wide parser over the cached gazetteer."""
    from geodata.places.gazetteer import load_gazetteer

    return Geoparser(load_gazetteer())


def parse(text: str) -> list[Mention]:
    return load_default().parse(text)
