"""Folium elements that draw events in the browser from compact column arrays.

The server sends each field as one array: coordinates, type codes and fatalities as base64 typed arrays
(9-11 bytes an event), ids as one newline-joined string. In the browser the events are projected once per
data change (the index); every pan or zoom then groups the events in view on a 64-pixel grid of the world
(one pass over typed arrays, ~20 ms per million events) and draws only the few hundred clusters and points
in view. Every string shown goes through `esc()` or `textContent` before it reaches the DOM.
"""

from __future__ import annotations

import json
from collections.abc import Mapping

import folium
from branca.element import Element, Figure, MacroElement
from folium.template import Template

ESCAPE_JS = """function esc(s){return String(s==null?'':s).replace(/[&<>"']/g,function(c){
return {'&':'&amp;','<':'&lt;','>':'&gt;','"':'&quot;',"'":'&#39;'}[c];});}"""
# The tooltip of marker i: date, type, place, fatalities and id (or row), every string escaped.
TOOLTIP_JS = """function tooltip(d, ids, types, fat, i){
    var head = d.date ? '<b>' + esc(d.date[i]) + '</b> ' : '';
    var place = d.place ? '<br>' + esc(d.place[i]) : '';
    var dead = fat && fat[i] ? '<br>' + esc(fat[i]) + ' fatalities' : '';
    var who = ids ? 'id: ' + esc(ids[i]) : 'row: ' + i;
    return head + esc(types[d.type_index[i]] || 'Other') + place + dead + '<br><span style="color:#666">' + who + '</span>';
}"""
STYLE_JS = """function eaStyle(){
    if (document.getElementById('ea-style')) return;
    var s = document.createElement('style'); s.id = 'ea-style';
    s.textContent = '.ea-cluster-icon{background:none;border:none}' +
      '.ea-cluster{border-radius:50%;box-shadow:0 0 0 1px rgba(0,0,0,.55);display:flex;align-items:center;' +
      'justify-content:center;cursor:pointer}' +
      '.ea-cluster span{background:#fff;border-radius:50%;min-width:58%;height:58%;display:flex;align-items:center;' +
      'justify-content:center;font:bold 11px sans-serif;color:#222}' +
      '.ea-legend,.ea-offline-note{background:rgba(255,255,255,.94);padding:6px 10px;border-radius:4px;' +
      'font:12px sans-serif;box-shadow:0 1px 4px rgba(0,0,0,.3);line-height:1.5}' +
      '.ea-legend .sw{display:inline-block;width:10px;height:10px;border-radius:50%;margin-right:6px;' +
      'border:1px solid #222;vertical-align:-1px}' +
      '.ea-legend .area{display:inline-block;width:10px;height:10px;border-radius:50%;margin-right:6px;' +
      'border:2px dashed #555;vertical-align:-2px}';
    document.head.appendChild(s);
}"""


def js_data(value: object) -> str:
    """JSON safe inside a <script>: no "</script>" or "<!--" can close or confuse the block."""
    return (json.dumps(value, separators=(",", ":"), ensure_ascii=False)
            .replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
            .replace("\u2028", "\\u2028").replace("\u2029", "\\u2029"))


class _Code(Element):
    """Rendered code kept as it is. branca's MacroElement.render wraps each rendered script in a new jinja
    Template: a megabyte of events costs a second of parsing there, and event text holding "{{ … }}" would be
    evaluated as a template on the server."""

    def __init__(self, code: str):
        super().__init__()
        self.code = code

    def render(self, **kwargs: object) -> str:
        return self.code


class _Element(MacroElement):
    """A MacroElement whose rendered parts are added verbatim (see `_Code`)."""

    def render(self, **kwargs: object) -> None:  # type: ignore[override]  # as MacroElement.render: no text
        figure = self.get_root()
        if not isinstance(figure, Figure):
            raise TypeError(f"{self._name} can only be rendered inside a Figure")
        macros = self._template.module.__dict__
        for part in ("header", "html", "script"):
            macro = macros.get(part)
            if macro is not None:
                getattr(figure, part).add_child(_Code(macro(self, kwargs)), name=self.get_name())
        for child in self._children.values():
            child.render(**kwargs)


class _OnMap(_Element):
    """An element that draws on the map, wherever it sits: on the map itself (a standalone page) or in a
    feature group that streamlit-folium swaps without rebuilding the map (the app)."""

    def map_var(self) -> str:
        node = self._parent
        while node is not None and not isinstance(node, folium.Map):
            node = getattr(node, "_parent", None)
        if node is None:
            raise ValueError(f"{self._name} is not on a map")
        return node.get_name()


