"""The persistent event store: events in the event table layout, kept in a database across sessions.

SQLAlchemy Core keeps the SQL portable; what differs per database (connecting, fast batch writes beside other
writers, fast reads, what an error means) is a backend (`backend.py`): an embedded SQLite file in WAL mode by
default (`sqlite.py`), PostgreSQL for a team (`postgres.py`). Every write is one transaction that validates its
whole batch first: bad input or a crash mid-write leaves the stored events as they were. Every failure of the
database itself is a StoreError with one readable line, the URL's password masked.
"""

from __future__ import annotations

import functools
import logging
import math
import os
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from pathlib import Path
from typing import ParamSpec, TypeVar

import pandas as pd
import sqlalchemy as sa

from geodata.schema import (
    COLUMNS,
    ValidationError,
    coerce,
    empty_events,
    to_python,
    validate,
)
from geodata.store.backend import Backend, backend_for
from geodata.store.errors import StoreError, first_line, masked_url
from geodata.store.tables import (
    ADDED_COLUMNS,
    SCHEMA_VERSION,
    events_table,
    frame_from_arrow,
    history_table,
    log_table,
    metadata,
    state_table,
    version_table,
)

ENV_VAR = "EVENT_ATLAS_DB"
_CHUNK = 500   # ids per query when loading by id

log = logging.getLogger(__name__)
P = ParamSpec("P")
R = TypeVar("R")

__all__ = [
    "SCHEMA_VERSION",
    "AddResult",
    "EventStore",
    "HistoryEntry",
    "LogEntry",
    "StoreError",
    "StoreValidationError",
    "default_location",
    "resolve_url",
]

_DRIVERS = {"postgresql": "psycopg[binary] (pip install 'psycopg[binary]')", "mysql": "mysqlclient",
            "mariadb": "mariadb", "mssql": "pyodbc", "oracle": "oracledb"}


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
    """One edit: when, by whom (None if unknown), the whole event before it (JSON-ready values), and the new
    values of what changed."""

    changed_at: datetime
    previous: dict[str, object] = field(default_factory=dict)
    changes: dict[str, object] = field(default_factory=dict)
    editor: str | None = None


@dataclass(frozen=True)
class LogEntry:
    """One add or delete: when, by whom (None if unknown), which ("add", "delete"), how many events, and the
    details (counts; the file or article; the ids deleted, the first LOGGED_IDS)."""

    changed_at: datetime
    action: str
    events: int
    editor: str | None = None
    detail: dict[str, object] = field(default_factory=dict)


LOGGED_IDS = 100


def default_location() -> Path:
    """The per-user database file: $XDG_DATA_HOME/event-atlas/events.sqlite (~/.local/share by default)."""
    base = os.environ.get("XDG_DATA_HOME") or os.path.join(os.path.expanduser("~"), ".local", "share")
    return Path(base) / "event-atlas" / "events.sqlite"


def resolve_url(url_or_path: str | os.PathLike[str] | None = None) -> str:
    """A database URL from an explicit URL or file path, else $EVENT_ATLAS_DB, else the per-user default.
    `postgresql://` and `postgres://` mean the psycopg driver (the one in requirements.txt)."""
    target = url_or_path if url_or_path is not None else (os.environ.get(ENV_VAR) or None)
    if target is None:
        target = default_location()
    text = os.fspath(target)
    if "://" in text:
        for plain in ("postgresql://", "postgres://"):
            if text.startswith(plain):
                return "postgresql+psycopg://" + text[len(plain):]
        return text
    return f"sqlite:///{Path(text).expanduser().resolve()}"


def _jsonable(row: Mapping[str, object]) -> dict[str, object]:
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
    return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment


def _bump(conn: sa.Connection) -> None:
    """Count one more write, inside the writing transaction, so version() changes with it. The row exists from
    the schema's creation on (generation 0), so concurrent writers queue on it instead of racing to insert it."""
    state = state_table.c
    conn.execute(state_table.update().where(state.id == 1)
                 .values(generation=state.generation + 1, changed_at=datetime.now(UTC)))


