"""Correctness at scale, fast: 20,000 synthetic events through the store, the page and the map."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from benchmarks.synthetic import synthetic_events
from dashboard import layers, mapview, table
from dashboard.state import Filters, apply
from geodata.store import EventStore
from geodata.store.snapshot import load_events

N = 20_000
APP = str(Path(__file__).resolve().parents[1] / "streamlit_app.py")


@pytest.fixture(scope="module")
def events():
    return synthetic_events(N, seed=7)


@pytest.fixture
def store_path(app_store, events):
    EventStore(app_store).add(events)
    return app_store


def _count_line(at: AppTest) -> str:
    return next(m.value for m in at.markdown if "Showing" in m.value).strip("*")


def test_page_counts_every_event_and_caps_only_the_list(store_path, events, monkeypatch):
    monkeypatch.setattr(table, "MAX_ROWS", 1_000)
    at = AppTest.from_file(APP, default_timeout=120).run().run()   # the list comes on the drawn map's rerun
    assert not at.exception, [e.value for e in at.exception]
    shown = apply(load_events(EventStore(store_path)), Filters())
    assert _count_line(at) == f"Showing {len(shown):,} of {N:,} events"
    assert len(at.dataframe(key="event_list").value) == 1_000
    assert any(f"1,000 most recent of {len(shown):,}" in c.value for c in at.caption)
    at = AppTest.from_file(APP, default_timeout=120)
    at.query_params["type"] = "Battles"
    at.run()
    battles = apply(load_events(EventStore(store_path)), Filters(types=("Battles",)))
    assert _count_line(at) == f"Showing {len(battles):,} of {N:,} events"


def test_point_payload_holds_every_filtered_event(events):
    shown = apply(events, Filters())
    fmap = mapview.build_map(shown)
    points = next(c for c in fmap._children.values() if isinstance(c, layers.EventPoints))
    payload = json.loads(points.payload)
    located = shown[shown["latitude"].notna()]
    assert payload["ids"].split("\n") == located["event_id"].astype(str).tolist()
    assert len(mapview.decode(payload, "lat")) == len(mapview.decode(payload, "type")) == len(located)
    assert (mapview.decode(payload, "lat") == located["latitude"].to_numpy(dtype="float32")).all()
    dead = mapview.decode(payload, "fat")
    assert int(dead.sum()) == int(located["fatalities"].fillna(0).clip(0, 65535).sum())
    bare = layers.js_data({k: v for k, v in mapview.marker_payload(located, labels=False).items() if k != "ids"})
    assert len(bare) / len(located) < 16   # compact: lat, lon, type and fatalities in base64


def test_areas_are_merged_per_place(events):
    areas = mapview.area_payload(events)
    vague = events[events["geo_precision"].isin([2, 3]) & events["latitude"].notna()]
    assert 0 < len(areas["lat"]) <= min(len(vague), mapview.MAX_AREAS)


def test_list_cap_keeps_the_newest_and_the_total(events):
    listed = table.list_frame(events, limit=500)
    assert len(listed) == 500
    newest = events["event_date"].max()
    assert listed["Date"].iloc[0] == newest
    cutoff = listed["Date"].min()
    assert (events["event_date"] > cutoff).sum() <= 500 <= (events["event_date"] >= cutoff).sum()
    assert table.count_line(len(events), len(events)) == f"Showing {N:,} of {N:,} events"
