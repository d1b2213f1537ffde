"""Memory and sharing figures (issue 12): one big ingest, several viewers at once, one big import through the page.

Usage (from the repository root)::

    python -m benchmarks.sessions [--only ingest,sessions,import,cold] [--article-chars 1000000] [--events 100000]
                                  [--sessions 5] [--import-rows 300000] [--cold-chars 20000] [--json FILE]

Four measurements, each in a temporary folder, figures printed (no pass/fail):

- ``ingest``: ``python -m geodata ingest`` of a synthetic article of ``--article-chars`` characters (short reports
  of shelling, protests, arrests and strikes in ten towns, every clause an event to read: the dense case) into a
  new SQLite store; its time and the child's peak memory (max RSS from ``os.wait4``). Target: under 500 MB.
- ``cold``: the first CLI call on a fresh machine: ``python -m geodata ingest`` of a ``--cold-chars`` article with
  ``EVENT_ATLAS_CACHE`` an empty folder, so the call builds the gazetteer index first; its time and peak memory,
  then the same call again, which loads the index it cached. Target: peak under 1 GB (issue 12; aim under 800 MB).
- ``sessions``: ``streamlit run`` over a store of ``--events`` synthetic events (``benchmarks.synthetic``, its
  snapshot built first as an import leaves it); a first session warms the server's cache, then one session alone
  and then ``--sessions`` at once (each its own Chromium process, started together) open the Events page: the
  time until the count line and a map with markers are drawn (the first view); then each opens a filtered view
  (``?type=Battles``) and the Data page and downloads the CSV of that view. Reported: first view alone and at once
  (median, max, and max / alone), filter and download times, and the server's resident memory (sampled; its peak,
  VmHWM). Targets: each first view within 2x of the lone one; server memory under 1.5 GB.
- ``import``: a GDELT 1.0 daily export of ``--import-rows`` rows (``benchmarks.imports.write_gdelt``) uploaded on
  a fresh server's Data page and imported: the time until the report and the server's peak memory. Target:
  under 1.5 GB.

The browsers' network ends at localhost (``tests/browser_harness.Offline``). On a machine shared with other work the
times move with its load: the load average is printed with the figures.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from pathlib import Path

from benchmarks.soak import proc_kb
from tests import browser_harness as harness

REPO = Path(__file__).resolve().parents[1]
PLACES = ("Kharkiv", "Odesa", "Sumy", "Kherson", "Lviv", "Mosul", "Aleppo", "Goma", "Kabul", "Gao")
SENTENCES = ("Russian forces shelled {place} on Tuesday, officials said.",
             "Protesters marched in {place} on {day} May.",
             "Police arrested 12 people in {place}.",
             "A drone strike hit {place} on Monday, killing 3 civilians.")


def dense_article(chars: int) -> str:
    """Short reports of fighting, protests and arrests over and over: every clause an event to read (the slowest
    kind of text per character; about 15 s per 900,000 characters on an idle core)."""
    parts: list[str] = []
    size = 0
    i = 0
    while size < chars:
        sentence = SENTENCES[i % len(SENTENCES)].format(place=PLACES[i * 7 % len(PLACES)], day=1 + i % 28)
        parts.append(sentence + ("\n\n" if i % 5 == 4 else " "))
        size += len(parts[-1])
        i += 1
    return "".join(parts)[:chars]


def _load() -> str:
    return " ".join(f"{x:.2f}" for x in os.getloadavg())


class MemorySampler:
    """The resident memory of a process sampled every half second in a thread, and its peak (VmHWM)."""

    def __init__(self, pid: int) -> None:
        self.pid = pid
        self.samples: list[int] = []
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def _run(self) -> None:
        while not self._stop.wait(0.5):
            rss = proc_kb(self.pid, "VmRSS")
            if rss:
                self.samples.append(rss)

    def __enter__(self) -> MemorySampler:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()

    def figures(self) -> dict[str, float]:
        return {"rss_max_mb": max(self.samples, default=0) / 1024,
                "rss_median_mb": (statistics.median(self.samples) if self.samples else 0) / 1024,
                "peak_hwm_mb": (proc_kb(self.pid, "VmHWM") or 0) / 1024}


# ---------------------------------------------------------------------------------------------- ingest

def ingest(chars: int, cache: Path | None = None) -> dict[str, object]:
    """One `geodata ingest` child; with `cache`, its gazetteer index is read from (or built into) that folder."""
    with tempfile.TemporaryDirectory(prefix="atlas-ingest-") as scratch:
        folder = Path(scratch)
        article = folder / "article.txt"
        article.write_text(dense_article(chars), encoding="utf-8")
        env = {**os.environ, "EVENT_ATLAS_DB": str(folder / "events.sqlite"), "PYTHONPATH": str(REPO)}
        if cache is not None:
            env["EVENT_ATLAS_CACHE"] = str(cache)
        started = time.perf_counter()
        child = subprocess.Popen([sys.executable, "-m", "geodata", "ingest", str(article), "--published",
                                  "2024-10-18"], cwd=REPO, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        _, status, usage = os.wait4(child.pid, 0)
        seconds = time.perf_counter() - started
        out = (child.stdout.read() if child.stdout else b"").decode(errors="replace").strip()
        err = (child.stderr.read() if child.stderr else b"").decode(errors="replace").strip()
    return {"chars": chars, "seconds": seconds, "peak_mb": usage.ru_maxrss / 1024,
            "exit": os.waitstatus_to_exitcode(status), "said": (out or err)[-200:], "load": _load()}


def cold(chars: int) -> dict[str, object]:
    """The first ingest on a machine without a gazetteer cache (it builds the index), then a second (it loads it)."""
    with tempfile.TemporaryDirectory(prefix="atlas-cold-cache-") as cache:
        first = ingest(chars, Path(cache))
        built = sorted(p.name for p in Path(cache).iterdir())
        second = ingest(chars, Path(cache))
    return {"chars": chars, "cold": first, "cached": second, "cache_files": built}


# ---------------------------------------------------------------------------------------------- sessions

def first_view(page, url: str, timeout: float = 300.0) -> float:
    """Seconds from opening the Events page until its count line and a map with markers are drawn."""
    started = time.perf_counter()
    page.goto(url, timeout=timeout * 1000)
    harness.count_line(page, timeout=timeout * 1000)
    deadline = started + timeout
    while time.perf_counter() < deadline:
        for frame in harness.map_frames(page):
            with contextlib.suppress(Exception):
                if sum(harness.marker_counts(frame)) > 0:
                    return time.perf_counter() - started
        page.wait_for_timeout(100)
    raise TimeoutError(f"no map with markers after {timeout:.0f} s")


def session_worker(url: str, start_at: float, out: Path) -> None:
    """One browser session (its own Chromium): at start_at, the first view; then a filtered view, the Data page
    and a download of that view's CSV. Its timings as JSON in out."""
    from playwright.sync_api import sync_playwright

    record: dict[str, object] = {}
    with sync_playwright() as playwright:
        browser = harness.launch(playwright)
        context = browser.new_context(viewport={"width": 1300, "height": 1000}, accept_downloads=True)
        context.route("**/*", harness.Offline())
        page = context.new_page()
        time.sleep(max(0.0, start_at - time.time()))
        try:
            record["first_view_s"] = first_view(page, url)
            started = time.perf_counter()
            page.goto(f"{url}/?type=Battles", timeout=300_000)
            harness.count_line(page, timeout=300_000)
            record["filter_s"] = time.perf_counter() - started
            started = time.perf_counter()
            page.get_by_role("link", name="Data").click(timeout=60_000)
            button = page.get_by_role("button", name="CSV (all columns)")
            button.wait_for(timeout=120_000)
            with page.expect_download(timeout=120_000) as download:
                button.click()
            record["download_bytes"] = Path(download.value.path()).stat().st_size
            record["download_s"] = time.perf_counter() - started
        except Exception as exc:   # a benchmark reports failures, it does not stop at them
            record["error"] = f"{type(exc).__name__}: {exc}"[:300]
        context.close()
        browser.close()
    out.write_text(json.dumps(record))