def _log(conn: sa.Connection, action: str, events: int, editor: str | None, detail: dict[str, object]) -> None:
    """One entry of the write log, inside the writing transaction: it lands with the write or not at all."""
    conn.execute(log_table.insert().values(changed_at=datetime.now(UTC), editor=editor, action=action,
                                           events=events, detail=_jsonable(detail)))


def _guarded(method: Callable[P, R]) -> Callable[P, R]:
    """Any failure of the database itself leaves the method as a StoreError (one line, password masked)."""

    @functools.wraps(method)
    def run(*args: P.args, **kwargs: P.kwargs) -> R:
        store = args[0]
        assert isinstance(store, EventStore)
        with store._translated():
            return method(*args, **kwargs)

    return run


class EventStore:
    """Events kept in a database (a SQLite file by default), upserted by event_id."""

    def __init__(self, url_or_path: str | os.PathLike[str] | None = None):
        self.url = resolve_url(url_or_path)
        self.display_url = masked_url(self.url)
        """The URL as it may be shown or logged: any password replaced by ***."""
        self.backend: Backend | None = None
        with self._translated():
            try:
                parsed = sa.make_url(self.url)
            except sa.exc.ArgumentError:
                raise StoreError(self.display_url, "not a database URL or file path") from None
            try:
                self.backend = backend_for(parsed)
            except LookupError as exc:
                raise StoreError(self.display_url, str(exc)) from None
            self.engine = self.backend.create_engine()
            self._ensure_schema()

    def __repr__(self) -> str:
        return f"EventStore({self.display_url!r})"

    def close(self) -> None:
        """Release pooled connections (the file stays consistent without this)."""
        self.engine.dispose()

    @contextmanager
    def _translated(self) -> Iterator[None]:
        """Database and file-system failures as StoreError; our own errors (validation, unknown id) pass."""
        driver_errors = self.backend.driver_errors if self.backend is not None else ()
        database_errors: tuple[type[BaseException], ...] = (sa.exc.DBAPIError, *driver_errors)
        try:
            yield
        except StoreError:
            raise
        except ImportError as exc:
            backend = sa.make_url(self.url).get_backend_name() if "://" in self.url else "sqlite"
            package = _DRIVERS.get(backend, exc.name or "its driver")
            raise StoreError(self.display_url, f"the {backend} driver is not installed: install {package}") \
                from None
        except sa.exc.NoSuchModuleError as exc:
            raise StoreError(self.display_url, f"no such database driver ({first_line(exc)})") from None
        except database_errors as exc:
            original = getattr(exc, "orig", None) or exc
            meaning = self.backend.describe(original) if self.backend is not None else None
            raise StoreError(self.display_url, meaning or f"the database failed: {first_line(exc)}") from None
        except sa.exc.SQLAlchemyError as exc:
            raise StoreError(self.display_url, f"the database failed: {first_line(exc)}") from None
        except OSError as exc:
            raise StoreError(self.display_url, f"{exc.strerror or exc.__class__.__name__}") from None

    @contextmanager
    def _writing(self) -> Iterator[sa.Connection]:
        """One write transaction: committed when the block ends, rolled back on any exception."""
        with self.engine.connect() as conn:
            conn.execution_options(atlas_write=True)
            with conn.begin():
                yield conn

    def _ensure_schema(self) -> None:
        """Create the tables on first use (other processes doing the same wait on the backend's schema lock), add
        columns a newer release introduced, and refuse a database from a newer schema we would misread."""
        assert self.backend is not None
        with self.engine.connect() as conn:
            version = self._schema_version(conn)
            extras = version is not None and self.backend.extras_missing(conn)
        if version is None or extras:
            with self._writing() as conn:
                self.backend.lock_schema(conn)
                fresh = not sa.inspect(conn).has_table(events_table.name)
                metadata.create_all(conn)
                version = conn.scalar(sa.select(sa.func.max(version_table.c.version)))
                if version is None:
                    conn.execute(version_table.insert().values(version=SCHEMA_VERSION,
                                                               applied_at=datetime.now(UTC)))
                    version = SCHEMA_VERSION
                self._add_columns(conn)
                if conn.scalar(sa.select(state_table.c.id).where(state_table.c.id == 1)) is None:
                    conn.execute(state_table.insert().values(id=1, generation=0,
                                                             changed_at=datetime.now(UTC)))
                self.backend.add_extras(conn, fresh)
        if version > SCHEMA_VERSION:
            raise StoreError(self.display_url, f"the database has schema version {version}; this Event Atlas "
                                               f"knows up to {SCHEMA_VERSION}: upgrade Event Atlas")

    @staticmethod
    def _schema_version(conn: sa.Connection) -> int | None:
        """The recorded schema version, or None when a table or a column is missing (so the writer fixes it)."""
        inspector = sa.inspect(conn)
        if not all(inspector.has_table(table.name) for table in metadata.sorted_tables):
            return None
        for table, columns in ADDED_COLUMNS.items():
            present = {column["name"] for column in inspector.get_columns(table)}
            if any(column.name not in present for column in columns):
                return None
        if conn.scalar(sa.select(state_table.c.id).where(state_table.c.id == 1)) is None:
            return None
        return conn.scalar(sa.select(sa.func.max(version_table.c.version)))

    @staticmethod
    def _add_columns(conn: sa.Connection) -> None:
        inspector = sa.inspect(conn)
        for table, columns in ADDED_COLUMNS.items():
            present = {column["name"] for column in inspector.get_columns(table)}
            for column in columns:
                if column.name not in present:
                    kind = column.type.compile(dialect=conn.dialect)
                    conn.exec_driver_sql(f"ALTER TABLE {table} ADD COLUMN {column.name} {kind}")

    @_guarded
    def add(self, df: pd.DataFrame, *, edits: Mapping[str, Mapping[str, object]] | None = None,
            editor: str | None = None, what: str | None = None) -> AddResult:
        """Upsert events by event_id in one transaction. A re-extracted event replaces the stored one unless the
        analyst edited it (then it is skipped); duplicate ids in the batch: the last wins. Any invalid value
        refuses the whole batch with StoreValidationError, writing nothing.

        `edits` (event_id -> new values) are then applied as `edit` would, by `editor`, in the same transaction:
        a reviewed article is stored as extracted and its corrections kept in the history. The write is logged
        (`log`) with `editor` and `what` (the file or article it came from)."""
        if df.empty and not edits:
            return AddResult(0, 0, 0)
        errors = validate(df) if not df.empty else []
        if errors:
            raise StoreValidationError(errors)
        frame = coerce(df).reset_index(drop=True).drop_duplicates("event_id", keep="last")
        with self._writing() as conn:
            inserted, updated = self._write_rows(conn, frame)
            edited = [self._edit(conn, key, changes, editor) for key, changes in (edits or {}).items()]
            if inserted or updated or any(edited):
                _bump(conn)
                _log(conn, "add", int(inserted + updated), editor, {"inserted": int(inserted), "updated": int(updated),
                                                                    "edited": sum(edited), "what": what})
        return AddResult(inserted=inserted, updated=updated, skipped=len(frame) - inserted - updated)

    def _write_rows(self, conn: sa.Connection, frame: pd.DataFrame) -> tuple[int, int]:
        """Insert new events and overwrite replaced ones, inside the caller's transaction: (inserted, updated)."""
        assert self.backend is not None
        return self.backend.upsert(conn, frame)

    @_guarded
    def load(self, start: object = None, end: object = None,
             columns: Sequence[str] | None = None, ids: Iterable[str] | None = None) -> pd.DataFrame:
        """Stored events in the event table layout, sorted by event date: inclusive start/end days narrow the rows;
        columns (event_id and event_date always included) narrows what is read, the others come back null;
        ids, when given, reads only those events (what a snapshot needs after a write).
        One consistent snapshot: a write committed meanwhile is either wholly in it or not at all."""
        if ids is not None:
            wanted = list(dict.fromkeys(str(i) for i in ids))
            parts = [self._load(start, end, columns, wanted[i:i + _CHUNK]) for i in range(0, len(wanted), _CHUNK)]
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
        assert self.backend is not None
        with self.engine.connect() as conn, conn.begin():
            frame = frame_from_arrow(self.backend.read(conn, names, first, last, ids))
        if frame.empty:
            return empty_events()
        return coerce(frame).sort_values("event_date", kind="stable").reset_index(drop=True)

    @_guarded
    def version(self) -> tuple[int, str]:
        """(generation, UTC time) of the last add, edit or delete made through any EventStore on this database:
        a cache key that changes whenever the stored events do; (0, "") for a store never written."""
        query = sa.select(state_table.c.generation, state_table.c.changed_at).where(state_table.c.id == 1)
        with self.engine.connect() as conn:
            row = conn.execute(query).first()
        return (0, "") if row is None or not row.generation else (int(row.generation),
                                                                    _utc(row.changed_at).isoformat())

    @_guarded
    def count(self) -> int:
        with self.engine.connect() as conn:
            return int(conn.scalar(sa.select(sa.func.count()).select_from(events_table)) or 0)

    @_guarded
    def is_empty(self) -> bool:
        with self.engine.connect() as conn:
            return conn.scalar(sa.select(events_table.c.event_id).limit(1)) is None

    @_guarded
    def edit(self, event_id: str, changes: Mapping[str, object], editor: str | None = None) -> None:
        """Change some values of one event as the analyst (`editor`, when known): origin becomes "edited" (so
        re-extraction no longer overwrites it) and the event as it was is kept in the history table. Every edit
        is kept, the second as the first."""
        with self._writing() as conn:
            if self._edit(conn, event_id, changes, editor):
                _bump(conn)

    def _edit(self, conn: sa.Connection, event_id: str, changes: Mapping[str, object], editor: str | None) -> bool:
        """One edit inside the caller's transaction; False when it changes nothing (then no history entry)."""
        unknown = sorted(set(changes) - set(COLUMNS))
        if unknown:
            raise ValueError(f"unknown column(s): {', '.join(unknown)}")
        if "event_id" in changes:
            raise ValueError("event_id cannot be edited: it identifies the event")
        query = sa.select(events_table).where(events_table.c.event_id == event_id).with_for_update()
        row = conn.execute(query).mappings().first()
        if row is None:
            raise KeyError(event_id)
        before = dict(row)
        edited = pd.DataFrame([{**before, **changes, "origin": "edited"}])
        errors = validate(edited)
        if errors:
            raise StoreValidationError(errors)
        coerced = coerce(edited)
        changed = {name: to_python(coerced[name])[0] for name in [*changes, "origin"]}
        old = _jsonable({name: before[name] for name in changed})
        if _jsonable(changed) == old:
            return False
        conn.execute(history_table.insert().values(
            event_id=event_id, changed_at=datetime.now(UTC), editor=editor,
            previous=_jsonable(before), changes=_jsonable(changed)))
        conn.execute(events_table.update().where(events_table.c.event_id == event_id).values(changed))
        return True

    @_guarded
    def history(self, event_id: str) -> list[HistoryEntry]:
        """The edits of one event, oldest first; each keeps the whole event as it was before that edit."""
        column = history_table.c
        query = (sa.select(column.changed_at, column.previous, column.changes, column.editor)
                 .where(column.event_id == event_id).order_by(column.id))
        with self.engine.connect() as conn:
            rows = list(conn.execute(query))
        return [HistoryEntry(changed_at=_utc(r.changed_at), previous=r.previous, changes=r.changes,
                             editor=r.editor) for r in rows]

    @_guarded
    def delete(self, event_ids: Iterable[str], editor: str | None = None) -> int:
        """Remove events (their edit history stays, as an audit trail; the delete is logged with `editor`);
        returns how many were removed."""
        ids = list(dict.fromkeys(event_ids))
        removed = 0
        with self._writing() as conn:
            for start in range(0, len(ids), _CHUNK):
                chunk = ids[start:start + _CHUNK]
                removed += conn.execute(events_table.delete().where(events_table.c.event_id.in_(chunk))).rowcount
            if removed:
                _bump(conn)
                _log(conn, "delete", int(removed), editor, {"ids": [str(i) for i in ids[:LOGGED_IDS]]})
        return removed

    @_guarded
    def log(self, limit: int = 100) -> list[LogEntry]:
        """The latest adds and deletes, newest first: who wrote what, and when."""
        column = log_table.c
        query = sa.select(log_table).order_by(column.id.desc()).limit(limit)
        with self.engine.connect() as conn:
            rows = list(conn.execute(query))
        return [LogEntry(changed_at=_utc(r.changed_at), action=r.action, events=int(r.events), editor=r.editor,
                         detail=r.detail) for r in rows]
