"""Store failures as one line a person can act on, with any password in a database URL masked.

A backend names what went wrong (damaged, read-only, disk full, locked, unreachable, no driver); everything
shown or logged goes through `masked_url`, so a password in EVENT_ATLAS_DB never reaches a screen or a log.
"""

from __future__ import annotations

import re


class StoreError(RuntimeError):
    """The database cannot be used for what was asked; nothing was changed by the failed operation.

    str() is `reason`, the cause without any location (what a page may show to any visitor: no server path, no
    URL); `where` is the store's URL with its password masked, and `message` both (what the CLI prints)."""

    def __init__(self, where: str, reason: str):
        self.where = where
        self.reason = reason
        super().__init__(reason)

    @property
    def message(self) -> str:
        return f"event store {self.where}: {self.reason}"


def masked_url(url: str) -> str:
    """The URL as it may be shown: `postgresql+psycopg://atlas:***@host/db`; a file path stays as it is."""
    import sqlalchemy as sa  # here, so that the CLI can catch StoreError without importing SQLAlchemy

    try:
        return sa.make_url(url).render_as_string(hide_password=True)
    except (sa.exc.ArgumentError, ValueError):
        return _PASSWORD.sub(r"\1***@", url)


_PASSWORD = re.compile(r"(://[^:/@\s]+:)[^@\s]*@")


def first_line(error: BaseException) -> str:
    """The driver's own message, one line, without SQLAlchemy's statement, parameters and background link."""
    text = str(getattr(error, "orig", None) or error).strip()
    line = text.splitlines()[0].strip() if text else error.__class__.__name__
    return _PASSWORD.sub(r"\1***@", line)
