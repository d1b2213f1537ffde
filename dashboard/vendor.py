"""The map's JavaScript, CSS and offline basemap, read from `dashboard/static/` (vendored from npm, licences
beside them) and handed to the page inline: the map never asks a CDN for anything.

Inside Streamlit the map is streamlit-folium's component, which loads `default_js`/`default_css` by URL; data:
URLs carry the files themselves. A shared HTML file gets them as `<script>`/`<style>` blocks instead.
"""

from __future__ import annotations

import base64
import json
from functools import cache
from pathlib import Path

STATIC = Path(__file__).resolve().parent / "static"
LEAFLET_VERSION = "1.9.4"


@cache
def text(name: str) -> str:
    return (STATIC / name).read_text(encoding="utf-8")


@cache
def world_script() -> str:
    """The Natural Earth country outlines as a script defining `window.EA_WORLD` (a GeoJSON object)."""
    world = json.loads(text("world-110m.geojson"))
    return "window.EA_WORLD=" + json.dumps(world, separators=(",", ":")) + ";"


@cache
def scripts() -> tuple[tuple[str, str], ...]:
    """(name, source) of every script the map needs, in load order."""
    return (("leaflet", text("leaflet.js")), ("ea_world", world_script()))


@cache
def styles() -> tuple[tuple[str, str], ...]:
    return (("leaflet_css", text("leaflet.css")),)


def _data_url(kind: str, source: str) -> str:
    return f"data:{kind};base64," + base64.b64encode(source.encode("utf-8")).decode("ascii")


@cache
def default_js() -> list[tuple[str, str]]:
    """folium's `default_js` with every script as a data: URL."""
    return [(name, _data_url("text/javascript", source)) for name, source in scripts()]


@cache
def default_css() -> list[tuple[str, str]]:
    return [(name, _data_url("text/css", source)) for name, source in styles()]


def inline_head() -> str:
    """`<style>` and `<script>` blocks with every file, for a standalone HTML page."""
    parts = [f"<style>{source}</style>" for _, source in styles()]
    for _, source in scripts():
        if "</script" in source.lower():   # would end the block early; the vendored files have none
            raise ValueError("a vendored script contains </script")
        parts.append(f"<script>{source}</script>")
    return "\n".join(parts)
