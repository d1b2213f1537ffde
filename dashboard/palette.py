"""Event type colours, shared by the map, its legend and the charts."""

from __future__ import annotations

TYPE_COLOURS: dict[str, str] = {
    "Battles": "#d62728",
    "Explosions/Remote violence": "#ff7f0e",
    "Violence against civilians": "#9467bd",
    "Protests": "#1f77b4",
    "Riots": "#2ca02c",
    "Strategic developments": "#7f7f7f",
}
OTHER_COLOUR = "#17becf"
TYPE_ORDER = list(TYPE_COLOURS)
COLOURS = [TYPE_COLOURS[t] for t in TYPE_ORDER]
