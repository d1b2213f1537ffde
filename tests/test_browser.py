"""The dashboard in a real browser: Debian's Chromium driven by Playwright against `streamlit run streamlit_app.py`.

One server for the module, over a temporary store holding the sample events plus one hostile event whose text is
HTML. The network ends at localhost (browser_harness.Offline): the map's libraries are the app's own, tiles fail and
the map falls back to its country outlines. The tests run in file order: the last one adds an article's events.

The store at the start: the 8 sample events (5 asserted: Seoul, Pyongyang, Poltava, Moscow, Ussuriysk) and the
hostile event (asserted, near Ulaanbaatar), so the default view shows 6 of 9, all located.
"""

from __future__ import annotations

import time
import urllib.parse

import pytest
from browser_harness import (
    Offline,
    cluster_colours,
    count_line,
    launch,
    map_frame,
    marker_counts,
    paste_article,
    streamlit_server,
    wait_count_line,
    wait_map,
)
from playwright.sync_api import sync_playwright

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
def server(tmp_path_factory, gazetteer):   # the place index built here first, not by the server
    folder = tmp_path_factory.mktemp("browser")
    db = folder / "events.sqlite"
    store = EventStore(db)
    assert ensure_seeded(store) == 8
    assert store.add(hostile_event()).inserted == 1
    store.close()
    started = time.monotonic()
    with streamlit_server(db, folder / "streamlit.log") as running:
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
    """A fresh browser context (a new Streamlit session) whose network ends at localhost; any alert(), page error
    or request for a script, style or font from outside fails the test."""
    context = browser.new_context(viewport={"width": 1400, "height": 1100})
    offline = Offline()
    context.route("**/*", offline)
    dialogs: list[str] = []
    errors: list[str] = []

    def on_dialog(dialog) -> None:
        dialogs.append(dialog.message)
        dialog.dismiss()

    tab = context.new_page()
    tab.on("dialog", on_dialog)
    tab.on("pageerror", lambda error: errors.append(str(error)))
    tab.offline = offline
    try:
        yield tab
    finally:
        context.close()
    assert dialogs == [], f"the page opened dialogs: {dialogs}"
    assert errors == [], f"page errors: {errors}"
    assert offline.not_tiles() == [], f"requests that left localhost: {offline.not_tiles()}"


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


def test_offline_the_map_draws_its_own_outlines(page, server):
    frame = open_view(page, server, markers=6)
    frame.locator(".ea-offline-note").wait_for(timeout=15_000)
    assert "country outlines" in frame.locator(".ea-offline-note").inner_text()
    assert frame.locator(".leaflet-eaBasemap-pane path").count() > 100   # Natural Earth countries drawn
    assert frame.evaluate("() => typeof L === 'object' && L.version") == "1.9.4"
    assert any(kind == "image" for kind, _ in page.offline.blocked)     # the tiles were tried and refused
    scale = frame.locator(".leaflet-control-scale-line")
    assert scale.count() == 1 and scale.inner_text().endswith(("km", "m"))   # metric only
    legend, ruler = frame.locator(".ea-legend").bounding_box(), scale.bounding_box()
    assert legend["y"] + legend["height"] <= ruler["y"] + 1   # stacked above the scale, not over it


def test_clusters_are_coloured_by_their_mix_of_types(page, server):
    frame = open_view(page, server, markers=6)
    frame.evaluate("() => map_div.setView([45, 80], 1, {animate: false})")   # the world
    orange, grey = "rgb(255, 127, 14)", "rgb(127, 127, 127)"   # Explosions/Remote violence, Strategic developments
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline and not any(orange in colours for _, colours in cluster_colours(frame)):
        page.wait_for_timeout(200)
    assert sum(marker_counts(frame)) == 6
    mixed = [(count, colours) for count, colours in cluster_colours(frame) if orange in colours]
    assert len(mixed) == 1, cluster_colours(frame)   # Poltava with Moscow
    count, colours = mixed[0]
    assert count == 2 and colours.startswith("conic-gradient") and grey in colours
    assert all(colours.startswith("conic-gradient") and grey in colours for _, colours in cluster_colours(frame))
    titles = frame.locator(".ea-cluster").evaluate_all(
        "cs => cs.map(c => c.title).filter(t => t.includes('Explosions'))")
    assert titles == ["2 events: 1 Explosions/Remote violence, 1 Strategic developments"]


