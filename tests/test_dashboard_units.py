"""The dashboard's pure functions: URL state, map payload and HTML, chart counts, list, ingest edits, article files.

Expected counts on the shipped sample are written out by hand from geodata/data/sample_events.csv (8 events):

    id                date        type                        modality      country  place               geo
    e1adfab3d4064989  2024-10-18  Strategic developments      future        KP       Pyongyang           3
    20762b60a824d5f7  2024-10-18  Strategic developments      asserted      KR       Seoul               3
    8d8f1a8f6dfab504  2024-10-07  Strategic developments      asserted      KP       Pyongyang           3
    11dc3c1b8e7cf433  2024-10-18  Explosions/Remote violence  asserted      UA       Poltava Oblast      3
    8b88a02eed726d46  2024-10-18  Strategic developments      asserted      RU       Moscow              3
    b316370198753a68  2024-10-18  Strategic developments      hypothetical  KR       Seoul               1
    5ab9f74d065be677  2024-10-18  Strategic developments      asserted      RU       Ussuriysk           2
    03fa0357a7a82f51  2024-10-18  Strategic developments      negated       KP       Pyongyang           3
"""

from __future__ import annotations

import datetime as dt
import json
import re
import shutil
import subprocess

import pandas as pd
import pytest

from dashboard import charts, ingest, layers, mapview, state, table
from geodata import schema
from geodata.places.gazetteer.sources import data_path
from geodata.sample import shipped_sample_events
from geodata.text.article import MAX_BYTES, ArticleError, read_article

FUTURE, SEOUL, KIM_PUTIN, POLTAVA, MOSCOW, SEOUL_HYPO, USSURIYSK, NEGATED = (
    "e1adfab3d4064989", "20762b60a824d5f7", "8d8f1a8f6dfab504", "11dc3c1b8e7cf433",
    "8b88a02eed726d46", "b316370198753a68", "5ab9f74d065be677", "03fa0357a7a82f51")
ALL_IDS = {FUTURE, SEOUL, KIM_PUTIN, POLTAVA, MOSCOW, SEOUL_HYPO, USSURIYSK, NEGATED}
ASSERTED = {SEOUL, KIM_PUTIN, POLTAVA, MOSCOW, USSURIYSK}
XSS_IMG = "<img src=x onerror=alert(1)>"
XSS_SCRIPT = "<script>alert(1)</script>"


@pytest.fixture(scope="module")
def sample() -> pd.DataFrame:
    return shipped_sample_events()


def ids(df: pd.DataFrame) -> set[str]:
    return set(df["event_id"].astype(str))


def synthetic(sample: pd.DataFrame, n: int, start: str = "2024-01-01", days: int = 1) -> pd.DataFrame:
    """n events copied from the sample with new ids, dates spread over `days` days and jittered coordinates."""
    rows = sample.iloc[[i % len(sample) for i in range(n)]].reset_index(drop=True).copy()
    rows["event_id"] = [f"syn{i:06d}" for i in range(n)]
    rows["event_date"] = pd.Timestamp(start) + pd.to_timedelta([i % days for i in range(n)], unit="D")
    rows["latitude"] = rows["latitude"] + [(i % 97) * 0.01 for i in range(n)]
    rows["longitude"] = rows["longitude"] + [(i % 89) * 0.01 for i in range(n)]
    return schema.coerce(rows)


# ---------------------------------------------------------------------------------------------- state.py

def test_sample_is_what_the_expectations_were_written_for(sample):
    assert ids(sample) == ALL_IDS
    assert ids(sample[sample["modality"].astype(str) == "asserted"]) == ASSERTED


def test_round_trip_of_every_parameter():
    filters = state.Filters(
        start=dt.date(2024, 10, 1), end=dt.date(2024, 10, 31), types=("Battles", "Protests"),
        sub_types=("Armed clash",), actors=("Military Forces of Russia",), countries=("UA", "RU"),
        places=("Kharkiv", "Seoul"), q="drone strike", modalities=("asserted", "future"), min_confidence=0.5,
        event="abc123")
    query = state.to_query(filters)
    assert query == {"start": ["2024-10-01"], "end": ["2024-10-31"], "type": ["Battles", "Protests"],
                     "subtype": ["Armed clash"], "actor": ["Military Forces of Russia"], "country": ["UA", "RU"],
                     "place": ["Kharkiv", "Seoul"], "q": ["drone strike"], "modality": ["asserted", "future"],
                     "conf": ["0.5"], "event": ["abc123"]}
    parsed = state.from_query(query)
    assert parsed.notices == []
    assert parsed.filters == filters


def test_defaults_make_an_empty_query_and_back():
    assert state.to_query(state.Filters()) == {}
    parsed = state.from_query({})
    assert parsed.filters == state.Filters() and parsed.notices == []
    assert parsed.filters.modalities == ("asserted",)


@pytest.mark.parametrize(("params", "expected"), [
    ({"start": "2024-10-10"}, {"start": dt.date(2024, 10, 10)}),
    ({"end": ["2024-10-17"]}, {"end": dt.date(2024, 10, 17)}),
    ({"type": "Strategic developments"}, {"types": ("Strategic developments",)}),
    ({"subtype": ["Agreement", "Other"]}, {"sub_types": ("Agreement", "Other")}),
    ({"actor": " Kim Jong Un "}, {"actors": ("Kim Jong Un",)}),
    ({"country": ["kr", "UA"]}, {"countries": ("KR", "UA")}),
    ({"place": ["Seoul", "Moscow", "Ussuriysk"]}, {"places": ("Seoul", "Moscow", "Ussuriysk")}),
    ({"q": "  soldiers "}, {"q": "soldiers"}),
    ({"modality": ["negated", "future"]}, {"modalities": ("negated", "future")}),
    ({"conf": "0.8"}, {"min_confidence": 0.8}),
    ({"conf": "1"}, {"min_confidence": 1.0}),
    ({"event": "8b88a02eed726d46"}, {"event": "8b88a02eed726d46"}),
])
def test_each_parameter(params, expected):
    parsed = state.from_query(params)
    assert parsed.notices == []
    assert parsed.filters == state.Filters().with_(**expected)


