"""The page's extraction worker (dashboard.extraction): it stops when the page stops waiting, at its deadline, when
its session is gone; it hands back the work's result or error; and only so many run at once. The browser test
(test_ingest_browser) checks the same on a real server."""

from __future__ import annotations

import datetime as dt
import threading
import time
from collections.abc import Callable

import pytest

from dashboard.extraction import Extraction, ExtractionTimedOut
from geodata.extract.events import ExtractionStopped, extract_events


class PageStopped(Exception):
    """Stands for Streamlit's StopException, raised by a Streamlit call in the script thread."""


def spin(should_stop) -> str:
    """Work that runs until told to stop, as the extractor does (asking once per sentence)."""
    while not should_stop():
        time.sleep(0.005)
    raise ExtractionStopped


def test_the_result_of_the_work():
    ticks: list[float] = []
    job = Extraction(lambda should_stop: "events", slots=threading.BoundedSemaphore(1)).start()
    assert job.wait(lambda j: ticks.append(1)) == "events"


def test_a_stop_on_the_page_cancels_the_worker():
    calls = []

    def tick(job: Extraction) -> None:
        calls.append(job)
        if len(calls) == 2:
            raise PageStopped

    job = Extraction(spin, slots=threading.BoundedSemaphore(1)).start()
    with pytest.raises(PageStopped):
        job.wait(tick)
    assert job.done.wait(2.0)   # the worker ended within a sentence or so
    assert isinstance(job.error, ExtractionStopped)


def test_the_deadline_stops_the_work():
    job = Extraction(spin, max_seconds=0.3, slots=threading.BoundedSemaphore(1)).start()
    started = time.monotonic()
    with pytest.raises(ExtractionTimedOut):
        job.wait(lambda j: None)
    assert time.monotonic() - started < 2.0


def test_a_gone_session_stops_the_work_without_the_page():
    alive = threading.Event()
    alive.set()
    job = Extraction(spin, alive=alive.is_set, slots=threading.BoundedSemaphore(1)).start()
    time.sleep(0.2)
    assert not job.done.is_set()
    alive.clear()   # the tab was closed; the script thread is elsewhere
    assert job.done.wait(2.0)
    assert isinstance(job.error, ExtractionStopped)


def test_the_works_error_reaches_the_page():
    def broken(should_stop):
        raise ValueError("bad article")

    with pytest.raises(ValueError, match="bad article"):
        Extraction(broken, slots=threading.BoundedSemaphore(1)).start().wait(lambda j: None)


def test_at_most_so_many_run_at_once():
    slots = threading.BoundedSemaphore(1)
    first = Extraction(spin, slots=slots).start()
    second = Extraction(lambda should_stop: "second", slots=slots).start()
    time.sleep(0.6)
    assert not first.waiting and second.waiting and not second.done.is_set()
    first.cancelled.set()
    assert second.wait(lambda j: None) == "second"
    assert not second.waiting


def test_a_waiting_job_cancelled_never_runs():
    slots = threading.BoundedSemaphore(1)
    first = Extraction(spin, slots=slots).start()
    ran = []
    second = Extraction(lambda should_stop: ran.append(1), slots=slots).start()
    second.cancelled.set()
    assert second.done.wait(2.0)
    first.cancelled.set()
    assert first.done.wait(2.0)
    assert ran == []


ARTICLE = "Russian forces shelled Kharkiv on Tuesday, officials said. Protesters marched in Lviv on 2 May."


def counting(stop_at: int | None = None) -> tuple[list[int], Callable[[], bool]]:
    """A should_stop that counts its calls and answers True from call `stop_at` on (never when None)."""
    asked: list[int] = []

    def should_stop() -> bool:
        asked.append(1)
        return stop_at is not None and len(asked) >= stop_at

    return asked, should_stop


def test_the_extractor_asks_between_sentences(parser):
    asked, never_stop = counting()
    never = extract_events(ARTICLE, dt.date(2024, 10, 18), "test", should_stop=never_stop)
    assert never.equals(extract_events(ARTICLE, dt.date(2024, 10, 18), "test"))
    assert len(never) == 2
    full = len(asked)
    assert full >= 2 + 2   # the places found (at least before and after the words), then each sentence
    for stop_at in (full, full - 1):   # the last questions are the sentences'
        asked, should_stop = counting(stop_at)
        with pytest.raises(ExtractionStopped):
            extract_events(ARTICLE, dt.date(2024, 10, 18), "test", should_stop=should_stop)
        assert len(asked) == stop_at


def long_text(paragraphs: int) -> str:
    """A long article of short reports, each paragraph naming towns: the place-finding takes seconds."""
    towns = ("Kharkiv", "Odesa", "Sumy", "Kherson", "Lviv", "Mosul", "Aleppo", "Goma", "Kabul", "Gao")
    return "\n\n".join(
        f"Russian forces shelled {towns[i % 10]} on Tuesday, officials said. Protesters marched in "
        f"{towns[(i + 3) % 10]} and {towns[(i + 7) % 10]} on {1 + i % 28} May. Police arrested 12 people near "
        f"{towns[(i + 5) % 10]}, the governor of the region said." for i in range(paragraphs))


def test_a_closed_session_stops_the_place_finding(parser, monkeypatch):
    """should_stop answers True from its second call: the extraction ends inside the geoparser, its places
    never resolved, and no sentence is read."""
    from geodata.places.geoparser import parser as parser_module

    resolved = []
    real_resolve = parser_module.resolve
    monkeypatch.setattr(parser_module, "resolve", lambda *args, **kw: resolved.append(1) or real_resolve(*args, **kw))
    text = long_text(2000)   # about 400 KB
    asked, should_stop = counting(stop_at=2)
    with pytest.raises(ExtractionStopped):
        extract_events(text, dt.date(2024, 10, 18), "test", should_stop=should_stop)
    assert len(asked) == 2
    assert resolved == []   # stopped before the places were resolved, let alone the sentences read


def test_the_geoparser_asks_once_per_chunk_and_answers_the_same(parser):
    from geodata.places.geoparser.stop import CHUNK, ParseStopped

    text = long_text(300)
    asked, never_stop = counting()
    assert parser.parse(text, never_stop) == parser.parse(text)
    words = len(text.split())
    assert words // CHUNK <= len(asked) <= 3 * (words // CHUNK + 1)   # about once a paragraph, not per word
    asked, should_stop = counting(stop_at=1)
    with pytest.raises(ParseStopped):
        parser.parse(text, should_stop)
    assert len(asked) == 1


def ingest_page() -> None:
    from dashboard.ingest import render

    render()


def test_an_article_past_the_deadline_is_a_message_on_the_page(app_store, monkeypatch, parser):
    from streamlit.testing.v1 import AppTest

    from dashboard import extraction

    monkeypatch.setattr(extraction, "MAX_SECONDS", 0.0)
    at = AppTest.from_function(ingest_page, default_timeout=60).run()
    at.text_area(key="ingest_text").input(ARTICLE)
    at.date_input(key="ingest_published").set_value(dt.date(2024, 10, 18))
    [button] = [b for b in at.button if b.label == "Find events"]
    button.click().run()
    assert not at.exception, [e.value for e in at.exception]
    assert [e.value for e in at.error] == [
        "Reading this article took longer than 0 s and was stopped. Split it into parts (chapters) and add each one."]
    assert not at.data_editor   # no draft
