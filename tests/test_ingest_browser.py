"""An article extraction belongs to its browser session (Debian's Chromium through Playwright, see browser_harness):
closing the tab stops it, so the server's CPU falls back to idle within seconds, and SIGTERM to `streamlit run`
ends the server within seconds even while an extraction runs.

The server's CPU use is read from /proc/<pid>/stat (user + system time of all its threads)."""

from __future__ import annotations

import os
import re
import signal
import time
from pathlib import Path

import pytest
from browser_harness import Offline, launch, streamlit_server
from playwright.sync_api import sync_playwright

from geodata.sample import ensure_seeded
from geodata.store import EventStore

pytestmark = [pytest.mark.browser, pytest.mark.slow]

IDLE = 0.1    # cores: no session and nothing running
STOP_WITHIN_S = 5.0
WAIT_MS = 180_000   # for the page to draw, the upload to land, the extraction to start
RUNNING = re.compile(r"^Finding its places, then its events sentence by sentence \(\d+ s; stopped after \d+ s\)…$")


def long_article(chars: int = 900_000) -> str:
    """Every clause an event to read: about 15 s of extraction on an idle core (benchmarks.sessions)."""
    from benchmarks.sessions import dense_article

    return dense_article(chars)


def upload_article(page, text: str, published: tuple[str, str, str]) -> None:
    """As a file (typing 900 KB into the text box takes the browser minutes), with the Published date typed."""
    page.locator("input[type=file]").first.set_input_files(
        {"name": "long.txt", "mimeType": "text/plain", "buffer": text.encode("utf-8")})
    page.get_by_text("long.txt").first.wait_for()
    for part, value in zip(("year", "month", "day"), published, strict=True):
        page.get_by_role("spinbutton", name=f"{part}, Published").click()
        page.keyboard.type(value)
    page.keyboard.press("Escape")   # close the calendar, which would cover the button


def cpu_seconds(pid: int) -> float:
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")   # utime, stime


def cores_used(pid: int, seconds: float) -> float:
    before = cpu_seconds(pid)
    time.sleep(seconds)
    return (cpu_seconds(pid) - before) / seconds


@pytest.fixture
def store_db(tmp_path, gazetteer):   # the place index built here first, not by the server
    db = tmp_path / "events.sqlite"
    store = EventStore(db)
    assert ensure_seeded(store) > 0
    store.close()
    return db


def start_extraction(server, playwright):
    """A browser on the Add an article page with a long article whose extraction has started; (browser, page)."""
    browser = launch(playwright)
    context = browser.new_context(viewport={"width": 1400, "height": 1100})
    context.route("**/*", Offline())
    page = context.new_page()
    page.set_default_timeout(WAIT_MS)   # a machine busy with other work draws the page slowly
    page.goto(server.url)
    page.get_by_role("link", name="Add an article").click()
    page.get_by_label("…or paste the article").wait_for()
    upload_article(page, long_article(), published=("2024", "10", "18"))
    page.get_by_role("button", name="Find events").click()
    page.get_by_text("Reading the article").first.wait_for()
    # the worker finds the places, then reads sentence by sentence: it can be stopped throughout
    page.get_by_text(RUNNING).first.wait_for()
    page.wait_for_timeout(2_000)
    assert page.get_by_text(RUNNING).count() > 0, server.log_tail()   # and is still at it
    return browser, page


def test_closing_the_page_stops_its_extraction(store_db, tmp_path):
    with streamlit_server(store_db, tmp_path / "streamlit.log") as server, sync_playwright() as playwright:
        browser, page = start_extraction(server, playwright)
        page.close()
        browser.close()
        time.sleep(STOP_WITHIN_S)
        assert cores_used(server.process.pid, 3.0) < IDLE, server.log_tail()
        assert server.process.poll() is None   # the server itself goes on
        assert "Traceback" not in server.log_tail(100_000)


def test_sigterm_ends_the_server_during_an_extraction(store_db, tmp_path):
    with streamlit_server(store_db, tmp_path / "streamlit.log") as server, sync_playwright() as playwright:
        browser, _ = start_extraction(server, playwright)
        try:
            started = time.monotonic()
            os.kill(server.process.pid, signal.SIGTERM)
            server.process.wait(timeout=60)
            took = time.monotonic() - started
        finally:
            browser.close()
        assert took < STOP_WITHIN_S, f"the server took {took:.1f} s to stop after SIGTERM"
