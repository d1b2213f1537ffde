"""A started server prepares the first visitor's page: its modules, the store's events, the default view.

`streamlit run` executes the page script only when a visitor connects, so the first visitor of a freshly
started (or woken) server would wait for folium, pandas and SQLAlchemy to be imported and the store to be read
(1.5-3 s). `lifespan` runs that work in a thread as the server starts: the server answers at once, and a
visitor arriving during it waits on the same caches instead of doing the work twice. A missing place index is
not built here: its minute of CPU would slow that first page (the page starts it after its first run).
"""

from __future__ import annotations

import logging
import threading
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from geodata.memory import return_freed_memory

log = logging.getLogger(__name__)
THREAD = "event-atlas-warmup"


class _NotTheWarmup(logging.Filter):
    """Streamlit warns of every cache call made outside a script run; the warm-up's are meant to be."""

    def filter(self, record: logging.LogRecord) -> bool:
        return record.threadName != THREAD


def warm() -> None:
    """What a new visitor's first run computes, done ahead; a failure is logged (the page shows it later)."""
    try:
        from dashboard import app, data, events_view   # noqa: F401  (the page's modules, once per process)
        from geodata.store import StoreError
    except Exception:
        log.exception("the server could not import the page")
        return
    try:
        events_view.warm()
    except StoreError as exc:   # one line, no password; the visitor's own run shows it on the page
        data.store_error(exc)
    except Exception:
        log.exception("the server could not prepare the first page")


@asynccontextmanager
async def lifespan(_app: object) -> AsyncIterator[None]:
    """st.App's start-up hook: the warm-up in a daemon thread, so nothing waits for it."""
    return_freed_memory()   # before the store is read (a visitor's run sets it too, on another start)
    logging.getLogger("streamlit.runtime.scriptrunner_utils.script_run_context").addFilter(_NotTheWarmup())
    threading.Thread(target=warm, name=THREAD, daemon=True).start()
    yield
