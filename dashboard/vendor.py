"""The map's JavaScript, CSS and offline basemap, read from `dashboard/static/` (vendored from npm, licences
beside them): the map never asks a CDN for anything.

Inside Streamlit the map is streamlit-folium's component, which loads `default_js`/`default_css` by URL. The app
serves `dashboard/static/` itself (`served_js`/`served_css`: a path-only Streamlit component whose files the
server hands out, cached by the browser), so a rerun sends a few short URLs, not 450 KB of data: URLs, and the
country outlines are fetched only when the tiles fail. Outside a running app (the article preview, tests)
`default_js` carries the files as data: URLs; a shared HTML file gets them as `<script>`/`<style>` blocks.
"""

from __future__ import annotations

import base64
import json
from functools import cache
from pathlib import Path

STATIC = Path(__file__).resolve().parent / "static"
LEAFLET_VERSION = "1.9.4"


ASSETS = "assets"
"""The name of the component that serves `STATIC` (Streamlit prefixes it with this module's name)."""
WORLD_FILE = "world-110m.geojson"


@cache
def text(name: str) -> str:
    return (STATIC / name).read_text(encoding="utf-8")


@cache
def world_script() -> str:
    """The Natural Earth country outlines as a script defining `window.EA_WORLD` (a GeoJSON object)."""
    world = json.loads(text(WORLD_FILE))
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


def serve_static() -> bool:
    """Register `STATIC` with the running Streamlit server (once per runtime); False outside a script run,
    where no server serves it (the caller then inlines the files)."""
    from streamlit.runtime import get_instance
    from streamlit.runtime.scriptrunner import get_script_run_ctx

    if get_script_run_ctx(suppress_warning=True) is None:
        return False
    if get_instance().component_registry.get_component_path(f"{__name__}.{ASSETS}") is None:
        import streamlit.components.v1 as components

        components.declare_component(ASSETS, path=str(STATIC))
    return True


def served_url(name: str) -> str:
    """The URL of a static file as seen from a component's frame (`/component/<name>/index.html`)."""
    return f"../{__name__}.{ASSETS}/{name}"


def served_js() -> list[tuple[str, str]]:
    """Leaflet by URL; the outlines are not preloaded (the basemap fetches `WORLD_FILE` when tiles fail)."""
    return [("leaflet", served_url("leaflet.js"))]


def served_css() -> list[tuple[str, str]]:
    return [("leaflet_css", served_url("leaflet.css"))]
