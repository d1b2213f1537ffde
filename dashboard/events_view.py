"""The main view: count line, map beside the selected event, time chart, and the event list, all filtered."""

from __future__ import annotations

import folium
import pandas as pd
import streamlit as st

from dashboard import details, filters, mapframe, mapview, session, share, table, vendor
from dashboard.data import load_events, read_events, store_version
from dashboard.mapview import BASEMAPS
from dashboard.state import Filters, apply, to_query

MAP_HEIGHT = 560
LONG_TEXT = ("notes", "source_url")
RETURNED = ["last_object_clicked_tooltip", "last_object_clicked_count"]
"""What the map sends back: the clicked marker's tooltip, and a click count that streamlit-folium reports (0)
as soon as the map is drawn, which reruns the script once: the signal for the filters, the charts and the list."""


def render() -> None:
    try:
        version = store_version()
        df = load_events(version)
    except Exception as exc:  # a broken store must show a message, not a traceback
        st.error(f"The event store could not be read: {exc}")
        return
    notices = filters.seed_from_url(df, version)
    if notices:   # kept until the run that completes the page (the map's rerun would drop them)
        session.put(session.URL_NOTICES, notices)
    for notice in session.get(session.URL_NOTICES) or []:
        st.warning(notice)
    # the count line and the map go out first, the sidebar after them: the map's frame starts loading sooner
    chosen = filters.current(df, version)
    view_key = (version, chosen.with_(event=None))   # a selection is no new filter
    shown = _filtered(df, view_key)
    st.markdown(f"**{table.count_line(len(shown), len(df))}**")
    selected = _selected(shown)

    left, right = st.columns([3, 1], gap="medium")
    with left:
        basemap = st.segmented_control("Basemap", list(BASEMAPS), default="Street map", key="basemap",
                                       label_visibility="collapsed") or "Street map"
        where = mapview.selected_point(shown, selected)
        served = vendor.serve_static()

        def build() -> tuple[folium.Map, folium.FeatureGroup]:
            # the map stays; the events and the selection are a feature group swapped inside it
            return (mapview.base_map(basemap, served=served),
                    mapview.events_group(_parts(shown, view_key), where))

        clicked = mapframe.show((basemap, served, view_key, where), build, key="map", height=MAP_HEIGHT,
                                returned_objects=RETURNED, center=where)
    with right:
        row = df[df["event_id"].astype(str) == selected] if selected else df.iloc[0:0]   # with its sentence
        if not row.empty:
            details.show(row.iloc[0])
        else:
            st.info("Click a marker or a row of the list to see an event's details and source sentence.")
    if not _extras_now(clicked):
        st.caption("The filters, the charts, the event list and the download follow as soon as the map is drawn.")
        # a map that never reports (a browser that blocks its frame) must not keep the filters away: any
        # rerun brings them, and this is one a visitor can ask for
        st.sidebar.button("Show the filters now", key="show_filters")
        return
    filters.sidebar(df, version)
    _follow_click(clicked, shown)   # after the sidebar: a rerun must not find its widgets undrawn (and cleared)
    session.drop(session.URL_NOTICES)
    _charts(shown, view_key)
    listed = _listed(shown, view_key)
    if len(shown) > len(listed):
        st.caption(f"The list shows the {len(listed):,} most recent of {len(shown):,} events; filter to see others.")
    listed, at = table.selected_first(listed, selected)
    if at is not None:
        st.caption("The selected event is listed first, highlighted; the others follow, newest first.")
    picked = st.dataframe(listed, key="event_list" if at is None else f"event_list_{selected}", on_select="rerun",
                          selection_mode="single-row", width="stretch", hide_index=True,
                          selection_default={"selection": {"rows": [at]}} if at is not None else None,
                          column_config={"Date": st.column_config.DateColumn(format="YYYY-MM-DD"),
                                         "Confidence": st.column_config.NumberColumn(format="%.2f")})
    _follow_row(picked, listed)
    description = "Filters: " + ("; ".join(f"{k}={', '.join(v)}" for k, v in to_query(chosen.with_(event=None)).items())
                                 or "none (the asserted events)")
    st.download_button("Download this view as one HTML file (map and list, works offline)",
                       data=lambda: share.share_html(shown, "Event Atlas view", description),
                       file_name="event-atlas-view.html", mime="text/html", icon=":material/download:",
                       on_click="ignore")


def warm() -> None:
    """The events, the sidebar's lists and the default view's map arrays, cached before anyone asks (a server
    starting: dashboard.warmup), as a new visitor's first run of `/` would cache them."""
    version, df = read_events()
    filters.warm(df, version)
    key = (version, Filters())
    _parts(_filtered(df, key), key)


