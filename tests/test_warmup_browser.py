"""A started server prepares the first visitor's page before anyone comes (dashboard.warmup via st.App's
lifespan), and the page it prepared still works: the map's component is served although the warm-up, not a
visitor's run, imported it."""

from __future__ import annotations

import time

import pytest
from browser_harness import Offline, count_line, launch, marker_counts, streamlit_server, wait_map
from playwright.sync_api import sync_playwright

from geodata.store import EventStore

pytestmark = [pytest.mark.browser, pytest.mark.slow]


def _stored(db) -> int:
    store = EventStore(db)
    try:
        return len(store.load())
    finally:
        store.close()


def _wait_stored(db, at_least: int, timeout: float = 60.0) -> int:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if db.exists() and (found := _stored(db)) >= at_least:
            return found
        time.sleep(0.25)
    raise AssertionError(f"the store at {db} never held {at_least} events")


def test_a_started_server_reads_its_store_before_any_visitor_and_its_map_draws(tmp_path):
    db = tmp_path / "events.sqlite"
    with streamlit_server(db, tmp_path / "streamlit.log") as server:
        # a fresh store gets the sample events when the page first reads it: here no visitor has come
        assert _wait_stored(db, 8) == 8
        assert (tmp_path / "events.snapshot.arrow").exists()   # the events loaded, as the page loads them
        with sync_playwright() as playwright:
            browser = launch(playwright)
            try:
                context = browser.new_context(viewport={"width": 1400, "height": 1100})
                context.route("**/*", Offline())
                page = context.new_page()
                errors: list[str] = []
                page.on("pageerror", lambda error: errors.append(str(error)))
                page.goto(server.url + "/")
                assert count_line(page) == (5, 8)
                singles, clustered = marker_counts(wait_map(page, 5))
                assert singles + clustered == 5
                assert errors == []
            finally:
                browser.close()
        assert "Traceback" not in server.log_tail()


def test_a_broken_store_at_start_is_one_line_in_the_log(tmp_path):
    db = tmp_path / "events.sqlite"
    db.write_bytes(b"not a database at all" * 100)
    with streamlit_server(db, tmp_path / "streamlit.log") as server:
        deadline = time.monotonic() + 60
        while "could not be read" not in server.log_tail() and time.monotonic() < deadline:
            time.sleep(0.25)
        log = server.log_tail()
    assert "the file is not an Event Atlas database" in log
    assert "Traceback" not in log
    assert db.read_bytes() == b"not a database at all" * 100   # untouched