class EventPoints(_OnMap):
    """Every event, clustered in the browser by the mix of types; points sized by fatalities when known."""

    _template = Template("""
        {% macro script(this, kwargs) %}
        var {{ this.get_name() }} = (function(){
            {{ this.escape }}
            {{ this.tooltip }}
            {{ this.style }}
            eaStyle();
            var map = {{ this.map_var() }};
            var d = {{ this.payload }};
            var types = d.types, colours = d.colours, other = d.other;
            var CELL = 64, NT = types.length + 1;
            function bytes(s){ var b = atob(s), out = new Uint8Array(b.length);
                for (var i = 0; i < b.length; i++) out[i] = b.charCodeAt(i); return out; }
            var lat = new Float32Array(bytes(d.lat).buffer), lon = new Float32Array(bytes(d.lon).buffer);
            var tcode = bytes(d.type), fat = d.fat ? new Uint16Array(bytes(d.fat).buffer) : null;
            var n = lat.length, ids = d.ids != null ? d.ids.split("\\n") : null;
            d.type_index = tcode;
            // the index, built once per data change: each event's Web Mercator position in [0, 1]
            var mx = new Float64Array(n), my = new Float64Array(n);
            for (var i = 0; i < n; i++) {
                var s = Math.max(-0.9999, Math.min(0.9999, Math.sin(lat[i] * Math.PI / 180)));
                mx[i] = (lon[i] + 180) / 360;
                my[i] = 0.5 - Math.log((1 + s) / (1 - s)) / (4 * Math.PI);
            }
            var group = L.featureGroup().addTo({{ this._parent.get_name() }});
            var state = {points: 0, clusters: 0, events: 0, total: n, spider: 0};
            window.__eaMap = state;
            function slot(t){ return t < NT - 1 ? t : NT - 1; }
            function colour(t){ return colours[t] || other; }
            function radius(i){ return fat ? 5 + Math.min(14, 2 * Math.sqrt(fat[i])) : 6; }
            function point(i, where){
                var m = L.circleMarker(where || [lat[i], lon[i]], {radius: radius(i), color: '#222', weight: 1,
                    fillColor: colour(tcode[i]), fillOpacity: 0.9});
                // a string, not a function: streamlit-folium reads the clicked marker's tooltip text
                m.bindTooltip(tooltip(d, ids, types, fat, i));
                m.addTo(group);
            }
            function mixText(mix, k, total, dead){
                var parts = [];
                for (var t = 0; t < NT; t++) { var c = mix[k * NT + t]; if (c) parts.push(c.toLocaleString() + ' ' + (types[t] || 'Other')); }
                return total.toLocaleString() + ' events' + (fat ? ', ' + dead.toLocaleString() + ' fatalities' : '') + ': ' + parts.join(', ');
            }
            function ring(mix, k, total){
                var stops = [], at = 0;
                for (var t = 0; t < NT; t++) {
                    var c = mix[k * NT + t]; if (!c) continue;
                    var to = at + 100 * c / total;
                    stops.push(colour(t) + ' ' + at.toFixed(2) + '% ' + to.toFixed(2) + '%'); at = to;
                }
                return 'conic-gradient(' + stops.join(',') + ')';
            }
            function label(c){ return c < 1000 ? String(c) : c < 100000 ? (c / 1000).toFixed(c < 10000 ? 1 : 0) + 'k'
                                     : Math.round(c / 1000) + 'k'; }
            function cluster(k, cell, scale){
                var c = cell.count[k], size = Math.round(28 + 10 * Math.log10(c));
                var at = map.unproject([cell.sx[k] / c, cell.sy[k] / c], map.getZoom());
                var html = '<div class="ea-cluster" data-count="' + c + '" title="' + esc(mixText(cell.mix, k, c, cell.dead[k])) +
                    '" style="width:' + size + 'px;height:' + size + 'px;background:' + ring(cell.mix, k, c) + '"><span>' +
                    label(c) + '</span></div>';
                var icon = L.divIcon({html: html, className: 'ea-cluster-icon', iconSize: [size, size]});
                var m = L.marker(at, {icon: icon, keyboard: false});
                var box = [cell.x0[k], cell.y0[k], cell.x1[k], cell.y1[k]];
                m.on('click', function(){ expand(box, at); });
                m.addTo(group);
            }
            function expand(box, at){
                var z = map.getZoom();
                if (box[2] - box[0] < 3 && box[3] - box[1] < 3) { spiderfy(box, at, z); return; }
                var sw = map.unproject([box[0], box[3]], z), ne = map.unproject([box[2], box[1]], z);
                map.fitBounds(L.latLngBounds(sw, ne), {padding: [60, 60], maxZoom: Math.max(z + 1, 12)});
            }
            function spiderfy(box, at, z){
                var scale = 256 * Math.pow(2, z), members = [];
                for (var i = 0; i < n && members.length < 200; i++) {
                    var px = mx[i] * scale, py = my[i] * scale;
                    if (px >= box[0] - 0.5 && px <= box[2] + 0.5 && py >= box[1] - 0.5 && py <= box[3] + 0.5) members.push(i);
                }
                var centre = map.project(at, z), r = 18 + 3 * members.length;
                members.forEach(function(i, j){
                    var a = 2 * Math.PI * j / members.length;
                    var where = map.unproject([centre.x + r * Math.cos(a), centre.y + r * Math.sin(a)], z);
                    L.polyline([at, where], {color: '#555', weight: 1, interactive: false}).addTo(group);
                    point(i, where);
                });
                state.spider = members.length;
            }
            function draw(){
                group.clearLayers();
                var z = map.getZoom(), scale = 256 * Math.pow(2, z), pb = map.getPixelBounds();
                var x0 = pb.min.x - CELL, x1 = pb.max.x + CELL, y0 = pb.min.y - CELL, y1 = pb.max.y + CELL;
                var c0 = Math.floor(x0 / CELL), r0 = Math.floor(y0 / CELL);
                var W = Math.floor(x1 / CELL) - c0 + 1, H = Math.floor(y1 / CELL) - r0 + 1, K = W * H;
                var cell = {count: new Int32Array(K), first: new Int32Array(K), sx: new Float64Array(K),
                    sy: new Float64Array(K), dead: new Float64Array(K), mix: new Int32Array(K * NT),
                    x0: new Float64Array(K), x1: new Float64Array(K), y0: new Float64Array(K), y1: new Float64Array(K)};
                for (var i = 0; i < n; i++) {
                    var px = mx[i] * scale; if (px < x0 || px > x1) continue;
                    var py = my[i] * scale; if (py < y0 || py > y1) continue;
                    var k = (Math.floor(py / CELL) - r0) * W + (Math.floor(px / CELL) - c0);
                    if (cell.count[k]++ === 0) { cell.first[k] = i; cell.x0[k] = cell.x1[k] = px; cell.y0[k] = cell.y1[k] = py; }
                    else { if (px < cell.x0[k]) cell.x0[k] = px; if (px > cell.x1[k]) cell.x1[k] = px;
                           if (py < cell.y0[k]) cell.y0[k] = py; if (py > cell.y1[k]) cell.y1[k] = py; }
                    cell.sx[k] += px; cell.sy[k] += py; cell.mix[k * NT + slot(tcode[i])]++;
                    if (fat) cell.dead[k] += fat[i];
                }
                state.points = state.clusters = state.events = state.spider = 0;
                for (var k = 0; k < K; k++) {
                    var c = cell.count[k]; if (!c) continue;
                    state.events += c;
                    if (c === 1) { point(cell.first[k]); state.points++; } else { cluster(k, cell, scale); state.clusters++; }
                }
            }
            // a new set of events is fitted; the same set again (another selection) keeps the view
            if (d.fit && window.__eaFitted !== d.key) {
                window.__eaFitted = d.key;
                map.fitBounds(d.fit, {maxZoom: 9, animate: false});
            }
            draw();   // once, at the fitted view: the handler comes after the fit, whose moveend would draw twice
            map.on('moveend', draw);
            group.on('remove', function(){ map.off('moveend', draw); });   // replaced by the next view
            return group;
        })();
        {% endmacro %}
    """)

    def __init__(self, payload: dict[str, object]):
        super().__init__()
        self._name = "EventPoints"
        self.payload = js_data(payload)
        self.escape = ESCAPE_JS
        self.tooltip = TOOLTIP_JS
        self.style = STYLE_JS