@pytest.mark.parametrize(("params", "mention"), [
    ({"start": "yesterday"}, "start='yesterday'"),
    ({"end": "2024-13-40"}, "end='2024-13-40'"),
    ({"start": "2024-10-18", "end": "2024-10-01"}, "the start is after the end"),
    ({"type": "Skirmish"}, "type='Skirmish'"),
    ({"subtype": "Duel"}, "subtype='Duel'"),
    ({"country": "Ukraine"}, "country='Ukraine'"),
    ({"country": "U1"}, "country='U1'"),
    ({"modality": "rumoured"}, "modality='rumoured'"),
    ({"conf": "7"}, "conf='7'"),
    ({"conf": "high"}, "conf='high'"),
    ({"bogus": "1"}, "unknown URL parameter “bogus”"),
])
def test_malformed_values_give_a_notice_and_are_ignored(params, mention):
    parsed = state.from_query(params)
    assert len(parsed.notices) == 1, parsed.notices
    assert mention in parsed.notices[0]
    assert parsed.filters == state.Filters()


def test_bad_values_leave_the_good_ones():
    parsed = state.from_query({"type": ["Battles", "Skirmish"], "country": ["UA", "Ukraine"], "start": "2024-10-01",
                               "conf": "7", "zzz": "1"})
    assert len(parsed.notices) == 4
    assert parsed.filters == state.Filters(start=dt.date(2024, 10, 1), types=("Battles",), countries=("UA",))


def test_over_long_text_is_cut():
    parsed = state.from_query({"q": "x" * 5000, "place": "y" * 300})
    assert parsed.filters.q == "x" * 200 and parsed.filters.places == ("y" * 200,)


@pytest.mark.parametrize(("filters", "expected"), [
    (state.Filters(), ASSERTED),
    (state.Filters(modalities=tuple(schema.MODALITIES)), ALL_IDS),
    (state.Filters(types=("Strategic developments",)), {SEOUL, KIM_PUTIN, MOSCOW, USSURIYSK}),
    (state.Filters(types=("Explosions/Remote violence",)), {POLTAVA}),
    (state.Filters(types=("Battles",)), set()),
    (state.Filters(sub_types=("Agreement",)), {MOSCOW}),
    (state.Filters(countries=("KR",)), {SEOUL}),
    (state.Filters(countries=("KR",), modalities=tuple(schema.MODALITIES)), {SEOUL, SEOUL_HYPO}),
    (state.Filters(countries=("RU", "UA")), {POLTAVA, MOSCOW, USSURIYSK}),
    (state.Filters(places=("Pyongyang",)), {KIM_PUTIN}),
    (state.Filters(places=("Pyongyang",), modalities=tuple(schema.MODALITIES)), {FUTURE, KIM_PUTIN, NEGATED}),
    (state.Filters(places=("Seoul", "Moscow")), {SEOUL, MOSCOW}),
    (state.Filters(places=("Primorsky Krai",)), {USSURIYSK}),   # admin1 counts as a place
    (state.Filters(q="ussuriysk"), {USSURIYSK}),
    (state.Filters(q="Putin"), {KIM_PUTIN, MOSCOW}),
    (state.Filters(q="soldiers", modalities=tuple(schema.MODALITIES)), {FUTURE, SEOUL_HYPO, NEGATED}),
    (state.Filters(q="soldiers"), set()),
    (state.Filters(modalities=("future",)), {FUTURE}),
    (state.Filters(modalities=("hypothetical", "negated")), {SEOUL_HYPO, NEGATED}),
    (state.Filters(min_confidence=0.85), {POLTAVA, USSURIYSK}),
    (state.Filters(start=dt.date(2024, 10, 8)), {SEOUL, POLTAVA, MOSCOW, USSURIYSK}),
    (state.Filters(end=dt.date(2024, 10, 7)), {KIM_PUTIN}),
    (state.Filters(actors=("Kim Jong Un",)), {KIM_PUTIN, MOSCOW}),
])
def test_apply_on_the_sample(sample, filters, expected):
    assert ids(state.apply(sample, filters)) == expected


def test_apply_through_the_url(sample):
    parsed = state.from_query({"country": "ru", "q": "bases", "modality": ["asserted", "negated"]})
    assert parsed.notices == []
    assert ids(state.apply(sample, parsed.filters)) == {USSURIYSK}


def test_apply_agrees_with_a_plain_pandas_filter(sample):
    raw = pd.read_csv(data_path("sample_events.csv"), dtype=str)   # the file as text, not through our readers
    by_hand = raw[(raw["modality"] == "asserted") & (raw["country_code"] == "RU")]
    shown = state.apply(sample, state.Filters(countries=("RU",)))
    assert len(shown) == len(by_hand) == 2
    assert ids(shown) == set(by_hand["event_id"])


# ---------------------------------------------------------------------------------------------- mapview.py

def _by_id(payload: dict) -> dict[str, dict]:
    ids = payload["ids"].split("\n") if payload["ids"] else []
    arrays = {field: mapview.decode(payload, field) for field in ("lat", "lon", "type", "fat") if field in payload}
    labels = {field: payload[field] for field in ("date", "place") if field in payload}
    return {event_id: {**{k: v[i].item() for k, v in arrays.items()}, **{k: v[i] for k, v in labels.items()}}
            for i, event_id in enumerate(ids)}