@st.cache_resource(show_spinner=False, max_entries=2)
def _chart_set(_shown: pd.DataFrame, key: tuple) -> tuple:
    """The four charts of a view as Vega-Lite specs, per (store version, filters), and the bar lists' heights.

    Made once per view: st.altair_chart would convert and check each chart against the Vega-Lite schema on
    every rerun (a quarter of a second a run, clicks included); the charts' code is checked by the tests.
    """
    from dashboard import charts   # altair: imported after the map has gone out (a new server's first page)

    over_time, dead, by_type, by_actor = charts.chart_set(_shown)
    return (over_time.to_dict(validate=False), None if dead is None else dead.to_dict(validate=False),
            by_type.to_dict(validate=False), by_actor.to_dict(validate=False),
            charts.pixel_height(by_type), charts.pixel_height(by_actor))


@st.cache_resource(show_spinner=False, max_entries=2)
def _listed(_shown: pd.DataFrame, key: tuple) -> pd.DataFrame:
    return table.list_frame(_shown)


def _charts(shown: pd.DataFrame, key: tuple) -> None:
    """Events over time (brush to narrow the dates) and fatalities beside the type and actor breakdowns."""
    if shown.empty:
        st.caption("No events in this view: nothing to chart.")
        return
    over_time, dead, by_type, by_actor, type_height, actor_height = _chart_set(shown, key)
    from dashboard import charts   # imported by _chart_set, after the map
    left, right = st.columns([3, 2], gap="medium")
    with left:
        st.vega_lite_chart(spec=over_time, width="stretch", key=session.TIME_CHART, on_select=_narrow_to_brush,
                           selection_mode=charts.BRUSH)
        if dead is not None:
            st.vega_lite_chart(spec=dead, width="stretch")
    with right:   # the bar lists get their height in pixels: with "content", Streamlit squeezes their bands
        st.vega_lite_chart(spec=by_type, width="stretch", height=type_height)
        st.vega_lite_chart(spec=by_actor, width="stretch", height=actor_height)


@st.cache_resource(show_spinner=False, max_entries=2)
def _filtered(_df: pd.DataFrame, key: tuple) -> pd.DataFrame:
    """The filtered events per (store version, filters): reruns for clicks and selections reuse them.

    Without the long text columns unless the search needs them: the map, chart and list never show the
    sentences, and at a million events a filtered copy of them is a few hundred megabytes.
    """
    filters_ = key[1]
    columns = list(_df.columns) if filters_.q else [c for c in _df.columns if c not in LONG_TEXT]
    return apply(_df[columns], filters_)


@st.cache_resource(show_spinner=False, max_entries=2)
def _parts(_shown: pd.DataFrame, key: tuple) -> mapview.EventParts:
    """The map's arrays for a view, per (store version, filters): a click or a selection reuses them."""
    return mapview.event_parts(_shown)


def _extras_now(clicked: object) -> bool:
    """Whether this run draws the sidebar's filters, the charts, the list and the download. A new session's
    first run leaves them out: the browser would fetch the filters' widget code (forty-odd scripts) ahead of
    the map's component, and render Vega and the data grid, while the map's frame loads; the map, once drawn,
    reports its click count and the rerun brings them. If no report comes, any other rerun brings them (the
    sidebar's "Show the filters now" is one). A timed fragment would do it unasked, but a fragment's timer
    that fires after the visitor has gone to another page can clear that page's widgets."""
    if isinstance(clicked, dict) and clicked.get("last_object_clicked_count") is not None:
        return True
    if session.get(session.EXTRAS_DEFERRED):
        return True
    session.put(session.EXTRAS_DEFERRED, True)
    return False


def _selected(shown: pd.DataFrame) -> str | None:
    selected = session.selected_event()
    if selected and not (shown["event_id"].astype(str) == selected).any():
        return None
    return selected


def _follow_click(clicked: object, shown: pd.DataFrame) -> None:
    """A marker click selects its event; streamlit-folium repeats the last click on every rerun."""
    tooltip = clicked.get("last_object_clicked_tooltip") if isinstance(clicked, dict) else None
    if tooltip and tooltip != session.get(session.LAST_TOOLTIP):
        session.put(session.LAST_TOOLTIP, tooltip)
        event_id = mapview.event_id_from_tooltip(tooltip, mapview.located(shown)["event_id"])
        if event_id and event_id != session.selected_event():
            session.select_event(event_id)
            st.rerun()


def _follow_row(picked: object, listed: pd.DataFrame) -> None:
    rows = getattr(getattr(picked, "selection", None), "rows", None) or []
    if not rows:
        return
    event_id = str(listed.index[rows[0]])
    if event_id != session.get(session.LAST_ROW) and event_id != session.selected_event():
        session.put(session.LAST_ROW, event_id)
        session.select_event(event_id)
        st.rerun()


def _narrow_to_brush() -> None:
    from dashboard import charts

    span = charts.selected_span(session.get(session.TIME_CHART))
    if span:
        filters.narrow_dates(*span)
