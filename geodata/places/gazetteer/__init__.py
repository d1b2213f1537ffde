"""The offline gazetteer: GeoNames places, ISO 3166-2 regions, countries and our curated supplement."""

from __future__ import annotations

from functools import lru_cache

from geodata.places.gazetteer.index import Candidate, Gazetteer, Place

__all__ = ["Candidate", "Gazetteer", "Place", "is_built", "load_gazetteer"]


@lru_cache(maxsize=1)
def load_gazetteer() -> Gazetteer:
    """The process-wide gazetteer, from the on-disk cache (built on first use)."""
    from geodata.places.gazetteer.build import load_or_build

    return Gazetteer(load_or_build())


def is_built() -> bool:
    """Whether the on-disk index for the current data exists: loading it then takes about a second, where
    building it takes 30-60 s."""
    from geodata.places.gazetteer.build import cache_path, loose_path

    path = cache_path()
    return path.exists() and loose_path(path).exists()