def _cpu_s(pid: int) -> float:
    """User + system CPU seconds of a running process, from /proc (all its threads)."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def _sessions_at_once(url: str, folder: Path, count: int, tag: str, server_pid: int) -> dict[str, object]:
    """`count` sessions started together; their records, the server's CPU seconds meanwhile and the browsers'
    (each worker with its Chromium, from os.wait4)."""
    start_at = time.time() + 8.0   # every Chromium launched and waiting before the first goto
    outs = [folder / f"{tag}-{n}.json" for n in range(count)]
    with open(folder / f"{tag}.stderr", "wb") as errors:
        workers = [subprocess.Popen([sys.executable, "-m", "benchmarks.sessions", "--worker", url, str(start_at),
                                     str(out)], cwd=REPO, stdout=subprocess.DEVNULL, stderr=errors)
                   for out in outs]
    server_before = _cpu_s(server_pid)
    deadline = time.monotonic() + 900
    browser_cpu = 0.0
    for worker in workers:
        while True:
            pid, _, usage = os.wait4(worker.pid, os.WNOHANG)
            if pid:
                worker.returncode = 0   # reaped here: Popen must not wait for it again
                browser_cpu += usage.ru_utime + usage.ru_stime
                break
            if time.monotonic() > deadline:
                worker.kill()
            time.sleep(0.2)
    records = [json.loads(out.read_text()) if out.exists() else {"error": "no record"} for out in outs]
    return {"records": records, "server_cpu_s": _cpu_s(server_pid) - server_before, "browser_cpu_s": browser_cpu}


@contextlib.contextmanager
def _server(db: Path, folder: Path) -> Iterator[harness.StreamlitServer]:
    with harness.streamlit_server(db, folder / "streamlit.log", timeout=180) as server:
        yield server


def sessions(events: int, count: int) -> dict[str, object]:
    from benchmarks.synthetic import synthetic_events
    from geodata.store import EventStore
    from geodata.store.snapshot import load_events

    with tempfile.TemporaryDirectory(prefix="atlas-sessions-") as scratch:
        folder = Path(scratch)
        db = folder / "events.sqlite"
        store = EventStore(db)
        store.add(synthetic_events(events, seed=7))
        load_events(store)   # the snapshot, as an import leaves it
        store.close()
        with _server(db, folder) as server:
            pid = server.process.pid
            idle_mb = (proc_kb(pid, "VmRSS") or 0) / 1024
            warm = _sessions_at_once(server.url, folder, 1, "warm", pid)   # the server's cache filled
            alone = _sessions_at_once(server.url, folder, 1, "alone", pid)
            after_alone_mb = (proc_kb(pid, "VmRSS") or 0) / 1024
            with MemorySampler(pid) as memory:
                together = _sessions_at_once(server.url, folder, count, "together", pid)
            memory_figures = memory.figures()
            log = server.log_tail(10_000_000)
    runs: list[list[dict[str, object]]] = [warm["records"], alone["records"], together["records"]]  # type: ignore[list-item]
    lone = runs[1][0].get("first_view_s")
    views = [float(r["first_view_s"]) for r in runs[2] if "first_view_s" in r]   # type: ignore[arg-type]
    return {"events": events, "sessions": count, "warm_first_view_s": runs[0][0].get("first_view_s"),
            "alone": runs[1][0], "together": runs[2], "lone_first_view_s": lone,
            "together_first_view_median_s": statistics.median(views) if views else None,
            "together_first_view_max_s": max(views, default=None),
            "worst_ratio": (max(views) / float(lone)) if views and lone else None,   # type: ignore[arg-type]
            "cpu_s": {"alone_server": alone["server_cpu_s"], "alone_browser": alone["browser_cpu_s"],
                      "together_server": together["server_cpu_s"], "together_browsers": together["browser_cpu_s"]},
            "server_idle_mb": idle_mb, "server_after_alone_mb": after_alone_mb, **memory_figures,
            "errors": [r["error"] for run in runs for r in run if "error" in r],
            "tracebacks": log.count("Traceback"), "load": _load()}


# ---------------------------------------------------------------------------------------------- import

def page_import(rows: int) -> dict[str, object]:
    from playwright.sync_api import sync_playwright

    from benchmarks.imports import write_gdelt
    from geodata.sample import ensure_seeded
    from geodata.store import EventStore

    with tempfile.TemporaryDirectory(prefix="atlas-import-") as scratch:
        folder = Path(scratch)
        gdelt = folder / "20240301.export.CSV"
        size = write_gdelt(rows, gdelt)
        db = folder / "events.sqlite"
        store = EventStore(db)
        ensure_seeded(store)
        store.close()
        record: dict[str, object] = {"rows": rows, "file_mb": size / 1e6}
        with _server(db, folder) as server, sync_playwright() as playwright:
            pid = server.process.pid
            browser = harness.launch(playwright)
            context = browser.new_context(viewport={"width": 1300, "height": 1000})
            context.route("**/*", harness.Offline())
            page = context.new_page()
            page.goto(server.url, timeout=120_000)
            harness.count_line(page, timeout=120_000)
            page.get_by_role("link", name="Data").click()
            page.locator("input[type=file]").first.wait_for(state="attached", timeout=120_000)
            record["server_before_mb"] = (proc_kb(pid, "VmRSS") or 0) / 1024
            with MemorySampler(pid) as memory:
                started = time.perf_counter()
                page.locator("input[type=file]").first.set_input_files(str(gdelt))
                page.get_by_role("button", name="Import").click(timeout=300_000)
                try:
                    page.get_by_text("rows taken").first.wait_for(timeout=900_000)
                    record["report"] = page.get_by_text("rows taken").first.inner_text()[:200]
                except Exception as exc:   # reported, not raised
                    record["error"] = f"{type(exc).__name__}: {exc}"[:300]
                record["seconds"] = time.perf_counter() - started
                page.get_by_role("link", name="Events").click()
                with contextlib.suppress(Exception):
                    record["events_after"] = harness.count_line(page, timeout=300_000)[1]
            record.update(memory.figures())
            record["tracebacks"] = server.log_tail(10_000_000).count("Traceback")
            browser.close()
        record["stored"] = EventStore(db).count()
    record["load"] = _load()
    return record


# ---------------------------------------------------------------------------------------------- report

def _print(results: dict[str, dict[str, object]]) -> None:
    if "ingest" in results:
        r = results["ingest"]
        print(f"ingest: {r['chars']:,} characters in {r['seconds']:.1f} s, peak memory {r['peak_mb']:.0f} MB "
              f"(exit {r['exit']}; load {r['load']}): {r['said']}")
    if "cold" in results:
        r = results["cold"]
        for label, key in (("cold (builds the gazetteer)", "cold"), ("cached (loads it)", "cached")):
            call: dict[str, object] = r[key]   # type: ignore[assignment]
            print(f"first CLI call, {label}: ingest of {r['chars']:,} characters in {call['seconds']:.1f} s, peak "
                  f"memory {call['peak_mb']:.0f} MB (exit {call['exit']}; load {call['load']})")
    if "sessions" in results:
        r = results["sessions"]

        def s(value: object) -> str:
            return f"{value:.1f} s" if isinstance(value, float) else "-"

        ratio = r["worst_ratio"]
        print(f"sessions: {r['events']:,} events; first view warm-up {s(r['warm_first_view_s'])}, alone "
              f"{s(r['lone_first_view_s'])}; {r['sessions']} at once: median "
              f"{s(r['together_first_view_median_s'])}, max {s(r['together_first_view_max_s'])}"
              + (f" ({ratio:.2f}x alone)" if isinstance(ratio, float) else ""))
        together: list[dict[str, object]] = r["together"]   # type: ignore[assignment]
        for n, record in enumerate(together):
            print(f"  session {n}: first view {s(record.get('first_view_s'))}, filter {s(record.get('filter_s'))}, "
                  f"Data page + CSV download {s(record.get('download_s'))}"
                  + (f", error {record['error']}" if "error" in record else ""))
        print(f"  server memory: idle {r['server_idle_mb']:.0f} MB, after one session {r['server_after_alone_mb']:.0f}"
              f" MB; while {r['sessions']} at once: median {r['rss_median_mb']:.0f} MB, max {r['rss_max_mb']:.0f} MB,"
              f" peak (VmHWM) {r['peak_hwm_mb']:.0f} MB; errors {len(r['errors'])}, "   # type: ignore[arg-type]
              f"tracebacks {r['tracebacks']}; load {r['load']}")
        cpu: dict[str, float] = r["cpu_s"]   # type: ignore[assignment]
        print(f"  CPU seconds: one session alone: server {cpu['alone_server']:.1f}, its browser "
              f"{cpu['alone_browser']:.1f}; {r['sessions']} at once: server {cpu['together_server']:.1f}, browsers "
              f"{cpu['together_browsers']:.1f} (on {os.cpu_count()} cores shared with other work)")
    if "import" in results:
        r = results["import"]
        print(f"page import: GDELT {r['rows']:,} rows ({r['file_mb']:.0f} MB) in {r.get('seconds', 0):.1f} s: "
              f"{r.get('report', r.get('error'))}; stored {r['stored']:,}; server memory before "
              f"{r['server_before_mb']:.0f} MB, max {r['rss_max_mb']:.0f} MB, peak (VmHWM) {r['peak_hwm_mb']:.0f} MB;"
              f" tracebacks {r['tracebacks']}; load {r['load']}")


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if argv[:1] == ["--worker"]:
        session_worker(argv[1], float(argv[2]), Path(argv[3]))
        return 0
    parser = argparse.ArgumentParser(prog="python -m benchmarks.sessions", description=__doc__.split("\n\n")[0])
    parser.add_argument("--only", default="ingest,sessions,import", help="which: ingest, sessions, import, cold")
    parser.add_argument("--article-chars", type=int, default=1_000_000, help="size of the ingested article")
    parser.add_argument("--events", type=int, default=100_000, help="events in the store the sessions open")
    parser.add_argument("--sessions", type=int, default=5, help="browser sessions at once")
    parser.add_argument("--import-rows", type=int, default=300_000, help="rows of the GDELT file imported")
    parser.add_argument("--cold-chars", type=int, default=20_000, help="size of the article of the cold call")
    parser.add_argument("--json", help="write the figures here too")
    args = parser.parse_args(argv)
    wanted = {part.strip() for part in args.only.split(",") if part.strip()}
    results: dict[str, dict[str, object]] = {}
    if "ingest" in wanted:
        results["ingest"] = ingest(args.article_chars)
        _print({"ingest": results["ingest"]})
    if "cold" in wanted:
        results["cold"] = cold(args.cold_chars)
        _print({"cold": results["cold"]})
    if "sessions" in wanted:
        results["sessions"] = sessions(args.events, args.sessions)
        _print({"sessions": results["sessions"]})
    if "import" in wanted:
        results["import"] = page_import(args.import_rows)
        _print({"import": results["import"]})
    if args.json:
        Path(args.json).write_text(json.dumps(results, indent=2, default=str))
    return 0


if __name__ == "__main__":
    sys.exit(main())
