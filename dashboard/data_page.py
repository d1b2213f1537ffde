"""Downloads of the filtered events, and imports of event files with a report of what was taken.

The download buttons and the uploader's file types come from the formats registry (`geodata.formats`)."""

from __future__ import annotations

import os
import re
import shutil
import tempfile
from pathlib import Path

import pandas as pd
import streamlit as st

from dashboard import auth
from dashboard import session
from dashboard.data import get_store, load_events, store_error, store_version
from dashboard.state import apply
from geodata.formats import (
    READABLE,
    UPLOAD_SUFFIXES,
    WRITABLE,
    FormatError,
    ImportReport,
    iter_events,
    write_events,
)
from geodata.sample import store_file, without_samples
from geodata.store import AddResult, LogEntry, StoreError

MAX_IMPORT_BYTES = 200 * 1024 * 1024
SHOWN_GROUPS = 10
LOGGED = 50   # changes listed on the page


@st.cache_data(show_spinner=False, max_entries=8)
def _export(view: tuple, fmt: str, _df) -> bytes:
    """The file of one view: `view` is (store version, filters), which decide what `_df` holds."""
    return write_events(_df, fmt)


def render() -> None:
    st.header("Data")
    df = load_events()
    filters = session.current_query()
    shown = without_samples(apply(df, filters))
    st.subheader("Download")
    in_force = "; ".join(filters.describe()) or "no filter (the events that happened, as the Events page shows)"
    st.caption(f"The {len(shown):,} events of the current view: {in_force}. Change the filters on the Events page.")
    columns = st.columns(len(WRITABLE))
    view = (store_version(), filters.with_(event=None))
    for column, fmt in zip(columns, WRITABLE, strict=True):
        with column:
            if shown.empty:
                st.button(fmt.label, disabled=True, key=f"dl_{fmt.name}")
            else:
                st.download_button(fmt.label, data=_export(view, fmt.name, shown),
                                   file_name=f"event-atlas{'-acled' if fmt.name == 'acled' else ''}{fmt.suffix}",
                                   mime=fmt.media_type, key=f"dl_{fmt.name}", width="stretch")
    st.subheader("Import")
    if not auth.require_editor("import files"):
        return
    st.caption(f"{', '.join(f.label for f in READABLE)}, also in a .zip, a .gz or a workbook (.xlsx, .xls, .ods); "
               "recognised by content. Bad rows are skipped and reported by reason.")
    upload = st.file_uploader("Events file", type=list(UPLOAD_SUFFIXES), key="import_file")
    if upload is not None and st.button("Import", type="primary"):
        _import(upload)
    _changes()


def _changes() -> None:
    """The store's latest adds and deletes, and who made them (editors only, like the import above)."""
    with st.expander("Recent changes to the store"):
        try:
            entries = get_store().log(limit=LOGGED)
        except StoreError as exc:
            st.error(store_error(exc))
            return
        if not entries:
            st.caption("No change logged yet.")
            return
        st.dataframe(pd.DataFrame([change_row(e) for e in entries]), hide_index=True, width="stretch",
                     key="store_log")


def change_row(entry: LogEntry) -> dict[str, object]:
    """One line of the log as shown: when, who, what was done with how many events, and from what."""
    detail = entry.detail
    if entry.action == "delete":
        what = f"{entry.events} deleted"
        ids = detail.get("ids")
        source = ", ".join(str(i) for i in ids[:5]) if isinstance(ids, list) else ""
    else:
        what = f"{detail.get('inserted', 0)} new, {detail.get('updated', 0)} updated" + (
            f", {detail['edited']} edited" if detail.get("edited") else "")
        source = str(detail.get("what") or "")
    return {"When (UTC)": entry.changed_at.strftime("%Y-%m-%d %H:%M"), "Who": entry.editor or "unknown",
            "What": what, "From": source}


def _import(upload) -> None:
    if not auth.require_editor("import files"):   # checked again here: the button alone is no gate
        return
    if upload.size > MAX_IMPORT_BYTES:
        st.error(f"{upload.name} is larger than {MAX_IMPORT_BYTES // (1024 * 1024)} MB.")
        return
    suffix = Path(upload.name).suffix or ".csv"
    fd, path = tempfile.mkstemp(suffix=suffix)
    report = ImportReport(name=upload.name)
    bar = st.progress(0.0, text=f"Reading {upload.name}")
    stored = AddResult(0, 0, 0)

    def read(done: int, total: int) -> None:
        bar.progress(min(1.0, done / total) if total else 1.0, text=f"Reading {upload.name}")

    def count(total: AddResult) -> None:
        nonlocal stored
        stored = total

    try:
        with os.fdopen(fd, "wb") as fh:
            upload.seek(0)
            shutil.copyfileobj(upload, fh)   # not getvalue(): a 200 MB upload is not held twice
        fmt, parts = iter_events(path, progress=read)
        report.format = fmt.label
        added, removed = store_file(parts, report, get_store, progress=count, editor=auth.editor())
    except FormatError as exc:
        st.error(_plain(str(exc).replace(path, upload.name)))
        return
    except StoreError as exc:   # each part is one transaction: what came before the failure is stored
        st.error(f"Stopped after {stored.inserted + stored.updated} events were stored. "
                 + store_error(exc, "written"))
        return
    except Exception as exc:  # noqa: BLE001 - the store refused a write; each part is one transaction
        st.error(_plain(f"Stopped after {stored.inserted + stored.updated} events were stored: {exc}"))
        return
    finally:
        bar.empty()
        Path(path).unlink(missing_ok=True)
    if removed:
        st.info(f"The {removed} sample events were removed now that the store holds events of your own.")
    _show_report(report, added.inserted if added else 0, added.updated if added else 0)


def _plain(text: str) -> str:
    """Text from a file (its name, its values) shown literally where Streamlit renders Markdown."""
    return re.sub(r"([\\`*_{}\[\]()#+\-.!<>|~$:])", r"\\\1", text)


def _show_report(report: ImportReport, inserted: int, updated: int) -> None:
    stored = f" ({inserted} new, {updated} updated)" if report.taken else ""
    message = _plain(f"{report.summary()}{stored}. Read as {report.format}.")
    if report.taken == 0:
        st.error(message + " Nothing was stored.")
    elif report.rejected:
        st.warning(message)
    else:
        st.success(message)
    if report.errors:
        groups = report.groups()
        lines = [f"- {group}" for group in groups[:SHOWN_GROUPS]]
        if len(groups) > SHOWN_GROUPS:
            lines.append(f"- ... and {len(groups) - SHOWN_GROUPS} more reasons (in the download)")
        st.markdown("**Rejected rows by reason**")
        st.text("\n".join(lines))
        st.download_button("Download every rejected row (CSV)", data=report.errors_csv(),
                           file_name=f"{Path(report.name).stem}-rejected.csv", mime="text/csv", key="rejections")
