"""The map on the Events page: streamlit-folium's component, its arguments made once per view and shared.

`st_folium` renders the folium map and the events' feature group to strings on every script run: 0.1-0.5 s of
server time at 100,000 events, again for every click and for every session that opens the same view. Here the
strings are made by streamlit-folium's own helpers, in `st_folium`'s order (`arguments`; a test compares them
with what `st_folium` sends), once per (basemap, view, selection), and kept for every session in a cache bounded
in bytes (`BUDGET_BYTES`); each run then only hands them to the component, as `st_folium` would.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable

import branca.colormap
import folium
import folium.elements
import streamlit as st
import streamlit_folium as sf

BUDGET_BYTES = 96 * 1024 * 1024
"""The cached arguments of all sessions together: about 1.4 MB a view at 100,000 events, 13 MB at 1,000,000."""


class ByteBudgetCache:
    """Least recently used entries, dropped when their sizes pass a budget (an entry over it is not kept)."""

    def __init__(self, budget: int) -> None:
        self.budget = budget
        self._entries: OrderedDict[Hashable, tuple[int, dict]] = OrderedDict()
        self._lock = threading.Lock()
        self._making: dict[Hashable, threading.Lock] = {}

    def get_or_make(self, key: Hashable, make: Callable[[], tuple[dict, int]]) -> dict:
        """The entry, made (value and size) by one caller when missing: sessions opening the same view at
        once wait for that one instead of each making it."""
        found = self.get(key)
        if found is not None:
            return found
        with self._lock:
            making = self._making.setdefault(key, threading.Lock())
        with making:
            found = self.get(key)
            if found is None:
                found, size = make()
                self.put(key, found, size)
        with self._lock:
            self._making.pop(key, None)
        return found

    def get(self, key: Hashable) -> dict | None:
        with self._lock:
            entry = self._entries.get(key)
            if entry is None:
                return None
            self._entries.move_to_end(key)
            return entry[1]

    def put(self, key: Hashable, value: dict, size: int) -> None:
        with self._lock:
            self._entries.pop(key, None)
            if size > self.budget:
                return
            self._entries[key] = (size, value)
            while sum(s for s, _ in self._entries.values()) > self.budget:
                self._entries.popitem(last=False)

    def __len__(self) -> int:
        return len(self._entries)


_CACHE = ByteBudgetCache(BUDGET_BYTES)
_TEXT_ARGUMENTS = ("script", "header", "html", "feature_group")


def arguments(fmap: folium.Map, group: folium.FeatureGroup | None, key: str, height: int,
              returned_objects: list[str], center: tuple[float, float] | None) -> dict:
    """The keyword arguments `st_folium(fmap, key=key, height=height, use_container_width=True,
    returned_objects=returned_objects, feature_group_to_add=group, center=center)` passes its component
    (streamlit-folium 0.27), but on_change."""
    fmap.get_root().render()
    fmap.render()
    html = sf._get_html(fmap)
    header = sf._get_header(fmap)
    leaflet = sf._get_map_string(fmap)
    bounds = fmap.get_bounds()
    southwest, northeast = bounds
    defaults = {
        "last_clicked": None, "last_object_clicked": None, "last_object_clicked_count": None,
        "last_object_clicked_tooltip": None, "last_object_clicked_popup": None, "all_drawings": None,
        "last_active_drawing": None,
        "bounds": {"_southWest": {"lat": southwest[0], "lng": southwest[1]},
                   "_northEast": {"lat": northeast[0], "lng": northeast[1]}},
        "zoom": fmap.options.get("zoom"), "last_circle_radius": None, "last_circle_polygon": None,
        "selected_layers": None, "selected_tags": None, "last_geocoder_result": None}
    group_script = None if group is None else sf._get_feature_group_string(group, map=fmap, idx=0)
    css_links: list[str] = []
    js_links: list[str] = []
    for element in _walk(fmap):
        if isinstance(element, branca.colormap.ColorMap):
            js_links.insert(0, "https://cdnjs.cloudflare.com/ajax/libs/d3/3.5.5/d3.min.js")
            js_links.insert(0, "https://d3js.org/d3.v4.min.js")
        css_links.extend(href for _, href in getattr(element, "default_css", []))
        js_links.extend(src for _, src in getattr(element, "default_js", []))
    return {"script": leaflet, "header": header, "html": html, "id": sf.get_full_id(fmap),
            "key": sf.generate_js_hash(leaflet, key, False), "height": height, "width": None,
            "returned_objects": returned_objects,
            "default": {k: v for k, v in defaults.items() if k in returned_objects},
            "zoom": None, "center": center, "feature_group": group_script, "return_on_hover": False,
            "layer_control": None, "pixelated": False, "css_links": list(dict.fromkeys(css_links)),
            "js_links": list(dict.fromkeys(js_links)), "wrap_longitude": False}


def _walk(element: object):
    """st_folium's walk over the map for the elements whose scripts and styles it links."""
    if isinstance(element, branca.colormap.ColorMap):
        yield element
    if isinstance(element, folium.elements.JSCSSMixin):
        yield element
    for child in getattr(element, "_children", {}).values():
        yield from _walk(child)


def _register_component() -> None:
    """streamlit-folium registers its component as it is imported, but only inside a script run: imported by the
    server's warm-up (dashboard.warmup), it is not, and the map's frame would not be served (404)."""
    from streamlit.runtime import Runtime, get_instance

    if not Runtime.exists():   # bare mode (tests calling show directly): nothing serves frames anyway
        return
    registry = get_instance().component_registry
    if registry.get_component_path(sf._component_func.name) is None:
        registry.register_component(sf._component_func)


def show(view: Hashable, build: Callable[[], tuple[folium.Map, folium.FeatureGroup | None]], key: str,
         height: int, returned_objects: list[str], center: tuple[float, float] | None) -> object:
    """The map component for this view (any hashable naming everything the map shows), built by `build` only
    when no session has shown the view lately; returns what the component returns, as st_folium does."""
    def make() -> tuple[dict, int]:
        fmap, group = build()
        made = arguments(fmap, group, key, height, returned_objects, center)
        return made, sum(len(made[name] or "") for name in _TEXT_ARGUMENTS)

    args = _CACHE.get_or_make(view, make)
    _register_component()
    hash_key = args["key"]

    def on_change() -> None:   # as st_folium's: the returned values also under the caller's key
        st.session_state[key] = st.session_state.get(hash_key, {})

    return sf._component_func(**{**args, "default": dict(args["default"])}, on_change=on_change)
