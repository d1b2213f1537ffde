"""Add an article: paste or upload it, review the extracted events on a preview map, fix them, save them."""

from __future__ import annotations

import datetime as dt
import threading
import time
from dataclasses import dataclass, field

import pandas as pd
import streamlit as st
from streamlit_folium import st_folium

from dashboard import extraction, session
from dashboard.data import get_store
from dashboard.mapview import build_map
from geodata import schema
from geodata.sample import store_own_events
from geodata.store import snapshot
from geodata.text.article import SUFFIXES, ArticleError, read_article
from geodata.text.published import Published, published_date

# What the analyst checks first comes first: where (place, country, how precisely), the sentence, then the rest.
EDIT_COLUMNS = ["keep", "location", "country_code", "geo_precision", "notes", "event_date", "date_precision",
                "event_type", "sub_event_type", "modality", "actor1", "actor2", "latitude", "longitude"]


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


@dataclass
class Warmup:
    """The gazetteer index loading (about a second) or being built (30-60 s after an install or a data
    change) in the background, so that it is ready before anyone clicks "Find events"."""

    building: bool = False   # no index on disk yet: a minute, with progress shown; else about a second
    started: float = field(default_factory=time.monotonic)
    done: threading.Event = field(default_factory=threading.Event)
    error: str | None = None
    seconds: float | None = None

    def run(self) -> None:
        from geodata.places.gazetteer import load_gazetteer

        try:
            load_gazetteer()
        except Exception as exc:  # shown on the page; "Find events" then reports it again
            self.error = f"{type(exc).__name__}: {exc}"
        finally:
            self.seconds = time.monotonic() - self.started
            self.done.set()


@st.cache_resource(show_spinner=False)
def warm_gazetteer() -> Warmup:
    """Start loading the gazetteer in a background thread, once per server process."""
    from geodata.places.gazetteer import is_built

    warmup = Warmup(building=not is_built())
    threading.Thread(target=warmup.run, name="gazetteer-warmup", daemon=True).start()
    return warmup


@st.cache_resource(show_spinner=False)
def build_if_missing() -> bool:
    """At app start (once per server process): a missing index is built at once in the background (30-60 s),
    ready before anyone reaches "Find events". A built one is only loaded when the Add an article page opens
    (about a second): a server that only shows events does not hold the index (about 200 MB) beside a
    million of them. Returns whether a build was started."""
    from geodata.places.gazetteer import is_built

    if is_built():
        return False
    warm_gazetteer()
    return True


def _gazetteer():
    """The gazetteer, waiting (with a message saying why) for the background load when it is not done."""
    from geodata.places.gazetteer import load_gazetteer

    warmup = warm_gazetteer()
    if not warmup.done.is_set():
        with st.spinner("Waiting for the place index (built once after an install or a data change, about a "
                        "minute)…"):
            warmup.done.wait()
    return load_gazetteer()


def _index_status(warmup: Warmup) -> None:
    if warmup.error:
        st.error(f"The place index could not be loaded: {warmup.error}")
    elif warmup.building and not warmup.done.is_set():   # loading a built one takes a second: `render` waits
        elapsed = time.monotonic() - warmup.started
        st.progress(min(0.95, elapsed / 60), text=f"Preparing the place index ({elapsed:.0f} s; built once after "
                                                   "an install or a data change, about a minute). You can paste "
                                                   "the article meanwhile.")


@st.fragment(run_every=2)
def _index_progress() -> None:
    """Only while the index is being built: a timed fragment firing during a click's rerun can lose the click."""
    warmup = warm_gazetteer()
    if warmup.done.is_set():
        st.rerun(scope="app")   # once: the page's next run draws the status without this timer
    _index_status(warmup)


LOAD_WAIT_S = 60.0
"""How long the page's run waits, once drawn, for a built index to load (about a second)."""


def render() -> None:
    st.header("Add an article")
    st.caption("Paste the text or upload a .txt, .md or .html file; check the events found, fix them, save them.")
    status = st.container()   # the place index's status, filled once the page is drawn
    _render()
    warmup = warm_gazetteer()   # this page's first visit in the process starts loading the index
    if not warmup.building:
        warmup.done.wait(LOAD_WAIT_S)   # the page is drawn meanwhile; the status then needs no rerun
    with status:
        if warmup.done.is_set():
            _index_status(warmup)
        else:
            _index_progress()


