"""The sidebar filters: widgets seeded from the URL, read back into a `Filters`, written back to the URL."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Hashable
from dataclasses import dataclass, field

import pandas as pd
import streamlit as st

from dashboard import columns, session
from dashboard.session import FILTER_WIDGETS as W
from dashboard.state import DEFAULT_MODALITIES, Filters, from_query, to_query
from geodata import schema


def options(df: pd.DataFrame, column: str, limit: int = 5000) -> list[str]:
    """The values a multiselect offers: those present, most frequent first (capped for huge stores)."""
    if df.empty:
        return []
    return [str(v) for v in columns.value_counts(df[column]).index[:limit]]


def date_bounds(df: pd.DataFrame) -> tuple[dt.date, dt.date]:
    if df.empty:
        today = dt.date.today()
        return today - dt.timedelta(days=365), today
    dates = pd.to_datetime(df["event_date"])
    return dates.min().date(), dates.max().date()


@dataclass(frozen=True)
class Choices:
    """What the sidebar offers for a set of events: its date bounds and the values of each list, most frequent
    first. Counting them takes a second at a million events, so it is done once per store version."""

    low: dt.date
    high: dt.date
    actors: list[str] = field(default_factory=list)
    countries: list[str] = field(default_factory=list)
    places: list[str] = field(default_factory=list)
    country_names: dict[str, str] = field(default_factory=dict)


def choices(df: pd.DataFrame) -> Choices:
    low, high = date_bounds(df)
    names: dict[str, str] = {}
    if not df.empty:
        pairs = df[["country_code", "country"]].drop_duplicates("country_code").astype("object").dropna()
        names = dict(zip(pairs["country_code"], pairs["country"], strict=True))
    return Choices(low, high, list(dict.fromkeys(options(df, "actor1") + options(df, "actor2"))),
                   options(df, "country_code"), options(df, "location"), names)


@st.cache_resource(show_spinner=False, max_entries=2)
def _cached_choices(_df: pd.DataFrame, version: Hashable) -> Choices:
    return choices(_df)


def _choices(df: pd.DataFrame, version: Hashable | None) -> Choices:
    """The choices, cached per store version when the caller names it (all events; never a filtered view)."""
    return choices(df) if version is None else _cached_choices(df, version)


def warm(df: pd.DataFrame, version: Hashable) -> None:
    """Count the lists offered for all events of this store version ahead of the first visitor."""
    _choices(df, version)


def seed_from_url(df: pd.DataFrame, version: Hashable | None = None) -> list[str]:
    """On a session's first run, set the widgets from the URL; returns notices about ignored parameters.
    Back from another page, whose runs drew no sidebar (Streamlit then drops the widgets' state, or keeps
    the values seeded before them), the filters are set again as they were left (the URL of the other page no
    longer holds them)."""
    if session.get(session.FILTERS_SEEDED):
        if session.came_back() or W["dates"] not in st.session_state:
            _seed(_choices(df, version), session.current_query())
        return []
    parsed = from_query({name: st.query_params.get_all(name) for name in st.query_params.keys()})
    _seed(_choices(df, version), parsed.filters)
    return parsed.notices


def _seed(offered: Choices, f: Filters) -> None:
    low, high = offered.low, offered.high
    session.put(W["dates"], (f.start or low, f.end or high))
    session.put(W["types"], list(f.types))
    session.put(W["sub_types"], list(f.sub_types))
    session.put(W["actors"], list(f.actors))
    session.put(W["countries"], list(f.countries))
    session.put(W["places"], list(f.places))
    session.put(W["q"], f.q)
    session.put(W["all_modalities"], tuple(f.modalities) != DEFAULT_MODALITIES)
    session.put(W["min_confidence"], f.min_confidence)
    session.select_event(f.event)
    session.put(session.FILTERS_SEEDED, True)


def reset() -> None:
    session.drop(*W.values(), session.SELECTED_EVENT)
    session.put(session.FILTERS_SEEDED, False)
    st.query_params.clear()


def current(df: pd.DataFrame, version: Hashable | None = None) -> Filters:
    """What the sidebar's widgets hold now (seeded from the URL on a session's first run, set by the browser on
    later runs), read before the widgets are drawn: the map can go out first, while the sidebar follows."""
    offered = _choices(df, version)
    _drop_foreign_sub_types()
    values = {name: session.get(key) for name, key in W.items()}
    return _filters(offered, values)


def sidebar(df: pd.DataFrame, version: Hashable | None = None) -> Filters:
    """Render the filters and return what they say (the same as `current` before them); the URL follows. version:
    the store's, when df is all its events (the lists offered are then counted once per version)."""
    offered = _choices(df, version)
    low, high = offered.low, offered.high
    values: dict[str, object] = {}
    with st.sidebar:
        st.header("Filters")
        seeded_dates = session.get(W["dates"])
        values["dates"] = st.date_input("Date range", key=W["dates"], min_value=min(low, seeded_dates[0]),
                                        max_value=max(high, seeded_dates[-1]), format="YYYY-MM-DD")
        values["types"] = st.multiselect("Event type", list(schema.EVENT_TYPES), key=W["types"])
        values["sub_types"] = st.multiselect("Sub-event type", _drop_foreign_sub_types(), key=W["sub_types"])
        values["actors"] = st.multiselect("Actor", _with_selected(offered.actors, W["actors"]), key=W["actors"])
        values["countries"] = st.multiselect("Country", _with_selected(offered.countries, W["countries"]),
                                             key=W["countries"], format_func=_country_label(offered.country_names))
        values["places"] = st.multiselect("Place", _with_selected(offered.places, W["places"]), key=W["places"])
        values["q"] = st.text_input("Search the source sentences", key=W["q"], placeholder="e.g. drone, Ussuriysk")
        values["all_modalities"] = st.toggle("Include future, hypothetical and denied events",
                                             key=W["all_modalities"],
                                             help="By default only events the text says happened are shown.")
        values["min_confidence"] = st.slider("Minimum confidence", 0.0, 1.0, step=0.05, key=W["min_confidence"])
        st.button("Reset filters", on_click=reset, width="stretch")
    filters = _filters(offered, values)
    sync_url(filters)
    session.set_current_query(filters)   # the Data page downloads what this view shows
    return filters


