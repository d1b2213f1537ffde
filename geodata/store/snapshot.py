"""A columnar snapshot of the event store, so that a million events load in a second, not ten.

Reading rows out of SQLite builds tens of millions of Python values; an Arrow file beside the database
maps straight into the frame's columns. A backend that wants one names its path (`Backend.snapshot_path`:
the SQLite file's, none for PostgreSQL, whose COPY load is fast). The snapshot is labelled with the store's
version (bumped by every add, edit and delete), and a stale or damaged snapshot is simply rebuilt from the
store, which stays the single source of truth: a snapshot that cannot be written is logged and skipped, and
a refresh that fails after a successful write never makes that write look failed.
"""

from __future__ import annotations

import contextlib
import json
import logging
import os
import tempfile
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

import pandas as pd
import pyarrow as pa
from pandas.api.types import union_categoricals
from pyarrow import feather

from geodata.schema import COLUMNS, coerce_column
from geodata.store.errors import StoreError
from geodata.store.sql import AddResult, EventStore

_KEY = b"event_atlas_version"
log = logging.getLogger(__name__)


def snapshot_path(store: EventStore) -> Path | None:
    """Where the store's backend keeps its snapshot; None when it keeps none."""
    return store.backend.snapshot_path if store.backend is not None else None


def load_events(store: EventStore) -> pd.DataFrame:
    """All stored events in the event table layout, from the snapshot when it is current."""
    path = snapshot_path(store)
    version = json.dumps(store.version())
    if path is not None:
        cached = _read(path, version)
        if cached is not None:
            return cached
    frame = store.load()
    if path is not None:
        _write(path, frame, version)
    return frame


def add_events(store: EventStore, events: pd.DataFrame, **kwargs: Any) -> AddResult:
    """Add events through the store and leave the snapshot current.

    When only this write happened since the snapshot was taken, the snapshot is patched with the rows just
    written, read back by id (a few rows, not a million); otherwise it is rebuilt from the store.
    """
    before = store.version()
    result = store.add(events, **kwargs)
    _refresh_quietly(store, events, before)
    return result


def add_batches(store: EventStore, batches: Iterable[pd.DataFrame],
                after_first: Callable[[pd.DataFrame], object] | None = None,
                progress: Callable[[AddResult], object] | None = None, **kwargs: Any) -> AddResult:
    """Add the batches of an imported file, each in its own transaction, and bring the snapshot up to date once,
    at the end: patched after one batch, rebuilt after several (a rewrite per batch took a 300,000-row import
    through the page to 3 GB). `after_first(batch)` runs once the first batch is stored; `progress(total)` after
    each; `kwargs` go to every `EventStore.add` (editor, what). A failure stops at its batch: those before it
    stay stored, and the snapshot, stale, is rebuilt on the next load. The one path of `python -m geodata import`
    and the Data page's import."""
    before = store.version()
    total = AddResult(0, 0, 0)
    last: pd.DataFrame | None = None
    written = 0
    for batch in batches:
        added = store.add(batch, **kwargs)
        total = AddResult(total.inserted + added.inserted, total.updated + added.updated,
                          total.skipped + added.skipped)
        if written == 0 and after_first is not None:
            after_first(batch)
        written, last = written + 1, batch
        if progress is not None:
            progress(total)
    if written:
        _refresh_quietly(store, last if written == 1 else None, before)
    return total


def _refresh_quietly(store: EventStore, events: pd.DataFrame | None, before: tuple[int, str]) -> None:
    """The snapshot brought up to date after a write (patched with `events`, or rebuilt when None); a failure
    is logged, since the write itself is committed and must not look failed."""
    path = snapshot_path(store)
    if path is None:
        return
    try:
        if events is None:
            load_events(store)
        else:
            _refresh(store, path, events, before)
    except (StoreError, OSError, pa.ArrowException) as exc:
        log.warning("events stored in %s, but its snapshot could not be refreshed (%s); it is rebuilt on the "
                    "next load", store.display_url, exc)


def _refresh(store: EventStore, path: Path, events: pd.DataFrame, before: tuple[int, str]) -> None:
    after = store.version()
    if after == before:
        return   # nothing was written (every event was an analyst's edit, left alone)
    old = _read(path, json.dumps(before)) if after[0] == before[0] + 1 else None
    if old is None:
        load_events(store)
        return
    ids = events["event_id"].astype(str).unique().tolist()
    fresh = store.load(ids=ids)
    kept = old[~old["event_id"].astype(str).isin(ids)]
    _write(path, _concat(kept, fresh).sort_values("event_date", kind="stable").reset_index(drop=True),
           json.dumps(after))


def _concat(first: pd.DataFrame, second: pd.DataFrame) -> pd.DataFrame:
    """Two frames of the layout as one, categoricals merged by their categories (pandas alone makes objects)."""
    columns = {}
    for name in first.columns:
        a, b = first[name], second[name]
        if isinstance(a.dtype, pd.CategoricalDtype):
            merged = union_categoricals([a.array, b.array], sort_categories=True, ignore_order=True)
            columns[name] = coerce_column(name, pd.Series(merged))
        else:
            columns[name] = pd.concat([a, b], ignore_index=True)
    return pd.DataFrame(columns)


def _read(path: Path, version: str) -> pd.DataFrame | None:
    try:
        table = feather.read_table(path, memory_map=True)
    except (OSError, pa.ArrowInvalid):
        return None
    if (table.schema.metadata or {}).get(_KEY, b"").decode() != version or table.column_names != list(COLUMNS):
        return None
    frame = table.to_pandas(types_mapper={pa.int64(): pd.Int64Dtype()}.get)
    # Arrow gives back the layout's dtypes except the categories of an all-empty column; fix just those
    # rather than `coerce` everything, which would copy every text column of a million rows again.
    loose = [name for name in frame.columns if isinstance(frame[name].dtype, pd.CategoricalDtype)
             and frame[name].cat.categories.dtype != "str"]
    return frame.assign(**{name: coerce_column(name, frame[name]) for name in loose}) if loose else frame


def _write(path: Path, frame: pd.DataFrame, version: str) -> None:
    """Beside the database and renamed into place: a reader never sees half a file. Best effort only: a folder
    that cannot be written (read-only, disk full) costs a slower load, logged once per failed write."""
    tmp: Path | None = None
    try:
        table = pa.Table.from_pandas(frame, preserve_index=False)
        table = table.replace_schema_metadata({**(table.schema.metadata or {}), _KEY: version.encode()})
        with tempfile.NamedTemporaryFile(dir=path.parent, prefix=".snapshot-", delete=False) as fh:
            tmp = Path(fh.name)
        feather.write_feather(table, tmp, compression="lz4")
        os.replace(tmp, path)
    except (OSError, pa.ArrowException) as exc:
        log.warning("the event snapshot %s could not be written (%s); loads read the database instead",
                    path, exc)
        if tmp is not None:
            with contextlib.suppress(OSError):
                tmp.unlink(missing_ok=True)
