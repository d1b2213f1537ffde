"""The dashboard in a real browser: Debian's Chromium driven by Playwright against `streamlit run streamlit_app.py`.

One server for the module, over a temporary store holding the sample events plus one hostile event whose text is
HTML. The map's libraries come from npm packages (see browser_harness). The tests run in file order: the last one
adds an article's events to the store.

The store at the start: the 8 sample events (5 asserted: Seoul, Pyongyang, Poltava, Moscow, Ussuriysk) and the
hostile event (asserted, near Ulaanbaatar), so the default view shows 6 of 9, all located.
"""

from __future__ import annotations

import time
import urllib.parse

import pytest
from playwright.sync_api import sync_playwright

from browser_harness import (
    OfflineRoutes,
    count_line,
    ensure_assets,
    launch,
    map_frame,
    marker_counts,
    streamlit_server,
    wait_count_line,
    wait_map,
)
from geodata import schema
from geodata.sample import ensure_seeded, shipped_sample_events
from geodata.store import EventStore

HOSTILE_ID = "badc0ffee0000001"
PAYLOAD = '<img src=x onerror="window.__xss=1">'
HOSTILE_NOTES = f"Protesters gathered in the square {PAYLOAD} <script>window.__xss=2</script> and left."
HOSTILE_PLACE = f'{PAYLOAD}<img src=y onerror="alert(3)">'
USSURIYSK, MOSCOW = "5ab9f74d065be677", "8b88a02eed726d46"
USSURIYSK_NOTE = ("The South Korean intelligence service said some of the North Korean troops had already arrived "
                  "at military bases near Ussuriysk, north of Vladivostok.")
MOSCOW_NOTE = "Putin has submitted a bill to Russia's lower house of parliament"
ARTICLE = "Russian forces shelled Kharkiv on Tuesday. On Wednesday, protesters rallied in Tbilisi."


def hostile_event() -> object:
    sample = shipped_sample_events()
    row = sample[sample["event_id"] == MOSCOW].copy()
    row["event_id"] = HOSTILE_ID
    row["notes"] = HOSTILE_NOTES
    row["location"] = HOSTILE_PLACE
    row["actor1"] = PAYLOAD
    row["country"], row["country_code"], row["admin1"] = "Mongolia", "MN", "Ulaanbaatar"
    row["latitude"], row["longitude"] = 47.92, 106.92
    return schema.coerce(row)


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    assets = ensure_assets()   # npm missing: an error here, not a skip
    folder = tmp_path_factory.mktemp("browser")
    db = folder / "events.sqlite"
    store = EventStore(db)
    assert ensure_seeded(store) == 8
    assert store.add(hostile_event()).inserted == 1
    store.close()
    started = time.monotonic()
    with streamlit_server(db, folder / "streamlit.log") as running:
        running.assets = assets
        running.db = db
        running.started_in = time.monotonic() - started
        yield running


@pytest.fixture(scope="module")
def browser(server):
    with sync_playwright() as playwright:
        chromium = launch(playwright)
        try:
            yield chromium
        finally:
            chromium.close()


@pytest.fixture
def page(browser, server):
    """A fresh browser context (a new Streamlit session) with the offline routes; any alert() fails the test."""
    context = browser.new_context(viewport={"width": 1400, "height": 1100})
    routes = OfflineRoutes(server.assets)
    context.route("**/*", routes)
    dialogs: list[str] = []

    def on_dialog(dialog) -> None:
        dialogs.append(dialog.message)
        dialog.dismiss()

    tab = context.new_page()
    tab.on("dialog", on_dialog)
    try:
        yield tab
    finally:
        context.close()
    assert dialogs == [], f"the page opened dialogs: {dialogs}"
    assert any("leaflet" in url for url in routes.served), "Leaflet was never loaded from the npm package"


def open_view(page, server, query: str = "", markers: int | None = None):
    """Load a view; returns the frame of its map once that shows `markers` events (or any map at all)."""
    page.goto(f"{server.url}/{query}")
    count_line(page)
    return map_frame(page) if markers is None else wait_map(page, markers)


def marker_with_id(frame, event_id: str):
    """Hover each single marker until the tooltip names the event; returns that marker."""
    markers = frame.locator("path.leaflet-interactive")
    seen = []
    for i in range(markers.count()):
        markers.nth(i).hover()
        tooltip = frame.locator(".leaflet-tooltip")
        tooltip.last.wait_for(timeout=5_000)
        text = tooltip.last.inner_text()
        seen.append(text)
        if f"id: {event_id}" in text:
            return markers.nth(i)
    raise AssertionError(f"no marker with id {event_id}; tooltips: {seen}")