def test_marker_payload_one_entry_per_located_event(sample):
    df = sample.copy()
    df.loc[df["event_id"] == NEGATED, ["latitude", "longitude"]] = float("nan")
    payload = mapview.marker_payload(df)
    assert payload["n"] == len(mapview.decode(payload, "lat")) == len(mapview.decode(payload, "type")) == 7
    by_id = _by_id(payload)
    assert set(by_id) == ALL_IDS - {NEGATED}
    assert by_id[POLTAVA]["type"] == mapview.TYPE_ORDER.index("Explosions/Remote violence") == 1
    assert by_id[MOSCOW]["type"] == mapview.TYPE_ORDER.index("Strategic developments") == 5
    assert by_id[SEOUL]["lat"] == pytest.approx(37.566, abs=1e-5)   # float32: ~1 m
    assert by_id[SEOUL]["lon"] == pytest.approx(126.9784, abs=1e-5)
    assert by_id[KIM_PUTIN]["date"] == "2024-10-07" and by_id[KIM_PUTIN]["place"] == "Pyongyang"
    assert "fat" not in payload   # the sample reports no fatalities: points keep one size
    json.dumps(payload)   # the payload must be plain JSON


def test_marker_payload_carries_fatalities_when_known(sample):
    df = sample.copy()
    df["fatalities"] = [0, 3, 0, 12, 0, 0, 70_000, 0]
    by_id = _by_id(mapview.marker_payload(schema.coerce(df)))
    assert by_id[sample["event_id"].iloc[1]]["fat"] == 3 and by_id[sample["event_id"].iloc[3]]["fat"] == 12
    assert by_id[sample["event_id"].iloc[6]]["fat"] == 65_535   # uint16, clipped
    assert mapview.has_fatalities(df) and not mapview.has_fatalities(sample)


def test_marker_payload_drops_labels_for_big_views_and_ids_for_huge_ones(sample, monkeypatch):
    payload = mapview.marker_payload(sample, labels=False)
    assert "date" not in payload and "place" not in payload
    assert len(payload["ids"].split("\n")) == len(sample)
    monkeypatch.setattr(mapview, "ID_LIMIT", 5)
    payload = mapview.marker_payload(sample)
    assert "ids" not in payload   # past ID_LIMIT a marker names its row, looked up on the server
    order = mapview.located(sample)["event_id"]
    assert mapview.event_id_from_tooltip("<b>2024-10-18</b> Riots<br>row: 3", order) == order.iloc[3]
    assert mapview.event_id_from_tooltip("row: 99", order) is None
    assert mapview.event_id_from_tooltip("row: 3") is None


def test_marker_payload_is_compact(sample):
    many = synthetic(sample, 10_000, days=30)
    bare = layers.js_data({k: v for k, v in mapview.marker_payload(many, labels=False).items() if k != "ids"})
    assert len(bare) / len(many) < 13   # lat, lon float32 and a type byte: 9 bytes, base64 12


def test_marker_payload_unknown_type_and_empty(sample):
    df = sample.head(1).copy()
    df["event_type"] = "Something else"
    assert list(mapview.decode(mapview.marker_payload(schema.coerce(df)), "type")) == [mapview.OTHER_CODE]
    empty = mapview.marker_payload(sample.iloc[0:0])
    assert empty["n"] == 0 and len(mapview.decode(empty, "lat")) == 0
    assert mapview.area_payload(sample.iloc[0:0])["lat"] == []


def test_area_payload_one_outline_per_vague_place(sample):
    areas = mapview.area_payload(sample)
    rows = set(zip(areas["lat"], areas["lon"], areas["radius"], areas["type"], strict=False))
    assert len(rows) == len(areas["lat"])   # duplicates merged: three Pyongyang events are one circle
    assert (43.805, 131.957, mapview.NEAR_RADIUS_M, 5) in rows   # near Ussuriysk
    vague = sample[sample["geo_precision"].isin([2, 3])]
    assert len(rows) == len(vague[["latitude", "longitude", "event_type"]].round(3).drop_duplicates())
    exact = sample[sample["geo_precision"] == 1]
    assert mapview.area_payload(exact)["lat"] == []
    country = sample[sample["event_id"] == POLTAVA].copy()
    country["location"] = "Ukraine"
    assert mapview.area_payload(schema.coerce(country))["radius"] == [mapview.COUNTRY_RADIUS_M]


def test_legend_lists_only_the_types_present(sample):
    assert mapview.legend_items(sample) == [("Explosions/Remote violence", "#ff7f0e"),
                                            ("Strategic developments", "#7f7f7f")]
    odd = sample.head(2).copy()
    odd["event_type"] = ["Battles", "Something else"]
    assert mapview.legend_items(odd) == [("Battles", "#d62728"), ("Other", mapview.OTHER_COLOUR)]
    assert mapview.legend_items(sample.iloc[0:0]) == []
    notes = [text for _, text in mapview.legend_notes(sample, areas=True)]
    assert any("region, country" in n for n in notes) and not any("fatalities" in n for n in notes)
    assert ("", "No events in this view") in mapview.legend_notes(sample.iloc[0:0], areas=False)


def test_rendered_map_holds_every_event_the_legend_and_no_cdn(sample):
    fmap = mapview.build_map(sample)
    html = fmap.get_root().render()
    for event_id in ALL_IDS:
        assert event_id in html
    legend = next(c for c in fmap._children.values() if isinstance(c, layers.Legend))
    assert json.loads(legend.items) == [["Explosions/Remote violence", "#ff7f0e"],
                                        ["Strategic developments", "#7f7f7f"]]
    assert "imperial: false" in html and "function esc(s)" in html
    assert not re.findall(r'(?:src|href)="https?:', html)   # Leaflet and its CSS come inline
    assert [name for name, _ in fmap.default_js] == ["leaflet", "ea_world"]
    assert all(url.startswith("data:text/javascript;base64,") for _, url in fmap.default_js)
    assert "cdn.jsdelivr" not in html and "cdnjs" not in html
    empty = mapview.build_map(sample.iloc[0:0]).get_root().render()
    assert "No events in this view" in empty


