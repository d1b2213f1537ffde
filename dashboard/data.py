"""The store behind the page, opened once per process, and its events cached until they change."""

from __future__ import annotations

import os

import pandas as pd
import streamlit as st

from geodata.store import snapshot
from geodata.sample import ensure_seeded
from geodata.store import EventStore, resolve_url


def store_url() -> str:
    return resolve_url(os.environ.get("EVENT_ATLAS_DB"))


@st.cache_resource(show_spinner=False)
def _store(url: str) -> EventStore:
    store = EventStore(url)
    ensure_seeded(store)   # a fresh install shows the sample article's events
    return store


def get_store() -> EventStore:
    return _store(store_url())


@st.cache_resource(show_spinner=False, max_entries=2)
def _events(url: str, version: tuple[int, str]) -> pd.DataFrame:
    """Shared, not copied: cache_data would unpickle a million rows on every rerun. Treat as read-only."""
    return snapshot.load_events(_store(url))


def store_version() -> tuple[int, str]:
    """Changes with every add, edit or delete: the key of everything cached from the store."""
    return get_store().version()


def load_events() -> pd.DataFrame:
    """All stored events, re-read only when the store's version changes (an add, edit or delete)."""
    return _events(store_url(), store_version())
