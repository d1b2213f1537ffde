"""Counts of events on a grid, for views too large to send as points (a million events is ~35 MB of
markers; a few thousand grid cells are a few hundred kilobytes, and every event is still counted)."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from dashboard.palette import TYPE_ORDER

NICE_CELLS = (0.05, 0.1, 0.25, 0.5, 1.0, 2.0, 5.0)
TARGET_CELLS_ACROSS = 80


@dataclass(frozen=True)
class Bounds:
    south: float
    west: float
    north: float
    east: float

    @classmethod
    def of_leaflet(cls, bounds: object) -> Bounds | None:
        """From streamlit-folium's {"_southWest": {"lat", "lng"}, "_northEast": {...}}; None if malformed."""
        try:
            sw, ne = bounds["_southWest"], bounds["_northEast"]  # type: ignore[index]
            return cls(float(sw["lat"]), float(sw["lng"]), float(ne["lat"]), float(ne["lng"]))
        except (KeyError, TypeError, ValueError):
            return None

    def mask(self, df: pd.DataFrame) -> pd.Series:
        lat, lon = df["latitude"], df["longitude"]
        return (lat >= self.south) & (lat <= self.north) & (lon >= self.west) & (lon <= self.east)


def cell_size(df: pd.DataFrame) -> float:
    """A round cell size giving about TARGET_CELLS_ACROSS cells over the events' extent."""
    located = df[["latitude", "longitude"]].dropna()
    if located.empty:
        return NICE_CELLS[-1]
    span = max(float(np.ptp(located["latitude"].to_numpy())), float(np.ptp(located["longitude"].to_numpy())))
    wanted = span / TARGET_CELLS_ACROSS
    return next((size for size in NICE_CELLS if size >= wanted), NICE_CELLS[-1])


def density_cells(df: pd.DataFrame, size: float | None = None) -> pd.DataFrame:
    """One row per occupied cell: its south-west corner, size, event count and most frequent type index."""
    located = df[df["latitude"].notna() & df["longitude"].notna()]
    columns = ["south", "west", "size", "events", "type"]
    if located.empty:
        return pd.DataFrame(columns=columns)
    size = size or cell_size(located)
    row = np.floor(located["latitude"].to_numpy() / size).astype(np.int64)
    col = np.floor(located["longitude"].to_numpy() / size).astype(np.int64)
    types = located["event_type"].astype("object").map({t: i for i, t in enumerate(TYPE_ORDER)})
    frame = pd.DataFrame({"row": row, "col": col, "type": types.fillna(-1).astype(np.int64).to_numpy()})
    per_type = frame.groupby(["row", "col", "type"], sort=False).size().rename("n").reset_index()
    totals = per_type.groupby(["row", "col"], sort=False)["n"].sum().rename("events")
    top = per_type.sort_values("n", ascending=False, kind="stable").drop_duplicates(["row", "col"])
    cells = top.set_index(["row", "col"]).join(totals).reset_index()
    return pd.DataFrame({"south": cells["row"] * size, "west": cells["col"] * size, "size": size,
                         "events": cells["events"].astype(np.int64), "type": cells["type"]})[columns]
