"""Downloads of the filtered events and imports of ACLED or Event Atlas files."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

import streamlit as st

from dashboard import auth
from dashboard.data import get_store, load_events, store_version
from dashboard.state import Filters, apply
from geodata.store import snapshot
from geodata.formats import MEDIA_TYPES, FormatError, read_events, write_events

LABELS = {"csv": "CSV (ACLED columns first)", "geojson": "GeoJSON", "gpkg": "GeoPackage (QGIS)",
          "kml": "KML (Google Earth)"}
MAX_IMPORT_BYTES = 200 * 1024 * 1024


@st.cache_data(show_spinner=False, max_entries=8)
def _export(view: tuple, fmt: str, _df) -> bytes:
    """The file of one view: `view` is (store version, filters), which decide what `_df` holds."""
    return write_events(_df, fmt)


def render() -> None:
    st.header("Data")
    df = load_events()
    filters = st.session_state.get("current_filters") or Filters()
    shown = apply(df, filters)
    st.subheader("Download")
    st.caption(f"The {len(shown):,} events of the current view (the filters of the Events page).")
    columns = st.columns(len(LABELS))
    view = (store_version(), filters.with_(event=None))
    for column, (fmt, label) in zip(columns, LABELS.items()):
        mime = MEDIA_TYPES[fmt]
        with column:
            if shown.empty:
                st.button(label, disabled=True, key=f"dl_{fmt}")
            else:
                st.download_button(label, data=_export(view, fmt, shown), file_name=f"event-atlas.{fmt}",
                                   mime=mime, key=f"dl_{fmt}", width="stretch")
    st.subheader("Import")
    if not auth.require_editor("import files"):
        return
    st.caption("An ACLED CSV export, or an Event Atlas CSV or GeoJSON file. Bad rows are skipped and listed.")
    upload = st.file_uploader("Events file", type=["csv", "geojson", "json"], key="import_file")
    if upload is not None and st.button("Import", type="primary"):
        _import(upload)


def _import(upload) -> None:
    if not auth.require_editor("import files"):   # checked again here: the button alone is no gate
        return
    data = upload.getvalue()
    if len(data) > MAX_IMPORT_BYTES:
        st.error(f"{upload.name} is larger than {MAX_IMPORT_BYTES // (1024 * 1024)} MB.")
        return
    suffix = Path(upload.name).suffix or ".csv"
    fd, path = tempfile.mkstemp(suffix=suffix)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
        result = read_events(path)
    except FormatError as exc:
        st.error(str(exc).replace(path, upload.name))
        return
    finally:
        Path(path).unlink(missing_ok=True)
    if result.taken:
        try:
            added = snapshot.add_events(get_store(), result.df)
        except Exception as exc:  # one transaction: nothing half-written
            st.error(f"Nothing was stored: {exc}")
            return
        st.success(f"{upload.name}: {result.taken} rows taken ({added.inserted} new, {added.updated} updated), "
                   f"{result.rejected} rejected.")
    else:
        st.error(f"{upload.name}: no usable rows; {result.rejected} rejected.")
    if result.errors:
        st.warning("Rejected rows:\n" + "\n".join(f"- {error}" for error in result.errors[:50]))