def test_selecting_an_event_keeps_the_zoom(page, server):
    frame = open_view(page, server, "?country=RU", markers=2)
    zoom = frame.evaluate("() => map_div.getZoom()") - 1
    frame.evaluate(f"() => map_div.setZoom({zoom}, {{animate: false}})")
    page.wait_for_timeout(500)
    marker_with_id(frame, USSURIYSK).click()
    page.get_by_text("Selected event", exact=True).wait_for(timeout=30_000)
    deadline = time.monotonic() + 15
    state = None
    while time.monotonic() < deadline:
        state = frame.evaluate("""() => [map_div.getZoom(), map_div.getCenter().lat, map_div.getCenter().lng,
            document.querySelectorAll('path[stroke="#ffd400"]').length]""")
        if state[3] == 1 and abs(state[1] - 43.8) < 0.5 and abs(state[2] - 131.95) < 0.5:
            break   # the pan has ended (under load it is seen mid-way)
        page.wait_for_timeout(200)
    assert state is not None and state[0] == zoom, state            # the same map, at the zoom it had
    assert abs(state[1] - 43.8) < 0.5 and abs(state[2] - 131.95) < 0.5, state   # panned to Ussuriysk
    assert state[3] == 1, state                                      # ringed
    assert map_frame(page) == frame                                  # not rebuilt


def test_the_filters_come_on_request_when_the_map_never_reports(page, server):
    page.route("**/component/streamlit_folium*/**", lambda route: route.abort())   # a browser that blocks it
    page.goto(f"{server.url}/?type=Protests")
    assert count_line(page)[1] == 9
    types = page.locator('[data-testid="stSidebar"] [data-testid="stMultiSelect"]').filter(
        has=page.get_by_text("Event type", exact=True))
    page.get_by_role("button", name="Show the filters now").click()
    types.wait_for(timeout=30_000)
    assert "Protests" in types.inner_text()
    page.locator('[data-testid="stDataFrame"]').first.wait_for(timeout=10_000)


def test_url_filter_changes_the_count_line(page, server):
    query = "?" + urllib.parse.urlencode({"type": "Explosions/Remote violence"})
    assert "Explosions%2FRemote+violence" in query
    frame = open_view(page, server, query, markers=1)
    assert count_line(page) == (1, 9)
    assert marker_counts(frame) == (1, 0)
    assert marker_with_id(frame, "11dc3c1b8e7cf433") is not None
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
    paste_article(page, ARTICLE, published=("2024", "10", "18"))
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


def test_a_shared_view_opens_offline_from_a_file(browser, tmp_path):
    """The downloaded page alone, from disk, with no network at all: map, outlines, clusters and list."""
    from dashboard.share import share_html

    events = shipped_sample_events()
    events = schema.coerce(events)
    path = tmp_path / "view.html"
    path.write_text(share_html(events, "Sample view", "Filters: none"), encoding="utf-8")
    context = browser.new_context(viewport={"width": 1200, "height": 900})
    offline, errors = Offline(), []
    context.route("**/*", offline)
    tab = context.new_page()
    tab.on("pageerror", lambda error: errors.append(str(error)))
    try:
        tab.goto(path.as_uri())
        tab.wait_for_function("() => window.__eaMap && window.__eaMap.events === 8", timeout=15_000)
        assert tab.locator(".ea-offline-note").inner_text().startswith("Offline basemap")
        assert tab.locator(".leaflet-eaBasemap-pane path").count() > 100
        assert tab.locator("table.dataframe tbody tr").count() == 8
        assert sum(marker_counts(tab.main_frame)) == 8
    finally:
        context.close()
    assert errors == [] and offline.blocked == []   # not even a tile was asked for
