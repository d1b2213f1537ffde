"""The charts under the map: events over time stacked by type (brushable), fatalities over time, and the
breakdowns by type and by actor. Aggregated on the server; only the types present are named."""

from __future__ import annotations

import datetime as dt

import altair as alt
import numpy as np
import pandas as pd

from dashboard import columns
from dashboard.palette import OTHER_COLOUR, TYPE_COLOURS, TYPE_ORDER

BRUSH = "span"
DAY_SPAN, WEEK_SPAN = 62, 731     # up to two months by day, up to two years by week, beyond by month
LABEL_FORMAT = {"day": "%b %d", "week": "%b %d", "month": "%b %Y"}
TOP_ACTORS = 10
HEIGHT = 180


def unit_for(span_days: int) -> str:
    return "day" if span_days <= DAY_SPAN else "week" if span_days <= WEEK_SPAN else "month"


def _periods(dates: pd.Series, unit: str) -> pd.Series:
    if unit == "day":
        return dates.dt.normalize()
    return dates.dt.to_period("W-SUN" if unit == "week" else "M").dt.start_time


def counts(df: pd.DataFrame) -> tuple[pd.DataFrame, str]:
    """Events and fatalities per period and type; the period a day, week or month as the span needs."""
    layout = ["period", "event_type", "events", "fatalities"]
    if df.empty:
        return pd.DataFrame(columns=layout), "day"
    dates = pd.to_datetime(df["event_date"])
    unit = unit_for(int((dates.max() - dates.min()).days))
    dead = pd.to_numeric(df["fatalities"], errors="coerce").fillna(0) if "fatalities" in df.columns else 0
    frame = pd.DataFrame({"period": _periods(dates, unit), "event_type": columns.labels(df["event_type"], "Other"),
                          "fatalities": dead})
    grouped = frame.groupby(["period", "event_type"], observed=True).agg(
        events=("fatalities", "size"), fatalities=("fatalities", "sum")).reset_index()
    grouped["fatalities"] = grouped["fatalities"].astype(int)
    grouped["event_type"] = grouped["event_type"].astype(str)   # a few hundred rows: plain text for the chart
    return grouped[layout], unit


def type_scale(present: list[str]) -> alt.Scale:
    """Colours for the types present only, in the palette's order; anything unknown last."""
    known = [t for t in TYPE_ORDER if t in present]
    others = sorted(t for t in present if t not in TYPE_COLOURS)
    return alt.Scale(domain=known + others, range=[TYPE_COLOURS[t] for t in known] + [OTHER_COLOUR] * len(others))


def _x_axis(unit: str, periods: int) -> alt.X:
    step = max(1, round(periods / 8))
    return alt.X("period:T", title=None,
                 axis=alt.Axis(format=LABEL_FORMAT[unit], labelOverlap=True,
                               tickCount={"interval": unit, "step": step}))


def _empty(message: str) -> alt.Chart:
    """A quiet placeholder: a sentence, no axes, no zeros."""
    return (alt.Chart(pd.DataFrame({"text": [message]}), height=60).mark_text(align="left", x=4, color="#666")
            .encode(text="text:N").configure_view(strokeWidth=0))


def chart_set(df: pd.DataFrame) -> tuple[alt.Chart, alt.Chart | None, alt.Chart, alt.Chart]:
    """The four charts of a view (events over time, fatalities, by type, by actor), counting periods once."""
    data, unit = counts(df)
    return _time_chart(data, unit), _fatalities_chart(data, unit), type_chart(df), actor_chart(df)


def time_chart(df: pd.DataFrame) -> alt.Chart:
    return _time_chart(*counts(df))


def _time_chart(data: pd.DataFrame, unit: str) -> alt.Chart:
    if data.empty:
        return _empty("No events in this view.")
    brush = alt.selection_interval(name=BRUSH, encodings=["x"])
    present = list(data["event_type"].unique())
    return (alt.Chart(data, height=HEIGHT, title=f"Events per {unit}")
            .mark_bar()
            .encode(x=_x_axis(unit, data["period"].nunique()),
                    y=alt.Y("sum(events):Q", title="Events", axis=alt.Axis(format="d", tickMinStep=1)),
                    color=alt.Color("event_type:N", title="Type", scale=type_scale(present)),
                    tooltip=[alt.Tooltip("period:T", title=unit.title(), format="%Y-%m-%d"),
                             alt.Tooltip("event_type:N", title="Type"),
                             alt.Tooltip("events:Q", title="Events", format="d")])
            .add_params(brush))


