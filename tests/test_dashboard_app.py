"""The dashboard run as Streamlit runs it (streamlit.testing.v1.AppTest), each test on its own temporary store.

The Events page runs through streamlit_app.py. The other pages are function pages of st.navigation, which the
public AppTest.switch_page cannot open (it takes page files only): go_to() opens them by page hash, and the
"Add an article" flow also runs dashboard.ingest.render alone in an AppTest.from_function wrapper. File uploads
go through AppTest's file_uploader.set_value. The browser tests make the same trips through the sidebar links.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from dashboard.table import LIST_COLUMNS
from geodata.sample import ensure_seeded
from geodata.store import EventStore

APP = str(Path(__file__).resolve().parents[1] / "streamlit_app.py")
TIMEOUT = 60

SEOUL, KIM_PUTIN, POLTAVA, MOSCOW, USSURIYSK = (
    "20762b60a824d5f7", "8d8f1a8f6dfab504", "11dc3c1b8e7cf433", "8b88a02eed726d46", "5ab9f74d065be677")
ASSERTED = {SEOUL, KIM_PUTIN, POLTAVA, MOSCOW, USSURIYSK}
ALL_IDS = ASSERTED | {"e1adfab3d4064989", "b316370198753a68", "03fa0357a7a82f51"}
USSURIYSK_NOTE = ("The South Korean intelligence service said some of the North Korean troops had already arrived "
                  "at military bases near Ussuriysk, north of Vladivostok.")
ARTICLE = "Russian forces shelled Kharkiv on Tuesday, officials said."
PUBLISHED = dt.date(2024, 10, 18)


@pytest.fixture
def db(app_store):
    """A fresh store for each test (see conftest.app_store)."""
    return app_store


def events_app(**params: str | list[str]) -> AppTest:
    """The Events page as a browser has it once the map is drawn: a first run (count line, map, sidebar), then
    the rerun the drawn map asks for, which adds the charts and the list (AppTest draws no map: run again)."""
    at = AppTest.from_file(APP, default_timeout=TIMEOUT)
    for name, value in params.items():
        at.query_params[name] = value
    return at.run().run()


def count_line(at: AppTest) -> str:
    lines = [m.value for m in at.markdown if "Showing" in m.value]
    assert len(lines) == 1, [m.value for m in at.markdown]
    return lines[0].strip("*")


def no_exception(at: AppTest) -> None:
    assert not at.exception, [e.value for e in at.exception]


def listed_ids(at: AppTest) -> list[str]:
    frame = at.dataframe(key="event_list").value
    assert list(frame.columns) == list(LIST_COLUMNS.values())
    return [str(i) for i in frame.index]


# ---------------------------------------------------------------------------------------------- Events page

def test_first_run_seeds_the_sample_and_shows_what_happened(db):
    assert not db.exists()
    at = events_app()
    no_exception(at)
    assert count_line(at) == "Showing 5 of 8 events"   # the future, hypothetical and denied ones are hidden
    assert EventStore(db).count() == 8
    assert set(listed_ids(at)) == ASSERTED
    assert listed_ids(at)[-1] == KIM_PUTIN   # newest first: the only event of 2024-10-07 comes last
    assert not at.warning
    assert any("Click a marker" in i.value for i in at.info)   # nothing selected yet
    assert at.title[0].value == "Event Atlas"


def test_a_new_session_gets_the_map_first_and_the_filters_charts_and_list_on_the_next_run(db):
    at = AppTest.from_file(APP, default_timeout=TIMEOUT).run()
    no_exception(at)
    assert count_line(at) == "Showing 5 of 8 events"
    assert not at.dataframe and not at.get("vega_lite_chart") and not at.get("download_button")
    assert not at.multiselect and not at.date_input
    assert any("follow as soon as the map is drawn" in c.value for c in at.caption)
    assert [b.label for b in at.sidebar.button] == ["Show the filters now"]
    at.run()   # the map reports that it is drawn (or any other rerun)
    no_exception(at)
    assert set(listed_ids(at)) == ASSERTED and len(at.get("vega_lite_chart")) >= 3 and at.get("download_button")
    assert [m.label for m in at.multiselect] == ["Event type", "Sub-event type", "Actor", "Country", "Place"]
    assert not any("follow as soon as" in c.value for c in at.caption)


def test_filters_from_the_url_survive_the_first_run_without_the_sidebar(db):
    at = AppTest.from_file(APP, default_timeout=TIMEOUT)
    at.query_params["type"] = "Strategic developments"
    at.run()
    assert count_line(at) == "Showing 4 of 8 events" and not at.multiselect
    at.run()
    assert count_line(at) == "Showing 4 of 8 events"
    assert at.multiselect(key="f_types").value == ["Strategic developments"]


@pytest.mark.parametrize(("params", "line", "expected"), [
    ({"type": "Strategic developments"}, "Showing 4 of 8 events", {SEOUL, KIM_PUTIN, MOSCOW, USSURIYSK}),
    ({"type": "Explosions/Remote violence"}, "Showing 1 of 8 events", {POLTAVA}),
    ({"country": "KR"}, "Showing 1 of 8 events", {SEOUL}),
    ({"country": ["RU", "UA"]}, "Showing 3 of 8 events", {POLTAVA, MOSCOW, USSURIYSK}),
    ({"place": ["Seoul", "Moscow"]}, "Showing 2 of 8 events", {SEOUL, MOSCOW}),
    ({"q": "Putin"}, "Showing 2 of 8 events", {KIM_PUTIN, MOSCOW}),
    ({"start": "2024-10-08"}, "Showing 4 of 8 events", {SEOUL, POLTAVA, MOSCOW, USSURIYSK}),
    ({"modality": ["asserted", "future", "hypothetical", "negated"]}, "Showing 8 of 8 events", ALL_IDS),
    ({"conf": "0.85"}, "Showing 2 of 8 events", {POLTAVA, USSURIYSK}),
])
def test_query_parameters_filter_the_view(db, params, line, expected):
    at = events_app(**params)
    no_exception(at)
    assert not at.warning, [w.value for w in at.warning]
    assert count_line(at) == line
    assert set(listed_ids(at)) == expected
    for name, value in params.items():   # the URL keeps the view
        assert at.query_params[name] == value


def test_country_kr_shows_the_seoul_event_only(db):
    at = events_app(country="KR")
    assert count_line(at) == "Showing 1 of 8 events"
    assert listed_ids(at) == [SEOUL]
    assert at.multiselect(key="f_countries").value == ["KR"]
    frame = at.dataframe(key="event_list").value
    assert frame.loc[SEOUL, "Place"] == "Seoul" and frame.loc[SEOUL, "Actor 1"] == "Yoon Suk Yeol"


def test_malformed_parameters_warn_and_are_ignored(db):
    at = events_app(start="yesterday", bogus="1", country="Ukraine", conf="7")
    no_exception(at)
    warnings = [w.value for w in at.warning]
    assert len(warnings) == 4, warnings
    assert any("start='yesterday'" in w for w in warnings)
    assert any("“bogus”" in w for w in warnings)
    assert any("country='Ukraine'" in w for w in warnings)
    assert any("conf='7'" in w for w in warnings)
    assert count_line(at) == "Showing 5 of 8 events"
    assert "bogus" not in at.query_params and "start" not in at.query_params   # the URL is cleaned up


def test_the_toggle_shows_future_hypothetical_and_denied_events(db):
    at = events_app()
    at.toggle(key="f_all_modalities").set_value(True).run()
    no_exception(at)
    assert count_line(at) == "Showing 8 of 8 events"
    assert set(listed_ids(at)) == ALL_IDS
    assert at.query_params["modality"] == ["asserted", "future", "hypothetical", "negated"]
    at.toggle(key="f_all_modalities").set_value(False).run()
    assert count_line(at) == "Showing 5 of 8 events"


def test_text_search(db):
    at = events_app()
    at.text_input(key="f_q").input("ussuriysk").run()
    no_exception(at)
    assert count_line(at) == "Showing 1 of 8 events"
    assert listed_ids(at) == [USSURIYSK]
    assert at.query_params["q"] == "ussuriysk"
    at.text_input(key="f_q").input("no such words anywhere").run()
    no_exception(at)
    assert count_line(at) == "Showing 0 of 8 events"
    assert listed_ids(at) == []


def test_sidebar_filters_narrow_the_view(db):
    at = events_app()
    at.multiselect(key="f_types").set_value(["Explosions/Remote violence"]).run()
    assert count_line(at) == "Showing 1 of 8 events" and listed_ids(at) == [POLTAVA]
    at.multiselect(key="f_types").set_value([]).run()
    at.multiselect(key="f_places").set_value(["Moscow", "Ussuriysk"]).run()
    no_exception(at)
    assert count_line(at) == "Showing 2 of 8 events" and set(listed_ids(at)) == {MOSCOW, USSURIYSK}
    assert at.query_params["place"] == ["Moscow", "Ussuriysk"]
    at.slider(key="f_conf").set_value(0.95).run()
    assert listed_ids(at) == [USSURIYSK]


def test_reset_button_clears_filters_and_url(db):
    at = events_app(type="Strategic developments", q="Seoul")
    assert count_line(at) == "Showing 1 of 8 events"
    at.toggle(key="f_all_modalities").set_value(True).run()
    assert count_line(at) == "Showing 2 of 8 events"   # the hypothetical Seoul event joins
    [reset] = [b for b in at.button if b.label == "Reset filters"]
    reset.click().run()
    no_exception(at)
    assert count_line(at) == "Showing 5 of 8 events"
    assert at.text_input(key="f_q").value == ""
    assert at.multiselect(key="f_types").value == []
    assert at.toggle(key="f_all_modalities").value is False
    assert dict(at.query_params) == {}
    assert set(listed_ids(at)) == ASSERTED


def go_to(at: AppTest, page_name: str) -> AppTest:
    """Open another st.navigation page in the same session, as its sidebar link does. AppTest.switch_page takes
    page files only and these pages are functions, so this sets the page hash AppTest's own switch_page would set
    (private AppTest attributes of streamlit 1.67, as pinned in requirements.txt)."""
    hashes = [h for h, info in at._registered_pages.items() if info.get("page_name") == page_name]
    assert len(hashes) == 1, at._registered_pages
    at._page_hash = hashes[0]
    return at.run()


def test_filters_survive_a_visit_to_another_page(db):
    """A run of another page makes Streamlit drop the sidebar widgets' state; coming back must neither fail
    (it raised KeyError 'f_dates') nor forget the filters."""
    at = events_app(country="KR")
    at.text_input(key="f_q").input("Yoon").run()
    assert count_line(at) == "Showing 1 of 8 events"
    for page_name, heading in (("Add an article", "Add an article"), ("Data", "Data")):
        go_to(at, page_name)
        no_exception(at)
        assert [h.value for h in at.header] == [heading]
        at.query_params.clear()   # in the browser the other page's URL holds no filters
        go_to(at, "Events")
        no_exception(at)
        assert count_line(at) == "Showing 1 of 8 events"
        assert at.multiselect(key="f_countries").value == ["KR"] and at.text_input(key="f_q").value == "Yoon"
        assert at.query_params["country"] == "KR" and at.query_params["q"] == "Yoon"


def test_an_article_added_in_the_session_shows_on_the_events_page(db):
    at = events_app()
    assert count_line(at) == "Showing 5 of 8 events"
    go_to(at, "Add an article")
    find_events(at, "Russian forces shelled Kharkiv on Tuesday. On Wednesday, protesters rallied in Tbilisi.")
    save_button(at).click().run()
    no_exception(at)
    assert [s.value for s in at.success] == ["Saved: 2 new, 0 updated, 0 kept as you edited them."]
    at.query_params.clear()
    go_to(at, "Events")
    no_exception(at)
    assert count_line(at) == "Showing 2 of 2 events"   # the sample events made way for the user's own
    assert {"Kharkiv", "Tbilisi"} <= set(at.dataframe(key="event_list").value["Place"])


def test_an_event_in_the_url_is_shown_with_its_source_sentence(db):
    at = events_app(event=USSURIYSK)
    no_exception(at)
    assert [s.value for s in at.subheader] == ["Selected event"]
    texts = [t.value for t in at.text]
    assert USSURIYSK_NOTE in texts
    assert "Place: Ussuriysk, Primorsky Krai, Russia" in texts
    assert f"Event id: {USSURIYSK}" in texts
    assert at.query_params["event"] == USSURIYSK


def test_a_selected_event_filtered_out_is_not_shown(db):
    at = events_app(event=USSURIYSK, country="KR")
    no_exception(at)
    assert not at.subheader
    assert any("Click a marker" in i.value for i in at.info)


def test_an_unknown_event_id_is_harmless(db):
    at = events_app(event="<img src=x onerror=alert(1)>")
    no_exception(at)
    assert count_line(at) == "Showing 5 of 8 events"
    assert not at.subheader


def test_the_list_follows_the_store(db):
    """An event added behind the page's back (the CLI, another session) appears on the next run."""
    at = events_app()
    assert count_line(at) == "Showing 5 of 8 events"
    store = EventStore(db)
    extra = store.load()
    extra = extra[extra["event_id"] == MOSCOW].copy()
    extra["event_id"] = "feedface00000001"
    extra["notes"] = "A second meeting in Moscow was held."
    store.add(extra)
    at.run()
    no_exception(at)
    assert count_line(at) == "Showing 6 of 9 events"
    assert "feedface00000001" in listed_ids(at)


