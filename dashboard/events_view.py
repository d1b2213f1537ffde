"""The main view: count line, map beside the selected event, time chart, and the event list, all filtered."""

from __future__ import annotations

import pandas as pd
import streamlit as st
from streamlit_folium import st_folium

from dashboard import charts, details, filters, table
from dashboard.data import load_events, store_version
from dashboard.density import Bounds
from dashboard.mapview import BASEMAPS, POINT_LIMIT, build_map, event_id_from_tooltip, plan
from dashboard.state import apply

MAP_HEIGHT = 560
LONG_TEXT = ("notes", "source_url")


def render() -> None:
    try:
        df = load_events()
    except Exception as exc:  # a broken store must show a message, not a traceback
        st.error(f"The event store could not be read: {exc}")
        return
    for notice in filters.seed_from_url(df):
        st.warning(notice)
    chosen = filters.sidebar(df)
    shown = _filtered(df, (store_version(), chosen.with_(event=None)))   # a selection is no new filter
    st.markdown(f"**{table.count_line(len(shown), len(df))}**")
    selected = _selected(shown)

    left, right = st.columns([3, 1], gap="medium")
    with left:
        basemap = st.segmented_control("Basemap", list(BASEMAPS), default="Street map", key="basemap",
                                       label_visibility="collapsed") or "Street map"
        within = _zoomed_view() if len(shown) > POINT_LIMIT else None
        chosen_plan = plan(shown, within)
        if chosen_plan.message:
            note, back = st.columns([4, 1])
            note.info(chosen_plan.message)
            if within is not None:
                back.button("Show all", on_click=_forget_zoom, help="Back to the density of every event")
        fmap = build_map(shown, basemap=basemap, selected=selected, within=within)
        # pans and zooms rerun the app only over a density grid, where the view decides what is drawn
        returned = ["last_object_clicked_tooltip"] + (["bounds"] if chosen_plan.mode == "density" else [])
        clicked = st_folium(fmap, key=f"map_{chosen_plan.mode}", height=MAP_HEIGHT, use_container_width=True,
                            returned_objects=returned)
        _follow_click(clicked)
        if chosen_plan.mode == "density":
            _follow_zoom(clicked)
    with right:
        row = df[df["event_id"].astype(str) == selected] if selected else df.iloc[0:0]   # with its sentence
        if not row.empty:
            details.show(row.iloc[0])
        else:
            st.info("Click a marker or a row of the list to see an event's details and source sentence.")

    st.altair_chart(charts.time_chart(shown), width="stretch", key="timechart",
                    on_select=_narrow_to_brush, selection_mode=charts.BRUSH)
    listed = table.list_frame(shown)
    if len(shown) > len(listed):
        st.caption(f"The list shows the {len(listed):,} most recent of {len(shown):,} events; filter to see others.")
    picked = st.dataframe(listed, key="event_list", on_select="rerun", selection_mode="single-row",
                          width="stretch", hide_index=True,
                          column_config={"Date": st.column_config.DateColumn(format="YYYY-MM-DD"),
                                         "Confidence": st.column_config.NumberColumn(format="%.2f")})
    _follow_row(picked, listed)


@st.cache_resource(show_spinner=False, max_entries=2)
def _filtered(_df: pd.DataFrame, key: tuple) -> pd.DataFrame:
    """The filtered events per (store version, filters): reruns for clicks and selections reuse them.

    Without the long text columns unless the search needs them: the map, chart and list never show the
    sentences, and at a million events a filtered copy of them is a few hundred megabytes.
    """
    filters_ = key[1]
    columns = list(_df.columns) if filters_.q else [c for c in _df.columns if c not in LONG_TEXT]
    return apply(_df[columns], filters_)


def _selected(shown: pd.DataFrame) -> str | None:
    selected = st.session_state.get("selected_event")
    if selected and not (shown["event_id"].astype(str) == selected).any():
        return None
    return selected


def _follow_click(clicked: object) -> None:
    """A marker click selects its event; streamlit-folium repeats the last click on every rerun."""
    tooltip = clicked.get("last_object_clicked_tooltip") if isinstance(clicked, dict) else None
    if tooltip and tooltip != st.session_state.get("_last_tooltip"):
        st.session_state["_last_tooltip"] = tooltip
        event_id = event_id_from_tooltip(tooltip)
        if event_id and event_id != st.session_state.get("selected_event"):
            st.session_state["selected_event"] = event_id
            st.rerun()


def _zoomed_view() -> Bounds | None:
    """The part of a density map the analyst zoomed to, while it still holds few enough events for points."""
    bounds = st.session_state.get("map_view")
    return bounds if isinstance(bounds, Bounds) else None


def _follow_zoom(returned: object) -> None:
    bounds = Bounds.of_leaflet(returned.get("bounds")) if isinstance(returned, dict) else None
    if bounds is not None and bounds != st.session_state.get("map_view"):
        st.session_state["map_view"] = bounds
        st.rerun()


def _forget_zoom() -> None:
    st.session_state.pop("map_view", None)


def _follow_row(picked: object, listed: pd.DataFrame) -> None:
    rows = getattr(getattr(picked, "selection", None), "rows", None) or []
    if not rows:
        return
    event_id = str(listed.index[rows[0]])
    if event_id != st.session_state.get("_last_row") and event_id != st.session_state.get("selected_event"):
        st.session_state["_last_row"] = event_id
        st.session_state["selected_event"] = event_id
        st.rerun()


def _narrow_to_brush() -> None:
    span = charts.selected_span(st.session_state.get("timechart"))
    if span:
        filters.narrow_dates(*span)
