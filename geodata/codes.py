"""The event table's controlled values: event types (from `data/event_types.json`), modalities, precisions.

Kept apart from `schema` (which needs pandas) so that the CLI's argument parser and the URL's filter fields can
name the allowed values without paying for pandas.
"""

from __future__ import annotations

import json
from importlib import resources
from typing import Any


def _load_event_types() -> dict[str, Any]:
    text = (resources.files("geodata") / "data" / "event_types.json").read_text(encoding="utf-8")
    return dict(json.loads(text))


_DATA = _load_event_types()
_TYPES: list[dict[str, Any]] = _DATA["event_types"]

EVENT_TYPES: dict[str, tuple[str, ...]] = {t["name"]: tuple(t["sub_types"]) for t in _TYPES}
"""ACLED's six event types and their 25 sub-event types (ACLED Codebook), in ACLED's order."""
SUB_EVENT_TYPES: tuple[str, ...] = tuple(s for subs in EVENT_TYPES.values() for s in subs)
TYPE_OF_SUB_TYPE: dict[str, str] = {s: t for t, subs in EVENT_TYPES.items() for s in subs}
TYPE_COLOURS: dict[str, str] = {t["name"]: t["colour"] for t in _TYPES}
"""The colour the map, its clusters and the time chart give each type."""
OTHER_COLOUR: str = _DATA["other_colour"]
DISORDER_TYPES: dict[str, str] = {t["name"]: t["disorder_type"] for t in _TYPES}
"""ACLED's disorder type of each event type."""
VIOLENT_TYPES: tuple[str, ...] = tuple(t["name"] for t in _TYPES if t["violent"])
"""Types that are political violence by armed actors (not demonstrations, not strategic developments)."""

DATE_PRECISIONS: tuple[str, ...] = ("day", "week", "month", "year", "before")
MODALITIES: tuple[str, ...] = ("asserted", "future", "hypothetical", "negated")
ORIGINS: tuple[str, ...] = ("extracted", "imported", "edited")
GEO_PRECISIONS: tuple[int, ...] = (1, 2, 3)
"""1: the town itself; 2: near a town or part of a region; 3: a whole region or larger."""
TIME_PRECISIONS: dict[int, str] = {1: "day", 2: "week", 3: "month"}
"""ACLED's time_precision codes and the date_precision each one means."""
