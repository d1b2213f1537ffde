"""Soak: a running app hammered for a bounded time by several browser sessions while imports land in its store.

Usage (from the repository root)::

    python -m benchmarks.soak [--events 20000] [--sessions 3] [--seconds 90] [--import-every 15]
                              [--import-rows 2000] [--db URL] [--json FILE]

In a temporary folder: a store of ``--events`` synthetic events (``benchmarks.synthetic``; a SQLite file, or
the database of ``--db``, e.g. a PostgreSQL URL, which the run writes into), then ``streamlit run
streamlit_app.py`` on a free loopback port (the browser tests' harness, ``tests/browser_harness.py``: Debian's
Chromium, the map libraries vendored in dashboard/static, nothing leaves the machine). Meanwhile, until
``--seconds`` have passed:

- ``--sessions`` worker processes, each its own Chromium and Streamlit session, loop over views: the Events page
  with one of a few filters in the URL (time until "Showing N of M events"), then the Data page through its
  sidebar link (time until the Download heading); an error is a timeout, a Streamlit exception box, or an error
  box on the page;
- every ``--import-every`` seconds, ``python -m geodata import`` of ``--import-rows`` new synthetic events into the
  same store (its exit code and time);
- the server's resident memory, sampled every half second from /proc (and its peak, VmHWM).

Reported: page loads, errors, latency (median, 95th percentile, max) per kind of view, imports (ok/failed, time),
server memory (start, peak, end), and tracebacks in the server's log. Everything is bounded: workers stop at the
deadline, and the server and workers are stopped by their process ids.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import random
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

from tests import browser_harness as harness

REPO = Path(__file__).resolve().parents[1]
VIEWS = ("", "?type=Battles", "?country=UA", "?type=Protests&type=Riots", "?q=drone")


def proc_kb(pid: int, field: str) -> int | None:
    """A field of /proc/PID/status in kB (VmRSS now, VmHWM the peak); None once the process is gone."""
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith(field + ":"):
                return int(line.split()[1])
    except OSError:
        return None
    return None


def session_worker(url: str, deadline: float, seed: int, out: Path) -> None:
    """One browser session looping over views until the deadline; its timings and errors as JSON in out."""
    from playwright.sync_api import sync_playwright

    rng = random.Random(seed)
    records: list[dict[str, object]] = []
    with sync_playwright() as playwright:
        browser = harness.launch(playwright)
        context = browser.new_context(viewport={"width": 1300, "height": 1000})
        context.route("**/*", harness.Offline())
        page = context.new_page()
        while time.time() < deadline - 5:
            view = rng.choice(VIEWS)
            records.append(_timed("events", lambda view=view: _events_view(page, url, view)))
            if time.time() >= deadline - 5:
                break
            records.append(_timed("data", lambda: _data_view(page)))
        context.close()
        browser.close()
    out.write_text(json.dumps(records))


def _events_view(page, url: str, view: str) -> None:
    page.goto(f"{url}/{view}", timeout=60_000)
    harness.count_line(page, timeout=60_000)
    _check(page)


def _data_view(page) -> None:
    page.get_by_role("link", name="Data").click(timeout=30_000)
    page.get_by_text("Download", exact=True).first.wait_for(timeout=60_000)
    _check(page)


def _check(page) -> None:
    if page.locator("[data-testid=stException]").count():
        raise RuntimeError("exception shown: " + page.locator("[data-testid=stException]").first.inner_text()[:200])
    if page.locator("[data-testid=stAlertContentError]").count():
        raise RuntimeError("error shown: " + page.locator("[data-testid=stAlertContentError]").first.inner_text()[:200])


def _timed(kind: str, action) -> dict[str, object]:
    started = time.perf_counter()
    try:
        action()
        return {"kind": kind, "seconds": time.perf_counter() - started, "error": None}
    except Exception as exc:   # a soak counts failures, it does not stop at the first
        return {"kind": kind, "seconds": time.perf_counter() - started, "error": f"{type(exc).__name__}: {exc}"[:300]}


def _importer(db: str, folder: Path, every: float, rows: int, deadline: float, results: list[dict[str, object]],
              stop: threading.Event) -> None:
    from benchmarks.synthetic import write_synthetic

    seed = 1000
    env = {**os.environ, "EVENT_ATLAS_DB": db, "PYTHONPATH": str(REPO)}
    while not stop.wait(every) and time.time() < deadline - every / 2:
        seed += 1
        path = folder / f"import-{seed}.csv"
        write_synthetic(rows, path, seed=seed, fmt="atlas")
        started = time.perf_counter()
        done = subprocess.run([sys.executable, "-m", "geodata", "import", str(path)], cwd=REPO, env=env,
                              capture_output=True, text=True, timeout=max(10.0, deadline - time.time() + 30),
                              check=False)
        results.append({"seconds": time.perf_counter() - started, "code": done.returncode,
                        "stderr": done.stderr.strip()[-300:], "traceback": "Traceback" in done.stderr})


def _quantiles(values: list[float]) -> dict[str, float]:
    if not values:
        return {}
    ordered = sorted(values)
    return {"median": statistics.median(ordered), "p95": ordered[min(len(ordered) - 1, int(0.95 * len(ordered)))],
            "max": ordered[-1]}


def soak(events: int, sessions: int, seconds: float, import_every: float, import_rows: int,
         db: str | None) -> dict[str, object]:
    from benchmarks.synthetic import synthetic_events
    from geodata.store import EventStore, masked_url

    with tempfile.TemporaryDirectory(prefix="event-atlas-soak-") as scratch:
        folder = Path(scratch)
        target = db or str(folder / "events.sqlite")
        store = EventStore(target)
        store.add(synthetic_events(events, seed=7))
        start_count = store.count()
        store.close()
        with harness.streamlit_server(target, folder / "streamlit.log") as server:   # type: ignore[arg-type]
            pid = server.process.pid
            rss_start = proc_kb(pid, "VmRSS")
            deadline = time.time() + seconds
            samples: list[int] = []
            stop = threading.Event()
            imports: list[dict[str, object]] = []
            importer = threading.Thread(target=_importer, args=(target, folder, import_every, import_rows, deadline,
                                                                imports, stop), daemon=True)
            workers = [subprocess.Popen([sys.executable, "-m", "benchmarks.soak", "--worker", server.url,
                                         str(deadline), str(number), str(folder / f"session-{number}.json")],
                                        cwd=REPO, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
                       for number in range(sessions)]
            importer.start()
            while time.time() < deadline and any(w.poll() is None for w in workers):
                rss = proc_kb(pid, "VmRSS")
                if rss:
                    samples.append(rss)
                time.sleep(0.5)
            stop.set()
            worker_errors = []
            for worker in workers:
                try:
                    _, err = worker.communicate(timeout=90)
                except subprocess.TimeoutExpired:
                    worker.kill()
                    _, err = worker.communicate()
                if worker.returncode:
                    worker_errors.append(err[-500:])
            importer.join(timeout=120)
            peak = proc_kb(pid, "VmHWM")
            rss_end = proc_kb(pid, "VmRSS")
            log = server.log_tail(10_000_000)
        records = []
        for number in range(sessions):
            path = folder / f"session-{number}.json"
            if path.exists():
                records += json.loads(path.read_text())
        end_count = EventStore(target).count()
    views: dict[str, object] = {}
    for kind in ("events", "data"):
        mine = [r for r in records if r["kind"] == kind]
        views[kind] = {"loads": len(mine), "errors": sum(1 for r in mine if r["error"]),
                       "seconds": _quantiles([float(r["seconds"]) for r in mine if not r["error"]])}
    return {
        "store": masked_url(target if "://" in target else "sqlite file"), "events_at_start": start_count,
        "events_at_end": end_count, "sessions": sessions, "seconds": seconds, "views": views,
        "errors": [r["error"] for r in records if r["error"]][:20], "worker_failures": worker_errors,
        "imports": {"runs": len(imports), "failed": sum(1 for i in imports if i["code"] != 0),
                    "tracebacks": sum(1 for i in imports if i["traceback"]),
                    "seconds": _quantiles([float(i["seconds"]) for i in imports]),   # type: ignore[arg-type]
                    "messages": sorted({str(i["stderr"]) for i in imports if i["code"] != 0})[:5]},
        "server_memory_mb": {"start": (rss_start or 0) / 1024, "peak": (peak or 0) / 1024,
                             "end": (rss_end or 0) / 1024,
                             "median": statistics.median(samples) / 1024 if samples else 0},
        "server_tracebacks": log.count("Traceback"),
    }


def _print(report: dict[str, object]) -> None:
    views = report["views"]
    assert isinstance(views, dict)
    print(f"soak: {report['sessions']} sessions for {report['seconds']:.0f} s on {report['store']} "
          f"({report['events_at_start']:,} -> {report['events_at_end']:,} events)")
    for kind, figures in views.items():
        q = figures["seconds"]
        timing = f"median {q['median']:.2f} s, p95 {q['p95']:.2f} s, max {q['max']:.2f} s" if q else "no timings"
        print(f"  {kind:6s} views: {figures['loads']} loads, {figures['errors']} errors; {timing}")
    imports = report["imports"]
    assert isinstance(imports, dict)
    q = imports["seconds"]
    print(f"  imports: {imports['runs']} runs, {imports['failed']} failed, {imports['tracebacks']} tracebacks"
          + (f"; median {q['median']:.1f} s, max {q['max']:.1f} s" if q else ""))
    memory = report["server_memory_mb"]
    assert isinstance(memory, dict)
    print(f"  server memory: start {memory['start']:.0f} MB, median {memory['median']:.0f} MB, "
          f"peak {memory['peak']:.0f} MB, end {memory['end']:.0f} MB")
    print(f"  tracebacks in the server log: {report['server_tracebacks']}")
    for error in report["errors"][:5]:   # type: ignore[index]
        print(f"  error: {error}")
    for failure in report["worker_failures"]:   # type: ignore[attr-defined]
        print(f"  worker failed: {failure}")


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if argv[:1] == ["--worker"]:
        url, deadline, seed, out = argv[1:5]
        session_worker(url, float(deadline), int(seed), Path(out))
        return 0
    parser = argparse.ArgumentParser(prog="python -m benchmarks.soak", description=__doc__.split("\n\n")[0])
    parser.add_argument("--events", type=int, default=20_000, help="synthetic events in the store at the start")
    parser.add_argument("--sessions", type=int, default=3, help="browser sessions at once")
    parser.add_argument("--seconds", type=float, default=90.0, help="how long to hammer (bounded)")
    parser.add_argument("--import-every", type=float, default=15.0, help="seconds between CLI imports")
    parser.add_argument("--import-rows", type=int, default=2_000, help="events per import")
    parser.add_argument("--db", help="a database URL to soak instead of a new SQLite file (it is written to)")
    parser.add_argument("--json", help="write the report here too")
    args = parser.parse_args(argv)
    report = soak(args.events, args.sessions, args.seconds, args.import_every, args.import_rows, args.db)
    _print(report)
    if args.json:
        Path(args.json).write_text(json.dumps(report, indent=2))
    with contextlib.suppress(Exception):
        sys.stdout.flush()
    failures = report["views"]["events"]["errors"] + report["views"]["data"]["errors"]   # type: ignore[index]
    return 1 if failures or report["imports"]["failed"] or report["server_tracebacks"] else 0   # type: ignore[index]


if __name__ == "__main__":
    sys.exit(main())
