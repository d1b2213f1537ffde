"""The persistent event store: events in the event table layout, kept in a database across sessions.

SQLAlchemy Core keeps the SQL portable (a PostgreSQL URL works); the default is an embedded SQLite file in WAL
mode, so the dashboard can read while a CLI import writes. Every write is one transaction that validates its
whole batch first: bad input or a crash mid-write leaves the stored events as they were.
"""

from __future__ import annotations

import math
import os
import time
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date, datetime, timezone
from pathlib import Path

import pandas as pd
import pyarrow as pa
import sqlalchemy as sa

from geodata.schema import CATEGORY_COLUMNS, COLUMNS, DTYPES, ValidationError, coerce, empty_events, to_python, validate

ENV_VAR = "EVENT_ATLAS_DB"
SCHEMA_VERSION = 1
BUSY_TIMEOUT_S = 60.0
"""How long a SQLite writer waits for another process's write transaction before giving up."""
_CHUNK = 500  # ids per IN (...) query, under every SQLite build's bound-parameter limit
_FETCH_ROWS = 20_000  # rows per fetchmany while loading: small enough to stay in the CPU caches

_metadata = sa.MetaData()


def _column_type(name: str) -> sa.types.TypeEngine:
    kind = DTYPES[name]
    if kind.startswith("datetime64"):
        return sa.Date()
    if kind == "Int64":
        return sa.BigInteger()
    if kind == "float64":
        return sa.Float()
    return sa.Text()


events_table = sa.Table(
    "events", _metadata,
    *[sa.Column(name, sa.String(64), primary_key=True) if name == "event_id" else sa.Column(name, _column_type(name))
      for name in COLUMNS],
    sa.Index("ix_events_event_date", "event_date"),
)
history_table = sa.Table(
    "event_history", _metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("event_id", sa.String(64), nullable=False, index=True),
    sa.Column("changed_at", sa.DateTime(timezone=True), nullable=False),
    sa.Column("previous", sa.JSON, nullable=False),
    sa.Column("changes", sa.JSON, nullable=False),
)
state_table = sa.Table(
    "store_state", _metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("generation", sa.BigInteger, nullable=False),
    sa.Column("changed_at", sa.DateTime(timezone=True), nullable=False),
)
"""One row counting the writes made through EventStore: the cache key of version()."""
version_table = sa.Table(
    "schema_version", _metadata,
    sa.Column("version", sa.Integer, primary_key=True),
    sa.Column("applied_at", sa.DateTime(timezone=True), nullable=False),
)


_ARROW_TYPES = {"Int64": pa.int64(), "float64": pa.float64()}
"""Arrow types for loading; text, categories and ISO dates load as strings."""


class StoreError(RuntimeError):
    """The database cannot be used: unreachable, or written by a newer Event Atlas."""


class StoreValidationError(ValueError):
    """A batch or an edit was refused because of bad values; nothing was written."""

    def __init__(self, errors: list[ValidationError]):
        self.errors = errors
        shown = "; ".join(str(e) for e in errors[:5])
        more = f" (and {len(errors) - 5} more)" if len(errors) > 5 else ""
        super().__init__(f"{len(errors)} invalid value(s), nothing written: {shown}{more}")


@dataclass(frozen=True)
class AddResult:
    """What one add did: new events, events replaced by a re-extraction, and analyst-edited events left alone."""

    inserted: int
    updated: int
    skipped: int

    @property
    def total(self) -> int:
        return self.inserted + self.updated + self.skipped


@dataclass(frozen=True)
class HistoryEntry:
    """One edit: when, the whole event before it (JSON-ready values), and the new values of what changed."""

    changed_at: datetime
    previous: dict[str, object] = field(default_factory=dict)
    changes: dict[str, object] = field(default_factory=dict)


def default_location() -> Path:
    """The per-user database file: $XDG_DATA_HOME/event-atlas/events.sqlite (~/.local/share by default)."""
    base = os.environ.get("XDG_DATA_HOME") or os.path.join(os.path.expanduser("~"), ".local", "share")
    return Path(base) / "event-atlas" / "events.sqlite"


def resolve_url(url_or_path: str | os.PathLike[str] | None = None) -> str:
    """A database URL from an explicit URL or file path, else $EVENT_ATLAS_DB, else the per-user default."""
    target = url_or_path if url_or_path is not None else (os.environ.get(ENV_VAR) or None)
    if target is None:
        target = default_location()
    text = os.fspath(target)
    if "://" in text:
        return text
    return f"sqlite:///{Path(text).expanduser().resolve()}"


