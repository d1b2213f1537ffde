"""The filter state of the event view and its round trip through the URL's query parameters.

A link reproduces a view: `?start=2024-10-01&end=2024-10-31&type=Battles&country=UA&place=Kharkiv&q=drone`.
Parameters are untrusted: an unknown name or a malformed value is dropped with a notice, never an error.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace

import pandas as pd

from geodata import query, schema

DEFAULT_MODALITIES = ("asserted",)
"""Shown by default: what the text says happened. Future, hypothetical and denied events are one click away."""

PARAMS = ("start", "end", "type", "subtype", "actor", "country", "place", "q", "modality", "conf", "event")


@dataclass(frozen=True)
class Filters:
    start: dt.date | None = None
    end: dt.date | None = None
    types: tuple[str, ...] = ()
    sub_types: tuple[str, ...] = ()
    actors: tuple[str, ...] = ()
    countries: tuple[str, ...] = ()
    places: tuple[str, ...] = ()
    q: str = ""
    modalities: tuple[str, ...] = DEFAULT_MODALITIES
    min_confidence: float = 0.0
    event: str | None = None   # the selected event, so that a link can point at one

    def with_(self, **changes: object) -> Filters:
        return replace(self, **changes)


@dataclass
class Parsed:
    filters: Filters
    notices: list[str] = field(default_factory=list)


def from_query(params: Mapping[str, Sequence[str] | str]) -> Parsed:
    """Filters from query parameters (each a list of values, or one value); bad ones become notices."""
    notices: list[str] = []
    values = {name: [params[name]] if isinstance(params[name], str) else list(params[name]) for name in params}
    for name in sorted(set(values) - set(PARAMS)):
        notices.append(f"Ignored unknown URL parameter “{name}”.")
    start = _date(values.get("start"), "start", notices)
    end = _date(values.get("end"), "end", notices)
    if start and end and start > end:
        notices.append(f"Ignored start={start} and end={end}: the start is after the end.")
        start = end = None
    types = _known(values.get("type", []), schema.EVENT_TYPES, "type", notices)
    all_sub_types = {s for subs in schema.EVENT_TYPES.values() for s in subs}
    sub_types = _known(values.get("subtype", []), all_sub_types, "subtype", notices)
    countries = []
    for code in values.get("country", []):
        if len(code) == 2 and code.isalpha():
            countries.append(code.upper())
        else:
            notices.append(f"Ignored country={code!r}: use a two-letter ISO 3166-1 code such as UA.")
    modalities = _known(values.get("modality", []), schema.MODALITIES, "modality", notices)
    confidence = 0.0
    for raw in values.get("conf", [])[:1]:
        try:
            confidence = float(raw)
            if not 0.0 <= confidence <= 1.0:
                raise ValueError
        except ValueError:
            notices.append(f"Ignored conf={raw!r}: use a number from 0 to 1.")
            confidence = 0.0
    filters = Filters(
        start=start, end=end, types=tuple(types), sub_types=tuple(sub_types),
        actors=tuple(_texts(values.get("actor", []))), countries=tuple(countries),
        places=tuple(_texts(values.get("place", []))), q=" ".join(_texts(values.get("q", [])[:1])),
        modalities=tuple(modalities) or DEFAULT_MODALITIES, min_confidence=confidence,
        event=next(iter(_texts(values.get("event", []))), None))
    return Parsed(filters, notices)


def to_query(filters: Filters) -> dict[str, list[str]]:
    """Query parameters for a view; defaults are left out so that links stay short."""
    out: dict[str, list[str]] = {}
    if filters.start:
        out["start"] = [filters.start.isoformat()]
    if filters.end:
        out["end"] = [filters.end.isoformat()]
    for name, items in (("type", filters.types), ("subtype", filters.sub_types), ("actor", filters.actors),
                        ("country", filters.countries), ("place", filters.places)):
        if items:
            out[name] = list(items)
    if filters.q:
        out["q"] = [filters.q]
    if tuple(filters.modalities) != DEFAULT_MODALITIES:
        out["modality"] = list(filters.modalities)
    if filters.min_confidence:
        out["conf"] = [f"{filters.min_confidence:g}"]
    if filters.event:
        out["event"] = [filters.event]
    return out


def apply(df: pd.DataFrame, filters: Filters) -> pd.DataFrame:
    """The events the view shows, through the timeline's shared filter (cheap filters first)."""
    out = query.filter_events(
        df, start=filters.start, end=filters.end, types=list(filters.types) or None,
        actors=list(filters.actors) or None, countries=list(filters.countries) or None,
        places=list(filters.places) or None, q=filters.q or None, modalities=list(filters.modalities) or None,
        min_confidence=filters.min_confidence or None)
    if filters.sub_types:
        out = out[out["sub_event_type"].astype("object").isin(filters.sub_types)]
    return out


def _date(raw: list[str] | None, name: str, notices: list[str]) -> dt.date | None:
    if not raw:
        return None
    try:
        return dt.date.fromisoformat(raw[0])
    except (TypeError, ValueError):
        notices.append(f"Ignored {name}={raw[0]!r}: dates are written YYYY-MM-DD.")
        return None


def _known(raw: list[str], allowed: object, name: str, notices: list[str]) -> list[str]:
    out = []
    for value in raw:
        if value in allowed:  # type: ignore[operator]
            out.append(value)
        else:
            notices.append(f"Ignored {name}={value!r}: not a known value.")
    return out


def _texts(raw: list[str]) -> list[str]:
    return [v.strip()[:200] for v in raw if v and v.strip()]