def test_the_map_does_not_change_with_the_data_or_the_selection(sample):
    """Events and selection travel as a feature group; the map's script (streamlit-folium's key) stays, so a
    filter change or a selection updates the map already drawn instead of building a new one."""
    from streamlit_folium import (
        _get_feature_group_string,
        _get_map_string,
        generate_js_hash,
    )

    first, second = mapview.base_map(), mapview.base_map()
    first.render(), second.render()
    assert generate_js_hash(_get_map_string(first)) == generate_js_hash(_get_map_string(second))
    assert SEOUL not in _get_map_string(mapview.base_map())
    where = mapview.selected_point(sample, USSURIYSK)
    assert where == (43.80467, 131.95734)
    fmap = mapview.base_map()
    _get_map_string(fmap)
    group = _get_feature_group_string(mapview.events_group(mapview.event_parts(sample), where), fmap)
    assert SEOUL in group and "#ffd400" in group and "map_div" in group
    again = mapview.base_map()
    _get_map_string(again)   # the same view and selection: the same script, which the frontend does not run again
    assert _get_feature_group_string(mapview.events_group(mapview.event_parts(sample), where), again) == group
    assert _get_feature_group_string(mapview.events_group(mapview.event_parts(sample), None), again) != group
    assert "fitBounds(d.fit" in group and "map.off('moveend', draw)" in group   # cleaned up when replaced
    ring = mapview.selection_ring(where)
    marker = next(iter(ring._children.values()))
    assert marker.location == [43.80467, 131.95734] and marker.options["interactive"] is False
    assert mapview.selected_point(sample, "nope") is None and mapview.selected_point(sample, None) is None
    assert not mapview.selection_ring(None)._children


def test_offline_basemap_and_vendored_files():
    from dashboard import vendor

    world = json.loads(vendor.text("world-110m.geojson"))
    assert world["type"] == "FeatureCollection" and len(world["features"]) > 150
    assert {"Ukraine", "Mongolia", "South Korea"} <= {f["properties"]["name"] for f in world["features"]}
    assert "version=\"1.9.4\"" in vendor.text("leaflet.js").replace("'", '"') or "1.9.4" in vendor.text("leaflet.js")
    for licence in ("LICENSE-leaflet.txt", "LICENSE-world-atlas.txt"):
        assert (vendor.STATIC / licence).is_file()
    html = mapview.build_map(synthetic_sample_for_outlines(), basemap="Outlines (offline)").get_root().render()
    assert "Offline basemap: country outlines" in html and "tile.openstreetmap" not in html
    head = vendor.inline_head()
    assert head.count("<script>") == 2 and "</script" not in head.replace("</script>", "")


def test_the_app_map_loads_leaflet_and_outlines_from_the_app_by_url():
    """Inside the app Leaflet is a URL of the app's own server (a rerun sends no 450 KB of data: URLs) and the
    outlines are fetched only when the tiles fail; outside a script run nothing can serve them."""
    from streamlit_folium import _get_map_string

    from dashboard import vendor

    assert vendor.serve_static() is False   # no script run here: the caller inlines instead
    fmap = mapview.base_map(served=True)
    assert fmap.default_js == [("leaflet", "../dashboard.vendor.assets/leaflet.js")]
    assert fmap.default_css == [("leaflet_css", "../dashboard.vendor.assets/leaflet.css")]
    fmap.get_root().render()
    script = _get_map_string(fmap)
    assert '"../dashboard.vendor.assets/world-110m.geojson"' in script and "fetch(worldUrl)" in script
    assert "data:" not in script and "EA_WORLD=" not in script
    assert (vendor.STATIC / "leaflet.js").is_file() and (vendor.STATIC / vendor.WORLD_FILE).is_file()


def synthetic_sample_for_outlines() -> pd.DataFrame:
    return shipped_sample_events().head(2)


def hostile(sample: pd.DataFrame) -> pd.DataFrame:
    df = sample[sample["event_id"].isin([SEOUL, POLTAVA])].copy()
    df["location"] = [XSS_IMG, XSS_SCRIPT]
    df["notes"] = [XSS_SCRIPT, XSS_IMG]
    df["actor1"] = XSS_IMG
    return schema.coerce(df)


def test_hostile_text_is_never_raw_html_in_the_map(sample):
    html = mapview.build_map(hostile(sample)).get_root().render()
    assert XSS_IMG not in html
    assert XSS_SCRIPT not in html
    assert "<img" not in html
    assert "alert(1)" in html   # it is there, but only as escaped JSON data:
    assert json.dumps(XSS_IMG).replace("<", "\\u003c").replace(">", "\\u003e") in html
    assert "\\u003cscript\\u003ealert(1)\\u003c/script\\u003e" in html
    assert len(re.findall(r"<script\b", html)) == html.count("</script>")   # no script element cut short


def test_event_text_is_never_a_template(sample):
    """Rendered scripts are not parsed again by jinja (branca's default): "{{ 7*7 }}" stays text."""
    from streamlit_folium import _get_feature_group_string, _get_map_string

    df = sample.copy()
    df["location"] = df["location"].astype("object")
    df.loc[df["event_id"] == SEOUL, "location"] = "{{ 7*7 }}x{% if 1 %}y{% endif %}"
    df = schema.coerce(df)
    html = mapview.build_map(df).get_root().render()
    assert "{{ 7*7 }}x{% if 1 %}y{% endif %}" in html and "49x" not in html
    fmap = mapview.base_map()
    _get_map_string(fmap)
    group = _get_feature_group_string(mapview.events_group(mapview.event_parts(df)), fmap)
    assert "{{ 7*7 }}x" in group and "49x" not in group


