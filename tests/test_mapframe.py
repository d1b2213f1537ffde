"""The map component's arguments: the same as st_folium sends, made once per view, kept within a byte budget."""

from __future__ import annotations

import pytest
import streamlit_folium as sf

from dashboard import mapframe, mapview
from geodata.sample import shipped_sample_events

SEOUL = (37.5665, 126.978)
RETURNED = ["last_object_clicked_tooltip"]


@pytest.fixture(scope="module")
def parts() -> mapview.EventParts:
    return mapview.event_parts(shipped_sample_events())


def _captured(monkeypatch, **kwargs) -> dict:
    sent: dict = {}
    monkeypatch.setattr(sf, "_component_func", lambda **kw: sent.update(kw) or kw.get("default"))
    sf.st_folium(**kwargs)
    return sent


@pytest.mark.parametrize("where", [None, SEOUL])
@pytest.mark.parametrize("basemap", ["Street map", "Outlines (offline)"])
def test_the_arguments_are_what_st_folium_sends(monkeypatch, parts, where, basemap):
    fmap, group = mapview.base_map(basemap), mapview.events_group(parts, where)
    sent = _captured(monkeypatch, fig=fmap, key="map", height=560, use_container_width=True,
                     returned_objects=RETURNED, feature_group_to_add=group, center=where)
    fmap, group = mapview.base_map(basemap), mapview.events_group(parts, where)
    ours = mapframe.arguments(fmap, group, "map", 560, RETURNED, where)
    assert set(sent) - set(ours) == {"on_change"}
    assert {name: sent[name] for name in ours} == ours


def test_a_view_is_built_once_and_shared(monkeypatch, parts):
    monkeypatch.setattr(mapframe, "_CACHE", mapframe.ByteBudgetCache(10 ** 9))
    calls: list[dict] = []
    monkeypatch.setattr(sf, "_component_func", lambda **kw: calls.append(kw) or kw.get("default"))
    builds: list[str] = []

    def build(where=None):
        builds.append("built")
        return mapview.base_map(), mapview.events_group(parts, where)

    for view, where in ((("v1", "all"), None), (("v1", "all"), None), (("v1", "Seoul"), SEOUL), (("v1", "all"), None)):
        returned = mapframe.show(view, lambda where=where: build(where), key="map", height=560,
                                 returned_objects=RETURNED, center=where)
        assert returned == {"last_object_clicked_tooltip": None}
    assert len(builds) == 2   # the second and fourth runs reuse the first's arguments
    assert calls[0]["feature_group"] == calls[1]["feature_group"] == calls[3]["feature_group"]
    assert calls[2]["feature_group"] != calls[0]["feature_group"] and calls[2]["center"] == SEOUL
    assert calls[0]["key"] == calls[2]["key"]   # one component: a new view swaps its events, not the map


def test_the_cache_keeps_the_recently_used_within_its_budget():
    cache = mapframe.ByteBudgetCache(100)
    cache.put("a", {"n": 1}, 40)
    cache.put("b", {"n": 2}, 40)
    assert cache.get("a") == {"n": 1}         # now "b" is the least recently used
    cache.put("c", {"n": 3}, 40)
    assert cache.get("b") is None and cache.get("a") == {"n": 1} and cache.get("c") == {"n": 3}
    cache.put("huge", {"n": 4}, 101)           # over the budget alone: not kept, nothing else dropped
    assert cache.get("huge") is None and len(cache) == 2



def test_sessions_opening_one_view_at_once_make_it_once():
    import threading
    import time

    cache = mapframe.ByteBudgetCache(10 ** 6)
    made: list[int] = []
    start = threading.Barrier(4)

    def make():
        made.append(1)
        time.sleep(0.2)   # long enough for the other callers to arrive meanwhile
        return {"view": "v"}, 10

    def session():
        start.wait()
        assert cache.get_or_make("v", make) == {"view": "v"}

    threads = [threading.Thread(target=session) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert made == [1]
