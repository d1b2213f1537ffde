"""The columnar snapshot beside the store: equal to the store, rebuilt when stale or damaged."""

from __future__ import annotations

import pandas as pd
import store_backends

from geodata.sample import shipped_sample_events
from geodata.store import EventStore
from geodata.store.snapshot import load_events, snapshot_path

pg_server, pg_url = store_backends.pg_server, store_backends.pg_url


def test_snapshot_equals_the_store_and_is_reused(tmp_path):
    store = EventStore(tmp_path / "events.sqlite")
    store.add(shipped_sample_events())
    first = load_events(store)
    path = snapshot_path(store)
    assert path is not None and path.exists()
    stamp = path.stat().st_mtime_ns
    again = load_events(store)
    pd.testing.assert_frame_equal(first, store.load())
    pd.testing.assert_frame_equal(again, first)
    assert path.stat().st_mtime_ns == stamp  # read, not rewritten


def test_snapshot_follows_every_write(tmp_path):
    store = EventStore(tmp_path / "events.sqlite")
    events = shipped_sample_events()
    store.add(events.iloc[:3])
    assert len(load_events(store)) == 3
    store.add(events.iloc[3:])
    assert len(load_events(store)) == len(events)
    victim = events["event_id"].iloc[0]
    store.edit(victim, {"location": "Kyiv"})
    edited = load_events(store)
    assert edited.loc[edited["event_id"] == victim, "location"].iloc[0] == "Kyiv"
    store.delete([victim])
    assert victim not in set(load_events(store)["event_id"])


def test_damaged_snapshot_is_rebuilt_not_trusted(tmp_path):
    store = EventStore(tmp_path / "events.sqlite")
    store.add(shipped_sample_events())
    load_events(store)
    snapshot_path(store).write_bytes(b"not an arrow file")
    pd.testing.assert_frame_equal(load_events(store), store.load())


def test_cli_import_leaves_a_current_snapshot(tmp_path, monkeypatch):
    from geodata.cli import main
    from geodata.formats import write_events

    path = tmp_path / "events.csv"
    path.write_bytes(write_events(shipped_sample_events(), "csv"))
    monkeypatch.setenv("EVENT_ATLAS_DB", str(tmp_path / "events.sqlite"))
    assert main(["import", str(path)]) == 0
    store = EventStore(tmp_path / "events.sqlite")
    snapshot = snapshot_path(store)
    assert snapshot.exists()
    stamp = snapshot.stat().st_mtime_ns
    assert len(load_events(store)) == len(shipped_sample_events())
    assert snapshot.stat().st_mtime_ns == stamp   # current: read, not rebuilt


def _by_id(frame: pd.DataFrame) -> pd.DataFrame:
    return frame.sort_values("event_id").reset_index(drop=True)


def test_add_events_patches_a_current_snapshot(tmp_path):
    from geodata.store.snapshot import add_events

    store = EventStore(tmp_path / "events.sqlite")
    events = shipped_sample_events()
    store.add(events.iloc[:5])
    load_events(store)
    changed = events.iloc[3:].copy()
    changed["notes"] = changed["notes"].astype(str) + " (corrected)"
    result = add_events(store, changed)
    assert (result.inserted, result.updated) == (3, 2)
    path = snapshot_path(store)
    stamp = path.stat().st_mtime_ns
    patched = load_events(store)
    assert path.stat().st_mtime_ns == stamp   # the patched snapshot is current: read, not rebuilt
    pd.testing.assert_frame_equal(_by_id(patched), _by_id(store.load()))


def test_add_events_rebuilds_when_another_write_came_between(tmp_path):
    from geodata.store.snapshot import add_events

    store = EventStore(tmp_path / "events.sqlite")
    events = shipped_sample_events()
    store.add(events.iloc[:3])
    load_events(store)
    store.add(events.iloc[3:5])          # another writer: the snapshot is now two writes behind
    add_events(store, events.iloc[5:])
    pd.testing.assert_frame_equal(_by_id(load_events(store)), _by_id(store.load()))
    sqlite = EventStore(tmp_path / "events.sqlite")   # both backends give the same frame, cell for cell
    sqlite.add(events)
    pd.testing.assert_frame_equal(_by_id(load_events(store)), _by_id(load_events(sqlite)))
    assert len(load_events(store)) == len(events)


def test_load_by_ids_reads_only_those(tmp_path):
    store = EventStore(tmp_path / "events.sqlite")
    events = shipped_sample_events()
    store.add(events)
    ids = list(events["event_id"].iloc[[1, 4]])
    assert sorted(store.load(ids=ids)["event_id"]) == sorted(ids)
    assert store.load(ids=[]).empty and store.load(ids=["nope"]).empty


def test_a_backend_without_a_snapshot_loads_from_the_database(pg_url, tmp_path):
    """PostgreSQL keeps no file beside the data: load_events reads through COPY, add_events just adds."""
    from geodata.store.snapshot import add_events

    store = EventStore(pg_url)
    assert snapshot_path(store) is None
    events = shipped_sample_events()
    assert add_events(store, events.iloc[:5]).inserted == 5
    add_events(store, events.iloc[3:])
    pd.testing.assert_frame_equal(_by_id(load_events(store)), _by_id(store.load()))
    sqlite = EventStore(tmp_path / "events.sqlite")   # both backends give the same frame, cell for cell
    sqlite.add(events)
    pd.testing.assert_frame_equal(_by_id(load_events(store)), _by_id(load_events(sqlite)))