def _sqlite_connect(dbapi_connection: object, _record: object) -> None:
    """WAL lets readers go on while one process writes; pysqlite's own BEGIN handling is switched off so that
    _sqlite_begin decides how each transaction starts."""
    dbapi_connection.isolation_level = None  # type: ignore[attr-defined]
    for attempt in range(50):  # another process may be switching a new file to WAL at this very moment
        try:
            dbapi_connection.execute("PRAGMA journal_mode=WAL")  # type: ignore[attr-defined]
            break
        except Exception:
            if attempt == 49:
                raise
            time.sleep(0.1)
    dbapi_connection.execute(f"PRAGMA busy_timeout={int(BUSY_TIMEOUT_S * 1000)}")  # type: ignore[attr-defined]


def _sqlite_begin(connection: sa.Connection) -> None:
    """Writers take the write lock up front (BEGIN IMMEDIATE): a deferred transaction that reads and then writes
    fails at once when another process wrote in between, while an immediate one waits its turn."""
    write = connection.get_execution_options().get("atlas_write", False)
    connection.exec_driver_sql("BEGIN IMMEDIATE" if write else "BEGIN")


def _make_engine(url: str) -> sa.Engine:
    parsed = sa.make_url(url)
    if parsed.get_backend_name() != "sqlite":
        return sa.create_engine(parsed)
    database = parsed.database or ""
    if database and database != ":memory:" and not database.startswith("file:"):
        Path(database).expanduser().parent.mkdir(parents=True, exist_ok=True)
    engine = sa.create_engine(parsed, connect_args={"timeout": BUSY_TIMEOUT_S})
    sa.event.listen(engine, "connect", _sqlite_connect)
    sa.event.listen(engine, "begin", _sqlite_begin)
    return engine


def _chunks(items: Sequence[str], size: int = _CHUNK) -> Iterator[Sequence[str]]:
    for start in range(0, len(items), size):
        yield items[start:start + size]


def _execute_frame(conn: sa.Connection, statement: sa.Executable, frame: pd.DataFrame,
                   column_of: dict[str, str]) -> None:
    """Run a statement once per row of frame (executemany); column_of maps each bound parameter to a column.
    On SQLite the compiled SQL goes straight to the driver: SQLAlchemy's per-value processing would take three
    times as long as SQLite's own insert."""
    if frame.empty:
        return
    if conn.dialect.name == "sqlite":
        compiled = statement.compile(dialect=conn.dialect)
        names = compiled.positiontup or []
        columns = [to_python(frame[column_of[name]], iso_dates=True) for name in names]
        conn.exec_driver_sql(str(compiled), list(zip(*columns)))
    else:
        names = list(column_of)
        columns = [to_python(frame[column_of[name]]) for name in names]
        conn.execute(statement, [dict(zip(names, row)) for row in zip(*columns)])


def _jsonable(row: dict[str, object]) -> dict[str, object]:
    """Values that survive JSON: ISO dates, None for NaN."""
    out: dict[str, object] = {}
    for key, value in row.items():
        if isinstance(value, (date, datetime)):
            value = value.isoformat()
        elif isinstance(value, float) and math.isnan(value):
            value = None
        out[key] = value
    return out


def _utc(moment: datetime) -> datetime:
    """SQLite hands back naive datetimes; we always stored UTC."""
    return moment.replace(tzinfo=timezone.utc) if moment.tzinfo is None else moment


def _bump(conn: sa.Connection) -> None:
    """Count one more write, inside the writing transaction, so version() changes with it."""
    now = datetime.now(timezone.utc)
    state = state_table.c
    if not conn.execute(state_table.update().where(state.id == 1)
                        .values(generation=state.generation + 1, changed_at=now)).rowcount:
        conn.execute(state_table.insert().values(id=1, generation=1, changed_at=now))


