"""Add an article: paste or upload it, review the extracted events on a preview map, fix them, save them."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import streamlit as st
from streamlit_folium import st_folium

from dashboard.data import get_store
from dashboard.mapview import build_map
from geodata import schema
from geodata.sample import store_own_events
from geodata.store import snapshot
from geodata.text.article import SUFFIXES, ArticleError, read_article

EDIT_COLUMNS = ["keep", "event_date", "date_precision", "event_type", "sub_event_type", "modality", "actor1",
                "actor2", "location", "country_code", "geo_precision", "latitude", "longitude", "notes"]
_DRAFT = "ingest_draft"          # the events under review, with the places the analyst picked
_ORIGINAL = "ingest_original"    # as extracted: what "edited" is measured against


def relocate(draft: pd.DataFrame, edited: pd.DataFrame, gazetteer) -> tuple[pd.DataFrame, list[str]]:
    """Apply the analyst's edits; a place typed anew ("Kharkiv" or "Kharkiv, UA") is looked up again."""
    out = _editable(edited)   # a new place name is no category of the draft's columns
    problems = []
    for idx in out.index:
        name = str(out.at[idx, "location"] or "").strip()
        if idx in draft.index and name == str(draft.at[idx, "location"]):
            continue
        place_name, _, country = name.partition(",")
        found = gazetteer.lookup(place_name.strip(), country=country.strip() or None, limit=1) if place_name else []
        if not found:
            problems.append(f"No place called “{name}” in the gazetteer; the event keeps its old place.")
            out.at[idx, "location"] = draft.at[idx, "location"] if idx in draft.index else None
            continue
        place = found[0].place
        out.at[idx, "location"] = place.name
        out.at[idx, "latitude"], out.at[idx, "longitude"] = place.lat, place.lon
        out.at[idx, "country_code"] = place.country_code or None
        out.at[idx, "geo_precision"] = 3 if place.kind in ("country", "region") else 1
    return out, problems


def place_choices(gazetteer, name: str, limit: int = 8) -> list:
    """The gazetteer's places of this name, most likely first, for the analyst to pick from."""
    return [c.place for c in gazetteer.lookup(name, limit=limit)] if name and name.strip() else []


def place_label(place) -> str:
    where = ", ".join(part for part in (place.admin1, place.country_code) if part)
    return f"{place.name} — {place.kind}{', ' + where if where else ''} ({place.lat:.3f}, {place.lon:.3f})"


def with_place(draft: pd.DataFrame, idx: int, place) -> pd.DataFrame:
    """The draft with event idx moved to another gazetteer place."""
    out = draft.copy()
    for column in ("location", "country_code"):
        if isinstance(out[column].dtype, pd.CategoricalDtype):
            out[column] = out[column].astype("object")
    out.at[idx, "location"] = place.name
    out.at[idx, "latitude"], out.at[idx, "longitude"] = place.lat, place.lon
    out.at[idx, "country_code"] = place.country_code or None
    out.at[idx, "geo_precision"] = 3 if place.kind in ("country", "region") else 1
    return out


def to_save(draft: pd.DataFrame, edited: pd.DataFrame) -> pd.DataFrame:
    """The kept events with the analyst's values; changed events are marked as edited."""
    kept = edited[edited["keep"].fillna(False).astype(bool)].drop(columns=["keep"])
    rows = draft.loc[kept.index].copy()
    for column in kept.columns:
        rows[column] = kept[column]
    changed = (_as_text(rows[kept.columns]) != _as_text(draft.loc[kept.index, kept.columns])).any(axis=1)
    rows["origin"] = rows["origin"].astype("object")   # a categorical refuses a value it has not seen
    rows.loc[changed, "origin"] = "edited"
    rows["year"] = pd.to_datetime(rows["event_date"]).dt.year
    return schema.coerce(rows)


def _as_text(frame: pd.DataFrame) -> pd.DataFrame:
    """Values as text for comparing, a missing value as "" (NaN would differ from itself)."""
    return frame.astype("object").astype(str).fillna("")


def render() -> None:
    st.header("Add an article")
    st.caption("Paste the text or upload a .txt, .md or .html file; check the events found, fix them, save them.")
    upload = st.file_uploader("Article file", type=[s.lstrip(".") for s in SUFFIXES])
    text = st.text_area("…or paste the article", height=220, key="ingest_text")
    left, mid, right = st.columns(3)
    published = left.date_input("Published", value=dt.date.today(), format="YYYY-MM-DD", key="ingest_published")
    source = mid.text_input("Source", value="", placeholder="e.g. Reuters", key="ingest_source")
    source_url = right.text_input("Source URL", value="", key="ingest_url")
    if st.button("Find events", type="primary"):
        article = _article_text(upload, text)
        if article is not None:
            _extract(article, published, source.strip() or "pasted article", source_url.strip() or None)
    draft = st.session_state.get(_DRAFT)
    if draft is None:
        return
    if draft.empty:
        st.info("No events found in this article: it reports no fighting, strikes, protests, arrests, "
                "agreements, deployments or meetings that we recognise.")
        return
    _review(draft)


