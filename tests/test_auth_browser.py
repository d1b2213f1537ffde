"""The editor password in a real browser (Debian's Chromium through Playwright, see browser_harness): a visitor of
a deployment with EVENT_ATLAS_EDITOR_PASSWORD reads but finds no way to add or import; an editor signs in in the
sidebar and saves an article, which lands in the store with the editor's name on its history."""

from __future__ import annotations

import contextlib
import os
from collections.abc import Iterator

import pytest
from browser_harness import Offline, count_line, launch, paste_article, streamlit_server
from playwright.sync_api import sync_playwright

from geodata.sample import ensure_seeded
from geodata.store import EventStore

PASSWORD = "correct horse battery staple"
ARTICLE = "Russian forces shelled Kharkiv on Tuesday, officials said."
READ_ONLY = "read-only for visitors"


@contextlib.contextmanager
def environment(**values: str) -> Iterator[None]:
    saved = {name: os.environ.get(name) for name in values}
    os.environ.update(values)
    try:
        yield
    finally:
        for name, value in saved.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value


@pytest.fixture(scope="module")
def server(tmp_path_factory, gazetteer):   # the place index built here first, not by the server
    folder = tmp_path_factory.mktemp("auth-browser")
    db = folder / "events.sqlite"
    store = EventStore(db)
    seeded = ensure_seeded(store)
    assert seeded > 0
    store.close()
    with environment(EVENT_ATLAS_EDITOR_PASSWORD=PASSWORD), streamlit_server(db, folder / "streamlit.log") as running:
        running.db = db
        running.seeded = seeded
        yield running


@pytest.fixture
def page(server):
    with sync_playwright() as playwright:
        browser = launch(playwright)
        context = browser.new_context(viewport={"width": 1400, "height": 1100})
        context.route("**/*", Offline())
        try:
            yield context.new_page()
        finally:
            context.close()
            browser.close()


def test_a_visitor_finds_no_way_to_write(page, server):
    page.goto(server.url)
    assert count_line(page)[1] == server.seeded   # reading is open
    page.get_by_role("link", name="Add an article").click()
    page.get_by_text(READ_ONLY).wait_for(timeout=30_000)
    assert page.get_by_role("button", name="Find events").count() == 0
    assert page.get_by_label("…or paste the article").count() == 0
    page.get_by_role("link", name="Data").click()
    page.get_by_text(READ_ONLY).wait_for(timeout=30_000)
    assert page.locator("[data-testid=stFileUploader]").count() == 0
    assert page.locator("input[type=file]").count() == 0
    page.get_by_label("Editor password").fill("guess")
    page.get_by_role("button", name="Sign in").click()
    page.get_by_text("Wrong editor password.").wait_for(timeout=30_000)
    assert page.locator("input[type=file]").count() == 0
    assert page.locator("[data-testid=stException]").count() == 0
    assert EventStore(server.db).count() == server.seeded


def test_an_editor_signs_in_and_saves_an_article(page, server):
    page.goto(server.url)
    count_line(page)
    page.get_by_label("Your name").fill("amina")
    page.get_by_label("Editor password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.get_by_text("Signed in as amina (editor).").wait_for(timeout=30_000)
    page.get_by_role("link", name="Add an article").click()
    paste_article(page, ARTICLE, published=("2024", "10", "18"))
    page.get_by_role("button", name="Find events").click()
    page.get_by_text("1 events found", exact=True).wait_for(timeout=60_000)
    page.get_by_role("button", name="Save 1 events").click()
    page.get_by_text("Saved: 1 new, 0 updated, 0 kept as you edited them.").wait_for(timeout=30_000)
    assert EventStore(server.db).count() == 1   # the sample events made way for the editor's own
    page.get_by_role("link", name="Data").click()
    page.locator("[data-testid=stFileUploader]").wait_for(timeout=30_000)
    page.get_by_role("button", name="Sign out").click()
    page.get_by_text(READ_ONLY).wait_for(timeout=30_000)
    assert page.locator("[data-testid=stFileUploader]").count() == 0
    assert page.locator("[data-testid=stException]").count() == 0
