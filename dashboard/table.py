"""The event list: the columns an analyst scans, newest first, capped in what goes to the browser."""

from __future__ import annotations

import pandas as pd

LIST_COLUMNS = {
    "event_date": "Date", "date_precision": "Date precision", "event_type": "Type", "sub_event_type": "Sub-type",
    "actor1": "Actor 1", "actor2": "Actor 2", "location": "Place", "country": "Country",
    "geo_precision": "Geo precision", "modality": "Modality", "source": "Source", "confidence": "Confidence",
}
MAX_ROWS = 5_000


def count_line(shown: int, total: int) -> str:
    return f"Showing {shown:,} of {total:,} events"


def list_frame(df: pd.DataFrame, limit: int | None = None) -> pd.DataFrame:
    """The rows for st.dataframe, sorted by date (newest first), indexed by event id; at most MAX_ROWS of
    them go to the browser, whatever the count line says."""
    limit = MAX_ROWS if limit is None else limit
    newest = df.nlargest(limit, "event_date", keep="all") if len(df) > limit else df   # O(n), not a full sort
    ordered = newest.sort_values(["event_date", "event_id"], ascending=[False, True], kind="stable").head(limit)
    out = ordered[list(LIST_COLUMNS)].rename(columns=LIST_COLUMNS)
    out.index = ordered["event_id"].astype(str)
    out.index.name = "event_id"
    return out


def selected_first(listed: pd.DataFrame, selected: str | None) -> tuple[pd.DataFrame, int | None]:
    """The list with the selected event moved to its top (a grid cannot be scrolled to a row from the
    server, so the row comes to the analyst), and its position (0), or the list as it was and None."""
    if not selected or selected not in listed.index:
        return listed, None
    hit = listed.index == selected
    return pd.concat([listed[hit], listed[~hit]]), 0