class Areas(_OnMap):
    """Outlined circles for vague locations (a region, a country, "near" a town), from arrays."""

    _template = Template("""
        {% macro script(this, kwargs) %}
        var {{ this.get_name() }} = (function(){
            var colours = {{ this.colours }}, d = {{ this.payload }};
            // one canvas: thousands of SVG circles (MAX_AREAS) cost a second to add and again at each zoom
            var map = {{ this.map_var() }}, group = L.featureGroup(), circles = [], canvas = L.canvas({padding: 0.3});
            for (var i = 0; i < d.lat.length; i++) {
                circles.push(L.circle([d.lat[i], d.lon[i]], {radius: d.radius[i], color: colours[d.type[i]] || '{{ this.other }}',
                    weight: 2, opacity: 0.9, dashArray: '5 4', fillOpacity: 0.1, interactive: false, renderer: canvas})
                    .addTo(group));
            }
            // never smaller than 13 px across, so that a country seen from afar still reads as an area
            function fit(){
                var z = map.getZoom();
                circles.forEach(function(c, i){
                    var perPixel = 40075016.686 * Math.cos(d.lat[i] * Math.PI / 180) / Math.pow(2, z + 8);
                    c.setRadius(Math.max(d.radius[i], 13 * perPixel));
                });
            }
            group.addTo({{ this._parent.get_name() }});
            map.on('zoomend', fit);
            group.on('remove', function(){ map.off('zoomend', fit); });
            fit();
            return group;
        })();
        {% endmacro %}
    """)

    def __init__(self, payload: Mapping[str, object], colours: list[str], other: str):
        super().__init__()
        self._name = "EventAreas"
        self.payload = js_data(payload)
        self.colours = js_data(colours)
        self.other = other