# ---------------------------------------------------------------------------------------------- Add an article

def ingest_page() -> None:
    from dashboard.ingest import render

    render()


@pytest.fixture
def ingest(db) -> AppTest:
    assert ensure_seeded(EventStore(db)) == 8   # as the Events page would have done
    at = AppTest.from_function(ingest_page, default_timeout=TIMEOUT).run()
    no_exception(at)
    assert at.header[0].value == "Add an article"
    return at


def find_events(at: AppTest, text: str | None = None, published: dt.date = PUBLISHED) -> AppTest:
    if text is not None:
        at.text_area(key="ingest_text").input(text)
    at.date_input(key="ingest_published").set_value(published)
    [button] = [b for b in at.button if b.label == "Find events"]
    return button.click().run()


def save_button(at: AppTest):
    found = [b for b in at.button if b.label.startswith("Save ")]
    assert len(found) == 1, [b.label for b in at.button]
    return found[0]


def test_pasted_article_is_found_and_saved(ingest, db):
    at = ingest
    before = EventStore(db).count()
    assert before == 8
    find_events(at, ARTICLE)
    no_exception(at)
    assert [s.value for s in at.subheader] == ["1 events found"]
    draft = at.data_editor(key="ingest_editor").value
    assert list(draft["location"]) == ["Kharkiv"]
    assert str(draft["event_date"].iloc[0])[:10] == "2024-10-15"   # "on Tuesday" before Friday 18 October
    assert save_button(at).label == "Save 1 events"
    save_button(at).click().run()
    no_exception(at)
    assert [s.value for s in at.success] == ["Saved: 1 new, 0 updated, 0 kept as you edited them."]
    store = EventStore(db)
    assert store.count() == 1   # the 8 sample events made way for the user's first own event
    assert [i.value for i in at.info] == [
        "The 8 sample events were removed now that the store holds events of your own."]
    saved = store.load()
    kharkiv = saved[saved["location"].astype(str) == "Kharkiv"]
    assert len(kharkiv) == 1
    row = kharkiv.iloc[0]
    assert row["event_type"] == "Explosions/Remote violence" and row["origin"] == "extracted"
    assert row["source"] == "pasted article" and row["notes"] == ARTICLE
    assert not at.run().data_editor   # the draft is gone after saving
    find_events(at, ARTICLE)   # the same article again updates, never duplicates
    save_button(at).click().run()
    assert [s.value for s in at.success] == ["Saved: 0 new, 1 updated, 0 kept as you edited them."]
    assert EventStore(db).count() == 1   # the samples went with the first save


