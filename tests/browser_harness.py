"""Shared helpers of the browser tests: a Streamlit server on a free local port, Debian's Chromium through Playwright,
and a network that ends at localhost.

The map's JavaScript and CSS are vendored in dashboard/static and inlined by the app, so nothing needs to be served
from elsewhere: `Offline` aborts every request that would leave localhost and records it. Map tiles are the only
outside requests the app makes (and, aborted, they make the map fall back to its country outlines).
"""

from __future__ import annotations

import contextlib
import os
import re
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--disable-quic", "--no-first-run"]
COUNT_LINE = re.compile(r"Showing ([\d,]+) of ([\d,]+) events")
LOCAL = re.compile(r"^(https?|wss?)://(localhost|127\.0\.0\.1)(:\d+)?/")
TILE_HOSTS = ("tile.openstreetmap.org", "basemaps.cartocdn.com", "server.arcgisonline.com")


@dataclass
class Offline:
    """A Playwright route handler: localhost, data:, blob: and file: pass; every other request is aborted and
    recorded."""

    blocked: list[tuple[str, str]] = field(default_factory=list)   # (resource type, url)

    def __call__(self, route) -> None:
        url = route.request.url
        if LOCAL.match(url) or url.startswith(("data:", "blob:", "file:")):
            route.continue_()
            return
        self.blocked.append((route.request.resource_type, url))
        route.abort()

    def not_tiles(self) -> list[tuple[str, str]]:
        """The blocked requests that were not map tiles: scripts, styles, fonts from a CDN would show here."""
        return [(kind, url) for kind, url in self.blocked if not any(host in url for host in TILE_HOSTS)]


# ---------------------------------------------------------------------------------------------- the server

def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@dataclass
class StreamlitServer:
    url: str
    process: subprocess.Popen
    log: Path

    def log_tail(self, chars: int = 4000) -> str:
        return self.log.read_text(errors="replace")[-chars:] if self.log.exists() else ""


@contextlib.contextmanager
def streamlit_server(db: Path, log: Path, timeout: float = 90.0) -> Iterator[StreamlitServer]:
    """`streamlit run streamlit_app.py` on a free port over the store at db; stopped (its process group) on exit.
    EVENT_ATLAS_CACHE and HOME are this process's, so the gazetteer cache built for the other tests is reused."""
    port = free_port()
    env = {**os.environ, "EVENT_ATLAS_DB": str(db), "PYTHONUNBUFFERED": "1"}
    command = [sys.executable, "-m", "streamlit", "run", "streamlit_app.py", "--server.port", str(port),
               "--server.address", "127.0.0.1", "--server.headless", "true", "--server.fileWatcherType", "none",
               "--server.runOnSave", "false", "--browser.gatherUsageStats", "false"]
    with open(log, "wb") as out:
        process = subprocess.Popen(command, cwd=REPO, env=env, stdout=out, stderr=subprocess.STDOUT,
                                   stdin=subprocess.DEVNULL, start_new_session=True)
    server = StreamlitServer(f"http://127.0.0.1:{port}", process, log)
    try:
        _wait_healthy(server, timeout)
        yield server
    finally:
        _stop(process)


def _wait_healthy(server: StreamlitServer, timeout: float) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if server.process.poll() is not None:
            raise RuntimeError(f"streamlit exited with {server.process.returncode}:\n{server.log_tail()}")
        try:
            with urllib.request.urlopen(f"{server.url}/_stcore/health", timeout=2) as answer:
                if answer.status == 200:
                    return
        except OSError:
            pass
        time.sleep(0.25)
    raise RuntimeError(f"streamlit did not answer /_stcore/health within {timeout:.0f} s:\n{server.log_tail()}")


def _stop(process: subprocess.Popen) -> None:
    """End the server and anything it started (its own session), by process group id."""
    if process.poll() is not None:
        return
    with contextlib.suppress(ProcessLookupError):
        os.killpg(process.pid, signal.SIGTERM)
    try:
        process.wait(timeout=10)
    except subprocess.TimeoutExpired:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGKILL)
        process.wait(timeout=10)