def _render() -> None:
    upload = st.file_uploader("Article file", type=[s.lstrip(".") for s in SUFFIXES])
    text = st.text_area("…or paste the article", height=220, key="ingest_text")
    stated = _stated_date(upload, text)
    left, mid, right = st.columns(3)
    st.session_state.setdefault(session.INGEST_PUBLISHED, None)   # required: no silent "today"
    published = left.date_input("Published", format="YYYY-MM-DD", key=session.INGEST_PUBLISHED,
                                help="The day the article was published: “on Tuesday” is counted from it.")
    if stated is not None:
        left.caption(f"The article says {stated.date.isoformat()} ({stated.found_in}).")
    source = mid.text_input("Source", value="", placeholder="e.g. Reuters", key="ingest_source")
    source_url = right.text_input("Source URL", value="", key="ingest_url")
    if st.button("Find events", type="primary"):
        article = _article_text(upload, text)
        if article is not None and published is None:
            st.error("Set the Published date first: every “on Tuesday” or “last week” in the article is counted "
                     "from it." + (f" The article itself says {stated.date.isoformat()}." if stated else ""))
        elif article is not None:
            _extract(article, published, source.strip() or "pasted article", source_url.strip() or None)
    draft = session.get(session.INGEST_DRAFT)
    if draft is None:
        return
    if draft.empty:
        st.info("No events found in this article: it reports no fighting, strikes, protests, arrests, "
                "agreements, deployments or meetings that we recognise.")
        return
    _review(draft)


def _stated_date(upload, text: str) -> Published | None:
    """The date the article states (metadata or dateline), put into "Published" when the analyst has not set
    one; the caption beside it says where it was read."""
    raw = upload.getvalue().decode("utf-8", errors="replace") if upload is not None else text
    stated = published_date(raw) if raw and raw.strip() else None
    key = (stated.date, stated.found_in) if stated else None
    if stated is not None and key != session.get(session.PUBLISHED_STATED):
        session.put(session.PUBLISHED_STATED, key)
        if session.get(session.INGEST_PUBLISHED) is None:
            session.put(session.INGEST_PUBLISHED, stated.date)
    return stated


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
    from geodata.extract.events import ExtractionStopped, extract_events

    _gazetteer()   # normally ready: loading since the page opened (or built since the app started)
    job = extraction.Extraction(lambda should_stop: extract_events(article, published, source, source_url,
                                                                    should_stop=should_stop),
                                alive=extraction.session_alive(), max_seconds=extraction.MAX_SECONDS).start()
    with st.spinner("Reading the article…"):
        status = st.empty()
        try:
            events = job.wait(lambda job: _show_progress(status, job))   # a closed tab or a rerun stops it
        except (extraction.ExtractionTimedOut, ExtractionStopped):
            status.empty()
            st.error(f"Reading this article took longer than {job.max_seconds:.0f} s and was stopped. "
                     "Split it into parts (chapters) and add each one.")
            return
    status.empty()
    events.insert(0, "keep", True)
    session.put(session.INGEST_DRAFT, events.reset_index(drop=True))
    session.put(session.INGEST_ORIGINAL, session.get(session.INGEST_DRAFT))


def _show_progress(status, job: extraction.Extraction) -> None:
    """Called while the article is read; each call is also where Streamlit stops this script on a rerun or when
    the tab is closed (which cancels the extraction)."""
    elapsed = time.monotonic() - job.started
    if job.waiting:
        status.caption(f"Waiting for other articles to finish reading (at most {extraction.MAX_RUNNING} at once; "
                       f"{elapsed:.0f} s)…")
    else:
        status.caption(f"Finding its places, then its events sentence by sentence ({elapsed:.0f} s; stopped after "
                       f"{job.max_seconds:.0f} s)…")