class EventStore:
    """Events kept in a database (a SQLite file by default), upserted by event_id."""

    def __init__(self, url_or_path: str | os.PathLike[str] | None = None):
        self.url = resolve_url(url_or_path)
        try:
            self.engine = _make_engine(self.url)
            self._ensure_schema()
        except sa.exc.SQLAlchemyError as exc:
            raise StoreError(f"cannot open event store {self.url}: {exc}") from exc

    def __repr__(self) -> str:
        return f"EventStore({self.engine.url.render_as_string(hide_password=True)!r})"

    def close(self) -> None:
        """Release pooled connections (the file stays consistent without this)."""
        self.engine.dispose()

    @contextmanager
    def _writing(self) -> Iterator[sa.Connection]:
        """One write transaction: committed when the block ends, rolled back on any exception."""
        with self.engine.connect() as conn:
            conn.execution_options(atlas_write=True)
            with conn.begin():
                yield conn

    def _ensure_schema(self) -> None:
        """Create the tables on first use, and refuse a database from a newer schema we would misread."""
        with self.engine.connect() as conn:
            inspector = sa.inspect(conn)
            ready = all(inspector.has_table(table.name) for table in _metadata.sorted_tables)
            version = conn.scalar(sa.select(sa.func.max(version_table.c.version))) if ready else None
        if version is None:
            with self._writing() as conn:
                _metadata.create_all(conn)
                version = conn.scalar(sa.select(sa.func.max(version_table.c.version)))
                if version is None:
                    conn.execute(version_table.insert().values(version=SCHEMA_VERSION,
                                                               applied_at=datetime.now(timezone.utc)))
                    version = SCHEMA_VERSION
        if version > SCHEMA_VERSION:
            raise StoreError(f"{self.url} has schema version {version}; this Event Atlas knows up to "
                             f"{SCHEMA_VERSION}: upgrade Event Atlas")

    def add(self, df: pd.DataFrame) -> AddResult:
        """Upsert events by event_id in one transaction. A re-extracted event replaces the stored one unless the
        analyst edited it (then it is skipped); duplicate ids in the batch: the last wins. Any invalid value
        refuses the whole batch with StoreValidationError, writing nothing."""
        if df.empty:
            return AddResult(0, 0, 0)
        errors = validate(df)
        if errors:
            raise StoreValidationError(errors)
        frame = coerce(df).reset_index(drop=True).drop_duplicates("event_id", keep="last")
        with self._writing() as conn:
            origins = self._origins(conn, frame["event_id"].tolist())
            stored = frame["event_id"].isin(list(origins))
            editable = frame["event_id"].isin([key for key, origin in origins.items() if origin != "edited"])
            self._write_rows(conn, frame[~stored], frame[editable])
            inserted, updated = int((~stored).sum()), int(editable.sum())
            if inserted or updated:
                _bump(conn)
        return AddResult(inserted=inserted, updated=updated, skipped=len(frame) - inserted - updated)

    def _origins(self, conn: sa.Connection, ids: list[str]) -> dict[str, str | None]:
        """The stored origin of each id that is already in the store."""
        if conn.scalar(sa.select(events_table.c.event_id).limit(1)) is None:
            return {}
        found: dict[str, str | None] = {}
        column = events_table.c
        for chunk in _chunks(ids):
            query = sa.select(column.event_id, column.origin).where(column.event_id.in_(chunk))
            found.update((row.event_id, row.origin) for row in conn.execute(query))
        return found

    def _write_rows(self, conn: sa.Connection, new: pd.DataFrame, replace: pd.DataFrame) -> None:
        """Insert new events and overwrite replaced ones, inside the caller's transaction."""
        _execute_frame(conn, events_table.insert(), new, {name: name for name in COLUMNS})
        names = [name for name in COLUMNS if name != "event_id"]
        statement = (events_table.update()
                     .where(events_table.c.event_id == sa.bindparam("key"))
                     .values({name: sa.bindparam(f"v_{name}") for name in names}))
        _execute_frame(conn, statement, replace, {"key": "event_id", **{f"v_{name}": name for name in names}})

    def load(self, start: object = None, end: object = None,
             columns: Sequence[str] | None = None, ids: Iterable[str] | None = None) -> pd.DataFrame:
        """Stored events in the event table layout, sorted by event date: inclusive start/end days narrow the rows;
        columns (event_id and event_date always included) narrows what is read, the others come back null;
        ids, when given, reads only those events (what a snapshot needs after a write).
        One consistent snapshot: a write committed meanwhile is either wholly in it or not at all."""
        if ids is not None:
            wanted = list(dict.fromkeys(str(i) for i in ids))
            parts = [self._load(start, end, columns, chunk) for chunk in _chunks(wanted)] if wanted else []
            parts = [part for part in parts if not part.empty]
            if not parts:
                return empty_events()
            return coerce(pd.concat([p.astype(object) for p in parts], ignore_index=True)).sort_values(
                "event_date", kind="stable").reset_index(drop=True)
        return self._load(start, end, columns, None)

    def _load(self, start: object, end: object, columns: Sequence[str] | None,
              ids: Sequence[str] | None) -> pd.DataFrame:
        names = [n for n in COLUMNS if columns is None or n in set(columns) | {"event_id", "event_date"}]
        unknown = sorted(set(columns or ()) - set(COLUMNS))
        if unknown:
            raise ValueError(f"unknown column(s): {', '.join(unknown)}")
        first = pd.Timestamp(start).date() if start is not None else None
        last = pd.Timestamp(end).date() if end is not None else None
        if self.engine.dialect.name == "sqlite":
            frame = self._load_sqlite(names, first, last, ids)
        else:
            column = events_table.c
            query = sa.select(*[column[name] for name in names])
            if first is not None:
                query = query.where(column.event_date >= first)
            if last is not None:
                query = query.where(column.event_date <= last)
            if ids is not None:
                query = query.where(column.event_id.in_(list(ids)))
            with self.engine.connect() as conn:
                frame = pd.read_sql(query, conn)
        if frame.empty:
            return empty_events()
        return coerce(frame).sort_values("event_date", kind="stable").reset_index(drop=True)

    def _load_sqlite(self, names: list[str], first: date | None, last: date | None,
                     ids: Sequence[str] | None = None) -> pd.DataFrame:
        """One plain SELECT on the raw sqlite3 connection (a single read snapshot), its row tuples converted in
        chunks straight into typed Arrow columns: no per-row SQLAlchemy processing and no pandas type inference,
        each of which would double the time for a million events."""
        sql = f"SELECT {', '.join(names)} FROM events"
        where = []
        if first is not None:
            where.append(f"event_date >= '{first.isoformat()}'")  # ISO dates we formatted: safe to inline
        if last is not None:
            where.append(f"event_date <= '{last.isoformat()}'")
        if ids is not None:
            where.append(f"event_id IN ({', '.join('?' * len(ids))})")
        if where:
            sql += " WHERE " + " AND ".join(where)
        rows = pa.struct([(name, _ARROW_TYPES.get(DTYPES[name], pa.string())) for name in names])
        chunks = []
        with self.engine.connect() as conn:
            cursor = conn.connection.driver_connection.execute(sql, tuple(ids or ()))  # type: ignore[union-attr]
            while chunk := cursor.fetchmany(_FETCH_ROWS):
                chunks.append(pa.array(chunk, type=rows))  # row tuples straight into Arrow columns, in C++
        table = pa.Table.from_struct_array(pa.chunked_array(chunks, type=rows)).combine_chunks()
        for position, name in enumerate(names):
            if name in CATEGORY_COLUMNS:  # dictionary-encoded in Arrow: arrives as a pandas categorical
                table = table.set_column(position, name, table.column(name).dictionary_encode())
        return table.to_pandas(types_mapper={pa.int64(): pd.Int64Dtype()}.get)

    def version(self) -> tuple[int, str]:
        """(generation, UTC time) of the last add, edit or delete made through any EventStore on this database:
        a cache key that changes whenever the stored events do; (0, "") for a store never written."""
        query = sa.select(state_table.c.generation, state_table.c.changed_at).where(state_table.c.id == 1)
        with self.engine.connect() as conn:
            row = conn.execute(query).first()
        return (0, "") if row is None else (int(row.generation), _utc(row.changed_at).isoformat())

    def count(self) -> int:
        with self.engine.connect() as conn:
            return int(conn.scalar(sa.select(sa.func.count()).select_from(events_table)) or 0)

    def is_empty(self) -> bool:
        with self.engine.connect() as conn:
            return conn.scalar(sa.select(events_table.c.event_id).limit(1)) is None

    def edit(self, event_id: str, changes: dict[str, object]) -> None:
        """Change some values of one event as the analyst: origin becomes "edited" (so re-extraction no longer
        overwrites it) and the event as it was is kept in the history table."""
        unknown = sorted(set(changes) - set(COLUMNS))
        if unknown:
            raise ValueError(f"unknown column(s): {', '.join(unknown)}")
        if "event_id" in changes:
            raise ValueError("event_id cannot be edited: it identifies the event")
        with self._writing() as conn:
            row = conn.execute(sa.select(events_table).where(events_table.c.event_id == event_id)).mappings().first()
            if row is None:
                raise KeyError(event_id)
            before = dict(row)
            edited = pd.DataFrame([{**before, **changes, "origin": "edited"}])
            errors = validate(edited)
            if errors:
                raise StoreValidationError(errors)
            coerced = coerce(edited)
            changed = {name: to_python(coerced[name])[0] for name in [*changes, "origin"]}
            conn.execute(history_table.insert().values(
                event_id=event_id, changed_at=datetime.now(timezone.utc),
                previous=_jsonable(before), changes=_jsonable(changed)))
            conn.execute(events_table.update().where(events_table.c.event_id == event_id).values(changed))
            _bump(conn)

    def history(self, event_id: str) -> list[HistoryEntry]:
        """The edits of one event, oldest first; each keeps the whole event as it was before that edit."""
        query = (sa.select(history_table.c.changed_at, history_table.c.previous, history_table.c.changes)
                 .where(history_table.c.event_id == event_id).order_by(history_table.c.id))
        with self.engine.connect() as conn:
            rows = list(conn.execute(query))
        return [HistoryEntry(changed_at=_utc(r.changed_at), previous=r.previous, changes=r.changes) for r in rows]

    def delete(self, event_ids: Iterable[str]) -> int:
        """Remove events (their edit history stays, as an audit trail); returns how many were removed."""
        ids = list(dict.fromkeys(event_ids))
        removed = 0
        with self._writing() as conn:
            for chunk in _chunks(ids):
                removed += conn.execute(events_table.delete().where(events_table.c.event_id.in_(chunk))).rowcount
            if removed:
                _bump(conn)
        return removed