def test_two_events_one_dropped_one_moved(ingest, db):
    at = find_events(ingest, "Russian forces shelled Kharkiv on Tuesday. On Wednesday, protesters rallied in Tbilisi.")
    assert [s.value for s in at.subheader] == ["2 events found"]
    assert save_button(at).label == "Save 2 events"
    at.session_state["ingest_editor"] = {"edited_rows": {0: {"location": "Lviv, UA"}, 1: {"keep": False}},
                                         "added_rows": [], "deleted_rows": []}
    at.run()
    no_exception(at)
    assert not at.warning
    assert save_button(at).label == "Save 1 events"
    save_button(at).click().run()
    no_exception(at)
    assert [s.value for s in at.success] == ["Saved: 1 new, 0 updated, 0 kept as you edited them."]
    saved = EventStore(db).load().set_index("event_id")
    new = saved[saved["origin"].astype(str) == "edited"]
    assert len(new) == 1 and len(saved) == 1   # the sample events made way for the user's own
    assert new["location"].iloc[0] == "Lviv" and new["country_code"].iloc[0] == "UA"
    assert new["latitude"].iloc[0] == pytest.approx(49.84, abs=0.05)
    assert "Tbilisi" not in set(saved["location"].astype(str))


def test_an_unknown_place_is_reported(ingest, db):
    at = find_events(ingest, ARTICLE)
    at.session_state["ingest_editor"] = {"edited_rows": {0: {"location": "Qxzvbnmw"}},
                                         "added_rows": [], "deleted_rows": []}
    at.run()
    no_exception(at)
    assert [w.value for w in at.warning] == [
        "No place called “Qxzvbnmw” in the gazetteer; the event keeps its old place."]
    save_button(at).click().run()
    saved = EventStore(db).load()
    assert "Kharkiv" in set(saved["location"].astype(str))