def fatalities_chart(df: pd.DataFrame) -> alt.Chart | None:
    """Reported fatalities per period; None when the view has none to show."""
    return _fatalities_chart(*counts(df))


def _fatalities_chart(data: pd.DataFrame, unit: str) -> alt.Chart | None:
    if data.empty or int(data["fatalities"].sum()) == 0:
        return None
    per = data.groupby("period", as_index=False)["fatalities"].sum()
    return (alt.Chart(per, height=110, title=f"Fatalities per {unit}")
            .mark_bar(color="#7f0000")
            .encode(x=_x_axis(unit, len(per)),
                    y=alt.Y("fatalities:Q", title="Fatalities", axis=alt.Axis(format="d", tickMinStep=1)),
                    tooltip=[alt.Tooltip("period:T", title=unit.title(), format="%Y-%m-%d"),
                             alt.Tooltip("fatalities:Q", title="Fatalities", format="d")]))


def type_counts(df: pd.DataFrame) -> pd.DataFrame:
    if df.empty:
        return pd.DataFrame(columns=["event_type", "events"])
    return (columns.value_counts(columns.labels(df["event_type"], "Other"))
            .rename_axis("event_type").reset_index(name="events"))


def actor_counts(df: pd.DataFrame, top: int = TOP_ACTORS) -> pd.DataFrame:
    """The actors named most often (as first or second actor), each event counted once per actor."""
    if df.empty:
        return pd.DataFrame(columns=["actor", "events"])
    both = columns.value_counts(df["actor1"]).add(columns.value_counts(df["actor2"]), fill_value=0).astype(int)
    both = both[both.index.str.strip() != ""]
    order = np.lexsort((both.index.to_numpy(dtype=str), -both.to_numpy()))   # most named first, then by name
    return both.iloc[order].head(top).rename_axis("actor").reset_index(name="events")


BAR_STEP = 26
"""Pixels per bar in the type and actor lists: one readable label a bar."""


def pixel_height(chart: alt.Chart, furniture: int = 130) -> int:
    """A bar list's height on the page (a bar a step, plus title and axis): with "content", Streamlit squeezes
    the bands until the labels overlap."""
    rows = len(chart.data) if isinstance(chart.data, pd.DataFrame) else 1
    return BAR_STEP * max(rows, 1) + furniture


def type_chart(df: pd.DataFrame) -> alt.Chart:
    data = type_counts(df)
    if data.empty:
        return _empty("No events.")
    return (alt.Chart(data, height=alt.Step(BAR_STEP), title="By type")
            .mark_bar()
            .encode(y=alt.Y("event_type:N", title=None, sort="-x"),
                    x=alt.X("events:Q", title="Events", axis=alt.Axis(format="d", tickMinStep=1)),
                    color=alt.Color("event_type:N", scale=type_scale(list(data["event_type"])), legend=None),
                    tooltip=[alt.Tooltip("event_type:N", title="Type"), alt.Tooltip("events:Q", format="d")]))


def actor_chart(df: pd.DataFrame) -> alt.Chart:
    data = actor_counts(df)
    if data.empty:
        return _empty("No actors named.")
    return (alt.Chart(data, height=alt.Step(BAR_STEP), title=f"Top {len(data)} actors")
            .mark_bar(color="#555")
            .encode(y=alt.Y("actor:N", title=None, sort="-x", axis=alt.Axis(labelLimit=220)),
                    x=alt.X("events:Q", title="Events", axis=alt.Axis(format="d", tickMinStep=1)),
                    tooltip=[alt.Tooltip("actor:N", title="Actor"), alt.Tooltip("events:Q", format="d")]))


def selected_span(selection: object) -> tuple[dt.date, dt.date] | None:
    """The dates a brush on the chart covers, from st.altair_chart's selection state."""
    try:
        values = selection["selection"][BRUSH]["period"]  # type: ignore[index]
    except (KeyError, TypeError):
        return None
    if not values or len(values) != 2:
        return None
    first, last = (pd.to_datetime(v, unit="ms") if isinstance(v, (int, float)) else pd.to_datetime(v)
                   for v in values)
    return first.date(), last.date()
