"""The event map as a folium object: markers built in the browser from a compact array.

One Python folium object per event costs about 2 s per 10,000 events; here the server only serialises
rows of [lat, lon, type, id, date, place] and a JavaScript callback draws each marker, escaping every
string it shows. Events known only to a region or country (geo_precision 3) are drawn as a wide
translucent circle as well, so that they do not read as a pin on a town. The event id sits in each
marker's tooltip: streamlit-folium returns the clicked tooltip, which is how a click selects an event.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass

import folium
import pandas as pd
from branca.element import MacroElement
from folium.plugins import FastMarkerCluster
from folium.template import Template

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

_ESCAPE_JS = """function esc(s){return String(s==null?'':s).replace(/[&<>"']/g,function(c){
return {'&':'&amp;','<':'&lt;','>':'&gt;','"':'&quot;',"'":'&#39;'}[c];});}"""

_MARKER_CALLBACK = """function (row) {
    %(esc)s
    var types = %(types)s, colours = %(colours)s;
    var colour = colours[row[2]] || '%(other)s';
    var marker = L.circleMarker(new L.LatLng(row[0], row[1]),
        {radius: 7, color: '#222', weight: 1, fillColor: colour, fillOpacity: 0.9});
    var label = '<b>' + esc(row[4]) + '</b> ' + esc(types[row[2]] || '') + '<br>' + esc(row[5]) +
        '<br><span style="color:#666">id: ' + esc(row[3]) + '</span>';
    marker.bindTooltip(label);
    return marker;
}"""

_ID_IN_TOOLTIP = re.compile(r"id: ([0-9a-zA-Z_-]+)")


def event_id_from_tooltip(tooltip: str | None) -> str | None:
    """The event id of a clicked marker, from the tooltip text streamlit-folium returns."""
    if not tooltip:
        return None
    match = _ID_IN_TOOLTIP.search(tooltip)
    return match.group(1) if match else None


def marker_rows(df: pd.DataFrame) -> list[list[object]]:
    """[lat, lon, type index, event id, date, place] per event with coordinates: the map's whole payload."""
    located = df[df["latitude"].notna() & df["longitude"].notna()]
    if located.empty:
        return []
    types = located["event_type"].astype("object").map({t: i for i, t in enumerate(TYPE_ORDER)})
    dates = pd.to_datetime(located["event_date"]).dt.strftime("%Y-%m-%d").fillna("")
    return [list(row) for row in zip(
        located["latitude"].round(5).tolist(), located["longitude"].round(5).tolist(),
        types.fillna(-1).astype(int).tolist(), located["event_id"].astype(str).tolist(),
        dates.tolist(), located["location"].astype("object").fillna("").astype(str).tolist())]


def area_rows(df: pd.DataFrame) -> list[list[object]]:
    """[lat, lon, radius m, type index] for events placed only to a region or country, or near a town."""
    vague = df[df["geo_precision"].isin([2, 3]) & df["latitude"].notna()]
    if vague.empty:
        return []
    vague = vague.head(MAX_AREAS)
    country_level = vague["location"].astype("object") == vague["country"].astype("object")
    radius = pd.Series(REGION_RADIUS_M, index=vague.index)
    radius[country_level] = COUNTRY_RADIUS_M
    radius[vague["geo_precision"] == 2] = NEAR_RADIUS_M
    types = vague["event_type"].astype("object").map({t: i for i, t in enumerate(TYPE_ORDER)})
    return [list(row) for row in zip(vague["latitude"].round(4).tolist(), vague["longitude"].round(4).tolist(),
                                      radius.astype(int).tolist(), types.fillna(-1).astype(int).tolist())]


class _Areas(MacroElement):
    """Translucent circles for vague locations, in one layer drawn from an array."""

    _template = Template("""
        {% macro script(this, kwargs) %}
        var {{ this.get_name() }} = (function(){
            var colours = {{ this.colours }};
            var rows = {{ this.rows }};
            var group = L.featureGroup();
            for (var i = 0; i < rows.length; i++) {
                var r = rows[i];
                L.circle([r[0], r[1]], {radius: r[2], color: colours[r[3]] || '{{ this.other }}', weight: 1,
                    opacity: 0.5, fillOpacity: 0.08, interactive: false}).addTo(group);
            }
            group.addTo({{ this._parent.get_name() }});
            return group;
        })();
        {% endmacro %}
    """)

    def __init__(self, rows: list[list[object]]):
        super().__init__()
        self._name = "EventAreas"
        self.rows = json.dumps(rows)
        self.colours = json.dumps([TYPE_COLOURS[t] for t in TYPE_ORDER])
        self.other = OTHER_COLOUR


class _Legend(MacroElement):
    _template = Template("""
        {% macro html(this, kwargs) %}
        <div class="event-atlas-legend" style="position:absolute; bottom:24px; left:12px; z-index:9999;
             background:rgba(255,255,255,0.92); padding:6px 10px; border-radius:4px; font:12px sans-serif;
             box-shadow:0 1px 4px rgba(0,0,0,0.3);">
          {% for label, colour in this.items %}
          <div><span style="display:inline-block;width:10px;height:10px;border-radius:50%;
               background:{{ colour }};margin-right:6px;border:1px solid #222"></span>{{ label|e }}</div>
          {% endfor %}
          <div style="margin-top:4px;color:#555">&#9711; region or country only</div>
        </div>
        {% endmacro %}
    """)

    def __init__(self, items: list[tuple[str, str]]):
        super().__init__()
        self._name = "Legend"
        self.items = items


def build_map(df: pd.DataFrame, basemap: str = "Street map", selected: str | None = None,
              height_hint: int = 560) -> folium.Map:
    """The map of these events: clustered coloured markers, areas for vague places, a legend, fitted."""
    base = BASEMAPS.get(basemap, BASEMAPS["Street map"])
    fmap = folium.Map(location=[48.0, 40.0], zoom_start=3, tiles=None, control_scale=True,
                      prefer_canvas=False)
    folium.TileLayer(base.tiles, attr=base.attribution + PLACES_CREDIT, name=base.label, max_zoom=18).add_to(fmap)
    rows = marker_rows(df)
    areas = area_rows(df)
    if areas:
        _Areas(areas).add_to(fmap)
    callback = _MARKER_CALLBACK % {"esc": _ESCAPE_JS, "types": json.dumps(TYPE_ORDER),
                                   "colours": json.dumps([TYPE_COLOURS[t] for t in TYPE_ORDER]),
                                   "other": OTHER_COLOUR}
    FastMarkerCluster(rows, callback=callback, name="Events",
                      options={"disableClusteringAtZoom": 9, "spiderfyOnMaxZoom": True,
                               "chunkedLoading": True}).add_to(fmap)
    present = [t for t in TYPE_ORDER if t in set(df["event_type"].astype("object").dropna())] if len(df) else []
    _Legend([(t, TYPE_COLOURS[t]) for t in present] or [("No events", "#ccc")]).add_to(fmap)
    _focus(fmap, df, rows, selected)
    return fmap


def _focus(fmap: folium.Map, df: pd.DataFrame, rows: list[list[object]], selected: str | None) -> None:
    """Centre on the selected event, else fit the filtered events."""
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
    if rows:
        lats = [r[0] for r in rows]
        lons = [r[1] for r in rows]
        south, north, west, east = min(lats), max(lats), min(lons), max(lons)
        pad = 0.5 if (north - south) < 1 and (east - west) < 1 else 0.0
        fmap.fit_bounds([[south - pad, west - pad], [north + pad, east + pad]], max_zoom=9)