def test_shared_view_is_one_self_contained_escaped_file(sample):
    from dashboard import share

    page = share.share_html(hostile(sample), "View <of> things", "Filters: q=<script>")
    assert XSS_IMG not in page and XSS_SCRIPT not in page and "<img" not in page
    assert "&lt;img src=x onerror=alert(1)&gt;" in page          # in the list, as text
    assert "View &lt;of&gt; things" in page and "q=&lt;script&gt;" in page
    assert not re.findall(r'src="|<link', page)   # nothing loaded from anywhere
    assert "<title>View &lt;of&gt; things</title>" in page
    assert "tile.openstreetmap" not in page and "window.EA_WORLD=" in page and "L.version" not in page[:0]
    assert page.count("<table") == 1 and SEOUL in page and POLTAVA in page
    assert len(re.findall(r"<script\b", page)) == page.count("</script>")


def _node() -> str:
    node = shutil.which("node")
    if node is None:
        pytest.skip("node is not installed: the JavaScript escaper is checked in the browser tests instead")
    return node


def test_tooltip_script_escapes_what_it_shows():
    """Run the map's tooltip function itself (in node) on a hostile payload."""
    payload = {"type_index": [1], "ids": "abc123", "date": ["2024-10-18"], "place": [XSS_IMG + "'\"&"]}
    script = f"""
        {layers.ESCAPE_JS}
        {layers.TOOLTIP_JS}
        var d = {layers.js_data(payload)};
        var out = {{tooltip: tooltip(d, d.ids.split("\\n"), {json.dumps(mapview.TYPE_ORDER)}, [4], 0),
                   row: tooltip(d, null, [], null, 0)}};
        process.stdout.write(JSON.stringify(out));
    """
    out = json.loads(subprocess.run([_node(), "-e", script], capture_output=True, text=True, check=True,
                                    timeout=30).stdout)
    assert "<img" not in out["tooltip"]
    assert "&lt;img src=x onerror=alert(1)&gt;&#39;&quot;&amp;" in out["tooltip"]
    assert "id: abc123" in out["tooltip"] and "Explosions/Remote violence" in out["tooltip"]
    assert "4 fatalities" in out["tooltip"]
    assert mapview.event_id_from_tooltip(out["tooltip"]) == "abc123"
    assert "row: 0" in out["row"] and "Other" in out["row"]


@pytest.mark.parametrize(("tooltip", "expected"), [
    ("2024-10-18 Battles\nKharkiv\nid: abc123", "abc123"),
    ("<b>2024-10-18</b> Protests<br>Tbilisi<br><span style=\"color:#666\">id: 5de21c8bb21b9f1e</span>",
     "5de21c8bb21b9f1e"),
    ("2024-10-18 Riots Lviv id: syn_000-12 and more", "syn_000-12"),
    ("no id here", None),
    ("", None),
    (None, None),
])
def test_event_id_from_tooltip(tooltip, expected):
    assert mapview.event_id_from_tooltip(tooltip) == expected


def test_ten_thousand_events_build(sample):
    many = synthetic(sample, 10_000, days=300)
    fmap = mapview.build_map(many)
    points = [child for child in fmap._children.values() if isinstance(child, layers.EventPoints)]
    assert len(points) == 1
    payload = json.loads(points[0].payload)
    assert len(mapview.decode(payload, "lat")) == 10_000
    assert set(payload["ids"].split("\n")) == set(many["event_id"])
    html = fmap.get_root().render()
    assert "syn009999" in html and "syn000000" in html


# ---------------------------------------------------------------------------------------------- charts.py

def test_counts_per_day_on_a_short_span(sample):
    data, unit = charts.counts(sample)
    assert unit == "day"
    assert int(data["events"].sum()) == len(sample) == 8
    per_day = data.groupby("period")["events"].sum()
    assert per_day.to_dict() == {pd.Timestamp("2024-10-07"): 1, pd.Timestamp("2024-10-18"): 7}
    assert data.set_index(["period", "event_type"])["events"].to_dict() == {
        (pd.Timestamp("2024-10-07"), "Strategic developments"): 1,
        (pd.Timestamp("2024-10-18"), "Explosions/Remote violence"): 1,
        (pd.Timestamp("2024-10-18"), "Strategic developments"): 6}
    assert int(data["fatalities"].sum()) == 0


def test_counts_per_week_and_per_month(sample):
    many = synthetic(sample, 1_000, start="2024-01-01", days=366)
    data, unit = charts.counts(many)
    assert unit == "week"
    assert int(data["events"].sum()) == 1_000
    assert (pd.DatetimeIndex(data["period"]).day_of_week == 0).all()   # weeks start on Monday
    assert data["period"].nunique() == 53
    years = synthetic(sample, 1_000, start="2020-01-01", days=1_500)
    data, unit = charts.counts(years)
    assert unit == "month" and (pd.DatetimeIndex(data["period"]).day == 1).all()
    assert int(data["events"].sum()) == 1_000


@pytest.mark.parametrize(("days", "unit"), [(1, "day"), (63, "day"), (64, "week"), (732, "week"), (733, "month")])
def test_counts_unit_boundaries(sample, days, unit):
    assert charts.counts(synthetic(sample, days, days=days))[1] == unit   # the span is days - 1


def test_counts_empty(sample):
    data, unit = charts.counts(sample.iloc[0:0])
    assert data.empty and unit == "day" and list(data.columns) == ["period", "event_type", "events", "fatalities"]


def _layer(spec: dict) -> dict:
    return spec.get("layer", [spec])[0] if "encoding" not in spec else spec


def test_time_chart_spec(sample):
    spec = charts.time_chart(sample).to_dict()
    assert spec["params"][0]["name"] == charts.BRUSH
    enc = spec["encoding"]
    assert enc["x"]["axis"]["tickCount"] == {"interval": "day", "step": 1}
    assert enc["x"]["axis"]["format"] == "%b %d"          # dates, never "12 PM"
    assert enc["y"]["axis"]["format"] == "d" and enc["y"]["axis"]["tickMinStep"] == 1   # whole events
    assert enc["color"]["scale"]["domain"] == ["Explosions/Remote violence", "Strategic developments"]
    assert "0.000000" not in json.dumps(charts.time_chart(sample.iloc[0:0]).to_dict())
    assert "No events in this view." in json.dumps(charts.time_chart(sample.iloc[0:0]).to_dict())
    months = charts.time_chart(synthetic(sample, 1_500, start="2020-01-01", days=1_500)).to_dict()
    assert months["encoding"]["x"]["axis"]["tickCount"]["interval"] == "month"


