"""The page's session state, typed: every key the views share is named once here, with its type.

Streamlit's `st.session_state` is a dict of bare strings; a typo there is a silent new key. The views read and
write shared state through these functions. Widget keys (the sidebar filters) are listed in `FILTER_WIDGETS`,
since Streamlit itself writes them.
"""

from __future__ import annotations

from typing import Any

import streamlit as st

from geodata.query import EventQuery

SELECTED_EVENT = "selected_event"
CURRENT_QUERY = "current_filters"
MAP_VIEW = "map_view"
LAST_TOOLTIP = "_last_tooltip"
LAST_ROW = "_last_row"
TIME_CHART = "timechart"
FILTERS_SEEDED = "_filters_seeded"
URL_NOTICES = "_url_notices"           # what was wrong with the URL's parameters, shown until the page is complete
EXTRAS_DEFERRED = "_extras_deferred"   # the session's first run left the filters, charts and list for the next run
PAGE = "_page"                         # the url_path of the page this run shows
CAME_FROM = "_came_from"               # ... and of the page the run before showed
INGEST_DRAFT = "ingest_draft"          # the events under review, with the places the analyst picked
INGEST_ORIGINAL = "ingest_original"    # as extracted: what "edited" is measured against
INGEST_PUBLISHED = "ingest_published"  # the Published widget
PUBLISHED_STATED = "_published_stated"  # the article whose stated date was put into Published

FILTER_WIDGETS: dict[str, str] = {
    "dates": "f_dates", "types": "f_types", "sub_types": "f_subtypes", "actors": "f_actors",
    "countries": "f_countries", "places": "f_places", "q": "f_q", "all_modalities": "f_all_modalities",
    "min_confidence": "f_conf",
}
"""The sidebar's widget keys, by what each widget sets."""


def get(key: str, default: Any = None) -> Any:
    return st.session_state.get(key, default)


def put(key: str, value: Any) -> None:
    st.session_state[key] = value


def take(key: str, default: Any = None) -> Any:
    """The value, removed from the session (a one-shot flag)."""
    return st.session_state.pop(key, default)


def drop(*keys: str) -> None:
    for key in keys:
        st.session_state.pop(key, None)


def enter_page(url_path: str) -> None:
    """Called by every run with the page it shows: a view can then tell a rerun from a return."""
    st.session_state[CAME_FROM] = st.session_state.get(PAGE)
    st.session_state[PAGE] = url_path


def came_back() -> bool:
    """Whether this run returns to its page from another one (not a rerun, not a session's first run)."""
    previous = st.session_state.get(CAME_FROM)
    return previous is not None and previous != st.session_state.get(PAGE)


def selected_event() -> str | None:
    value = st.session_state.get(SELECTED_EVENT)
    return value if isinstance(value, str) and value else None


def select_event(event_id: str | None) -> None:
    st.session_state[SELECTED_EVENT] = event_id


def current_query() -> EventQuery:
    """The Events view's query as last rendered; the Data page downloads what that view shows."""
    value = st.session_state.get(CURRENT_QUERY)
    return value if isinstance(value, EventQuery) else EventQuery()


def set_current_query(query: EventQuery) -> None:
    st.session_state[CURRENT_QUERY] = query
