"""Shared helpers of the browser tests: a Streamlit server on a free local port, Debian's Chromium through Playwright,
and the map's JavaScript libraries served from npm packages instead of their CDNs (this machine is offline).

folium's map page loads Leaflet from cdn.jsdelivr.net and leaflet.markercluster from cdnjs; the tests route those
requests to the `dist/` folders of `npm pack leaflet@1.9.3 leaflet.markercluster@1.1.0`, kept in
$EVENT_ATLAS_TEST_ASSETS (default ~/.cache/event-atlas/test-assets). Map tiles get a small grey PNG, every other
outside request (bootstrap, jquery, awesome-markers, fonts) an empty answer of the right type.

`python tests/browser_harness.py` fetches the packages (CI runs it before the tests); the tests fetch them too
when they are missing. npm is required: without it the browser tests fail, they are never silently skipped.
"""

from __future__ import annotations

import base64
import contextlib
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import tarfile
import tempfile
import time
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--disable-quic", "--no-first-run"]
PACKAGES = {"leaflet": "1.9.3", "leaflet.markercluster": "1.1.0"}
ASSETS_ENV = "EVENT_ATLAS_TEST_ASSETS"
GREY_PNG = base64.b64decode(
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mN4+/btfwAJVgPXS2ybOwAAAABJRU5ErkJggg==")
COUNT_LINE = re.compile(r"Showing ([\d,]+) of ([\d,]+) events")


# ---------------------------------------------------------------------------------------------- npm assets

def assets_dir() -> Path:
    return Path(os.environ.get(ASSETS_ENV) or Path.home() / ".cache" / "event-atlas" / "test-assets").expanduser()


def dist_dir(name: str, root: Path | None = None) -> Path:
    return (root or assets_dir()) / f"{name}-{PACKAGES[name]}" / "package" / "dist"


def _ready(root: Path) -> bool:
    return (dist_dir("leaflet", root) / "leaflet.js").is_file() and \
        (dist_dir("leaflet.markercluster", root) / "leaflet.markercluster.js").is_file()


def ensure_assets() -> Path:
    """The unpacked npm packages, fetched with `npm pack` when missing; their folder."""
    root = assets_dir()
    if _ready(root):
        return root
    npm = shutil.which("npm")
    if npm is None:
        raise RuntimeError(
            "The browser tests need npm to fetch leaflet@1.9.3 and leaflet.markercluster@1.1.0 (the map's "
            f"JavaScript) into {root}; install Node.js and npm (apt-get install npm), or unpack "
            f"`npm pack leaflet@1.9.3 leaflet.markercluster@1.1.0` there and set {ASSETS_ENV}.")
    root.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(dir=root) as scratch:
        specs = [f"{name}@{version}" for name, version in PACKAGES.items()]
        done = subprocess.run([npm, "pack", *specs, "--pack-destination", scratch, "--silent"], cwd=scratch,
                              capture_output=True, text=True, timeout=300)
        if done.returncode != 0:
            raise RuntimeError(f"`npm pack {' '.join(specs)}` failed ({done.returncode}):\n{done.stderr[-2000:]}")
        for name, version in PACKAGES.items():
            tarball = Path(scratch) / f"{name}-{version}.tgz"
            if not tarball.is_file():
                raise RuntimeError(f"npm pack made no {tarball.name}; it printed:\n{done.stdout}\n{done.stderr}")
            unpacked = Path(scratch) / f"{name}-{version}"
            with tarfile.open(tarball) as archive:
                archive.extractall(unpacked, filter="data")
            target = root / unpacked.name
            shutil.rmtree(target, ignore_errors=True)
            unpacked.rename(target)
    if not _ready(root):
        raise RuntimeError(f"npm packages unpacked into {root}, but their dist/ files are not there")
    return root


class OfflineRoutes:
    """A Playwright route handler: localhost passes, the CDNs are served from the npm packages, the rest stubbed."""

    def __init__(self, root: Path):
        self.dists = {"leaflet@1.9.3": dist_dir("leaflet", root),
                      "leaflet.markercluster/1.1.0": dist_dir("leaflet.markercluster", root)}
        self.served: list[str] = []
        self.stubbed: list[str] = []

    def __call__(self, route) -> None:
        url = route.request.url
        if re.match(r"^(https?|wss?)://(localhost|127\.0\.0\.1)(:\d+)?/", url) or url.startswith(("data:", "blob:")):
            route.continue_()
            return
        path = url.split("?", 1)[0].split("#", 1)[0]
        for marker, folder in self.dists.items():
            if marker in path:
                relative = path.split(marker, 1)[1].lstrip("/")
                relative = relative.removeprefix("dist/")
                file = (folder / relative).resolve()
                if file.is_file() and folder.resolve() in file.parents:
                    self.served.append(url)
                    route.fulfill(status=200, body=file.read_bytes(), content_type=_content_type(file.name))
                    return
        self.stubbed.append(url)
        name = path.rsplit("/", 1)[-1]
        if name.endswith((".png", ".jpg", ".jpeg")) or "tile" in url or "/MapServer/" in url:
            route.fulfill(status=200, body=GREY_PNG, content_type="image/png")
        else:
            route.fulfill(status=200, body=b"", content_type=_content_type(name))


def _content_type(name: str) -> str:
    for suffix, kind in ((".css", "text/css"), (".js", "application/javascript"), (".png", "image/png"),
                         (".svg", "image/svg+xml"), (".woff2", "font/woff2"), (".woff", "font/woff"),
                         (".ttf", "font/ttf"), (".json", "application/json")):
        if name.endswith(suffix):
            return kind
    return "text/plain"


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
        document.querySelectorAll('.marker-cluster').forEach(c => { clustered += parseInt(c.innerText, 10) || 0; });
        return [singles, clustered];
    }"""))


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


if __name__ == "__main__":   # CI: fetch the npm packages before the tests
    started = time.monotonic()
    where = ensure_assets()
    print(f"test assets in {where}: " + ", ".join(f"{n}@{v}" for n, v in PACKAGES.items())
          + f" ({time.monotonic() - started:.1f} s)")
