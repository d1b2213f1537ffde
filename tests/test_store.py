"""The persistent event store: upserts, edits with history, location, crash safety and concurrent writers."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pandas as pd
import pytest
import sqlalchemy as sa
import store_backends

from geodata.schema import coerce
from geodata.store import (
    AddResult,
    EventStore,
    StoreError,
    StoreValidationError,
    default_location,
)
from geodata.store import tables as store_tables

pg_server, pg_url, store_url = store_backends.pg_server, store_backends.pg_url, store_backends.store_url
"""The fixtures that run a test on each backend (SQLite; PostgreSQL when a server is at hand)."""

REPO = Path(__file__).resolve().parents[1]

PLACES = [("Kharkiv", "Kharkivska", 49.9935, 36.2304), ("Odesa", "Odeska", 46.4825, 30.7233),
          ("Pokrovsk", "Donetska", 48.2820, 37.1750), ("Kherson", "Khersonska", 46.6354, 32.6169)]

EVENTS_SOURCE = '''
import pandas as pd

def make_events(prefix, n, start=0):
    places = [("Kharkiv", "Kharkivska", 49.9935, 36.2304), ("Odesa", "Odeska", 46.4825, 30.7233),
              ("Pokrovsk", "Donetska", 48.2820, 37.1750), ("Kherson", "Khersonska", 46.6354, 32.6169)]
    rows = []
    for i in range(start, start + n):
        location, admin1, lat, lon = places[i % len(places)]
        rows.append({"event_id": f"{prefix}-{i:06d}", "event_date": f"2024-10-{1 + i % 28:02d}",
                     "event_type": "Explosions/Remote violence", "sub_event_type": "Air/drone strike",
                     "actor1": "Military Forces of Russia (2000-)", "location": location, "admin1": admin1,
                     "country": "Ukraine", "country_code": "UA", "latitude": lat, "longitude": lon,
                     "geo_precision": 1, "notes": f"Drone strike on {location}, report {i}.", "source": "Suspilne",
                     "fatalities": i % 3, "confidence": 0.8, "modality": "asserted", "date_precision": "day",
                     "origin": "extracted"})
    return pd.DataFrame(rows)
'''
namespace: dict[str, object] = {}
exec(EVENTS_SOURCE, namespace)
make_events = namespace["make_events"]


def sorted_frame(df: pd.DataFrame) -> pd.DataFrame:
    return coerce(df).sort_values("event_id").reset_index(drop=True)


@pytest.fixture
def store(store_url: str) -> EventStore:
    """A new store on each backend in turn (SQLite; PostgreSQL when a server is at hand)."""
    return EventStore(store_url)


def test_add_load_count(store: EventStore):
    assert store.is_empty() and store.count() == 0
    assert len(store.load()) == 0 and list(store.load().columns) == list(coerce(make_events("x", 0)).columns)
    events = make_events("ev", 40)
    assert store.add(events) == AddResult(inserted=40, updated=0, skipped=0)
    assert store.count() == 40 and not store.is_empty()
    loaded = store.load()
    assert loaded["event_date"].is_monotonic_increasing
    pd.testing.assert_frame_equal(sorted_frame(loaded), sorted_frame(events))
    in_range = store.load(start="2024-10-03", end="2024-10-04")
    assert sorted(in_range["event_date"].dt.day.unique()) == [3, 4]


def test_load_selected_columns(store: EventStore):
    store.add(make_events("ev", 6))
    slim = store.load(columns=["location", "fatalities"])
    assert list(slim.columns) == list(coerce(make_events("x", 0)).columns)
    assert slim["location"].notna().all() and slim["event_id"].notna().all()
    assert slim["notes"].isna().all() and slim["actor1"].isna().all()
    with pytest.raises(ValueError, match="unknown column"):
        store.load(columns=["colour"])


def test_readding_the_same_events_makes_no_duplicates(store: EventStore):
    events = make_events("ev", 25)
    store.add(events)
    assert store.add(events) == AddResult(inserted=0, updated=25, skipped=0)
    assert store.count() == 25
    more = pd.concat([make_events("ev", 5, start=20), make_events("ev", 5, start=25),
                      make_events("ev", 5, start=25)])  # duplicates in a batch: the last wins
    assert store.add(more) == AddResult(inserted=5, updated=5, skipped=0)
    assert store.count() == 30


def test_reextraction_replaces_but_never_overwrites_an_edit(store: EventStore):
    store.add(make_events("ev", 3))
    store.edit("ev-000001", {"fatalities": 12, "notes": "Analyst: 12 killed per regional governor."})
    again = make_events("ev", 3)
    again["notes"] = "re-extracted"
    assert store.add(again) == AddResult(inserted=0, updated=2, skipped=1)
    by_id = store.load().set_index("event_id")
    assert by_id.loc["ev-000001", "fatalities"] == 12
    assert by_id.loc["ev-000001", "notes"] == "Analyst: 12 killed per regional governor."
    assert by_id.loc["ev-000001", "origin"] == "edited"
    assert by_id.loc["ev-000000", "notes"] == "re-extracted"


def test_edit_keeps_history(store: EventStore):
    store.add(make_events("ev", 2))
    store.edit("ev-000000", {"fatalities": 5})
    store.edit("ev-000000", {"location": "Chuhuiv", "latitude": 49.8353, "longitude": 36.6880,
                             "event_date": "2024-10-02"})
    history = store.history("ev-000000")
    assert len(history) == 2
    first, second = history
    assert first.previous["fatalities"] == 0 and first.previous["origin"] == "extracted"
    assert first.changes == {"fatalities": 5, "origin": "edited"}
    assert second.previous["fatalities"] == 5 and second.previous["location"] == "Kharkiv"
    assert second.previous["event_date"] == "2024-10-01"
    assert second.changes["event_date"] == "2024-10-02"
    assert first.changed_at <= second.changed_at and first.changed_at.tzinfo is not None
    row = store.load().set_index("event_id").loc["ev-000000"]
    assert (row["location"], row["fatalities"], row["origin"]) == ("Chuhuiv", 5, "edited")
    assert row["event_date"] == pd.Timestamp("2024-10-02")
    assert store.history("ev-000001") == []


def test_bad_edits_are_refused_and_change_nothing(store: EventStore):
    store.add(make_events("ev", 1))
    with pytest.raises(StoreValidationError, match="latitude 123"):
        store.edit("ev-000000", {"latitude": 123})
    with pytest.raises(ValueError, match="unknown column"):
        store.edit("ev-000000", {"colour": "red"})
    with pytest.raises(ValueError, match="event_id cannot be edited"):
        store.edit("ev-000000", {"event_id": "other"})
    with pytest.raises(KeyError):
        store.edit("missing", {"fatalities": 1})
    assert store.history("ev-000000") == []
    assert store.load()["origin"].tolist() == ["extracted"]


def test_an_invalid_batch_writes_nothing(store: EventStore):
    store.add(make_events("old", 10))
    batch = make_events("new", 10)
    batch.loc[7, "latitude"] = 123.0
    with pytest.raises(StoreValidationError) as raised:
        store.add(batch)
    assert [(e.row, e.column) for e in raised.value.errors] == [(7, "latitude")]
    assert store.count() == 10


def test_a_failure_mid_write_rolls_the_whole_batch_back(store: EventStore, monkeypatch: pytest.MonkeyPatch):
    store.add(make_events("old", 10))
    original = EventStore._write_rows

    def fail_after_writing(self, conn, frame):
        original(self, conn, frame)
        assert conn.exec_driver_sql("SELECT count(*) FROM events").scalar() == 30
        raise RuntimeError("disk on fire")

    monkeypatch.setattr(EventStore, "_write_rows", fail_after_writing)
    with pytest.raises(RuntimeError, match="disk on fire"):
        store.add(pd.concat([make_events("old", 10), make_events("new", 20)]))
    assert store.count() == 10


def test_delete(store: EventStore):
    store.add(make_events("ev", 5))
    assert store.delete(["ev-000001", "ev-000003", "nope"]) == 2
    assert sorted(store.load()["event_id"]) == ["ev-000000", "ev-000002", "ev-000004"]
    assert store.delete([]) == 0


def test_version_changes_with_every_write_only(store_url: str):
    store = EventStore(store_url)
    assert store.version() == (0, "")
    store.add(make_events("ev", 3))
    first = store.version()
    assert first[0] == 1 and first[1].endswith("+00:00")
    store.load()
    store.add(make_events("ev", 0))
    assert store.delete(["nope"]) == 0
    assert store.version() == first  # reads and writes that change nothing keep the version
    store.edit("ev-000000", {"fatalities": 4})
    assert store.add(make_events("ev", 1)) == AddResult(0, 0, 1)  # only an edited event: nothing written
    second = store.version()
    assert second[0] == 2
    store.delete(["ev-000001"])
    other = EventStore(store_url)  # another process's view agrees
    assert other.version()[0] == 3 and other.version() == store.version()


def test_env_var_file_path(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    target = tmp_path / "deep" / "dir" / "atlas.sqlite"
    monkeypatch.setenv("EVENT_ATLAS_DB", str(target))
    EventStore().add(make_events("ev", 3))
    assert target.is_file()
    assert EventStore(target).count() == 3


def test_env_var_sqlite_url(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    target = tmp_path / "url.sqlite"
    monkeypatch.setenv("EVENT_ATLAS_DB", f"sqlite:///{target}")
    store = EventStore()
    store.add(make_events("ev", 4))
    assert store.url == f"sqlite:///{target}"
    assert EventStore(str(target)).count() == 4
    with sa.create_engine(f"sqlite:///{target}").connect() as conn:
        assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"


def test_default_location_honours_xdg_data_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.delenv("EVENT_ATLAS_DB", raising=False)
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg"))
    assert default_location() == tmp_path / "xdg" / "event-atlas" / "events.sqlite"
    EventStore().add(make_events("ev", 1))
    assert (tmp_path / "xdg" / "event-atlas" / "events.sqlite").is_file()


def test_schema_version_recorded_and_newer_schema_refused(store_url: str):
    path = store_url
    with EventStore(path).engine.begin() as conn:
        assert conn.exec_driver_sql("SELECT version FROM schema_version").scalar() == store_tables.SCHEMA_VERSION
        conn.exec_driver_sql("UPDATE schema_version SET version = 99")
    with pytest.raises(StoreError, match="schema version 99"):
        EventStore(path)


def test_a_table_missing_from_an_older_file_is_created(store_url: str):
    path = store_url
    EventStore(path).add(make_events("ev", 2))
    with EventStore(path).engine.begin() as conn:
        conn.exec_driver_sql("DROP TABLE store_state")
    reopened = EventStore(path)
    assert reopened.count() == 2 and reopened.version() == (0, "")
    reopened.delete(["ev-000000"])
    assert reopened.version()[0] == 1


def _python(script: str, *args: str) -> subprocess.Popen[str]:
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    return subprocess.Popen([sys.executable, "-c", EVENTS_SOURCE + textwrap.dedent(script), *args], cwd=REPO,
                            env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def _released_together(writers: list[subprocess.Popen[str]], go: Path, timeout: float) -> list[tuple[str, str]]:
    """Wait until every writer says READY, let them all go at once (the `go` file appears), and return each one's
    (stdout, stderr); a writer still running afterwards is killed."""
    try:
        for writer in writers:
            assert writer.stdout is not None and writer.stderr is not None
            assert writer.stdout.readline().strip() == "READY", writer.stderr.read()
        go.touch()
        return [writer.communicate(timeout=timeout) for writer in writers]
    finally:
        for writer in writers:
            if writer.poll() is None:
                writer.kill()


@pytest.mark.slow
def test_a_writer_killed_mid_transaction_leaves_the_old_rows(store_url: str):
    path = store_url
    old = make_events("old", 100)
    EventStore(path).add(old)
    writer = _python("""
        import sys, time
        from geodata.store import EventStore

        class Stalling(EventStore):
            def _write_rows(self, conn, frame):
                written = super()._write_rows(conn, frame)
                inside = conn.exec_driver_sql("SELECT count(*) FROM events").scalar()
                print("WRITING", inside, flush=True)
                time.sleep(60)
                return written

        Stalling(sys.argv[1]).add(make_events("crash", 5000))
        print("COMMITTED", flush=True)
    """, path)
    try:
        line = writer.stdout.readline()
        assert line.split() == ["WRITING", "5100"], line + writer.stderr.read()
        os.kill(writer.pid, signal.SIGKILL)
        assert writer.wait(timeout=10) == -signal.SIGKILL
    finally:
        if writer.poll() is None:
            writer.kill()
    survivor = EventStore(path)
    assert survivor.count() == 100
    pd.testing.assert_frame_equal(sorted_frame(survivor.load()), sorted_frame(old))
    assert survivor.add(make_events("after", 5)).inserted == 5  # the dead writer's lock is gone
    assert survivor.count() == 105


@pytest.mark.slow
def test_two_processes_writing_at_once_both_land(store_url: str, tmp_path: Path):
    path, go = store_url, tmp_path / "go"
    script = """
        import os, sys, time
        from geodata.store import EventStore
        store = EventStore(sys.argv[1])
        print("READY", flush=True)
        while not os.path.exists(sys.argv[2]):
            time.sleep(0.002)
        print("INSERTED", store.add(make_events(sys.argv[3], 500)).inserted, flush=True)
    """
    writers = [_python(script, path, str(go), prefix) for prefix in ("alpha", "beta")]
    outputs = _released_together(writers, go, timeout=60)
    for (out, err), writer in zip(outputs, writers, strict=False):
        assert writer.returncode == 0, err
        assert out.split() == ["INSERTED", "500"]
    final = EventStore(path).load()
    assert len(final) == 1000
    assert final["event_id"].str.startswith("alpha").sum() == 500


def test_concurrent_reader_sees_a_consistent_snapshot(store_url: str):
    path = store_url
    writer_store, reader_store = EventStore(path), EventStore(path)
    writer_store.add(make_events("ev", 10))
    with writer_store._writing() as conn:  # an open write transaction does not block readers (WAL)
        conn.exec_driver_sql("DELETE FROM events")
        started = time.perf_counter()
        assert reader_store.count() == 10
        assert len(reader_store.load()) == 10
        assert time.perf_counter() - started < 5
    assert reader_store.count() == 0


def test_an_older_history_table_gets_the_editor_column(store_url: str):
    store = EventStore(store_url)
    store.add(make_events("ev", 1))
    store.edit("ev-000000", {"fatalities": 2})
    with store.engine.begin() as conn:   # as a store written before editors were kept
        conn.exec_driver_sql("ALTER TABLE event_history DROP COLUMN editor")
    store.close()
    reopened = EventStore(store_url)
    reopened.edit("ev-000000", {"fatalities": 3}, editor="amina")
    assert [(h.changes["fatalities"], h.editor) for h in reopened.history("ev-000000")] == [(2, None), (3, "amina")]


def test_every_edit_is_kept_with_its_editor(store: EventStore):
    store.add(make_events("ev", 1))
    store.edit("ev-000000", {"fatalities": 1}, editor="amina")
    store.edit("ev-000000", {"fatalities": 2}, editor="ben")
    store.edit("ev-000000", {"fatalities": 2}, editor="ben")   # changes nothing: no entry
    history = store.history("ev-000000")
    assert [(h.previous["fatalities"], h.changes["fatalities"], h.editor) for h in history] == \
        [(0, 1, "amina"), (1, 2, "ben")]


def test_add_with_edits_stores_the_extraction_and_the_corrections(store: EventStore):
    events = make_events("ev", 3)
    before = store.version()
    result = store.add(events, edits={"ev-000001": {"location": "Izium", "fatalities": 4}}, editor="amina")
    assert result == AddResult(inserted=3, updated=0, skipped=0)
    assert store.version()[0] == before[0] + 1   # one write, one version
    row = store.load().set_index("event_id").loc["ev-000001"]
    assert (row["location"], row["fatalities"], row["origin"]) == ("Izium", 4, "edited")
    [entry] = store.history("ev-000001")
    assert entry.previous["location"] == "Odesa" and entry.previous["origin"] == "extracted"
    assert entry.editor == "amina"
    # the same article reviewed again: the edited event is left as it was, the new correction kept too
    again = store.add(events, edits={"ev-000001": {"fatalities": 5}}, editor="ben")
    assert again == AddResult(inserted=0, updated=2, skipped=1)
    assert [h.editor for h in store.history("ev-000001")] == ["amina", "ben"]
    assert store.load().set_index("event_id").loc["ev-000001", "fatalities"] == 5


def test_a_bad_edit_in_an_add_writes_nothing(store: EventStore):
    with pytest.raises(StoreValidationError):
        store.add(make_events("ev", 3), edits={"ev-000001": {"latitude": 400}})
    assert store.count() == 0 and store.version() == (0, "")


def test_long_ids_and_text_are_stored_whole(store: EventStore):
    events = make_events("ev", 2)
    events.loc[0, "event_id"] = "x" * 300
    events.loc[1, "notes"] = "n" * 100_000
    assert store.add(events).inserted == 2
    loaded = store.load().set_index("event_id")
    assert "x" * 300 in loaded.index and len(loaded.loc["ev-000001", "notes"]) == 100_000


def test_empty_text_and_missing_values_stay_apart(store: EventStore):
    events = make_events("ev", 2)
    events.loc[0, "actor2"] = ""
    events.loc[1, "actor2"] = None
    store.add(events)
    loaded = store.load().set_index("event_id")["actor2"]
    pd.testing.assert_series_equal(loaded.sort_index(), coerce(events).set_index("event_id")["actor2"].sort_index(),
                                   check_categorical=False)


def test_four_processes_importing_at_once_all_land(store_url: str, tmp_path: Path):
    """Four first writers on a fresh database: they race to create the tables, then to upsert overlapping ids."""
    go = tmp_path / "go"
    script = """
        import os, sys, time
        from geodata.store import EventStore
        print("READY", flush=True)
        while not os.path.exists(sys.argv[2]):
            time.sleep(0.002)
        store = EventStore(sys.argv[1])
        shared = store.add(make_events("shared", 300))
        own = store.add(make_events(sys.argv[3], 400))
        print("DONE", shared.inserted + shared.updated, own.inserted, flush=True)
    """
    writers = [_python(script, store_url, str(go), f"w{number}") for number in range(4)]
    outputs = _released_together(writers, go, timeout=120)
    for (out, err), writer in zip(outputs, writers, strict=False):
        assert writer.returncode == 0, err
        assert out.split() == ["DONE", "300", "400"], out + err
    final = EventStore(store_url).load()
    assert len(final) == 300 + 4 * 400 and final["event_id"].is_unique
    assert EventStore(store_url).version()[0] == 8
