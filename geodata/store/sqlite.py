"""The SQLite backend: one file in WAL mode (readers go on while a process writes), writers queued by
BEGIN IMMEDIATE, raw-driver batches and loads, and a columnar snapshot beside the file (see snapshot.py)."""

from __future__ import annotations

import sqlite3
import time
from collections.abc import Sequence
from datetime import date
from pathlib import Path

import pandas as pd
import pyarrow as pa
import sqlalchemy as sa

from geodata.schema import COLUMNS, to_python
from geodata.store.tables import arrow_type, events_table

BUSY_TIMEOUT_S = 60.0
"""How long a SQLite writer waits for another process's write transaction before giving up."""
_CHUNK = 500   # ids per IN (...) query, under every SQLite build's bound-parameter limit
_FETCH_ROWS = 20_000   # rows per fetchmany while loading: small enough to stay in the CPU caches

_MEANINGS = {
    "SQLITE_CORRUPT": "the file is damaged ({}): restore it from a backup, or move it aside to start anew",
    "SQLITE_NOTADB": "the file is not an Event Atlas database ({}): point EVENT_ATLAS_DB at another file",
    "SQLITE_READONLY": "the store cannot be written ({}): check the file's and its folder's permissions",
    "SQLITE_PERM": "the store cannot be written ({}): check the file's and its folder's permissions",
    "SQLITE_CANTOPEN": "the store cannot be opened ({}): check that its folder exists and can be written",
    "SQLITE_FULL": "the disk is full ({}): nothing was written; free some space and try again",
    "SQLITE_BUSY": "another process has been writing to the store for too long ({}): nothing was written; "
                   "try again when it has finished",
    "SQLITE_LOCKED": "another process has been writing to the store for too long ({}): nothing was written; "
                     "try again when it has finished",
    "SQLITE_IOERR": "the disk could not be read or written ({}): nothing was written",
}


class SqliteBackend:
    name = "SQLite"
    driver_errors: tuple[type[BaseException], ...] = (sqlite3.Error,)

    def __init__(self, url: sa.URL):
        self.url = url
        database = url.database or ""
        self.file = Path(database).expanduser() if database and database != ":memory:" \
            and not database.startswith("file:") else None
        self.snapshot_path = self.file.with_suffix(".snapshot.arrow") if self.file is not None else None

    def create_engine(self) -> sa.Engine:
        if self.file is not None:
            self.file.parent.mkdir(parents=True, exist_ok=True)
        engine = sa.create_engine(self.url, connect_args={"timeout": BUSY_TIMEOUT_S})
        sa.event.listen(engine, "connect", _connect)
        sa.event.listen(engine, "begin", _begin)
        return engine

    def lock_schema(self, conn: sa.Connection) -> None:
        """BEGIN IMMEDIATE already holds the file's write lock."""

    def extras_missing(self, conn: sa.Connection) -> bool:
        return False

    def add_extras(self, conn: sa.Connection, fresh: bool) -> None:
        """Nothing beyond the shared tables: the snapshot beside the file is SQLite's fast path."""

    def upsert(self, conn: sa.Connection, frame: pd.DataFrame) -> tuple[int, int]:
        """Writers are queued by the write lock, so reading the stored origins first is race-free here."""
        origins = _origins(conn, frame["event_id"].tolist())
        stored = frame["event_id"].isin(list(origins))
        editable = frame["event_id"].isin([key for key, origin in origins.items() if origin != "edited"])
        _executemany(conn, events_table.insert(), frame[~stored], {name: name for name in COLUMNS})
        names = [name for name in COLUMNS if name != "event_id"]
        statement = (events_table.update()
                     .where(events_table.c.event_id == sa.bindparam("key"))
                     .values({name: sa.bindparam(f"v_{name}") for name in names}))
        _executemany(conn, statement, frame[editable], {"key": "event_id", **{f"v_{name}": name for name in names}})
        return int((~stored).sum()), int(editable.sum())

    def read(self, conn: sa.Connection, names: Sequence[str], first: date | None, last: date | None,
             ids: Sequence[str] | None) -> pa.Table:
        """One plain SELECT on the raw sqlite3 connection, its row tuples converted in chunks straight into typed
        Arrow columns: no per-row SQLAlchemy processing and no pandas type inference."""
        sql = f"SELECT {', '.join(names)} FROM events"
        where = []
        if first is not None:
            where.append(f"event_date >= '{first.isoformat()}'")   # ISO dates we formatted: safe to inline
        if last is not None:
            where.append(f"event_date <= '{last.isoformat()}'")
        if ids is not None:
            where.append(f"event_id IN ({', '.join('?' * len(ids))})")
        if where:
            sql += " WHERE " + " AND ".join(where)
        rows = pa.struct([(name, arrow_type(name)) for name in names])
        chunks = []
        cursor = conn.connection.driver_connection.execute(sql, tuple(ids or ()))  # type: ignore[union-attr]
        while chunk := cursor.fetchmany(_FETCH_ROWS):
            chunks.append(pa.array(chunk, type=rows))   # row tuples straight into Arrow columns, in C++
        return pa.Table.from_struct_array(pa.chunked_array(chunks, type=rows)).combine_chunks()

    def describe(self, error: BaseException) -> str | None:
        if not isinstance(error, sqlite3.Error):
            return None
        code = getattr(error, "sqlite_errorname", "") or ""
        text = str(error).splitlines()[0] if str(error) else code
        for prefix, meaning in _MEANINGS.items():
            if code == prefix or code.startswith(prefix + "_"):
                return meaning.format(text)
        for words, prefix in (("malformed", "SQLITE_CORRUPT"), ("not a database", "SQLITE_NOTADB"),
                              ("readonly", "SQLITE_READONLY"), ("disk is full", "SQLITE_FULL"),
                              ("is locked", "SQLITE_BUSY"), ("unable to open", "SQLITE_CANTOPEN")):
            if words in text:
                return _MEANINGS[prefix].format(text)
        return None


