"""The store behind the page, opened once per process, and its events cached until they change.

A store that cannot be used (damaged, unreachable, no driver) stops the page with one visible line that names
the cause but no server path or URL; the details go to the server's log, the URL's password masked."""

from __future__ import annotations

import logging
import os
from collections.abc import Callable
from typing import NoReturn, TypeVar

import pandas as pd
import streamlit as st

from geodata.sample import ensure_seeded
from geodata.store import EventStore, StoreError, resolve_url, snapshot

log = logging.getLogger(__name__)
T = TypeVar("T")


def store_url() -> str:
    return resolve_url(os.environ.get("EVENT_ATLAS_DB"))


@st.cache_resource(show_spinner=False)
def _store(url: str) -> EventStore:
    store = EventStore(url)
    try:
        ensure_seeded(store)   # a fresh install shows the sample article's events
    except StoreError as exc:   # a read-only empty store can still be shown (empty)
        log.warning("event store %s: the sample events could not be added: %s", exc.where, exc.reason)
    return store


def get_store() -> EventStore:
    """The page's store; a StoreError when it cannot be opened (callers that write show it with store_error)."""
    return _store(store_url())


def store_error(exc: StoreError, doing: str = "read") -> str:
    """The one line a visitor sees for a store failure (the cause, no location); the URL goes to the log only."""
    log.warning("event store %s could not be %s: %s", exc.where, doing, exc.reason)
    return f"The event store could not be {doing}: {exc.reason}"


def _or_stop(read: Callable[[], T]) -> T:
    try:
        return read()
    except StoreError as exc:
        _stop(exc)


def _stop(exc: StoreError) -> NoReturn:
    st.error(store_error(exc))
    st.stop()
    raise AssertionError("st.stop() returned")   # pragma: no cover  (st.stop raises outside a script run too)


@st.cache_resource(show_spinner=False, max_entries=2)
def _events(url: str, version: tuple[int, str]) -> pd.DataFrame:
    """Shared, not copied: cache_data would unpickle a million rows on every rerun. Treat as read-only."""
    return snapshot.load_events(_store(url))


def store_version() -> tuple[int, str]:
    """Changes with every add, edit or delete: the key of everything cached from the store."""
    return _or_stop(lambda: get_store().version())


def read_events() -> tuple[tuple[int, str], pd.DataFrame]:
    """The store's version and its events, through the page's caches; a StoreError, not a message on the page,
    when the store cannot be read (for work done outside a visitor's run: dashboard.warmup)."""
    url = store_url()
    version = _store(url).version()
    return version, _events(url, version)


def load_events(version: tuple[int, str] | None = None) -> pd.DataFrame:
    """All stored events, re-read only when the store's version changes (an add, edit or delete); version:
    the store's, when the caller has just read it (one query less, and the same version for both)."""
    return _or_stop(lambda: _events(store_url(), version if version is not None else store_version()))