def _review(draft: pd.DataFrame) -> None:
    st.subheader(f"{len(draft)} events found")
    edited = st.data_editor(
        _editable(draft[EDIT_COLUMNS]), key="ingest_editor", hide_index=True, width="stretch",
        disabled=["latitude", "longitude", "country_code", "notes"],
        column_config={
            "keep": st.column_config.CheckboxColumn("Keep", help="Untick to drop the event", width="small"),
            "event_date": st.column_config.DateColumn("Date", format="YYYY-MM-DD"),
            "date_precision": st.column_config.SelectboxColumn("Date precision", options=schema.DATE_PRECISIONS),
            "event_type": st.column_config.SelectboxColumn("Type", options=list(schema.EVENT_TYPES)),
            "sub_event_type": st.column_config.SelectboxColumn(
                "Sub-type", options=[s for subs in schema.EVENT_TYPES.values() for s in subs]),
            "modality": st.column_config.SelectboxColumn("Modality", options=schema.MODALITIES),
            "actor1": st.column_config.TextColumn("Actor 1"),
            "actor2": st.column_config.TextColumn("Actor 2"),
            "location": st.column_config.TextColumn("Place", help="Type another place, e.g. “Kharkiv, UA”",
                                                  width="medium"),
            "country_code": st.column_config.TextColumn("Country", width="small"),
            "latitude": st.column_config.NumberColumn("Latitude", format="%.4f"),
            "longitude": st.column_config.NumberColumn("Longitude", format="%.4f"),
            "geo_precision": st.column_config.SelectboxColumn(
                "Precision", options=[1, 2, 3], width="small",
                help="1 the town itself, 2 near a town, 3 a region or country"),
            "notes": st.column_config.TextColumn("Source sentence", width="large"),
        })
    gazetteer = _gazetteer()
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
        idx = st.selectbox("Event", list(labels), format_func=lambda i: labels[i], key="pick_event")
        if idx is None:
            return
        choices = place_choices(gazetteer, str(draft.at[idx, "location"]))
        if not choices:
            st.caption("The gazetteer has no other place of this name; type a name in the table instead.")
            return
        place = st.selectbox("Place", choices, format_func=place_label, key=f"pick_place_{idx}")
        if st.button("Use this place", key="pick_apply"):
            session.put(session.INGEST_DRAFT, with_place(draft, idx, place))
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


def review_edits(original: pd.DataFrame, fixed: pd.DataFrame) -> tuple[pd.DataFrame, dict[str, dict[str, object]]]:
    """The kept events as extracted, and the analyst's changes to them by event_id: what EventStore.add stores in
    one transaction, the corrections as edits (origin "edited", the extraction kept in the history)."""
    saved = to_save(original, fixed)
    extracted = schema.coerce(original.loc[saved.index])
    columns = [c for c in fixed.columns if c in saved.columns and c != "keep"] + ["year"]
    before, after = _as_text(extracted[columns]), _as_text(saved[columns])
    edits: dict[str, dict[str, object]] = {}
    for idx in saved.index[(before != after).any(axis=1)]:
        changed = [c for c in columns if before.at[idx, c] != after.at[idx, c]]
        edits[str(saved.at[idx, "event_id"])] = {c: schema.to_python(saved.loc[[idx], c])[0] for c in changed}
    return extracted, edits


def _save(draft: pd.DataFrame, fixed: pd.DataFrame) -> None:
    from dashboard import auth
    from dashboard.data import store_error
    from geodata.store import StoreError, StoreValidationError

    if not auth.require_editor("save events"):   # checked again here: the button alone is no gate
        return
    original = session.get(session.INGEST_ORIGINAL, draft)
    events = to_save(original.drop(columns=["keep"]), fixed)
    problems = schema.validate(events)
    if problems:
        st.error("Not saved: " + "; ".join(str(p) for p in problems[:5]))
        return
    extracted, edits = review_edits(original.drop(columns=["keep"]), fixed)
    what = f"article: {extracted['source'].iloc[0]}" if not extracted.empty else None   # for the store's log
    try:
        store = get_store()
        result, removed = store_own_events(
            store, extracted, lambda df: snapshot.add_events(store, df, edits=edits, editor=auth.editor(), what=what))
    except StoreError as exc:   # the store stays as it was: the events and their edits are one transaction
        st.error("Not saved. " + store_error(exc, "written"))
        return
    except (StoreValidationError, KeyError, ValueError) as exc:
        st.error(f"Not saved: {exc}")
        return
    session.drop(session.INGEST_DRAFT, session.INGEST_ORIGINAL)
    if removed:
        st.info(f"The {removed} sample events were removed now that the store holds events of your own.")
    st.success(f"Saved: {result.inserted} new, {result.updated} updated, {result.skipped} kept as you edited them.")
    if edits:
        st.caption(f"{len(edits)} events saved with your corrections; what was extracted is kept in their history.")
