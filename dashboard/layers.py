"""Folium elements that draw events in the browser from compact column arrays.

The server sends one array per field (latitudes, longitudes, type codes, ids) instead of one object or
row per event: about 35 bytes an event, so 100,000 events fit in under 5 MB. Every string shown goes
through `esc()` before it reaches the DOM.
"""

from __future__ import annotations

import json

from branca.element import MacroElement
from folium.plugins import MarkerCluster
from folium.template import Template

ESCAPE_JS = """function esc(s){return String(s==null?'':s).replace(/[&<>"']/g,function(c){
return {'&':'&amp;','<':'&lt;','>':'&gt;','"':'&quot;',"'":'&#39;'}[c];});}"""
# The tooltip of marker i: date, type, place and id, every string escaped. `d` is the payload, `ids` its ids.
TOOLTIP_JS = """function tooltip(d, ids, types, i){
    var head = d.date ? '<b>' + esc(d.date[i]) + '</b> ' : '';
    var place = d.place ? '<br>' + esc(d.place[i]) : '';
    return head + esc(types[d.type[i]] || '') + place + '<br><span style="color:#666">id: ' + esc(ids[i]) + '</span>';
}"""


def js_data(value: object) -> str:
    """JSON safe inside a <script>: no "</script>" or "<!--" can close or confuse the block."""
    return (json.dumps(value, separators=(",", ":"), ensure_ascii=False)
            .replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
            .replace("\u2028", "\\u2028").replace("\u2029", "\\u2029"))


class EventMarkers(MarkerCluster):
    """Clustered circle markers from column arrays; inherits MarkerCluster's JS and CSS links."""

    _template = Template("""
        {% macro script(this, kwargs) %}
        var {{ this.get_name() }} = (function(){
            {{ this.escape }}
            {{ this.tooltip }}
            var d = {{ this.payload }};
            var types = {{ this.types }}, colours = {{ this.colours }};
            var ids = d.ids.split("\\n");
            var cluster = L.markerClusterGroup({{ this.options|tojavascript }});
            var markers = new Array(d.lat.length);
            for (var i = 0; i < d.lat.length; i++) {
                var marker = L.circleMarker([d.lat[i], d.lon[i]], {radius: 7, color: '#222', weight: 1,
                    fillColor: colours[d.type[i]] || '{{ this.other }}', fillOpacity: 0.9});
                // a string, not a function: streamlit-folium reads the clicked marker's tooltip text
                marker.bindTooltip(tooltip(d, ids, types, i));
                markers[i] = marker;
            }
            cluster.addLayers(markers);
            cluster.addTo({{ this._parent.get_name() }});
            return cluster;
        })();
        {% endmacro %}
    """)

    def __init__(self, payload: dict[str, object], types: list[str], colours: list[str], other: str,
                 **options: object):
        super().__init__(name="Events", **options)
        self._name = "EventMarkers"
        self.payload = js_data(payload)
        self.types = js_data(types)
        self.colours = js_data(colours)
        self.other = other
        self.escape = ESCAPE_JS
        self.tooltip = TOOLTIP_JS


class Areas(MacroElement):
    """Translucent circles for vague locations (a region, a country, "near" a town), from arrays."""

    _template = Template("""
        {% macro script(this, kwargs) %}
        var {{ this.get_name() }} = (function(){
            var colours = {{ this.colours }}, d = {{ this.payload }};
            var group = L.featureGroup();
            for (var i = 0; i < d.lat.length; i++) {
                L.circle([d.lat[i], d.lon[i]], {radius: d.radius[i], color: colours[d.type[i]] || '{{ this.other }}',
                    weight: 1, opacity: 0.5, fillOpacity: 0.08, interactive: false}).addTo(group);
            }
            group.addTo({{ this._parent.get_name() }});
            return group;
        })();
        {% endmacro %}
    """)

    def __init__(self, payload: dict[str, object], colours: list[str], other: str):
        super().__init__()
        self._name = "EventAreas"
        self.payload = js_data(payload)
        self.colours = js_data(colours)
        self.other = other


class DensityGrid(MacroElement):
    """Grid cells shaded by event count and coloured by their most frequent type; a click zooms in."""

    _template = Template("""
        {% macro script(this, kwargs) %}
        var {{ this.get_name() }} = (function(){
            var colours = {{ this.colours }}, d = {{ this.payload }};
            var map = {{ this._parent.get_name() }};
            var group = L.featureGroup();
            var top = Math.max.apply(null, d.events.concat([1]));
            for (var i = 0; i < d.south.length; i++) {
                var b = [[d.south[i], d.west[i]], [d.south[i] + d.size, d.west[i] + d.size]];
                var share = Math.log(1 + d.events[i]) / Math.log(1 + top);
                var cell = L.rectangle(b, {color: colours[d.type[i]] || '{{ this.other }}', weight: 0.5,
                    fillOpacity: 0.15 + 0.6 * share});
                cell.bindTooltip(d.events[i].toLocaleString() + ' events');
                cell.on('click', (function(bounds){ return function(){ map.fitBounds(bounds); }; })(b));
                cell.addTo(group);
            }
            group.addTo(map);
            return group;
        })();
        {% endmacro %}
    """)

    def __init__(self, payload: dict[str, object], colours: list[str], other: str):
        super().__init__()
        self._name = "DensityGrid"
        self.payload = js_data(payload)
        self.colours = js_data(colours)
        self.other = other


class Legend(MacroElement):
    _template = Template("""
        {% macro html(this, kwargs) %}
        <div class="event-atlas-legend" style="position:absolute; bottom:24px; left:12px; z-index:9999;
             background:rgba(255,255,255,0.92); padding:6px 10px; border-radius:4px; font:12px sans-serif;
             box-shadow:0 1px 4px rgba(0,0,0,0.3);">
          {% for label, colour in this.items %}
          <div><span style="display:inline-block;width:10px;height:10px;border-radius:50%;
               background:{{ colour }};margin-right:6px;border:1px solid #222"></span>{{ label|e }}</div>
          {% endfor %}
          <div style="margin-top:4px;color:#555">{{ this.note|e }}</div>
        </div>
        {% endmacro %}
    """)

    def __init__(self, items: list[tuple[str, str]], note: str):
        super().__init__()
        self._name = "Legend"
        self.items = items
        self.note = note
