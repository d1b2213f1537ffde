"""The event map as a folium object: every event drawn in the browser from compact column arrays.

One Python folium object per event costs about 2 s per 10,000 events; here the server sends one array
per field and the browser draws and clusters the markers (`layers.EventMarkers`). Events known only to
a region or country (geo_precision 3) also get a wide translucent circle, so they do not read as a pin
on a town. Past POINT_LIMIT events the map shows counts on a grid instead (`density`), and the points
come back once a zoom or a filter brings the view under the limit. The event id is in each marker's
tooltip: streamlit-folium returns the clicked tooltip, which is how a click selects an event.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import folium
import pandas as pd

from dashboard.density import Bounds, density_cells
from dashboard.layers import Areas, DensityGrid, EventMarkers, Legend
from dashboard.palette import COLOURS, OTHER_COLOUR, TYPE_COLOURS, TYPE_ORDER

@dataclass(frozen=True)
class Basemap:
    label: str
    tiles: str
    attribution: str


BASEMAPS: dict[str, Basemap] = {
    "Street map": Basemap("Street map", "https://tile.openstreetmap.org/{z}/{x}/{y}.png",
                          '&copy; <a href="https://www.openstreetmap.org/copyright">OpenStreetMap</a> contributors'),
    "Light": Basemap("Light", "https://{s}.basemaps.cartocdn.com/light_all/{z}/{x}/{y}{r}.png",
                     '&copy; OpenStreetMap contributors &copy; <a href="https://carto.com/attributions">CARTO</a>'),
    "Satellite": Basemap("Satellite", "https://server.arcgisonline.com/ArcGIS/rest/services/World_Imagery/MapServer/"
                                      "tile/{z}/{y}/{x}",
                         "Tiles &copy; Esri, Maxar, Earthstar Geographics, and the GIS User Community"),
}
PLACES_CREDIT = ' | Places &copy; <a href="https://www.geonames.org/">GeoNames</a> (CC BY 4.0)'
REGION_RADIUS_M = 60_000        # a first-level region drawn as a circle of this radius
COUNTRY_RADIUS_M = 250_000
NEAR_RADIUS_M = 10_000          # geo_precision 2: "near Ussuriysk"
MAX_AREAS = 5_000               # beyond this the circles only clutter; the markers stay
POINT_LIMIT = 150_000           # more events than this are shown as a density grid
LABEL_LIMIT = 20_000            # up to this many markers carry date and place in their tooltips

_ID_IN_TOOLTIP = re.compile(r"id: ([0-9a-zA-Z_:.-]+)")


@dataclass(frozen=True)
class MapPlan:
    """What the map will show: points or a density grid, and the sentence that says so."""

    mode: str            # "points" | "density"
    events: int          # events drawn as points, or counted in the grid
    message: str | None


def event_id_from_tooltip(tooltip: str | None) -> str | None:
    """The event id of a clicked marker, from the tooltip text streamlit-folium returns."""
    if not tooltip:
        return None
    match = _ID_IN_TOOLTIP.search(tooltip)
    return match.group(1) if match else None


def _has_point(df: pd.DataFrame) -> pd.Series:
    return df["latitude"].notna() & df["longitude"].notna()


def _located(df: pd.DataFrame) -> pd.DataFrame:
    """The events with coordinates; the frame itself when all have them (no copy of a big view)."""
    has = _has_point(df)
    return df if has.all() else df[has]


def _type_codes(df: pd.DataFrame) -> list[int]:
    codes = df["event_type"].astype("object").map({t: i for i, t in enumerate(TYPE_ORDER)})
    return codes.fillna(-1).astype(int).tolist()


def marker_payload(df: pd.DataFrame, labels: bool | None = None) -> dict[str, object]:
    """Column arrays for the markers: lat, lon, type code, ids (newline-joined), and date and place when
    there are few enough events for tooltips to carry them."""
    located = _located(df)
    labels = len(located) <= LABEL_LIMIT if labels is None else labels
    payload: dict[str, object] = {
        "lat": located["latitude"].round(4).tolist(), "lon": located["longitude"].round(4).tolist(),
        "type": _type_codes(located), "ids": "\n".join(located["event_id"].astype(str).str.replace("\n", " "))}
    if labels:
        payload["date"] = pd.to_datetime(located["event_date"]).dt.strftime("%Y-%m-%d").fillna("").tolist()
        payload["place"] = located["location"].astype("object").fillna("").astype(str).tolist()
    return payload


def area_payload(df: pd.DataFrame) -> dict[str, list]:
    """Circles for events placed only to a region or country, or near a town."""
    vague = _located(df)
    vague = vague[vague["geo_precision"].isin([2, 3])].head(MAX_AREAS)
    country_level = vague["location"].astype("object") == vague["country"].astype("object")
    radius = pd.Series(REGION_RADIUS_M, index=vague.index)
    radius[country_level] = COUNTRY_RADIUS_M
    radius[vague["geo_precision"] == 2] = NEAR_RADIUS_M
    return {"lat": vague["latitude"].round(4).tolist(), "lon": vague["longitude"].round(4).tolist(),
            "radius": radius.astype(int).tolist(), "type": _type_codes(vague)}


def plan(df: pd.DataFrame, within: Bounds | None = None) -> MapPlan:
    """Points when they fit (all of them, or those in the zoomed view), else a density grid."""
    has = _has_point(df)   # counted, not copied: at a million events a copy costs more than the count
    total = int(has.sum())
    if total <= POINT_LIMIT:
        return MapPlan("points", total, None)
    if within is not None:
        inside = int((has & within.mask(df)).sum())
        if inside <= POINT_LIMIT:
            return MapPlan("points", inside, f"Showing the {inside:,} events in view of {total:,}; "
                                             "zoom out for the density of all of them.")
    return MapPlan("density", total, f"Showing density of {total:,} events; "
                                     f"zoom in or filter for points (up to {POINT_LIMIT:,} at a time).")


def build_map(df: pd.DataFrame, basemap: str = "Street map", selected: str | None = None,
              within: Bounds | None = None) -> folium.Map:
    """The map of these events: markers (or a density grid), areas for vague places, a legend, fitted."""
    base = BASEMAPS.get(basemap, BASEMAPS["Street map"])
    fmap = folium.Map(location=[48.0, 40.0], zoom_start=3, tiles=None, control_scale=True)
    folium.TileLayer(base.tiles, attr=base.attribution + PLACES_CREDIT, name=base.label, max_zoom=18).add_to(fmap)
    located = _located(df)
    chosen = plan(df, within)
    if chosen.mode == "density":
        cells = density_cells(located)
        DensityGrid({"south": cells["south"].tolist(), "west": cells["west"].tolist(),
                     "size": float(cells["size"].iloc[0]) if len(cells) else 1.0,
                     "events": cells["events"].tolist(), "type": cells["type"].tolist()},
                    COLOURS, OTHER_COLOUR).add_to(fmap)
        note = "shade: number of events"
    else:
        if within is not None and len(located) > POINT_LIMIT:
            located = located[within.mask(located)]
        areas = area_payload(located)
        if areas["lat"]:
            Areas(areas, COLOURS, OTHER_COLOUR).add_to(fmap)
        EventMarkers(marker_payload(located), TYPE_ORDER, COLOURS, OTHER_COLOUR,
                     options={"disableClusteringAtZoom": 9, "spiderfyOnMaxZoom": True,
                              "chunkedLoading": True}).add_to(fmap)
        note = "◯ region or country only"
    present = set(located["event_type"].astype("object").dropna()) if len(located) else set()
    Legend([(t, TYPE_COLOURS[t]) for t in TYPE_ORDER if t in present] or [("No events", "#ccc")],
           note).add_to(fmap)
    _focus(fmap, df, located, selected, within)
    return fmap


def _focus(fmap: folium.Map, df: pd.DataFrame, located: pd.DataFrame, selected: str | None,
           within: Bounds | None) -> None:
    """Centre on the selected event, else keep the zoomed view, else fit the events."""
    if selected is not None:
        hit = df[df["event_id"].astype(str) == selected]
        if not hit.empty and pd.notna(hit.iloc[0]["latitude"]):
            lat, lon = float(hit.iloc[0]["latitude"]), float(hit.iloc[0]["longitude"])
            ring = folium.CircleMarker([lat, lon], radius=14, color="#ffd400", weight=4, fill=False)
            ring.options["interactive"] = False   # folium drops this keyword; the ring must not catch the mouse
            ring.add_to(fmap)
            fmap.location = [lat, lon]
            fmap.options["zoom"] = 8
            return
    if within is not None:
        fmap.fit_bounds([[within.south, within.west], [within.north, within.east]])
        return
    if len(located):
        south, north = float(located["latitude"].min()), float(located["latitude"].max())
        west, east = float(located["longitude"].min()), float(located["longitude"].max())
        pad = 0.5 if (north - south) < 1 and (east - west) < 1 else 0.0
        fmap.fit_bounds([[south - pad, west - pad], [north + pad, east + pad]], max_zoom=9)
