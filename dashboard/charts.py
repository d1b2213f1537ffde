"""The time chart: events per day or week stacked by type, aggregated on the server, brushable."""

from __future__ import annotations

import datetime as dt

import altair as alt
import pandas as pd

from dashboard.palette import TYPE_COLOURS, TYPE_ORDER

BRUSH = "span"


def counts(df: pd.DataFrame) -> tuple[pd.DataFrame, str]:
    """Counts per period and type; weeks once the span is longer than about four months."""
    if df.empty:
        return pd.DataFrame(columns=["period", "event_type", "events"]), "day"
    dates = pd.to_datetime(df["event_date"])
    span = (dates.max() - dates.min()).days
    unit = "week" if span > 120 else "day"
    period = dates.dt.to_period("W-SUN").dt.start_time if unit == "week" else dates.dt.normalize()
    grouped = (pd.DataFrame({"period": period, "event_type": df["event_type"].astype("object").fillna("Unknown")})
               .groupby(["period", "event_type"]).size().rename("events").reset_index())
    return grouped, unit


def time_chart(df: pd.DataFrame) -> alt.Chart:
    data, unit = counts(df)
    brush = alt.selection_interval(name=BRUSH, encodings=["x"])
    return (alt.Chart(data, height=180)
            .mark_bar()
            .encode(x=alt.X("period:T", title=f"Events per {unit}"),
                    y=alt.Y("sum(events):Q", title="Events"),
                    color=alt.Color("event_type:N", title="Type",
                                    scale=alt.Scale(domain=TYPE_ORDER, range=[TYPE_COLOURS[t] for t in TYPE_ORDER])),
                    tooltip=[alt.Tooltip("period:T", title=unit.title()), "event_type:N", "events:Q"])
            .add_params(brush))


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
