"""Event type colours, shared by the map, its density grid and the time chart (from geodata's event type table)."""

from __future__ import annotations

from geodata.codes import OTHER_COLOUR, TYPE_COLOURS

__all__ = ["COLOURS", "OTHER_COLOUR", "TYPE_COLOURS", "TYPE_ORDER"]

TYPE_ORDER = list(TYPE_COLOURS)
COLOURS = [TYPE_COLOURS[t] for t in TYPE_ORDER]
