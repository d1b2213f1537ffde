"""Who changed what: every add and delete is logged in the store (`EventStore.log`) with its editor, on each backend;
the Data page's import and the article save record the signed-in editor's name."""

from __future__ import annotations

import hashlib
import sqlite3

import pandas as pd
import pytest
import store_backends

from geodata.sample import ensure_seeded, shipped_sample_events
from geodata.store import EventStore, StoreValidationError

pg_server, pg_url, store_url = store_backends.pg_server, store_backends.pg_url, store_backends.store_url

PASSWORD = "correct horse battery staple"


def own_events(n: int) -> pd.DataFrame:
    base = shipped_sample_events()
    rows = base.iloc[[i % len(base) for i in range(n)]].reset_index(drop=True)
    return rows.assign(event_id=[f"own-{i:04d}" for i in range(n)], origin="imported")


def test_adds_and_deletes_are_logged_with_their_editor(store_url):
    store = EventStore(store_url)
    events = own_events(5)
    store.add(events.iloc[:3], editor="amina", what="first.csv")
    store.add(events, editor="ben", what="second.csv")   # 2 new, 3 updated
    store.add(events.iloc[:0], editor="carol")            # nothing written: nothing logged
    store.delete(["own-0001", "own-0004", "nowhere"], editor="amina")
    store.delete(["nowhere"], editor="dan")               # nothing removed: nothing logged
    entries = store.log()
    assert [(e.action, e.events, e.editor) for e in entries] == [
        ("delete", 2, "amina"), ("add", 5, "ben"), ("add", 3, "amina")]   # newest first
    assert entries[0].detail["ids"] == ["own-0001", "own-0004", "nowhere"]
    assert entries[1].detail == {"inserted": 2, "updated": 3, "edited": 0, "what": "second.csv"}
    assert entries[2].changed_at <= entries[1].changed_at <= entries[0].changed_at
    assert store.log(limit=1) == entries[:1]


def test_a_refused_add_logs_nothing(tmp_path):
    store = EventStore(tmp_path / "events.sqlite")
    bad = own_events(2).assign(latitude=[10.0, 123.0])   # no such latitude: the batch is refused
    with pytest.raises(StoreValidationError):
        store.add(bad, editor="amina")
    assert store.log() == [] and store.count() == 0


def test_an_older_store_file_gets_the_log_on_open(tmp_path):
    path = tmp_path / "events.sqlite"
    store = EventStore(path)
    store.add(own_events(2))
    store.close()
    with sqlite3.connect(path) as conn:   # as written by a release without the log
        conn.execute("DROP TABLE write_log")
    reopened = EventStore(path)
    assert reopened.count() == 2 and reopened.log() == []
    reopened.add(own_events(3), editor="amina")
    assert [(e.action, e.events, e.editor) for e in reopened.log()] == [("add", 3, "amina")]


def test_the_cli_import_logs_the_file(tmp_path, monkeypatch):
    from geodata.cli import main
    from geodata.formats import write_events

    path = tmp_path / "mine.csv"
    path.write_bytes(write_events(own_events(4), "csv"))
    monkeypatch.setenv("EVENT_ATLAS_DB", str(tmp_path / "events.sqlite"))
    assert main(["import", str(path)]) == 0
    [entry] = EventStore(tmp_path / "events.sqlite").log()
    assert (entry.action, entry.events, entry.editor, entry.detail["what"]) == ("add", 4, None, str(path))


def data_page() -> None:
    from dashboard.data_page import render

    render()


def test_a_page_import_by_a_signed_in_editor_is_logged_with_the_name(app_store, monkeypatch):
    from streamlit.testing.v1 import AppTest

    from geodata.formats import write_events

    monkeypatch.setenv("EVENT_ATLAS_EDITOR_PASSWORD", PASSWORD)
    seeded = ensure_seeded(EventStore(app_store))
    at = AppTest.from_function(data_page, default_timeout=60)
    at.session_state["editor_signed_in"] = hashlib.sha256(PASSWORD.encode()).hexdigest()   # as sign-in leaves it
    at.session_state["editor_name"] = "amina"
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    at.file_uploader[0].set_value(("mine.csv", write_events(own_events(3), "csv"), "text/csv")).run()
    at.button[0].click().run()
    assert not at.exception, [e.value for e in at.exception]
    assert at.success, [m.value for m in at.error]
    removed, added, seeding = EventStore(app_store).log()
    assert (added.action, added.events, added.editor, added.detail["what"]) == ("add", 3, "amina", "mine.csv")
    assert (removed.action, removed.events) == ("delete", seeded)   # the samples made way
    assert (seeding.action, seeding.events, seeding.editor) == ("add", seeded, None)
    [changes] = at.expander
    assert changes.label == "Recent changes to the store"
    shown = changes.dataframe[0].value
    assert list(shown["Who"]) == ["unknown", "amina", "unknown"]
    assert list(shown["What"]) == [f"{seeded} deleted", "3 new, 0 updated", f"{seeded} new, 0 updated"]
    assert shown["From"].iloc[1] == "mine.csv"


def test_a_visitor_sees_no_log(app_store, monkeypatch):
    from streamlit.testing.v1 import AppTest

    monkeypatch.setenv("EVENT_ATLAS_EDITOR_PASSWORD", PASSWORD)
    ensure_seeded(EventStore(app_store))
    at = AppTest.from_function(data_page, default_timeout=60).run()
    assert not at.exception
    assert not at.expander   # no "Recent changes to the store": who edits is for editors to see


def test_the_cli_ingest_logs_the_article(tmp_path, monkeypatch, parser):
    from geodata.cli import main

    article = tmp_path / "report.txt"
    article.write_text("Russian forces shelled Kharkiv on Tuesday, officials said.", encoding="utf-8")
    monkeypatch.setenv("EVENT_ATLAS_DB", str(tmp_path / "events.sqlite"))
    assert main(["ingest", str(article), "--published", "2024-10-18"]) == 0
    [entry] = EventStore(tmp_path / "events.sqlite").log()
    assert (entry.action, entry.events, entry.detail["what"]) == ("add", 1, f"article: {article}")
