"""The PostgreSQL backend (psycopg 3): the team's shared store.

Writes are COPY into a temporary table, then one `INSERT ... ON CONFLICT (event_id) DO UPDATE` that leaves
analyst-edited events alone, rows in event_id order so that concurrent writers of the same ids queue instead of
deadlocking. Schema creation takes an advisory lock, so first writers racing on a fresh database wait for one
another. Loads are `COPY (SELECT ...) TO STDOUT` as CSV, parsed by Arrow: no per-row Python objects.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from datetime import date
from pathlib import Path

import pandas as pd
import pyarrow as pa
import pyarrow.csv as pacsv
import sqlalchemy as sa

from geodata.schema import COLUMNS, to_python
from geodata.store.tables import arrow_type

SCHEMA_LOCK = 0x45564154   # "EVAT": the advisory lock key held while the tables are created or altered
LOCK_TIMEOUT_S = 60.0
"""How long a writer waits for a row or table another writer holds before giving up (lock_timeout)."""
DRIVER = "psycopg"
GEOMETRY = "geom"
"""The PostGIS point column of the events table, where PostGIS is present (computed, never written)."""

_MEANINGS = {
    "53100": "the database server's disk is full ({}): nothing was written",
    "53200": "the database server is out of memory ({}): nothing was written",
    "25006": "the database is read-only ({}): nothing was written",
    "42501": "the database user may not do this ({}): ask its administrator for write rights",
    "55P03": "another writer has held the events for too long ({}): nothing was written; try again",
    "57014": "the database stopped a statement that ran too long ({}): nothing was written",
    "XX001": "the database reports damaged data ({}): ask its administrator to check it",
    "XX002": "the database reports a damaged index ({}): ask its administrator to REINDEX",
    "3D000": "no such database on the server ({})",
    "28P01": "the server refused the user name or password ({})",
    "28000": "the server refused the connection ({})",
}


class PostgresBackend:
    name = "PostgreSQL"
    snapshot_path: Path | None = None   # COPY TO is the fast load; the server is shared, no file beside it

    def __init__(self, url: sa.URL):
        if url.drivername in ("postgresql", "postgres"):
            url = url.set(drivername=f"postgresql+{DRIVER}")
        self.url = url
        import psycopg  # ImportError here: the caller says which package is missing

        self.driver_errors: tuple[type[BaseException], ...] = (psycopg.Error,)

    def create_engine(self) -> sa.Engine:
        timeout_ms = int(LOCK_TIMEOUT_S * 1000)
        return sa.create_engine(self.url, pool_pre_ping=True, connect_args={
            "connect_timeout": 10, "options": f"-c lock_timeout={timeout_ms}"})

    def lock_schema(self, conn: sa.Connection) -> None:
        conn.execute(sa.text("SELECT pg_advisory_xact_lock(:key)"), {"key": SCHEMA_LOCK})

    def extras_missing(self, conn: sa.Connection) -> bool:
        return _has_postgis(conn) and not _has_geometry(conn)

    def add_extras(self, conn: sa.Connection, fresh: bool) -> None:
        """Where PostGIS is present, a point geometry computed from latitude and longitude (SRID 4326) with a
        GiST index, so that QGIS or any PostGIS client opens the team's events as a layer and queries them
        spatially. A fresh database gets the extension when the server has it and the user may install it
        (else an administrator's `CREATE EXTENSION postgis` adds the column on the next start)."""
        present = _has_postgis(conn)
        if fresh and not present and conn.scalar(sa.text(
                "SELECT 1 FROM pg_available_extensions WHERE name = 'postgis'")):
            try:
                with conn.begin_nested():
                    conn.exec_driver_sql("CREATE EXTENSION IF NOT EXISTS postgis")
            except sa.exc.DBAPIError:
                return   # not allowed to install it: the store works without
            present = True
        if not present or _has_geometry(conn):
            return
        conn.exec_driver_sql(
            f"ALTER TABLE events ADD COLUMN {GEOMETRY} geometry(Point, 4326) GENERATED ALWAYS AS ("
            "CASE WHEN latitude IS NOT NULL AND longitude IS NOT NULL "
            "THEN ST_SetSRID(ST_MakePoint(longitude, latitude), 4326) END) STORED")
        conn.exec_driver_sql(f"CREATE INDEX IF NOT EXISTS events_{GEOMETRY}_idx ON events USING GIST ({GEOMETRY})")

    def upsert(self, conn: sa.Connection, frame: pd.DataFrame) -> tuple[int, int]:
        if frame.empty:
            return 0, 0
        names = list(COLUMNS)
        quoted = ", ".join(f'"{name}"' for name in names)
        conn.exec_driver_sql("CREATE TEMP TABLE IF NOT EXISTS atlas_incoming (LIKE events) ON COMMIT DELETE ROWS")
        columns = [to_python(frame[name]) for name in names]
        raw = conn.connection.driver_connection
        with raw.cursor() as cursor:   # type: ignore[union-attr]
            with cursor.copy(f"COPY atlas_incoming ({quoted}) FROM STDIN") as copy:
                for row in zip(*columns, strict=False):
                    copy.write_row(row)
        updates = ", ".join(f'"{name}" = EXCLUDED."{name}"' for name in names if name != "event_id")
        result = conn.exec_driver_sql(
            f"INSERT INTO events ({quoted}) SELECT {quoted} FROM atlas_incoming ORDER BY event_id "
            f"ON CONFLICT (event_id) DO UPDATE SET {updates} "
            "WHERE events.origin IS DISTINCT FROM 'edited' "
            "RETURNING (xmax = 0) AS inserted")
        flags = [bool(row[0]) for row in result]
        conn.exec_driver_sql("TRUNCATE atlas_incoming")
        inserted = sum(flags)
        return inserted, len(flags) - inserted

    def read(self, conn: sa.Connection, names: Sequence[str], first: date | None, last: date | None,
             ids: Sequence[str] | None) -> pa.Table:
        from psycopg import sql

        where = []
        if first is not None:
            where.append(sql.SQL("event_date >= {}").format(sql.Literal(first)))
        if last is not None:
            where.append(sql.SQL("event_date <= {}").format(sql.Literal(last)))
        if ids is not None:
            where.append(sql.SQL("event_id = ANY({}::text[])").format(sql.Literal(list(ids))))
        query = sql.SQL("SELECT {} FROM events").format(sql.SQL(", ").join(map(sql.Identifier, names)))
        if where:
            query = sql.SQL("{} WHERE {}").format(query, sql.SQL(" AND ").join(where))
        statement = sql.SQL("COPY ({}) TO STDOUT WITH (FORMAT csv, HEADER true)").format(query)
        buffer = io.BytesIO()
        raw = conn.connection.driver_connection
        with raw.cursor() as cursor:   # type: ignore[union-attr]
            with cursor.copy(statement) as copy:
                for block in copy:
                    buffer.write(block)
        buffer.seek(0)
        # COPY's CSV writes NULL as an unquoted empty field and an empty string as "": Arrow keeps them apart.
        return pacsv.read_csv(buffer, convert_options=pacsv.ConvertOptions(
            column_types={name: arrow_type(name) for name in names}, null_values=[""],
            strings_can_be_null=True, quoted_strings_can_be_null=False))

    def describe(self, error: BaseException) -> str | None:
        state = getattr(error, "sqlstate", None)
        if state is None:
            return None
        text = str(error).strip().splitlines()[0] if str(error).strip() else state
        if state in _MEANINGS:
            return _MEANINGS[state].format(text)
        if state.startswith("08"):
            return f"cannot reach the database server ({text})"
        return None


def _has_postgis(conn: sa.Connection) -> bool:
    return bool(conn.scalar(sa.text("SELECT 1 FROM pg_extension WHERE extname = 'postgis'")))


def _has_geometry(conn: sa.Connection) -> bool:
    return bool(conn.scalar(sa.text(
        "SELECT 1 FROM information_schema.columns WHERE table_schema = current_schema() "
        "AND table_name = 'events' AND column_name = :name"), {"name": GEOMETRY}))
