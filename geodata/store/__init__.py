"""The event store: events kept in a database through SQLAlchemy (`sql`), each database a backend (`backend`:
`sqlite` with its columnar `snapshot`, `postgres`), every failure a one-line StoreError (`errors`)."""

from geodata.store.errors import StoreError, masked_url
from geodata.store.sql import (
                               AddResult,
                               EventStore,
                               HistoryEntry,
                               LogEntry,
                               StoreValidationError,
                               default_location,
                               resolve_url,
)

__all__ = ["AddResult", "EventStore", "HistoryEntry", "LogEntry", "StoreError", "StoreValidationError",
           "default_location", "masked_url", "resolve_url"]