def _drop_foreign_sub_types() -> list[str]:
    """The sub-types the chosen types offer (all, when none is chosen); chosen sub-types of other types are
    dropped from the widget's state. Returns the offered ones."""
    offered = [s for t in (session.get(W["types"]) or schema.EVENT_TYPES) for s in schema.EVENT_TYPES[t]]
    session.put(W["sub_types"], [s for s in session.get(W["sub_types"], []) if s in offered])
    return offered


def _filters(offered: Choices, values: dict[str, object]) -> Filters:
    """The filters from the widgets' values (by FILTER_WIDGETS name); dates at the store's bounds are no filter."""
    low, high = offered.low, offered.high
    dates = values.get("dates")
    start, end = (dates[0], dates[-1]) if isinstance(dates, (tuple, list)) and dates else (None, None)
    q, conf = values.get("q"), values.get("min_confidence")
    return Filters(
        start=start if start and start != low else None, end=end if end and end != high else None,
        types=tuple(_listed(values, "types")), sub_types=tuple(_listed(values, "sub_types")),
        actors=tuple(dict.fromkeys(_listed(values, "actors"))), countries=tuple(_listed(values, "countries")),
        places=tuple(_listed(values, "places")), q=q.strip() if isinstance(q, str) else "",
        modalities=tuple(schema.MODALITIES) if values.get("all_modalities") else DEFAULT_MODALITIES,
        min_confidence=float(conf) if isinstance(conf, (int, float)) else 0.0, event=session.selected_event())


def _listed(values: dict[str, object], name: str) -> list[str]:
    value = values.get(name)
    return list(value) if isinstance(value, (list, tuple)) else []


def sync_url(filters: Filters) -> None:
    wanted = to_query(filters)
    current = {name: st.query_params.get_all(name) for name in st.query_params.keys()}
    if current != wanted:
        st.query_params.from_dict(wanted)


def narrow_dates(start: dt.date, end: dt.date) -> None:
    """Called from the time chart's brush: the date filter follows the selected span."""
    session.put(W["dates"], (start, end))


def _with_selected(choices: list[str], key: str) -> list[str]:
    """Keep values that came from the URL selectable even when no stored event has them."""
    chosen = [v for v in session.get(key, []) if v not in choices]
    return list(dict.fromkeys(choices)) + chosen


def _country_label(names: dict[str, str]) -> Callable[[str], str]:
    return lambda code: f"{names.get(code, code)} ({code})"
