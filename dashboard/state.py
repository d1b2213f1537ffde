"""The filter state of the event view and its round trip through the URL's query parameters.

A link reproduces a view: `?start=2024-10-01&end=2024-10-31&type=Battles&country=UA&place=Kharkiv&q=drone`.
The filters are the engine's `EventQuery` (fields declared once in `geodata.query.FIELDS`); this module gives
the page its names for it. Parameters are untrusted: an unknown name or a malformed value is dropped with a
notice, never an error.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

import pandas as pd

from geodata.query import DEFAULT_MODALITIES, FIELDS, EventQuery, from_params

__all__ = ["DEFAULT_MODALITIES", "PARAMS", "Filters", "Parsed", "apply", "from_query", "to_query"]

Filters = EventQuery
PARAMS = tuple(f.param for f in FIELDS)


@dataclass
class Parsed:
    filters: Filters
    notices: list[str] = field(default_factory=list)


def from_query(params: Mapping[str, Sequence[str] | str]) -> Parsed:
    """Filters from query parameters (each a list of values, or one value); bad ones become notices."""
    parsed = from_params(params)
    return Parsed(parsed.query, parsed.notices)


def to_query(filters: Filters) -> dict[str, list[str]]:
    """Query parameters for a view; defaults are left out so that links stay short."""
    return filters.to_params()


def apply(df: pd.DataFrame, filters: Filters) -> pd.DataFrame:
    """The events the view shows."""
    return filters.apply(df)
