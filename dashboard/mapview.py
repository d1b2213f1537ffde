"""The event map as a folium object: every event drawn in the browser from compact column arrays.

One Python folium object per event costs about 2 s per 10,000 events; here the server sends one array
per field and the browser clusters and draws what is in view (`layers.EventPoints`), up to a million events
and more. Events known only to a region or country (geo_precision 3) or "near" a town also get an outlined
circle, so they do not read as a pin on a town. Leaflet and the offline basemap come from `vendor` (no CDN).

In the app the map itself (`base_map`) never changes with the data: the events, their legend and the
selection ring are a streamlit-folium feature group (`events_group`) that a filter change or a selection
swaps inside the map already drawn: no new iframe, no reload of Leaflet or the outlines, and a selection
pans to its event without losing the zoom. The event id is in
each marker's tooltip (or its row, past ID_LIMIT events): streamlit-folium returns the clicked tooltip.
"""

from __future__ import annotations

import base64
import re
from dataclasses import dataclass

import folium
import numpy as np
import pandas as pd

from dashboard import columns, vendor
from dashboard.layers import Areas, EventPoints, Legend, OfflineBasemap, Scale
from dashboard.palette import COLOURS, OTHER_COLOUR, TYPE_COLOURS, TYPE_ORDER


@dataclass(frozen=True)
class Basemap:
    label: str
    tiles: str | None      # None: the vendored country outlines only
    attribution: str


BASEMAPS: dict[str, Basemap] = {
    "Street map": Basemap("Street map", "https://tile.openstreetmap.org/{z}/{x}/{y}.png",
                          '&copy; <a href="https://www.openstreetmap.org/copyright">OpenStreetMap</a> contributors'),
    "Light": Basemap("Light", "https://{s}.basemaps.cartocdn.com/light_all/{z}/{x}/{y}{r}.png",
                     '&copy; OpenStreetMap contributors &copy; <a href="https://carto.com/attributions">CARTO</a>'),
    "Satellite": Basemap("Satellite", "https://server.arcgisonline.com/ArcGIS/rest/services/World_Imagery/MapServer/"
                                      "tile/{z}/{y}/{x}",
                         "Tiles &copy; Esri, Maxar, Earthstar Geographics, and the GIS User Community"),
    "Outlines (offline)": Basemap("Outlines (offline)", None, "Country outlines: Natural Earth (public domain)"),
}
PLACES_CREDIT = ' | Places &copy; <a href="https://www.geonames.org/">GeoNames</a> (CC BY 4.0)'
REGION_RADIUS_M = 60_000        # a first-level region drawn as a circle of this radius
COUNTRY_RADIUS_M = 250_000
NEAR_RADIUS_M = 10_000          # geo_precision 2: "near Ussuriysk"
MAX_AREAS = 3_000               # distinct circles; beyond this they only clutter (the markers stay)
LABEL_LIMIT = 20_000            # up to this many markers carry date and place in their tooltips
ID_LIMIT = 20_000               # up to this many markers carry their event id; past it, their row
                                # (ids are 1-2 MB of the payload at 100,000 events; a click is rare)
OTHER_CODE = 255

_ID_IN_TOOLTIP = re.compile(r"id: ([0-9a-zA-Z_:.-]+)")
_ROW_IN_TOOLTIP = re.compile(r"row: (\d+)")


def event_id_from_tooltip(tooltip: str | None, row_ids: pd.Series | None = None) -> str | None:
    """The event id of a clicked marker, from the tooltip text streamlit-folium returns; a "row: N" tooltip
    (a map of more than ID_LIMIT events) is looked up in row_ids, the located events' ids in map order."""
    if not tooltip:
        return None
    match = _ID_IN_TOOLTIP.search(tooltip)
    if match:
        return match.group(1)
    row = _ROW_IN_TOOLTIP.search(tooltip)
    if row and row_ids is not None and int(row.group(1)) < len(row_ids):
        return str(row_ids.iloc[int(row.group(1))])
    return None


def _has_point(df: pd.DataFrame) -> pd.Series:
    return df["latitude"].notna() & df["longitude"].notna()


def located(df: pd.DataFrame) -> pd.DataFrame:
    """The events with coordinates, in map order; the frame itself when all have them (no copy)."""
    has = _has_point(df)
    return df if has.all() else df[has]


def _type_codes(df: pd.DataFrame) -> np.ndarray:
    return columns.codes_for(df["event_type"], TYPE_ORDER, OTHER_CODE)


