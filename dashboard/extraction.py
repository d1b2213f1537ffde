"""An article's extraction in a worker thread that stops when nobody waits for it any more.

Extraction is pure CPU (seconds per 100 KB of text). Run in the script thread it could not be interrupted:
Streamlit stops a script only at its next `st.` call, so a closed tab or a rerun left it burning a core to the
end. Here the worker asks `should_stop` about once per paragraph while the article's places are found
(`geodata.places.geoparser.stop`) and once per sentence after (`geodata.extract.events`), while the script thread waits
in short steps, each one a Streamlit call: a rerun, a closed tab or a server shutdown raises there, and the worker
is cancelled on the way out. The worker also stops by itself when its session is gone or the server stops (should
the script thread be stuck), and at a deadline; at most MAX_RUNNING extractions run at once in one server process,
so that a few long articles leave the app responsive for everyone else.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

MAX_SECONDS = 120.0   # any one article: 1 MB of text takes 10-40 s on a shared core
MAX_RUNNING = 2
STEP_S = 0.25         # how often the script thread looks up from waiting (and so how soon it notices a stop)

SLOTS = threading.BoundedSemaphore(MAX_RUNNING)   # per server process: modules are imported once


class ExtractionTimedOut(Exception):
    """The article took longer than its deadline."""


@dataclass
class Extraction:
    """One extraction: `work(should_stop)` computes the result in a worker thread."""

    work: Callable[[Callable[[], bool]], Any]
    alive: Callable[[], bool] = lambda: True   # False once the session or the server is gone
    max_seconds: float = MAX_SECONDS
    slots: threading.BoundedSemaphore = SLOTS
    started: float = field(default_factory=time.monotonic)
    cancelled: threading.Event = field(default_factory=threading.Event)
    done: threading.Event = field(default_factory=threading.Event)
    waiting: bool = True   # for a free slot, before the work starts
    timed_out: bool = False
    result: Any = None
    error: BaseException | None = None

    def should_stop(self) -> bool:
        if time.monotonic() - self.started > self.max_seconds:
            self.timed_out = True
        return self.timed_out or self.cancelled.is_set() or not self.alive()

    def start(self) -> Extraction:
        threading.Thread(target=self._run, name="article-extraction", daemon=True).start()
        return self

    def _run(self) -> None:
        try:
            while not self.slots.acquire(timeout=STEP_S):
                if self.should_stop():
                    return
            try:
                self.waiting = False
                self.result = self.work(self.should_stop)
            finally:
                self.slots.release()
        except BaseException as exc:  # noqa: BLE001 - handed to the script thread, which reports it
            self.error = exc
        finally:
            self.done.set()

    def wait(self, tick: Callable[[Extraction], None]) -> Any:
        """The result, calling tick(self) every STEP_S meanwhile; the worker is cancelled however this ends
        (a Streamlit stop or rerun raised by tick, an error). Raises ExtractionTimedOut at the deadline, or
        the work's own error."""
        try:
            while not self.done.wait(STEP_S):
                tick(self)
        finally:
            self.cancelled.set()
        if self.timed_out:
            raise ExtractionTimedOut(f"stopped after {self.max_seconds:.0f} s")
        if self.error is not None:
            raise self.error
        return self.result


def session_alive() -> Callable[[], bool]:
    """For the worker: whether the calling script's session is still connected and the server still running.
    Built in the script thread (which knows its session); always True outside a Streamlit server."""
    from streamlit import runtime
    from streamlit.runtime.scriptrunner import get_script_run_ctx

    ctx = get_script_run_ctx(suppress_warning=True)
    if ctx is None or not runtime.exists():
        return lambda: True
    instance, session_id = runtime.get_instance(), ctx.session_id

    def alive() -> bool:
        return instance.state.name not in ("STOPPING", "STOPPED") and instance.is_active_session(session_id)

    return alive