def _connect(dbapi_connection: sqlite3.Connection, _record: object) -> None:
    """WAL lets readers go on while one process writes; pysqlite's own BEGIN handling is switched off so that
    _begin decides how each transaction starts."""
    dbapi_connection.isolation_level = None
    for attempt in range(50):   # another process may be switching a new file to WAL at this very moment
        try:
            dbapi_connection.execute("PRAGMA journal_mode=WAL")
            break
        except sqlite3.OperationalError as exc:
            if attempt == 49 or "locked" not in str(exc):
                if "readonly" in str(exc) or "read-only" in str(exc):
                    break   # a read-only file can still be read
                raise
            time.sleep(0.1)
    dbapi_connection.execute(f"PRAGMA busy_timeout={int(BUSY_TIMEOUT_S * 1000)}")


def _begin(connection: sa.Connection) -> None:
    """Writers take the write lock up front (BEGIN IMMEDIATE): a deferred transaction that reads and then writes
    fails at once when another process wrote in between, while an immediate one waits its turn."""
    write = connection.get_execution_options().get("atlas_write", False)
    connection.exec_driver_sql("BEGIN IMMEDIATE" if write else "BEGIN")


def _chunks(items: Sequence[str], size: int = _CHUNK) -> list[Sequence[str]]:
    return [items[start:start + size] for start in range(0, len(items), size)]


def _origins(conn: sa.Connection, ids: list[str]) -> dict[str, str | None]:
    """The stored origin of each id that is already in the store."""
    if conn.scalar(sa.select(events_table.c.event_id).limit(1)) is None:
        return {}
    found: dict[str, str | None] = {}
    column = events_table.c
    for chunk in _chunks(ids):
        query = sa.select(column.event_id, column.origin).where(column.event_id.in_(chunk))
        found.update((row.event_id, row.origin) for row in conn.execute(query))
    return found


def _executemany(conn: sa.Connection, statement: sa.Insert | sa.Update, frame: pd.DataFrame,
                 column_of: dict[str, str]) -> None:
    """The compiled SQL straight to the driver, once per row: SQLAlchemy's per-value processing would take three
    times as long as SQLite's own insert."""
    if frame.empty:
        return
    compiled = statement.compile(dialect=conn.dialect)
    names = compiled.positiontup or []
    columns = [to_python(frame[column_of[name]], iso_dates=True) for name in names]
    conn.exec_driver_sql(str(compiled), list(zip(*columns, strict=False)))