def _b64(values: np.ndarray) -> str:
    return base64.b64encode(np.ascontiguousarray(values).tobytes()).decode("ascii")


def has_fatalities(df: pd.DataFrame) -> bool:
    return "fatalities" in df.columns and bool((pd.to_numeric(df["fatalities"], errors="coerce") > 0).any())


def marker_payload(df: pd.DataFrame, labels: bool | None = None) -> dict[str, object]:
    """Column arrays for the markers: float32 lat and lon, uint8 type codes (255: other) and uint16
    fatalities as base64 (little-endian, as browsers are); ids newline-joined up to ID_LIMIT; date and place
    when there are few enough events for tooltips to carry them."""
    points = located(df)
    labels = len(points) <= LABEL_LIMIT if labels is None else labels
    payload: dict[str, object] = {
        "n": len(points), "types": TYPE_ORDER, "colours": COLOURS, "other": OTHER_COLOUR,
        "lat": _b64(points["latitude"].to_numpy(dtype="<f4")), "lon": _b64(points["longitude"].to_numpy(dtype="<f4")),
        "type": _b64(_type_codes(points))}
    if has_fatalities(points):
        dead = pd.to_numeric(points["fatalities"], errors="coerce").fillna(0).clip(0, 65535)
        payload["fat"] = _b64(dead.to_numpy(dtype="<u2"))
    if len(points) <= ID_LIMIT:
        ids = points["event_id"].astype(str).str.replace("\n", " ").to_numpy(dtype=object)   # not per item
        payload["ids"] = "\n".join(ids.tolist())
    if labels:
        payload["date"] = pd.to_datetime(points["event_date"]).dt.strftime("%Y-%m-%d").fillna("").tolist()
        payload["place"] = points["location"].astype("object").fillna("").astype(str).tolist()
    return payload


def decode(payload: dict[str, object], field: str) -> np.ndarray:
    """A typed array of the payload back in numpy (for tests and the benchmark)."""
    kinds = {"lat": "<f4", "lon": "<f4", "type": "u1", "fat": "<u2"}
    return np.frombuffer(base64.b64decode(str(payload[field])), dtype=kinds[field])


def area_payload(df: pd.DataFrame) -> dict[str, list]:
    """Outlined circles for events placed only to a region or country, or near a town; one per distinct
    place, size and type (a thousand events in one oblast are one circle)."""
    points = located(df)
    vague = points[points["geo_precision"].isin([2, 3])]
    if vague.empty:
        return {"lat": [], "lon": [], "radius": [], "type": []}
    country_level = vague["location"].astype("object") == vague["country"].astype("object")
    radius = np.where(vague["geo_precision"].to_numpy() == 2, NEAR_RADIUS_M,
                      np.where(country_level.to_numpy(), COUNTRY_RADIUS_M, REGION_RADIUS_M))
    circles = pd.DataFrame({"lat": vague["latitude"].round(3).to_numpy(), "lon": vague["longitude"].round(3).to_numpy(),
                            "radius": radius.astype(int), "type": _type_codes(vague).astype(int)})
    circles = circles.drop_duplicates().head(MAX_AREAS)
    return {column: circles[column].tolist() for column in ("lat", "lon", "radius", "type")}


def legend_items(df: pd.DataFrame) -> list[tuple[str, str]]:
    """(type, colour) for the types present, in the palette's order; unknown types as one "Other"."""
    if df.empty:
        return []
    present = columns.present(df["event_type"])
    items = [(t, TYPE_COLOURS[t]) for t in TYPE_ORDER if t in present]
    if present - set(TYPE_ORDER) or df["event_type"].isna().any():
        items.append(("Other", OTHER_COLOUR))
    return items


def legend_notes(df: pd.DataFrame, areas: bool) -> list[tuple[str, str]]:
    notes = []
    if df.empty:
        notes.append(("", "No events in this view"))
    if areas:
        notes.append(("area", "known only to a region, country or “near” a town"))
    if has_fatalities(df):
        notes.append(("", "larger point: more fatalities"))
    notes.append(("", "ringed clusters: share of each type"))
    return notes


