"""The seam between EventStore and a database: what a backend must do, and which backend serves a URL.

EventStore's own code is the same for every database (validation, edits with history, versions); a backend
brings what differs: how to connect, how to write a batch fast and safely beside other writers, how to read
columns fast, what its errors mean, and whether it keeps a columnar snapshot beside the data.
To add a database: one module with a class that satisfies `Backend`, and one line in `_BACKENDS`.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from pathlib import Path
from typing import Protocol

import pandas as pd
import pyarrow as pa
import sqlalchemy as sa


class Backend(Protocol):
    name: str
    """What the messages call it: "SQLite", "PostgreSQL"."""
    snapshot_path: Path | None
    """Where a columnar snapshot of the events may be kept beside the data; None: reads are fast enough."""
    driver_errors: tuple[type[BaseException], ...]
    """The driver's own exceptions, raised where the backend talks to the driver directly."""

    def create_engine(self) -> sa.Engine:
        """The engine, configured for this database (pragmas, isolation, transaction start)."""
        ...

    def lock_schema(self, conn: sa.Connection) -> None:
        """Inside a write transaction: hold off any other process creating or altering the tables meanwhile."""
        ...

    def extras_missing(self, conn: sa.Connection) -> bool:
        """Whether this database offers more than the shared tables (PostGIS) and the store lacks it yet."""
        ...

    def add_extras(self, conn: sa.Connection, fresh: bool) -> None:
        """Inside the schema-creating transaction: what this database offers beyond the shared tables (a PostGIS
        geometry column); `fresh`: the tables were just created, so an extension may be installed too."""
        ...

    def upsert(self, conn: sa.Connection, frame: pd.DataFrame) -> tuple[int, int]:
        """Write a validated batch (unique event_ids) in the caller's transaction: new events inserted, stored
        ones replaced unless their origin is "edited"; safe beside other processes writing the same ids.
        Returns (inserted, updated)."""
        ...

    def read(self, conn: sa.Connection, names: Sequence[str], first: date | None, last: date | None,
             ids: Sequence[str] | None) -> pa.Table:
        """The named columns of the events in [first, last] (and among ids), as Arrow columns typed by
        `tables.arrow_type`; one consistent read."""
        ...

    def describe(self, error: BaseException) -> str | None:
        """One line saying what a driver error means for the user (damaged, read-only, disk full, locked...),
        or None when this backend does not recognise it."""
        ...


def backend_for(url: sa.URL) -> Backend:
    """The backend for a database URL; StoreError-worthy problems (no driver, unknown database) raise ImportError
    or LookupError for the caller to translate."""
    name = url.get_backend_name()
    if name not in _BACKENDS:
        raise LookupError(f"{name} databases are not supported (use a SQLite file or a PostgreSQL URL)")
    module_name, class_name = _BACKENDS[name]
    import importlib

    module = importlib.import_module(module_name)
    backend: Backend = getattr(module, class_name)(url)
    return backend


_BACKENDS = {
    "sqlite": ("geodata.store.sqlite", "SqliteBackend"),
    "postgresql": ("geodata.store.postgres", "PostgresBackend"),
}
