"""A columnar snapshot of the event store, so that a million events load in a second, not ten.

Reading rows out of SQLite builds tens of millions of Python values; an Arrow file beside the database
maps straight into the frame's columns. The snapshot is labelled with the store's version (bumped by
every add, edit and delete), and a stale or damaged snapshot is simply rebuilt from the store, which
stays the single source of truth.
"""

from __future__ import annotations

import json
import os
import tempfile
from pathlib import Path

import pandas as pd
import pyarrow as pa
import pyarrow.feather as feather
from sqlalchemy.engine import make_url

from geodata.store import EventStore
from geodata.timeline import COLUMNS, coerce_column

_KEY = b"event_atlas_version"


def snapshot_path(store: EventStore) -> Path | None:
    """Beside a SQLite file; None for other databases (their own reads are the cache)."""
    url = make_url(store.url)
    if url.get_backend_name() != "sqlite" or not url.database or url.database == ":memory:":
        return None
    return Path(url.database).with_suffix(".snapshot.arrow")


def load_events(store: EventStore) -> pd.DataFrame:
    """All stored events in the timeline layout, from the snapshot when it is current."""
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
    """Beside the database and renamed into place: a reader never sees half a file. Best effort only."""
    try:
        table = pa.Table.from_pandas(frame, preserve_index=False)
        table = table.replace_schema_metadata({**(table.schema.metadata or {}), _KEY: version.encode()})
        with tempfile.NamedTemporaryFile(dir=path.parent, prefix=".snapshot-", delete=False) as fh:
            tmp = Path(fh.name)
        feather.write_feather(table, tmp, compression="lz4")
        os.replace(tmp, path)
    except (OSError, pa.ArrowException):
        try:
            tmp.unlink(missing_ok=True)  # type: ignore[possibly-undefined]
        except (OSError, NameError):
            pass
