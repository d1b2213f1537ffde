"""The store's tables, shared by every backend, and the one conversion of fetched columns into the event layout."""

from __future__ import annotations

import pandas as pd
import pyarrow as pa
import sqlalchemy as sa

from geodata.schema import CATEGORY_COLUMNS, COLUMNS, DTYPES

SCHEMA_VERSION = 1

metadata = sa.MetaData()


def _column_type(name: str) -> sa.types.TypeEngine:
    kind = DTYPES[name]
    if kind.startswith("datetime64"):
        return sa.Date()
    if kind == "Int64":
        return sa.BigInteger()
    if kind == "float64":
        return sa.Float()
    return sa.Text()


# event_id is TEXT, not VARCHAR(64): SQLite never enforced a length, so no backend may refuse a longer id.
events_table = sa.Table(
    "events", metadata,
    *[sa.Column(name, sa.Text(), primary_key=True) if name == "event_id" else sa.Column(name, _column_type(name))
      for name in COLUMNS],
    sa.Index("ix_events_event_date", "event_date"),
)
history_table = sa.Table(
    "event_history", metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("event_id", sa.Text(), nullable=False, index=True),
    sa.Column("changed_at", sa.DateTime(timezone=True), nullable=False),
    sa.Column("previous", sa.JSON, nullable=False),
    sa.Column("changes", sa.JSON, nullable=False),
    sa.Column("editor", sa.Text(), nullable=True),
)
"""Every edit: the event as it was, the new values, and who made it (None when the app did not know)."""
log_table = sa.Table(
    "write_log", metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("changed_at", sa.DateTime(timezone=True), nullable=False),
    sa.Column("editor", sa.Text(), nullable=True),
    sa.Column("action", sa.Text(), nullable=False),
    sa.Column("events", sa.BigInteger, nullable=False),
    sa.Column("detail", sa.JSON, nullable=False),
)
"""Every add and delete: when, by whom (None when the app did not know), how many events, and what (counts, the
file or article, the ids deleted). With event_history: who changed what."""
state_table = sa.Table(
    "store_state", metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("generation", sa.BigInteger, nullable=False),
    sa.Column("changed_at", sa.DateTime(timezone=True), nullable=False),
)
"""One row counting the writes made through EventStore: the cache key of version()."""
version_table = sa.Table(
    "schema_version", metadata,
    sa.Column("version", sa.Integer, primary_key=True),
    sa.Column("applied_at", sa.DateTime(timezone=True), nullable=False),
)

ADDED_COLUMNS: dict[str, tuple[sa.Column, ...]] = {"event_history": (history_table.c.editor,)}
"""Columns added after a table's first release: an older file gets them on open (ALTER TABLE ... ADD COLUMN)."""

ARROW_TYPES = {"Int64": pa.int64(), "float64": pa.float64()}
"""Arrow types for loading; text, categories and ISO dates load as strings (coerce parses the dates)."""


def arrow_type(name: str) -> pa.DataType:
    return ARROW_TYPES.get(DTYPES[name], pa.string())


def frame_from_arrow(table: pa.Table) -> pd.DataFrame:
    """Fetched columns as pandas: categories dictionary-encoded in Arrow (they arrive as pandas categoricals),
    integers as nullable Int64; no pandas type inference, which would double a million-row load."""
    for position, name in enumerate(table.column_names):
        if name in CATEGORY_COLUMNS:
            table = table.set_column(position, name, table.column(name).dictionary_encode())
    return table.to_pandas(types_mapper={pa.int64(): pd.Int64Dtype()}.get)