def test_fatalities_and_breakdown_charts(sample):
    assert charts.fatalities_chart(sample) is None   # nothing to show: no chart at all
    df = sample.copy()
    df["fatalities"] = [0, 3, 0, 12, 0, 0, 5, 0]
    data, _ = charts.counts(schema.coerce(df))
    assert int(data["fatalities"].sum()) == 20
    spec = charts.fatalities_chart(schema.coerce(df)).to_dict()
    assert spec["encoding"]["y"]["field"] == "fatalities" and spec["encoding"]["y"]["axis"]["format"] == "d"
    assert charts.type_counts(sample).set_index("event_type")["events"].to_dict() == {
        "Strategic developments": 7, "Explosions/Remote violence": 1}
    actors = charts.actor_counts(sample)
    assert actors["events"].is_monotonic_decreasing and len(actors) <= charts.TOP_ACTORS
    assert (actors["actor"].str.strip() != "").all()
    named = pd.concat([sample["actor1"], sample["actor2"]]).astype("object").dropna()
    assert int(actors["events"].iloc[0]) == int(named.astype(str).value_counts().iloc[0])
    assert charts.type_chart(sample).to_dict()["encoding"]["color"]["scale"]["domain"] == [
        "Explosions/Remote violence", "Strategic developments"]
    assert charts.actor_chart(sample.iloc[0:0]).to_dict()["mark"]["type"] == "text"


@pytest.mark.parametrize(("selection", "expected"), [
    ({"selection": {"span": {"period": [1728864000000, 1729209600000]}}},   # epoch ms, as Vega-Lite sends
     (dt.date(2024, 10, 14), dt.date(2024, 10, 18))),
    ({"selection": {"span": {"period": ["2024-10-01T00:00:00", "2024-10-07"]}}},
     (dt.date(2024, 10, 1), dt.date(2024, 10, 7))),
    ({"selection": {"span": {}}}, None),
    ({"selection": {"span": {"period": []}}}, None),
    ({"selection": {"span": {"period": [1728864000000]}}}, None),
    ({"selection": {}}, None),
    ({}, None),
    (None, None),
    ("nonsense", None),
])
def test_selected_span(selection, expected):
    assert charts.selected_span(selection) == expected


# ---------------------------------------------------------------------------------------------- table.py

def test_count_line():
    assert table.count_line(5, 8) == "Showing 5 of 8 events"
    assert table.count_line(12_345, 1_000_000) == "Showing 12,345 of 1,000,000 events"
    assert table.count_line(0, 0) == "Showing 0 of 0 events"


def test_list_frame_newest_first_indexed_by_id(sample):
    listed = table.list_frame(sample)
    assert listed.index.name == "event_id"
    assert list(listed.columns) == list(table.LIST_COLUMNS.values())
    assert len(listed) == 8
    assert listed.index[-1] == KIM_PUTIN   # the only event of 2024-10-07
    assert list(listed.index[:7]) == sorted(ALL_IDS - {KIM_PUTIN})   # same day: by id
    assert list(listed["Date"]) == sorted(listed["Date"], reverse=True)
    assert listed.loc[MOSCOW, "Place"] == "Moscow" and listed.loc[MOSCOW, "Country"] == "Russia"


def test_list_frame_is_capped(sample):
    many = synthetic(sample, 300, days=300)
    listed = table.list_frame(many, limit=50)
    assert len(listed) == 50
    newest = many.sort_values("event_date", ascending=False).head(50)
    assert set(listed.index) == set(newest["event_id"])
    assert listed["Date"].min() == newest["event_date"].min()


# ---------------------------------------------------------------------------------------------- ingest.py

def draft_and_edits(sample: pd.DataFrame) -> tuple[pd.DataFrame, pd.DataFrame]:
    """A draft as the page keeps it (extracted events plus keep), and the editor's copy (text columns as text)."""
    draft = sample[sample["event_id"].isin([SEOUL, POLTAVA, MOSCOW])].reset_index(drop=True)
    draft.insert(0, "keep", True)
    edited = draft[ingest.EDIT_COLUMNS].copy()
    for column in edited.columns:
        if isinstance(edited[column].dtype, pd.CategoricalDtype):
            edited[column] = edited[column].astype("object")
    return draft, edited


def test_relocate_moves_a_retyped_place(sample, gazetteer):
    draft, edited = draft_and_edits(sample)
    edited.at[1, "location"] = "Kharkiv, UA"
    fixed, problems = ingest.relocate(draft, edited, gazetteer)
    assert problems == []
    assert fixed.at[1, "location"] == "Kharkiv"
    assert fixed.at[1, "latitude"] == pytest.approx(49.98, abs=0.05)
    assert fixed.at[1, "longitude"] == pytest.approx(36.25, abs=0.05)
    assert fixed.at[1, "country_code"] == "UA"
    assert fixed.at[1, "geo_precision"] == 1
    for idx in (0, 2):   # untouched rows keep their places
        assert fixed.at[idx, "location"] == draft.at[idx, "location"]
        assert fixed.at[idx, "latitude"] == draft.at[idx, "latitude"]


def test_relocate_on_the_editor_categoricals_too(sample, gazetteer):
    draft, _ = draft_and_edits(sample)
    edited = draft[ingest.EDIT_COLUMNS].copy()   # categorical, as the draft itself
    edited["location"] = edited["location"].cat.add_categories(["Tbilisi"])
    edited.at[0, "location"] = "Tbilisi"   # the new country code GE is no category of country_code
    fixed, problems = ingest.relocate(draft, edited, gazetteer)
    assert problems == [] and fixed.at[0, "location"] == "Tbilisi" and fixed.at[0, "country_code"] == "GE"