def _article_text(upload, text: str) -> str | None:
    try:
        if upload is not None:
            return read_article(upload.getvalue(), upload.name)
        if text.strip():
            return read_article(text.encode("utf-8"), "the pasted text")
    except ArticleError as exc:
        st.error(str(exc))
        return None
    st.error("Paste an article or upload a file first.")
    return None


def _extract(article: str, published: dt.date, source: str, source_url: str | None) -> None:
    from geodata.extract import extract_events

    with st.spinner("Reading the article…"):
        events = extract_events(article, published, source, source_url)
    events.insert(0, "keep", True)
    st.session_state[_DRAFT] = st.session_state[_ORIGINAL] = events.reset_index(drop=True)


def _review(draft: pd.DataFrame) -> None:
    st.subheader(f"{len(draft)} events found")
    edited = st.data_editor(
        _editable(draft[EDIT_COLUMNS]), key="ingest_editor", hide_index=True, width="stretch",
        disabled=["latitude", "longitude", "country_code", "notes"],
        column_config={
            "keep": st.column_config.CheckboxColumn("Keep", help="Untick to drop the event"),
            "event_date": st.column_config.DateColumn("Date", format="YYYY-MM-DD"),
            "date_precision": st.column_config.SelectboxColumn("Date precision", options=schema.DATE_PRECISIONS),
            "event_type": st.column_config.SelectboxColumn("Type", options=list(schema.EVENT_TYPES)),
            "sub_event_type": st.column_config.SelectboxColumn(
                "Sub-type", options=[s for subs in schema.EVENT_TYPES.values() for s in subs]),
            "modality": st.column_config.SelectboxColumn("Modality", options=schema.MODALITIES),
            "actor1": st.column_config.TextColumn("Actor 1"),
            "actor2": st.column_config.TextColumn("Actor 2"),
            "location": st.column_config.TextColumn("Place", help="Type another place, e.g. “Kharkiv, UA”"),
            "country_code": st.column_config.TextColumn("Country"),
            "latitude": st.column_config.NumberColumn("Latitude", format="%.4f"),
            "longitude": st.column_config.NumberColumn("Longitude", format="%.4f"),
            "geo_precision": st.column_config.SelectboxColumn("Geo precision", options=[1, 2, 3]),
            "notes": st.column_config.TextColumn("Source sentence", width="large"),
        })
    from geodata.places.gazetteer import load_gazetteer

    gazetteer = load_gazetteer()
    fixed, problems = relocate(draft, edited, gazetteer)
    for problem in problems:
        st.warning(problem)
    _pick_places(draft, gazetteer)
    preview = fixed[fixed["keep"].fillna(False).astype(bool)]
    st_folium(build_map(schema.coerce(_with_ids(draft, preview))), key="ingest_map", height=380,
              use_container_width=True, returned_objects=[])
    if st.button(f"Save {len(preview)} events", type="primary", disabled=preview.empty):
        _save(draft, fixed)


def _pick_places(draft: pd.DataFrame, gazetteer) -> None:
    """Another place of the same name for one event ("Paris" in Texas, not France)."""
    with st.expander("Choose another place of the same name"):
        labels = {idx: f"{idx + 1}. {draft.at[idx, 'location']} — {str(draft.at[idx, 'notes'])[:70]}"
                  for idx in draft.index}
        idx = st.selectbox("Event", list(labels), format_func=labels.get, key="pick_event")
        choices = place_choices(gazetteer, str(draft.at[idx, "location"]))
        if not choices:
            st.caption("The gazetteer has no other place of this name; type a name in the table instead.")
            return
        place = st.selectbox("Place", choices, format_func=place_label, key=f"pick_place_{idx}")
        if st.button("Use this place", key="pick_apply"):
            st.session_state[_DRAFT] = with_place(draft, idx, place)
            st.rerun()


def _editable(frame: pd.DataFrame) -> pd.DataFrame:
    """Categorical columns as plain text: st.data_editor ignores an edit to a value not among the categories."""
    out = frame.copy()
    for column in out.columns:
        if isinstance(out[column].dtype, pd.CategoricalDtype):
            out[column] = out[column].astype("object")
    return out


def _with_ids(draft: pd.DataFrame, rows: pd.DataFrame) -> pd.DataFrame:
    full = draft.loc[rows.index].drop(columns=["keep"]).copy()
    for column in rows.columns:
        if column != "keep":
            full[column] = rows[column]
    return full


def _save(draft: pd.DataFrame, fixed: pd.DataFrame) -> None:
    original = st.session_state.get(_ORIGINAL, draft)
    events = to_save(original.drop(columns=["keep"]), fixed)
    problems = schema.validate(events)
    if problems:
        st.error("Not saved: " + "; ".join(str(p) for p in problems[:5]))
        return
    try:
        store = get_store()
        result, removed = store_own_events(store, events, lambda df: snapshot.add_events(store, df))
    except Exception as exc:  # the store stays as it was: add is one transaction
        st.error(f"Not saved: {exc}")
        return
    st.session_state.pop(_DRAFT, None)
    st.session_state.pop(_ORIGINAL, None)
    if removed:
        st.info(f"The {removed} sample events were removed now that the store holds events of your own.")
    st.success(f"Saved: {result.inserted} new, {result.updated} updated, {result.skipped} kept as you edited them.")
