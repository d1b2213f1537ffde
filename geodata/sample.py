"""The sample article Event Atlas ships, and its events, so that a fresh install has something real to show.

The events are extracted by our own pipeline and kept in `geodata/data/sample_events.csv`, so that the
dashboard's first start does not wait for the gazetteer to be built; a test checks that the file still
equals a fresh extraction (`python -m geodata sample --write` regenerates it).
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass

import pandas as pd

from geodata.places.gazetteer.sources import data_path

EVENTS_FILE = "sample_events.csv"


@dataclass(frozen=True)
class SampleArticle:
    text: str
    title: str
    published: dt.date
    source: str
    source_url: str | None


def sample_article() -> SampleArticle:
    meta = json.loads(data_path("sample_article.json").read_text("utf-8"))
    return SampleArticle(text=data_path(meta["file"]).read_text("utf-8"), title=meta["title"],
                         published=dt.date.fromisoformat(meta["published"]), source=meta["source"],
                         source_url=meta.get("source_url"))


def extract_sample_events() -> pd.DataFrame:
    """The sample article's events, freshly extracted (needs the gazetteer)."""
    from geodata.extract import extract_events

    article = sample_article()
    return extract_events(article.text, article.published, article.source, article.source_url)


def shipped_sample_events() -> pd.DataFrame:
    """The sample article's events as shipped: no gazetteer needed."""
    from geodata.formats import read_events

    return read_events(data_path(EVENTS_FILE)).df


def write_sample_events() -> int:
    from geodata.formats import write_events

    events = extract_sample_events()
    data_path(EVENTS_FILE).write_bytes(write_events(events, "csv"))
    return len(events)


def ensure_seeded(store) -> int:
    """Give an empty store the sample events; returns how many were added (0 if it had events)."""
    if not store.is_empty():
        return 0
    return store.add(shipped_sample_events()).inserted