class Scale(_Element):
    """A metric scale, bottom left; the legend stacks above it in the same corner, never over it."""

    _template = Template("""
        {% macro script(this, kwargs) %}
        L.control.scale({metric: true, imperial: false, position: 'bottomleft'}).addTo({{ this._parent.get_name() }});
        {% endmacro %}
    """)

    def __init__(self) -> None:
        super().__init__()
        self._name = "Scale"


class Legend(_OnMap):
    """The types present, with their colours, and what the symbols mean; removed with its feature group."""

    _template = Template("""
        {% macro script(this, kwargs) %}
        (function(){
            {{ this.style }}
            eaStyle();
            var map = {{ this.map_var() }}, items = {{ this.items }}, notes = {{ this.notes }};
            var legend = L.control({position: 'bottomleft'});
            legend.onAdd = function(){
                var div = L.DomUtil.create('div', 'ea-legend event-atlas-legend');
                items.forEach(function(item){
                    var row = L.DomUtil.create('div', '', div), sw = L.DomUtil.create('span', 'sw', row);
                    sw.style.background = item[1];
                    row.appendChild(document.createTextNode(item[0]));
                });
                notes.forEach(function(note){
                    var row = L.DomUtil.create('div', '', div);
                    row.style.color = '#555';
                    if (note[0] === 'area') L.DomUtil.create('span', 'area', row);
                    row.appendChild(document.createTextNode(note[1]));
                });
                L.DomEvent.disableClickPropagation(div);
                return div;
            };
            legend.addTo(map);
            var owner = L.layerGroup().addTo({{ this._parent.get_name() }});
            owner.on('remove', function(){ legend.remove(); });
        })();
        {% endmacro %}
    """)

    def __init__(self, items: list[tuple[str, str]], notes: list[tuple[str, str]]):
        super().__init__()
        self._name = "Legend"
        self.items = js_data([list(item) for item in items])
        self.notes = js_data([list(note) for note in notes])
        self.style = STYLE_JS


class OfflineBasemap(_Element):
    """Natural Earth country outlines (vendored) when the tiles cannot load, with a notice saying so: from
    `window.EA_WORLD` when the page has it inline, else fetched from `world_url` (the app's own server)."""

    _template = Template("""
        {% macro script(this, kwargs) %}
        (function(){
            {{ this.style }}
            eaStyle();
            var map = {{ this._parent.get_name() }}, tiles = {{ this.tiles }}, done = false, loaded = 0;
            var worldUrl = {{ this.world_url }};
            map.createPane('eaBasemap').style.zIndex = 250;
            // the outlines: inline (a shared page) or fetched from the app once, only when they are needed
            function world(then){
                if (window.EA_WORLD) { then(window.EA_WORLD); return; }
                if (!worldUrl) { then(null); return; }
                fetch(worldUrl).then(function(r){ return r.json(); })
                    .then(function(w){ window.EA_WORLD = w; then(w); })
                    .catch(function(e){ console.warn('country outlines could not load', e); then(null); });
            }
            function outlines(reason){
                if (done) return;
                done = true;
                if (tiles) map.removeLayer(tiles);
                map.getContainer().style.background = '#dde8f0';
                world(function(w){   // the notice once the outlines are drawn (or could not be)
                    if (w) L.geoJSON(w, {pane: 'eaBasemap', interactive: false,
                        style: {color: '#8a8a8a', weight: 0.7, fillColor: '#f5f3ee', fillOpacity: 1}}).addTo(map);
                    var note = L.control({position: 'topright'});
                    note.onAdd = function(){
                        var div = L.DomUtil.create('div', 'ea-offline-note');
                        div.textContent = reason;
                        return div;
                    };
                    note.addTo(map);
                });
            }
            if (!tiles) { outlines('Offline basemap: country outlines (Natural Earth).'); return; }
            var why = 'Map tiles could not load: showing country outlines (Natural Earth).';
            tiles.on('tileerror', function(){ if (!loaded) outlines(why); });
            tiles.on('tileload', function(){ loaded++; });
            setTimeout(function(){ if (!loaded) outlines(why); }, {{ this.wait_ms }});
        })();
        {% endmacro %}
    """)

    def __init__(self, tiles_name: str | None, wait_ms: int = 6000, world_url: str | None = None):
        super().__init__()
        self._name = "OfflineBasemap"
        self.tiles = tiles_name or "null"
        self.world_url = js_data(world_url)
        self.wait_ms = int(wait_ms)
        self.style = STYLE_JS