def test_markers_for_the_sample_events(page, server):
    frame = open_view(page, server, markers=6)
    assert count_line(page) == (6, 9)
    singles, clustered = marker_counts(frame)
    assert singles + clustered == 6
    legend = frame.locator(".event-atlas-legend").inner_text()
    assert "Strategic developments" in legend and "Explosions/Remote violence" in legend
    page.get_by_text("Include future, hypothetical and denied events").click()
    wait_count_line(page, 9, 9)
    wait_map(page, 9)


def test_url_filter_changes_the_count_line(page, server):
    query = "?" + urllib.parse.urlencode({"type": "Explosions/Remote violence"})
    assert "Explosions%2FRemote+violence" in query
    frame = open_view(page, server, query, markers=1)
    assert count_line(page) == (1, 9)
    assert marker_counts(frame) == (1, 0)
    assert marker_with_id(frame, "142c577271cddf62") is not None
    assert "type=Explosions" in page.url


def test_clicking_a_marker_selects_its_event(page, server):
    frame = open_view(page, server, "?country=RU", markers=2)
    assert count_line(page) == (2, 9)
    assert marker_counts(frame) == (2, 0)
    page.get_by_text("Click a marker or a row of the list").wait_for()
    marker_with_id(frame, USSURIYSK).click()
    page.get_by_text("Selected event", exact=True).wait_for(timeout=30_000)
    page.get_by_text(USSURIYSK_NOTE, exact=True).wait_for(timeout=10_000)
    assert page.get_by_text(f"Event id: {USSURIYSK}", exact=True).count() == 1
    assert page.get_by_text(MOSCOW_NOTE).count() == 0
    deadline = time.monotonic() + 10
    while f"event={USSURIYSK}" not in page.url and time.monotonic() < deadline:
        page.wait_for_timeout(200)
    assert f"event={USSURIYSK}" in page.url   # the link points at the selected event


def xss_fired(page) -> list[str]:
    found = []
    for frame in page.frames:
        try:
            state = frame.evaluate("() => [typeof window.__xss, document.querySelectorAll('img[src=\"x\"],"
                                   " img[src=\"y\"]').length]")
        except Exception:   # a frame torn down meanwhile has run nothing more
            continue
        if state != ["undefined", 0]:
            found.append(f"{frame.url[:80]}: {state}")
    return found


def test_hostile_text_runs_no_script(page, server):
    open_view(page, server, markers=6)
    page.wait_for_timeout(500)
    assert xss_fired(page) == []
    frame = open_view(page, server, "?q=onerror", markers=1)
    assert count_line(page) == (1, 9)
    marker = marker_with_id(frame, HOSTILE_ID)
    tooltip = frame.locator(".leaflet-tooltip").last.inner_text()
    assert PAYLOAD in tooltip   # shown as text, not made into an element
    assert frame.locator(".leaflet-tooltip img").count() == 0
    marker.click()
    page.get_by_text("Selected event", exact=True).wait_for(timeout=30_000)
    page.get_by_text(HOSTILE_NOTES, exact=True).wait_for(timeout=10_000)
    assert page.get_by_text(f"Place: {HOSTILE_PLACE}, Ulaanbaatar, Mongolia", exact=True).count() == 1
    wait_map(page, 1)
    page.wait_for_timeout(1_000)
    assert xss_fired(page) == []


def test_a_saved_article_adds_markers(page, server):
    open_view(page, server, markers=6)
    assert count_line(page) == (6, 9)
    page.get_by_role("link", name="Add an article").click()
    text = page.get_by_label("…or paste the article")
    text.fill(ARTICLE)
    text.press("Control+Enter")
    for part, value in (("year", "2024"), ("month", "10"), ("day", "18")):
        page.get_by_role("spinbutton", name=f"{part}, Published").click()
        page.keyboard.type(value)
    page.keyboard.press("Escape")   # close the calendar, which would cover the button
    page.get_by_role("button", name="Find events").click()
    page.get_by_text("2 events found", exact=True).wait_for(timeout=30_000)
    wait_map(page, 2)   # the preview map shows both events
    page.get_by_role("button", name="Save 2 events").click()
    page.get_by_text("Saved: 2 new, 0 updated, 0 kept as you edited them.").wait_for(timeout=30_000)
    # the 8 sample events made way for the user's first own save; the event stored beside them stays
    assert EventStore(server.db).count() == 3
    page.get_by_role("link", name="Events").click()
    assert wait_count_line(page, 3, 3) == (3, 3)
    assert sum(marker_counts(wait_map(page, 3))) == 3
    assert page.locator("[data-testid=stException]").count() == 0