def base_map(basemap: str = "Street map", offline_wait_ms: int = 6000, served: bool = False) -> folium.Map:
    """The map without events: tiles (falling back to the vendored country outlines when they fail) and a
    metric scale. Leaflet comes from the app's own server when `served` (`vendor.serve_static()`), else
    inline (data: URLs); never from a CDN."""
    base = BASEMAPS.get(basemap, BASEMAPS["Street map"])
    fmap = folium.Map(location=[30.0, 20.0], zoom_start=2, tiles=None, control_scale=False, min_zoom=1,
                      max_zoom=18, world_copy_jump=False)
    fmap.default_js = vendor.served_js() if served else vendor.default_js()
    fmap.default_css = vendor.served_css() if served else vendor.default_css()
    tiles = None
    if base.tiles:
        tiles = folium.TileLayer(base.tiles, attr=base.attribution + PLACES_CREDIT, name=base.label, max_zoom=18)
        tiles.add_to(fmap)
    OfflineBasemap(tiles.get_name() if tiles is not None else None, offline_wait_ms,
                   vendor.served_url(vendor.WORLD_FILE) if served else None).add_to(fmap)
    Scale().add_to(fmap)
    return fmap


@dataclass(frozen=True)
class EventParts:
    """What the map draws of a set of events, computed once per view (a rerun for a click reuses it)."""

    payload: dict[str, object]
    areas: dict[str, list]
    legend: list[tuple[str, str]]
    notes: list[tuple[str, str]]


def event_parts(df: pd.DataFrame) -> EventParts:
    points = located(df)
    areas = area_payload(points)
    payload = marker_payload(points)
    fit = _extent(points)
    payload["fit"], payload["key"] = fit, f"{len(points)}:{fit}"
    return EventParts(payload, areas, legend_items(points), legend_notes(points, bool(areas["lat"])))


def add_events(parent: folium.Map | folium.FeatureGroup, parts: EventParts) -> None:
    """The events' layers into a map or a feature group: outlined areas for vague places, the clustered
    points (fitted to them when they are a new set), the legend of the types present."""
    if parts.areas["lat"]:
        Areas(parts.areas, COLOURS, OTHER_COLOUR).add_to(parent)
    EventPoints(parts.payload).add_to(parent)
    Legend(parts.legend, parts.notes).add_to(parent)


def build_map(df: pd.DataFrame, basemap: str = "Street map", offline_wait_ms: int = 6000) -> folium.Map:
    """One map with these events in it (a shared page, the article preview)."""
    fmap = base_map(basemap, offline_wait_ms)
    add_events(fmap, event_parts(df))
    return fmap


def events_group(parts: EventParts, where: tuple[float, float] | None = None) -> folium.FeatureGroup:
    """The events and the selection ring as a feature group for st_folium(feature_group_to_add=...): a new
    view or selection replaces the group inside the map already drawn, which keeps its tiles and zoom."""
    group = folium.FeatureGroup(name="Events")
    add_events(group, parts)
    selection_ring(where).add_to(group)
    _stable_ids(group)
    return group


def _stable_ids(element: folium.Element) -> None:
    """Number the group's elements in order instead of branca's random ids: the same view and selection then
    give the same script, which the map component does not run again on a rerun (a click in the list, a
    widget elsewhere), instead of redrawing every event."""
    for n, child in enumerate(_descendants(element)):
        child._id = f"ea{n}"


def _descendants(element: folium.Element) -> list[folium.Element]:
    found = []
    for child in element._children.values():
        found.append(child)
        found.extend(_descendants(child))
    return found


def _extent(points: pd.DataFrame) -> list[list[float]] | None:
    if not len(points):
        return None
    south, north = float(points["latitude"].min()), float(points["latitude"].max())
    west, east = float(points["longitude"].min()), float(points["longitude"].max())
    pad = 0.5 if (north - south) < 1 and (east - west) < 1 else 0.0
    return [[south - pad, west - pad], [north + pad, east + pad]]


def selected_point(df: pd.DataFrame, selected: str | None) -> tuple[float, float] | None:
    """The coordinates of the selected event, if it is in this view and located."""
    if not selected:
        return None
    hit = df[df["event_id"].astype(str) == selected]
    if hit.empty or pd.isna(hit.iloc[0]["latitude"]) or pd.isna(hit.iloc[0]["longitude"]):
        return None
    return float(hit.iloc[0]["latitude"]), float(hit.iloc[0]["longitude"])


def selection_ring(where: tuple[float, float] | None) -> folium.FeatureGroup:
    """A yellow ring on the selected event (an empty group when there is none)."""
    group = folium.FeatureGroup(name="Selected")
    if where is not None:
        ring = folium.CircleMarker(list(where), radius=15, color="#ffd400", weight=4, fill=False)
        ring.options["interactive"] = False   # folium drops this keyword; the ring must not catch the mouse
        ring.add_to(group)
    return group