def test_relocate_unknown_place_keeps_the_old_one(sample, gazetteer):
    draft, edited = draft_and_edits(sample)
    edited.at[2, "location"] = "Qxzvbnmw"
    fixed, problems = ingest.relocate(draft, edited, gazetteer)
    assert len(problems) == 1 and "Qxzvbnmw" in problems[0] and "keeps its old place" in problems[0]
    assert fixed.at[2, "location"] == "Moscow"
    assert fixed.at[2, "latitude"] == draft.at[2, "latitude"]


def test_to_save_drops_unkept_and_marks_edited(sample, gazetteer):
    draft, edited = draft_and_edits(sample)
    edited.at[0, "keep"] = False
    edited.at[2, "event_type"] = "Battles"
    edited.at[2, "sub_event_type"] = "Armed clash"
    fixed, _ = ingest.relocate(draft, edited, gazetteer)
    saved = ingest.to_save(draft.drop(columns=["keep"]), fixed)
    assert list(saved["event_id"]) == [POLTAVA, MOSCOW]
    origin = dict(zip(saved["event_id"], saved["origin"].astype(str), strict=False))
    assert origin == {POLTAVA: "extracted", MOSCOW: "edited"}
    assert saved.loc[saved["event_id"] == MOSCOW, "event_type"].iloc[0] == "Battles"
    assert list(saved.columns) == list(schema.COLUMNS)
    assert schema.validate(saved) == []


def test_to_save_unchanged_rows_with_missing_values_stay_extracted(sample):
    draft, edited = draft_and_edits(sample)
    assert draft["actor2"].isna().any()   # the Seoul event has no second actor
    saved = ingest.to_save(draft.drop(columns=["keep"]), edited)
    assert len(saved) == 3
    assert set(saved["origin"].astype(str)) == {"extracted"}


def test_to_save_keeps_a_relocated_place(sample, gazetteer):
    draft, edited = draft_and_edits(sample)
    edited.at[1, "location"] = "Kharkiv, UA"
    fixed, _ = ingest.relocate(draft, edited, gazetteer)
    saved = ingest.to_save(draft.drop(columns=["keep"]), fixed).set_index("event_id")
    assert saved.at[POLTAVA, "location"] == "Kharkiv" and saved.at[POLTAVA, "origin"] == "edited"
    assert saved.at[POLTAVA, "latitude"] == pytest.approx(49.98, abs=0.05)
    assert saved.at[SEOUL, "origin"] == "extracted"


# ---------------------------------------------------------------------------------------------- geodata/article.py

TEXT = "Russian forces shelled Kharkiv on Tuesday, officials said."


def test_read_article_plain_and_markdown():
    assert read_article(f"  {TEXT}\n\n".encode(), "a.txt") == TEXT
    assert read_article(f"# Title\n\n{TEXT}\n".encode(), "a.md") == f"# Title\n\n{TEXT}"
    assert read_article(b"\xef\xbb\xbf" + TEXT.encode(), "bom.txt") == TEXT
    old = "Caf\u00e9 in Kyiv \u2014 protest"
    assert read_article(old.encode("cp1252"), "old.txt") == old


def test_read_article_html_is_reduced_to_text():
    html = (f"<!doctype html><html><head><title>T</title><style>p {{ color: red }}</style>"
            f"<script>var secret = 'alert(1)';</script></head><body><nav>Home | World</nav>"
            f"<p>{TEXT}</p><p>Protesters rallied in &quot;Tbilisi&quot;.</p><footer>Cookie policy</footer>"
            f"</body></html>")
    text = read_article(html.encode(), "story.html")
    assert TEXT in text and 'Protesters rallied in "Tbilisi".' in text
    for dropped in ("alert", "secret", "color: red", "Home | World", "Cookie policy", "<p>"):
        assert dropped not in text
    assert read_article(html.encode(), "pasted") == text   # recognised as HTML without the suffix too


@pytest.mark.parametrize(("data", "name", "message"), [
    (b"x" * (MAX_BYTES + 1), "huge.txt", "huge.txt is 5.0 MB; an article must be under 5 MB."),
    (b"word " * 250_000, "book.txt", "book.txt has 1,249,999 characters of text; an article must have at most "
                                      "1,000,000. Split it into parts (chapters) and add each one."),
    (b"PK\x03\x04\x00\x00binary", "report.docx.txt", "report.docx.txt is a binary file, not text."),
    (b"", "empty.txt", "empty.txt has no text."),
    (b"   \n\t ", "blank.md", "blank.md has no text."),
    (b"<html><script>alert(1)</script></html>", "only-script.html", "only-script.html has no text."),
])
def test_read_article_refuses(data, name, message):
    with pytest.raises(ArticleError) as caught:
        read_article(data, name)
    assert str(caught.value) == message


def test_place_choices_and_picking_another_place(sample):
    from geodata.places.gazetteer import load_gazetteer

    choices = ingest.place_choices(load_gazetteer(), "Paris")
    assert choices[0].country_code == "FR"
    texas = next(p for p in choices if p.admin1 == "US-TX")
    assert "US-TX" in ingest.place_label(texas) and "Paris" in ingest.place_label(texas)
    assert ingest.place_choices(load_gazetteer(), "  ") == []
    draft = sample.reset_index(drop=True)
    draft.insert(0, "keep", True)
    moved = ingest.with_place(draft, 0, texas)
    assert (moved.at[0, "location"], moved.at[0, "country_code"], moved.at[0, "geo_precision"]) == ("Paris", "US", 1)
    assert (moved.at[0, "latitude"], moved.at[0, "longitude"]) == (texas.lat, texas.lon)
    assert draft.at[0, "location"] != "Paris"   # the draft itself is left as it was
    saved = ingest.to_save(draft.drop(columns=["keep"]), ingest._editable(moved[ingest.EDIT_COLUMNS]))
    assert saved.loc[0, "origin"] == "edited" and saved.loc[0, "location"] == "Paris"
    assert (saved.loc[1:, "origin"].astype(str) == draft.loc[1:, "origin"].astype(str)).all()


