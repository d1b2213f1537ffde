"""Writers and readers: with EVENT_ATLAS_EDITOR_PASSWORD set, no write path of the page is reachable without the
password (AppTest); unset, the app is open. Also: a store that cannot be used is one visible error line on
every page (no traceback, no server path), and the details panel shows an event's edits."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from geodata.sample import ensure_seeded
from geodata.store import EventStore

APP = str(Path(__file__).resolve().parents[1] / "streamlit_app.py")
TIMEOUT = 60
PASSWORD = "correct horse battery staple"
ARTICLE = "Russian forces shelled Kharkiv on Tuesday, officials said."
USSURIYSK = "5ab9f74d065be677"


@pytest.fixture
def db(app_store):
    return app_store


@pytest.fixture
def locked(monkeypatch):
    monkeypatch.setenv("EVENT_ATLAS_EDITOR_PASSWORD", PASSWORD)


def app(**params: str) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=TIMEOUT)
    for name, value in params.items():
        at.query_params[name] = value
    return at.run()


def go_to(at: AppTest, page_name: str) -> AppTest:
    """Open a st.navigation function page in the session (private AppTest attributes of streamlit 1.67, as in
    test_dashboard_app.go_to)."""
    [page_hash] = [h for h, info in at._registered_pages.items() if info.get("page_name") == page_name]
    at._page_hash = page_hash
    return at.run()


def no_exception(at: AppTest) -> None:
    assert not at.exception, [e.value for e in at.exception]


def write_controls(at: AppTest) -> list[str]:
    """Every widget through which this page could change the store."""
    labels = [b.label for b in at.button if b.label in ("Find events", "Import") or b.label.startswith("Save ")]
    labels += [u.label for u in at.get("file_uploader")]
    labels += [t.label for t in at.text_area]
    return labels


def sign_in(at: AppTest, password: str, name: str = "amina") -> AppTest:
    at.text_input(key="editor_name_input").input(name)
    at.text_input(key="editor_password_input").input(password)
    [submit] = [b for b in at.button if b.label == "Sign in"]
    return submit.click().run()


def test_visitors_reach_no_write_path(db, locked):
    at = app()
    no_exception(at)
    assert at.markdown and any("Showing" in m.value for m in at.markdown)   # reading is open
    for page in ("Events", "Add an article", "Data"):
        go_to(at, page)
        no_exception(at)
        assert write_controls(at) == [], (page, write_controls(at))
    assert any("read-only for visitors" in i.value for i in at.info)
    assert [b.label for b in at.get("download_button")]   # downloads stay open
    assert EventStore(db).count() == 8


def test_a_wrong_password_keeps_the_app_read_only(db, locked):
    at = go_to(app(), "Add an article")
    sign_in(at, "not the password")
    no_exception(at)
    assert [e.value for e in at.error] == ["Wrong editor password."]
    assert write_controls(at) == []


def test_an_editor_signs_in_writes_with_a_name_and_signs_out(db, locked):
    at = go_to(app(), "Add an article")
    sign_in(at, PASSWORD, name="amina")
    no_exception(at)
    assert "Find events" in write_controls(at)
    at.text_area(key="ingest_text").input(ARTICLE)
    at.date_input(key="ingest_published").set_value(dt.date(2024, 10, 18))
    [find] = [b for b in at.button if b.label == "Find events"]
    find.click().run()
    at.session_state["ingest_editor"] = {"edited_rows": {0: {"actor1": "Unidentified Armed Group"}},
                                         "added_rows": [], "deleted_rows": []}
    at.run()
    [save] = [b for b in at.button if b.label.startswith("Save ")]
    save.click().run()
    no_exception(at)
    assert [s.value for s in at.success] == ["Saved: 1 new, 0 updated, 0 kept as you edited them."]
    store = EventStore(db)
    saved = store.load()
    row = saved[saved["location"].astype(str) == "Kharkiv"].iloc[0]
    assert row["actor1"] == "Unidentified Armed Group" and row["origin"] == "edited"
    [entry] = store.history(str(row["event_id"]))
    assert entry.editor == "amina" and entry.previous["origin"] == "extracted"
    assert entry.changes["actor1"] == "Unidentified Armed Group"
    go_to(at, "Data")
    assert "Events file" in write_controls(at)
    [sign_out] = [b for b in at.button if b.label == "Sign out"]
    sign_out.click().run()
    assert write_controls(at) == []


def test_the_save_path_checks_the_password_itself(db, locked):
    """Even a session that still holds a draft (say, from before the password was set) cannot save it."""
    def page() -> None:
        import streamlit as st

        from dashboard import ingest
        from geodata.sample import shipped_sample_events

        draft = shipped_sample_events().iloc[:1].copy()
        draft["event_id"] = "forged-0001"
        draft.insert(0, "keep", True)
        draft = draft.reset_index(drop=True)
        st.session_state["ingest_original"] = draft
        ingest._save(draft, ingest._editable(draft[ingest.EDIT_COLUMNS]))

    assert ensure_seeded(EventStore(db)) == 8
    at = AppTest.from_function(page, default_timeout=TIMEOUT).run()
    no_exception(at)
    assert any("read-only for visitors" in i.value for i in at.info)
    assert not at.success
    assert EventStore(db).count() == 8


def test_without_a_password_the_app_is_open(db, monkeypatch):
    monkeypatch.delenv("EVENT_ATLAS_EDITOR_PASSWORD", raising=False)
    at = go_to(app(), "Add an article")
    no_exception(at)
    assert "Find events" in write_controls(at)
    assert not [b for b in at.button if b.label == "Sign in"]


@pytest.mark.parametrize("page", ["Events", "Data"])
def test_a_store_that_is_no_database_is_one_visible_error(tmp_path, monkeypatch, page):
    import streamlit as st

    path = tmp_path / "events.sqlite"
    path.write_bytes(b"not a database " * 500)
    monkeypatch.setenv("EVENT_ATLAS_DB", str(path))
    st.cache_resource.clear()
    at = app()
    if page != "Events":
        go_to(at, page)
    no_exception(at)
    errors = [e.value for e in at.error]
    assert len(errors) == 1 and "not an Event Atlas database" in errors[0], errors
    assert str(tmp_path) not in errors[0] and "Traceback" not in errors[0]
    st.cache_resource.clear()


def test_the_details_panel_shows_the_history(db):
    store = EventStore(db)
    ensure_seeded(store)
    store.edit(USSURIYSK, {"fatalities": 3}, editor="amina")
    store.edit(USSURIYSK, {"location": "Vladivostok"}, editor="ben")
    at = app(event=USSURIYSK)
    no_exception(at)
    [expander] = [e for e in at.expander if e.label.startswith("History")]
    assert expander.label == "History: 2 edits"
    lines = [t.value for t in expander.text]
    assert len(lines) == 2
    assert ", amina: fatalities: " in lines[0] and lines[0].endswith(" → 3")
    assert "ben: location: Ussuriysk → Vladivostok" in lines[1]
