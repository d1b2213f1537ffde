"""The event store: events kept in a database through SQLAlchemy (`sql`), with a columnar snapshot for fast loads."""

from geodata.store.sql import AddResult, EventStore, StoreError, StoreValidationError, default_location, resolve_url

__all__ = ["AddResult", "EventStore", "StoreError", "StoreValidationError", "default_location", "resolve_url"]
