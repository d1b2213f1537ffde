"""The sidebar filters: widgets seeded from the URL, read back into a `Filters`, written back to the URL."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import streamlit as st

from dashboard.state import DEFAULT_MODALITIES, Filters, from_query, to_query
from geodata import schema

_KEYS = ("f_dates", "f_types", "f_subtypes", "f_actors", "f_countries", "f_places", "f_q", "f_all_modalities",
         "f_conf")
_SEEDED = "_filters_seeded"


def options(df: pd.DataFrame, column: str, limit: int = 5000) -> list[str]:
    """The values a multiselect offers: those present, most frequent first (capped for huge stores)."""
    if df.empty:
        return []
    counts = df[column].astype("object").dropna().value_counts()
    return [str(v) for v in counts.index[:limit] if str(v)]


def date_bounds(df: pd.DataFrame) -> tuple[dt.date, dt.date]:
    if df.empty:
        today = dt.date.today()
        return today - dt.timedelta(days=365), today
    dates = pd.to_datetime(df["event_date"])
    return dates.min().date(), dates.max().date()


def seed_from_url(df: pd.DataFrame) -> list[str]:
    """On a session's first run, set the widgets from the URL; returns notices about ignored parameters.
    Back from another page, whose run made Streamlit drop these widgets' state, the filters are set again as
    they were left (the URL of the other page no longer holds them)."""
    if st.session_state.get(_SEEDED):
        if "f_dates" not in st.session_state:
            _seed(df, st.session_state.get("current_filters") or Filters())
        return []
    parsed = from_query({name: st.query_params.get_all(name) for name in st.query_params.keys()})
    _seed(df, parsed.filters)
    return parsed.notices


def _seed(df: pd.DataFrame, f: Filters) -> None:
    low, high = date_bounds(df)
    st.session_state["f_dates"] = (f.start or low, f.end or high)
    st.session_state["f_types"] = list(f.types)
    st.session_state["f_subtypes"] = list(f.sub_types)
    st.session_state["f_actors"] = list(f.actors)
    st.session_state["f_countries"] = list(f.countries)
    st.session_state["f_places"] = list(f.places)
    st.session_state["f_q"] = f.q
    st.session_state["f_all_modalities"] = tuple(f.modalities) != DEFAULT_MODALITIES
    st.session_state["f_conf"] = f.min_confidence
    st.session_state["selected_event"] = f.event
    st.session_state[_SEEDED] = True


def reset() -> None:
    for key in _KEYS:
        st.session_state.pop(key, None)
    st.session_state.pop("selected_event", None)
    st.session_state[_SEEDED] = False
    st.query_params.clear()


def sidebar(df: pd.DataFrame) -> Filters:
    """Render the filters and return what they say; the URL follows."""
    low, high = date_bounds(df)
    with st.sidebar:
        st.header("Filters")
        dates = st.date_input("Date range", key="f_dates", min_value=min(low, st.session_state["f_dates"][0]),
                              max_value=max(high, st.session_state["f_dates"][-1]), format="YYYY-MM-DD")
        types = st.multiselect("Event type", list(schema.EVENT_TYPES), key="f_types")
        sub_choices = [s for t in (types or schema.EVENT_TYPES) for s in schema.EVENT_TYPES[t]]
        st.session_state["f_subtypes"] = [s for s in st.session_state.get("f_subtypes", []) if s in sub_choices]
        sub_types = st.multiselect("Sub-event type", sub_choices, key="f_subtypes")
        actors = st.multiselect("Actor", _with_selected(options(df, "actor1") + options(df, "actor2"), "f_actors"),
                                key="f_actors")
        countries = st.multiselect("Country", _with_selected(options(df, "country_code"), "f_countries"),
                                   key="f_countries", format_func=_country_label(df))
        places = st.multiselect("Place", _with_selected(options(df, "location"), "f_places"), key="f_places")
        q = st.text_input("Search the source sentences", key="f_q", placeholder="e.g. drone, Ussuriysk")
        show_all = st.toggle("Include future, hypothetical and denied events", key="f_all_modalities",
                             help="By default only events the text says happened are shown.")
        conf = st.slider("Minimum confidence", 0.0, 1.0, step=0.05, key="f_conf")
        st.button("Reset filters", on_click=reset, width="stretch")
    start, end = (dates[0], dates[-1]) if isinstance(dates, (tuple, list)) and dates else (None, None)
    filters = Filters(
        start=start if start and start != low else None, end=end if end and end != high else None,
        types=tuple(types), sub_types=tuple(sub_types), actors=tuple(dict.fromkeys(actors)),
        countries=tuple(countries), places=tuple(places), q=q.strip(),
        modalities=tuple(schema.MODALITIES) if show_all else DEFAULT_MODALITIES, min_confidence=conf,
        event=st.session_state.get("selected_event"))
    sync_url(filters)
    st.session_state["current_filters"] = filters   # the Data page downloads what this view shows
    return filters


def sync_url(filters: Filters) -> None:
    wanted = to_query(filters)
    current = {name: st.query_params.get_all(name) for name in st.query_params.keys()}
    if current != wanted:
        st.query_params.from_dict(wanted)


def narrow_dates(start: dt.date, end: dt.date) -> None:
    """Called from the time chart's brush: the date filter follows the selected span."""
    st.session_state["f_dates"] = (start, end)


def _with_selected(choices: list[str], key: str) -> list[str]:
    """Keep values that came from the URL selectable even when no stored event has them."""
    chosen = [v for v in st.session_state.get(key, []) if v not in choices]
    return list(dict.fromkeys(choices)) + chosen


def _country_label(df: pd.DataFrame):
    names = {}
    if not df.empty:
        pairs = df[["country_code", "country"]].drop_duplicates("country_code").astype("object").dropna()
        names = dict(zip(pairs["country_code"], pairs["country"]))
    return lambda code: f"{names.get(code, code)} ({code})"