# ---------------------------------------------------------------------------------------------- ingest: Published

def _ingest_page() -> None:
    from dashboard.ingest import render

    render()


def test_published_is_required_or_read_from_the_dateline(app_store, gazetteer):
    from streamlit.testing.v1 import AppTest

    at = AppTest.from_function(_ingest_page, default_timeout=120).run()
    assert at.date_input(key="ingest_published").value is None   # no silent "today"
    at.text_area(key="ingest_text").input("Russian forces shelled Kharkiv on Tuesday.").run()
    next(b for b in at.button if b.label == "Find events").click().run()
    assert [e.value for e in at.error][0].startswith("Set the Published date first")
    assert not at.subheader   # nothing extracted against a guessed date
    at.text_area(key="ingest_text").input(
        "KYIV, Ukraine, Oct. 18, 2024 (Reuters) - Officials gave an update.\n\n"
        "Russian forces shelled Kharkiv on Tuesday.").run()
    assert at.date_input(key="ingest_published").value == dt.date(2024, 10, 18)
    assert any("The article says 2024-10-18 (the dateline" in c.value for c in at.caption)
    next(b for b in at.button if b.label == "Find events").click().run()
    assert not at.error and [s.value for s in at.subheader] == ["1 events found"]
    draft = at.data_editor(key="ingest_editor").value
    assert list(draft.columns[:5]) == ["keep", "location", "country_code", "geo_precision", "notes"]
    assert str(draft["event_date"].iloc[0])[:10] == "2024-10-15"   # "on Tuesday" before Friday 18 October


def test_gazetteer_warms_up_in_the_background(gazetteer):
    warmup = ingest.Warmup()
    warmup.run()
    assert warmup.done.is_set() and warmup.error is None and warmup.seconds is not None


@pytest.mark.parametrize(("built", "warmed"), [(True, 0), (False, 1)])
def test_app_start_builds_a_missing_index_and_leaves_a_built_one_to_the_add_page(monkeypatch, built, warmed):
    import geodata.places.gazetteer as gazetteer_package

    calls: list[int] = []
    monkeypatch.setattr(gazetteer_package, "is_built", lambda: built)
    monkeypatch.setattr(ingest, "warm_gazetteer", lambda: calls.append(1))
    ingest.build_if_missing.clear()
    try:
        assert ingest.build_if_missing() is bool(warmed) and len(calls) == warmed
        ingest.build_if_missing()   # asked once per process
        assert len(calls) == warmed
    finally:
        ingest.build_if_missing.clear()


def test_an_empty_cache_folder_has_no_built_index(monkeypatch, tmp_path, gazetteer):
    from geodata.places.gazetteer import is_built

    assert is_built()   # the fixture built it
    monkeypatch.setenv("EVENT_ATLAS_CACHE", str(tmp_path))
    assert not is_built()


def test_the_selected_event_is_listed_first(sample):
    listed = table.list_frame(sample)
    moved, at = table.selected_first(listed, KIM_PUTIN)   # the oldest: last in date order
    assert at == 0 and moved.index[0] == KIM_PUTIN and len(moved) == len(listed)
    assert list(moved.index[1:]) == [i for i in listed.index if i != KIM_PUTIN]   # the rest keep their order
    assert table.selected_first(listed, "nope") == (listed, None)
    assert table.selected_first(listed, None)[1] is None


def test_bar_lists_get_a_readable_height_per_bar():
    one = pd.DataFrame({"event_type": ["Battles"], "actor1": ["A"], "actor2": [None]})
    six = pd.DataFrame({"event_type": ["Battles"] * 6, "actor1": list("ABCDEF"), "actor2": [None] * 6})
    for chart in (charts.type_chart, charts.actor_chart):
        assert charts.pixel_height(chart(one)) >= charts.BAR_STEP + 100   # title and axis besides the bar
    grown = charts.pixel_height(charts.actor_chart(six)) - charts.pixel_height(charts.actor_chart(one))
    assert grown == 5 * charts.BAR_STEP


# ---------------------------------------------------------------------------------------------- columns.py

@pytest.mark.parametrize("categorical", [True, False])
def test_column_helpers_agree_for_categorical_and_plain_columns(categorical):
    from dashboard import columns

    values = pd.Series(["Riots", None, "Battles", "Riots", "", "Mystery", "Riots", "Battles"])
    series = values.astype("category") if categorical else values.astype("object")
    if categorical:   # an unused category must not be counted or listed
        series = series.cat.add_categories(["Protests"])
    counts = columns.value_counts(series)
    assert list(counts.items()) == [("Riots", 3), ("Battles", 2), ("Mystery", 1)]   # no "", no missing
    assert columns.present(series) == {"Riots", "Battles", "Mystery", ""}
    order = ["Battles", "Protests", "Riots"]
    assert list(columns.codes_for(series, order, 255)) == [2, 255, 0, 2, 255, 255, 2, 0]
    assert list(columns.labels(series, "Other").astype(str)) == [
        "Riots", "Other", "Battles", "Riots", "", "Mystery", "Riots", "Battles"]


def test_actor_counts_add_both_actor_columns(sample):
    df = pd.DataFrame({"actor1": ["A", "B", "A", None], "actor2": ["B", None, "C", "A"]}).astype("category")
    assert charts.actor_counts(df).values.tolist() == [["A", 3], ["B", 2], ["C", 1]]
    assert charts.actor_counts(df, top=1).values.tolist() == [["A", 3]]


def test_the_charts_are_valid_vega_lite_as_the_page_sends_them(sample):
    """The page sends the charts' specs unchecked (once per view, no schema check per rerun): the check is here."""
    for chart in charts.chart_set(sample):
        if chart is not None:
            assert chart.to_dict(validate=True) == chart.to_dict(validate=False)
