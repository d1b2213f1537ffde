"""The sample article Event Atlas ships, and its events, so that a fresh install has something real to show.

The events are extracted by our own pipeline and kept in `geodata/data/sample_events.csv`, so that the
dashboard's first start does not wait for the gazetteer to be built; a test checks that the file still
equals a fresh extraction (`python -m geodata sample --write` regenerates it).

Seeded into a store, the sample events carry the tag "sample". They make way for the user's own: the first
time events that are not samples are stored, the samples are removed (`store_own_events`), and an export never
mixes them with real events (`without_samples`).
"""

from __future__ import annotations

import datetime as dt
import itertools
import json
import logging
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING, TypeVar

import pandas as pd

from geodata.places.gazetteer.sources import data_path

if TYPE_CHECKING:
    from geodata.store import AddResult, EventStore

EVENTS_FILE = "sample_events.csv"
SAMPLE_TAG = "sample"
R = TypeVar("R")
log = logging.getLogger(__name__)


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


def mark_samples(events: pd.DataFrame) -> pd.DataFrame:
    """The events tagged as samples."""
    return events.assign(tags=SAMPLE_TAG)


def is_sample(events: pd.DataFrame) -> pd.Series:
    """True for sample events: tagged so when seeded, or, in stores seeded before the tag, the shipped sample
    events themselves (same id, still as extracted)."""
    if events.empty:
        return pd.Series(False, index=events.index, dtype=bool)
    tagged = events["tags"].astype("str").eq(SAMPLE_TAG).fillna(False).astype(bool)
    legacy = events["event_id"].astype("str").isin(_shipped_ids()) & events["origin"].astype("str").eq(
        "extracted").fillna(False).astype(bool)
    return tagged | legacy


def _shipped_ids() -> set[str]:
    return set(shipped_sample_events()["event_id"].astype("str"))


def without_samples(events: pd.DataFrame) -> pd.DataFrame:
    """The user's own events when there are any: samples never go out mixed with real events."""
    samples = is_sample(events)
    return events[~samples] if samples.any() and not samples.all() else events


def remove_samples(store, keep: Iterable[str] = ()) -> int:
    """Delete the sample events from a store, except the ids in `keep`; returns how many were removed.
    Seeded samples keep the shipped ids, so only those rows are read: this runs after every write of the user's
    own, and must not cost a read of the whole store."""
    stored = store.load(columns=["tags", "origin"], ids=_shipped_ids())
    ids = sorted(set(stored.loc[is_sample(stored), "event_id"].astype("str")) - set(keep))
    return store.delete(ids) if ids else 0


def store_own_events(store, events: pd.DataFrame, add: Callable[[pd.DataFrame], R]) -> tuple[R, int]:
    """Store the user's events through `add`, then remove the samples when these are events of the user's own.
    Returns the add's result and how many samples were removed.

    The user's write comes first and stands on its own: removing the samples is housekeeping, so a store that
    cannot be read or written for it (damaged elsewhere in the file, say) costs a logged warning, not the
    write, and the samples go the next time."""
    result = add(events)
    return result, _make_way(store, events)


def store_file(parts: Iterable, report, open_store: Callable[[], EventStore],
               progress: Callable[[AddResult], object] | None = None,
               editor: str | None = None) -> tuple[AddResult | None, int]:
    """The parts of a file read in chunks (`formats.iter_events`) counted in its report as they pass and their
    events stored (`snapshot.add_batches`: one transaction per part, the snapshot brought up to date once), the
    samples making way after the first part, as `store_own_events` does for one article. The store is opened
    only for a file with events to store. Returns what was stored (None: nothing to store) and how many samples
    were removed. Each write is logged in the store with `editor` and the file's name. The one path of
    `python -m geodata import` and the Data page's import."""
    from geodata.store.snapshot import add_batches

    def batches() -> Iterator[pd.DataFrame]:
        for result in parts:
            report.add(result)
            if not result.df.empty:
                yield result.df

    stream = batches()
    first = next(stream, None)
    if first is None:
        return None, 0
    store = open_store()
    removed = 0

    def make_way(batch: pd.DataFrame) -> None:
        nonlocal removed
        removed = _make_way(store, batch)

    result = add_batches(store, itertools.chain([first], stream), after_first=make_way, progress=progress,
                         editor=editor, what=report.name)
    return result, removed


def _make_way(store, events: pd.DataFrame) -> int:
    """Remove the samples now that `events` (just stored) are the user's own; how many were removed."""
    from geodata.store import StoreError

    if events.empty or is_sample(events).all():
        return 0
    try:
        return remove_samples(store, keep=events["event_id"].astype("str"))
    except StoreError as exc:
        log.warning("the sample events could not be removed: %s", exc)
        return 0


def ensure_seeded(store) -> int:
    """Give an empty store the sample events, tagged as samples; returns how many were added (0 if it had
    events)."""
    if not store.is_empty():
        return 0
    return store.add(mark_samples(shipped_sample_events())).inserted
