"""A view as one self-contained HTML file: the map (Leaflet, the events and the country outlines inline, no
tiles, so it opens offline and asks no server for anything) and the event list, every value escaped."""

from __future__ import annotations

import datetime as dt
import html

import folium
import pandas as pd
from branca.element import Figure

from dashboard import mapview, vendor
from dashboard.table import list_frame

OFFLINE = "Outlines (offline)"
PAGE_STYLE = """body{font:14px/1.4 sans-serif;margin:16px;color:#222}h1{font-size:20px;margin:0 0 4px}
.meta{color:#555;margin:0 0 10px}#map-box{height:560px;margin-bottom:14px}
table{border-collapse:collapse;font-size:12px;width:100%}th,td{border-bottom:1px solid #ddd;padding:3px 6px;
text-align:left;vertical-align:top}th{background:#f3f3f3;position:sticky;top:0}"""


def share_html(df: pd.DataFrame, title: str, description: str, limit: int | None = None) -> str:
    """The page: a heading, what the view is (filters, counts, when), the map, the list (newest first)."""
    fmap = mapview.build_map(df, basemap=OFFLINE)
    fmap.default_js, fmap.default_css = [], []        # inline below instead of data: URLs
    fmap.height = (560, "px")
    root = fmap.get_root()
    assert isinstance(root, Figure)
    root.header.add_child(folium.Element(vendor.inline_head()), name="event_atlas_vendor", index=0)
    root.header.add_child(folium.Element(f"<style>{PAGE_STYLE}</style>"), name="event_atlas_page")
    root.title = html.escape(title)   # branca writes it into <title> as it is
    listed = list_frame(df, limit)
    when = dt.datetime.now(dt.UTC).strftime("%Y-%m-%d %H:%M UTC")
    intro = (f"<h1>{html.escape(title)}</h1><p class=\"meta\">{html.escape(description)}<br>"
             f"{len(df):,} events; exported {when} from Event Atlas. Country outlines: Natural Earth.</p>")
    note = (f"<p class=\"meta\">The list shows the {len(listed):,} most recent of {len(df):,} events.</p>"
            if len(listed) < len(df) else "")
    table = listed.reset_index().to_html(index=False, escape=True, na_rep="", border=0)
    page = root.render()
    body_map = f'<div class="folium-map" id="{fmap.get_name()}"'
    page = page.replace(body_map, intro + '<div id="map-box">' + body_map, 1)
    closing = page.index("</div>", page.index(body_map)) + len("</div>")
    return page[:closing] + "</div>" + note + table + page[closing:]
