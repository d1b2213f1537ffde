"""The panel of one selected event: every field as plain text (article text is untrusted, never HTML)."""

from __future__ import annotations

import pandas as pd
import streamlit as st

PRECISION_WORDS = {1: "the town itself", 2: "near a town / part of a region", 3: "a region or country"}


def event_fields(row: pd.Series) -> list[tuple[str, str]]:
    date = pd.Timestamp(row["event_date"]).date().isoformat() if pd.notna(row["event_date"]) else "unknown"
    precision = row.get("geo_precision")
    place = ", ".join(str(v) for v in (row.get("location"), row.get("admin1"), row.get("country")) if _given(v))
    return [
        ("Date", f"{date} ({row.get('date_precision') or 'day'})"),
        ("Type", f"{row.get('event_type')} — {row.get('sub_event_type')}"),
        ("Modality", str(row.get("modality") or "")),
        ("Actors", " / ".join(str(a) for a in (row.get("actor1"), row.get("actor2")) if _given(a)) or "—"),
        ("Place", place or "—"),
        ("Location precision", PRECISION_WORDS.get(int(precision), "") if _given(precision) else "—"),
        ("Coordinates", f"{row['latitude']:.4f}, {row['longitude']:.4f}" if _given(row.get("latitude")) else "—"),
        ("Source", str(row.get("source") or "—")),
        ("Confidence", f"{row['confidence']:.2f}" if _given(row.get("confidence")) else "—"),
        ("Origin", str(row.get("origin") or "")),
        ("Event id", str(row.get("event_id"))),
    ]


def show(row: pd.Series) -> None:
    st.subheader("Selected event")
    for label, value in event_fields(row):
        st.text(f"{label}: {value}")
    st.caption("Source sentence")
    st.text(str(row.get("notes") or ""))
    url = row.get("source_url")
    if _given(url) and str(url).startswith(("http://", "https://")):
        st.link_button("Open the source", str(url))
    _history(str(row.get("event_id")))


def history_lines(entries: list) -> list[str]:
    """Each edit as one line: when, who, and every changed value as `column: before → after`."""
    lines = []
    for entry in entries:
        when = entry.changed_at.strftime("%Y-%m-%d %H:%M UTC")
        changes = [f"{name}: {_shown(entry.previous.get(name))} → {_shown(value)}"
                   for name, value in entry.changes.items() if name != "origin"] or ["marked as edited"]
        lines.append(f"{when}, {entry.editor or 'unknown editor'}: " + "; ".join(changes))
    return lines


def _shown(value: object) -> str:
    return "—" if value is None or value == "" else str(value)


def _history(event_id: str) -> None:
    """The event's edits, oldest first, as plain text; a store that cannot say leaves a caption, not an error."""
    from dashboard.data import get_store, store_error
    from geodata.store import StoreError

    try:
        entries = get_store().history(event_id)
    except StoreError as exc:
        st.caption(store_error(exc))
        return
    if not entries:
        return
    with st.expander(f"History: {len(entries)} edit{'s' if len(entries) != 1 else ''}"):
        for line in history_lines(entries):
            st.text(line)


def _given(value: object) -> bool:
    return value is not None and not (isinstance(value, float) and pd.isna(value)) and value is not pd.NA \
        and str(value) not in ("", "nan", "<NA>")