def test_an_article_without_events(ingest, db):
    at = find_events(ingest, "The weather in the capital was mild and sunny all week.")
    no_exception(at)
    assert any("No events found in this article" in i.value for i in at.info)
    assert EventStore(db).count() == 8


def test_nothing_given_is_an_error(ingest):
    at = find_events(ingest)
    assert [e.value for e in at.error] == ["Paste an article or upload a file first."]


def test_an_uploaded_html_article_is_read(ingest, db):
    html = f"<html><body><nav>Menu</nav><p>{ARTICLE}</p><script>alert(1)</script></body></html>".encode()
    ingest.file_uploader[0].set_value(("story.html", html, "text/html"))
    at = find_events(ingest)
    no_exception(at)
    assert not at.error
    assert [s.value for s in at.subheader] == ["1 events found"]
    draft = at.data_editor(key="ingest_editor").value
    assert list(draft["notes"]) == [ARTICLE]


@pytest.mark.parametrize(("name", "data", "message"), [
    ("scan.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "scan.txt is a binary file, not text."),
    ("empty.md", b"   \n", "empty.md has no text."),
    ("huge.txt", b"a" * 5_000_001, "huge.txt is 5.0 MB; an article must be under 5 MB."),
    ("book.txt", b"word " * 250_000, "book.txt has 1,249,999 characters of text; an article must have at most "
                                     "1,000,000. Split it into parts (chapters) and add each one."),
])
def test_an_unreadable_upload_is_an_error(ingest, db, name, data, message):
    ingest.file_uploader[0].set_value((name, data, "text/plain"))
    at = find_events(ingest)
    no_exception(at)
    assert [e.value for e in at.error] == [message]
    assert not at.data_editor
    assert EventStore(db).count() == 8


# ---------------------------------------------------------------------------------------------- Data

def data_page() -> None:
    from dashboard.data_page import render

    render()


def test_data_page_downloads_the_view_and_imports_with_a_report(db):
    from geodata.formats import WRITABLE, write_events

    store = EventStore(db)
    assert ensure_seeded(store) == 8
    at = AppTest.from_function(data_page, default_timeout=TIMEOUT).run()
    no_exception(at)
    labels = [button.label for button in at.get("download_button")]
    assert labels == [f.label for f in WRITABLE]   # from the formats registry
    assert "ACLED CSV" in labels and "GeoParquet" in labels
    assert any("The 5 events of the current view" in c.value for c in at.caption)   # asserted events only
    good = store.load().iloc[:2].copy()
    good["event_id"] = ["feedface00000011", "feedface00000012"]
    good["tags"] = None   # the user's own events, not samples
    csv_text = write_events(good, "csv").decode("utf-8")
    header, first, second = csv_text.rstrip("\r\n").split("\r\n")
    bad = second.replace(",2024-10-", ",2024-13-", 1)   # an impossible month on line 3
    at.file_uploader[0].set_value(("events.csv", (header + "\r\n" + first + "\r\n" + bad + "\r\n").encode(),
                                   "text/csv")).run()
    at.button[0].click().run()
    no_exception(at)
    assert not at.success   # rows were rejected: a warning, not a success
    assert any("events.csv: 1 of 2 rows taken, 1 rejected (1 new, 0 updated)" in w.value.replace("\\", "")
               for w in at.warning)
    assert any("line 3" in t.value and "bad date" in t.value for t in at.text)
    assert any(b.label == "Download every rejected row (CSV)" for b in at.get("download_button"))
    assert any("8 sample events were removed" in i.value for i in at.info)
    assert store.count() == 1   # the samples made way for the user's own event