# ---------------------------------------------------------------------------------------------- the browser

def launch(playwright):
    if not Path(CHROMIUM).exists():
        raise RuntimeError(f"No Chromium at {CHROMIUM}: apt-get install chromium (`playwright install` cannot "
                           "download a browser here)")
    return playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)


def count_line(page, timeout: float = 60_000) -> tuple[int, int]:
    """(shown, total) from the page's "Showing N of M events", once it is there."""
    locator = page.get_by_text(COUNT_LINE)
    locator.first.wait_for(timeout=timeout)
    match = COUNT_LINE.search(locator.first.inner_text())
    assert match, locator.first.inner_text()
    return int(match.group(1).replace(",", "")), int(match.group(2).replace(",", ""))


def wait_count_line(page, shown: int, total: int | None = None, timeout: float = 30.0) -> tuple[int, int]:
    """Wait until the count line says `shown` (and `total`); returns what it last said."""
    deadline = time.monotonic() + timeout
    seen = None
    while time.monotonic() < deadline:
        with contextlib.suppress(Exception):
            seen = count_line(page, timeout=2_000)
            if seen[0] == shown and (total is None or seen[1] == total):
                return seen
        page.wait_for_timeout(200)
    raise AssertionError(f"count line says {seen}, expected {shown} of {total}")


def map_frames(page) -> list:
    """The frames whose document holds a Leaflet map, newest last. streamlit-folium draws the map inside a
    component iframe and makes a new iframe whenever the map changes, so for a moment the old one is there too."""
    found = []
    for frame in page.frames:
        with contextlib.suppress(Exception):
            if not frame.is_detached() and frame.locator(".leaflet-container").count() > 0:
                found.append(frame)
    return found


def map_frame(page, timeout: float = 45.0):
    """The (newest) frame with the Leaflet map, once there is one."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        frames = map_frames(page)
        if frames:
            return frames[-1]
        page.wait_for_timeout(200)
    raise AssertionError(f"no frame with a .leaflet-container after {timeout:.0f} s; frames: "
                         f"{[f.url for f in page.frames]}")


def marker_counts(frame) -> tuple[int, int]:
    """(single markers, events inside clusters) drawn on this map right now."""
    return tuple(frame.evaluate("""() => {
        const singles = document.querySelectorAll('path.leaflet-interactive').length;
        let clustered = 0;
        document.querySelectorAll('.ea-cluster').forEach(c => { clustered += parseInt(c.dataset.count, 10) || 0; });
        return [singles, clustered];
    }"""))


def cluster_colours(frame) -> list[tuple[int, str]]:
    """(count, CSS background) of every cluster drawn: the conic gradient of its mix of types."""
    return [tuple(c) for c in frame.evaluate(
        "() => Array.from(document.querySelectorAll('.ea-cluster')).map(c => [parseInt(c.dataset.count, 10),"
        " c.style.background])")]


def wait_map(page, total: int, timeout: float = 30.0):
    """Wait until a map on the page shows `total` events (single markers plus cluster counts); returns its frame.
    A map of the previous view may linger beside the new one for a moment; the one showing `total` is taken."""
    deadline = time.monotonic() + timeout
    seen: list[tuple[int, int]] = []
    while time.monotonic() < deadline:
        seen = []
        for frame in reversed(map_frames(page)):
            with contextlib.suppress(Exception):
                counts = marker_counts(frame)
                seen.append(counts)
                if sum(counts) == total:
                    return frame
        page.wait_for_timeout(200)
    raise AssertionError(f"the maps show {seen} (single, clustered) events, expected {total} in all")


def paste_article(page, text: str, published: tuple[str, str, str]) -> None:
    """On the Add an article page: paste the text and type the Published date (year, month, day)."""
    box = page.get_by_label("…or paste the article")
    box.fill(text)
    box.press("Control+Enter")
    for part, value in zip(("year", "month", "day"), published, strict=True):
        page.get_by_role("spinbutton", name=f"{part}, Published").click()
        page.keyboard.type(value)
    page.keyboard.press("Escape")   # close the calendar, which would cover the button
