"""The dashboard's figures (issue 3) for stores of 10,000 to 1,000,000 synthetic events.

Usage (from the repository root)::

    python -m benchmarks.dashboard [--sizes 10000,100000,1000000] [--browser/--no-browser]
                                   [--browser-max 100000] [--json FILE]

For each size, in a temporary directory: synthetic events (``benchmarks.synthetic``) are stored in a SQLite
event store (``EVENT_ATLAS_DB``) by a first subprocess; a second, fresh subprocess measures the server side:

- loading the events as the page does (``geodata.store.snapshot`` when present: first load builds the snapshot);
- ``dashboard.state.apply`` for the default view and for a typical filter change (a type and a date range);
- ``dashboard.mapview.build_map`` + ``get_root().render()``, the rendered HTML's bytes and the marker data's
  bytes (JSON of ``marker_payload``), and what ``st_folium`` costs and sends as the app calls it (the served base
  map with the events as a feature group: its component arguments, sent on every run);
- ``charts.counts``, ``charts.time_chart(...).to_dict()`` and ``table.list_frame``;
- the peak resident memory of that process (``resource.getrusage``).

A third fresh subprocess runs the whole script with ``streamlit.testing.v1.AppTest``: a first run (imports and
loading included), a rerun with nothing changed (what any click costs on the unfiltered view), a filter change
(a type and a date range set in the sidebar: time of that run), a rerun of the filtered view; and its peak
resident memory, the app's own.

With ``--browser`` (the default; sizes above ``--browser-max`` are skipped), ``streamlit run streamlit_app.py``
is started on a free local port with that store and headless Chromium (Debian's, through Playwright) loads
``/?type=Battles``: the time until the map's markers or clusters are drawn in the map's iframe and the legend
shows the filtered types ("settled"), and until the charts and the event list are drawn too (a new session's
first run sends the map; they come on the rerun the drawn map asks for), then three filter changes in the sidebar
(a type added) timed the same way; then new visitors (each its own browser context, so nothing cached) open
``/`` and ``/?type=Battles`` on the running server, three times each: the view an analyst meets when the server
is already up, where the first page above also pays for the server's imports and its first read of the store.
The server process's peak memory (VmHWM) is read from /proc. Finally the time
from ``streamlit run`` on an empty store to the first map with the 8 sample events (the "from streamlit run to
the map visible" figure).

The browser's network ends at localhost (``tests/browser_harness.Offline``): the map's Leaflet and country
outlines are the app's own (vendored, served by the app), the tile requests are aborted and the map falls back to the
outlines, as it would offline. "Settled" counts the clusters and points the map drew (``window.__eaMap``).
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from pathlib import Path

from tests import browser_harness as harness

REPO = Path(__file__).resolve().parents[1]
APP = REPO / "streamlit_app.py"
CHANGE_START, CHANGE_END = dt.date(2024, 1, 1), dt.date(2024, 6, 30)
URL_FILTER = "type=Battles"
NEW_VISITORS = 3
"""New browser contexts timed on each of two views once the server runs (the first session pays for imports)."""
ADDED_TYPES = ("Protests", "Riots", "Strategic developments")
"""Types added one by one in the sidebar: each is a filter change whose legend entry shows when it settled."""


# ---------------------------------------------------------------------------------------------- helpers


def _ms(seconds: float) -> str:
    return f"{seconds * 1000:,.0f} ms"


def _timed(fn: Callable[[], object], runs: int = 1) -> tuple[float, object]:
    """(median seconds, last result) of fn over runs."""
    times, result = [], None
    for _ in range(runs):
        started = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - started)
    return statistics.median(times), result


def _worker(stage: str, size: int, db: Path, timeout: float) -> dict:
    """Run one stage in a fresh Python process (its own peak memory); its last stdout line is the JSON result."""
    cmd = [sys.executable, "-m", "benchmarks.dashboard", "--stage", stage, "--size", str(size), "--db", str(db)]
    env = {**os.environ, "EVENT_ATLAS_DB": str(db), "PYTHONWARNINGS": "ignore"}
    done = subprocess.run(cmd, cwd=REPO, env=env, capture_output=True, text=True, timeout=timeout)
    lines = [line for line in done.stdout.splitlines() if line.startswith("RESULT ")]
    if done.returncode != 0 or not lines:
        tail = "\n".join(done.stderr.strip().splitlines()[-15:])
        raise RuntimeError(f"stage {stage} for {size:,} events failed (exit {done.returncode}):\n{tail}")
    return json.loads(lines[-1][len("RESULT "):])


# ------------------------------------------------------------------------------------- stage: prepare


def stage_prepare(size: int, db: Path) -> dict:
    """Synthetic events into a new store."""
    from benchmarks.synthetic import synthetic_events
    from geodata.store import EventStore

    generate_s, events = _timed(lambda: synthetic_events(size, seed=0))
    store = EventStore(db)
    add_s, _ = _timed(lambda: store.add(events))  # type: ignore[arg-type]
    store.close()
    return {"generate_s": generate_s, "add_s": add_s,
            "db_bytes": sum(p.stat().st_size for p in db.parent.glob(db.name + "*"))}


# -------------------------------------------------------------------------------------- stage: server


def _load_like_the_page(store):
    """The events as dashboard.data loads them: through the snapshot module when the project has it."""
    try:
        from geodata.store import snapshot
    except ImportError:
        return store.load()
    return snapshot.load_events(store)


def _st_folium_cost(view) -> tuple[float, int]:
    """Seconds st_folium spends in Python on this view as the app calls it (the map served by the app, the
    events a feature group) and the bytes of the arguments it sends the browser on every run (script, header,
    html, feature group, script and style links), measured in bare mode with the component call captured."""
    import streamlit_folium

    from dashboard import mapview

    sent: dict[str, object] = {}
    original = streamlit_folium._component_func

    def capture(**kwargs):
        sent.update(kwargs)
        return kwargs.get("default")

    parts = mapview.event_parts(view)
    streamlit_folium._component_func = capture
    try:
        seconds, _ = _timed(lambda: streamlit_folium.st_folium(
            mapview.base_map(served=True), key="map", height=560, use_container_width=True,
            returned_objects=["last_object_clicked_tooltip"], feature_group_to_add=mapview.events_group(parts)))
    finally:
        streamlit_folium._component_func = original
    size = sum(len(str(sent.get(name) or "").encode())
               for name in ("script", "header", "html", "feature_group", "js_links", "css_links"))
    return seconds, size


def stage_server(size: int, db: Path) -> dict:
    import logging

    logging.getLogger("streamlit").setLevel(logging.ERROR)
    from dashboard import charts, mapview, table
    from dashboard.state import Filters, apply
    from geodata.store import EventStore

    out: dict[str, object] = {}
    store = EventStore(db)
    out["load_first_s"], df = _timed(lambda: _load_like_the_page(store))
    out["load_again_s"], df = _timed(lambda: _load_like_the_page(store))
    out["events"] = len(df)

    default, change = Filters(), Filters(types=("Battles",), start=CHANGE_START, end=CHANGE_END)
    mapview.build_map(df.head(20)).get_root().render()  # folium compiles its templates once per process
    out["apply_default_s"], shown = _timed(lambda: apply(df, default), runs=5)
    out["apply_change_s"], changed = _timed(lambda: apply(df, change), runs=5)
    out["shown_default"], out["shown_change"] = len(shown), len(changed)

    out["build_map_only_s"], _ = _timed(lambda: mapview.build_map(shown))
    for label, view in (("default", shown), ("change", changed)):
        def build(view=view):
            fmap = mapview.build_map(view)
            return fmap, fmap.get_root().render()
        seconds, (fmap, html) = _timed(build)
        out[f"map_{label}_s"] = seconds
        out[f"map_{label}_html_bytes"] = len(html.encode())
        data = mapview.marker_payload(view)
        out[f"map_{label}_marker_bytes"] = len(json.dumps(data, separators=(",", ":")))
        out[f"st_folium_{label}_s"], out[f"st_folium_{label}_bytes"] = _st_folium_cost(view)
        del fmap, html

    charts.time_chart(shown.head(50)).to_dict()  # altair loads its schema on the first call: not per rerun
    out["counts_s"], _ = _timed(lambda: charts.counts(shown), runs=3)
    out["time_chart_s"], _ = _timed(lambda: charts.time_chart(shown).to_dict(), runs=3)
    out["list_frame_s"], _ = _timed(lambda: table.list_frame(shown), runs=3)
    store.close()
    out["peak_rss_bytes"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024
    return out


def stage_apptest(size: int, db: Path) -> dict:
    """The app alone in a fresh process: its script runs and its peak memory."""
    import logging

    logging.getLogger("streamlit").setLevel(logging.ERROR)
    out = _apptest()
    out["apptest_peak_rss_bytes"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024
    return out


def _apptest() -> dict:
    """The whole script under AppTest: a first run, then a type and a date range set in the sidebar."""
    from streamlit.testing.v1 import AppTest

    out: dict[str, object] = {}
    at = AppTest.from_file(str(APP), default_timeout=1800)
    out["apptest_first_s"], _ = _timed(at.run)
    out["apptest_first_errors"] = [str(e.value)[:200] for e in at.exception]
    out["apptest_rerun_s"], _ = _timed(at.run)  # default view, nothing changed: what any click costs
    try:
        at.multiselect(key="f_types").set_value(["Battles"])
        at.date_input(key="f_dates").set_value((CHANGE_START, CHANGE_END))
    except Exception as exc:  # the widgets moved: report, do not fail the whole benchmark
        out["apptest_change_error"] = f"{type(exc).__name__}: {exc}"[:200]
        return out
    out["apptest_change_s"], _ = _timed(at.run)
    out["apptest_change_errors"] = [str(e.value)[:200] for e in at.exception]
    out["apptest_after_change_s"], _ = _timed(at.run)  # the filtered view again, nothing changed
    counts = [m.value for m in at.markdown if str(m.value).startswith("**Showing")]
    out["apptest_count_line"] = counts[0].strip("*") if counts else None
    return out


# ------------------------------------------------------------------------------------- browser helpers


_MAP_STATE = """() => {
    const frames = Array.from(document.querySelectorAll('iframe'));
    const out = {markers: 0, legend: null, running: !!document.querySelector('[data-testid="stStatusWidget"]')};
    for (const f of frames) {
        let doc;
        try { doc = f.contentDocument; } catch (e) { continue; }
        if (!doc || !doc.querySelector('.leaflet-container')) continue;
        const drawn = f.contentWindow && f.contentWindow.__eaMap;
        if (drawn) out.markers += drawn.points + drawn.clusters;
        const legend = doc.querySelector('.event-atlas-legend');
        if (legend) out.legend = legend.innerText;
    }
    return out;
}"""


_WORLD_VIEW = """() => {
    for (const f of document.querySelectorAll('iframe')) {
        const w = f.contentWindow;
        if (w && w.map_div && w.__eaMap) { w.map_div.setView([20, 0], 1, {animate: false}); return w.__eaMap; }
    }
    return null;
}"""


def wait_map_settled(page, legend_has: str | None = None, timeout: float = 120,
                     previous_legend: str | None = None) -> float:
    """Seconds until a map iframe shows markers or clusters (and, when asked, a legend naming `legend_has`,
    different from `previous_legend`) and the app has stopped running."""
    started = time.perf_counter()
    deadline = started + timeout
    while time.perf_counter() < deadline:
        try:
            state = page.evaluate(_MAP_STATE)
        except Exception:  # a navigation replaced the document mid-call
            state = {"markers": 0, "legend": None, "running": True}
        legend = state["legend"] or ""
        if state["markers"] > 0 and not state["running"] and (legend_has is None or legend_has in legend) and (
                previous_legend is None or legend != previous_legend):
            return time.perf_counter() - started
        time.sleep(0.02)
    raise TimeoutError(f"map not settled after {timeout:.0f} s (last state {state})")


def wait_page_complete(page, timeout: float = 120) -> None:
    """Until the charts and the event list are drawn and the app has stopped running: a new session's charts
    and list come on the rerun its drawn map asks for, after the map itself."""
    page.locator('[data-testid="stDataFrame"]').first.wait_for(timeout=timeout * 1000)
    page.locator('[data-testid="stVegaLiteChart"]').first.wait_for(timeout=timeout * 1000)
    page.wait_for_function("() => !document.querySelector('[data-testid=\"stStatusWidget\"]')",
                           timeout=timeout * 1000)


def new_page(browser, routes, errors: list | None = None):
    context = browser.new_context(viewport={"width": 1500, "height": 1100})
    context.route("**/*", routes)
    page = context.new_page()
    if errors is not None:
        page.on("pageerror", lambda error: errors.append(str(error)[:200]))
    return page


def _route_handler():
    return harness.Offline()


def _peak_rss(pid: int) -> int | None:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) * 1024
    except OSError:
        pass
    return None


@contextlib.contextmanager
def running_app(db: Path, out: dict) -> Iterator[str]:
    """`streamlit run` over the store at db; yields its URL once healthy. Sets out["server_ready_s"] (from the
    start of the process) and, when it stops, out["server_peak_rss_bytes"]."""
    started = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="atlas-log-") as logs, \
            harness.streamlit_server(db, Path(logs) / "streamlit.log") as server:
        out["server_ready_s"] = time.perf_counter() - started
        try:
            yield server.url
        finally:
            out["server_peak_rss_bytes"] = _peak_rss(server.process.pid)


def _open_type_choices(page, name: str):
    """Open the sidebar's "Event type" multiselect; returns the option `name`, visible and ready to click."""
    box = page.locator('[data-testid="stSidebar"] [data-testid="stMultiSelect"]').filter(
        has=page.get_by_text("Event type", exact=True))
    box.get_by_role("combobox").click()
    option = page.get_by_role("option", name=name, exact=True)
    option.wait_for(timeout=10_000)
    return option


def browser_figures(db: Path, timeout: float, out: dict) -> dict:
    """Start with a filtered URL, then three filter changes in the sidebar, each timed until the map settled;
    figures go into `out` as they come, so that a failure keeps those measured before it."""
    from playwright.sync_api import sync_playwright

    handler = _route_handler()
    with sync_playwright() as playwright:
        browser = harness.launch(playwright)
        try:
            errors: list[str] = []
            out["page_errors"] = errors
            page = new_page(browser, handler, errors)
            started = time.perf_counter()
            with running_app(db, out) as url:
                loading = time.perf_counter()
                page.goto(f"{url}/", timeout=timeout * 1000)   # every (asserted) event: the largest view
                wait_map_settled(page, timeout=timeout)
                out["default_load_s"] = time.perf_counter() - loading
                out["start_to_default_map_s"] = time.perf_counter() - started
                wait_page_complete(page, timeout)
                out["default_complete_s"] = time.perf_counter() - loading
                world = time.perf_counter()
                page.evaluate(_WORLD_VIEW)
                out["world_view_redraw_s"] = time.perf_counter() - world
                loading = time.perf_counter()
                page.goto(f"{url}/?{URL_FILTER}", timeout=timeout * 1000)
                page.get_by_text("Showing", exact=False).first.wait_for(timeout=timeout * 1000)
                out["url_count_line_s"] = time.perf_counter() - loading
                wait_map_settled(page, legend_has="Battles", timeout=timeout)
                out["url_load_s"] = time.perf_counter() - loading
                out["start_to_map_s"] = time.perf_counter() - started
                wait_page_complete(page, timeout)
                out["url_complete_s"] = time.perf_counter() - loading
                changes: list[float] = []
                out["filter_changes_s"] = changes
                for name in ADDED_TYPES:
                    legend = page.evaluate(_MAP_STATE)["legend"]
                    option = _open_type_choices(page, name)
                    changing = time.perf_counter()
                    option.click()
                    wait_map_settled(page, legend_has=name, previous_legend=legend, timeout=timeout)
                    changes.append(time.perf_counter() - changing)
                    out["filter_change_median_s"] = statistics.median(changes)
                    page.keyboard.press("Escape")
                    page.wait_for_timeout(300)  # let the dropdown close before the next change
                out["count_line"] = page.locator("text=Showing").first.inner_text(timeout=5_000)
                for path, key in (("/", "default_new_visitor_s"), (f"/?{URL_FILTER}", "url_new_visitor_s")):
                    times: list[float] = []   # a new visitor: own browser context (no cache), running server
                    out[key] = times
                    for _ in range(NEW_VISITORS):
                        visitor = new_page(browser, handler, errors)
                        loading = time.perf_counter()
                        visitor.goto(f"{url}{path}", timeout=timeout * 1000)
                        wait_map_settled(visitor, timeout=timeout)
                        times.append(time.perf_counter() - loading)
                        visitor.context.close()
        finally:
            browser.close()
    return out


def cold_start_figure(timeout: float) -> dict:
    """From `streamlit run` on an empty store to the first map with the sample events (store seeded)."""
    from playwright.sync_api import sync_playwright

    out: dict[str, object] = {}
    handler = _route_handler()
    with tempfile.TemporaryDirectory(prefix="atlas-cold-") as tmp, sync_playwright() as playwright:
        browser = harness.launch(playwright)
        try:
            page = new_page(browser, handler)
            started = time.perf_counter()
            with running_app(Path(tmp) / "events.sqlite", out) as url:
                page.goto(f"{url}/", timeout=timeout * 1000)
                page.get_by_text("Showing", exact=False).first.wait_for(timeout=timeout * 1000)
                out["count_line_s"] = time.perf_counter() - started
                wait_map_settled(page, timeout=timeout)
                out["start_to_map_s"] = time.perf_counter() - started
                out["count_line"] = page.locator("text=Showing").first.inner_text(timeout=5_000)
        finally:
            browser.close()
    return out


# ---------------------------------------------------------------------------------------------- report


def _mb(value: object) -> str:
    return f"{value / 1e6:,.1f} MB" if isinstance(value, (int, float)) else "–"


def _s(value: object, ms: bool = False) -> str:
    if not isinstance(value, (int, float)):
        return "–"
    return _ms(value) if ms else f"{value:,.2f} s"


def _runs(value: object) -> str:
    return ", ".join(f"{x:.2f}" for x in value) + " s" if isinstance(value, list) and value else "–"


ROWS: tuple[tuple[str, str, Callable[[object], str]], ...] = (
    ("generate synthetic events", "generate_s", _s),
    ("EventStore.add", "add_s", _s),
    ("SQLite file (with WAL)", "db_bytes", _mb),
    ("load events, first (builds the snapshot)", "load_first_s", _s),
    ("load events, again (snapshot)", "load_again_s", _s),
    ("events in the default view (asserted)", "shown_default", lambda v: f"{v:,}" if isinstance(v, int) else "–"),
    ("events after the change (Battles, 2024 H1)", "shown_change", lambda v: f"{v:,}" if isinstance(v, int) else "–"),
    ("state.apply, default view", "apply_default_s", lambda v: _s(v, True)),
    ("state.apply, type + date range", "apply_change_s", lambda v: _s(v, True)),
    ("build_map alone, default view", "build_map_only_s", _s),
    ("build_map + render, default view", "map_default_s", _s),
    ("  rendered HTML", "map_default_html_bytes", _mb),
    ("  marker data (JSON)", "map_default_marker_bytes", _mb),
    ("  st_folium as the app calls it (map + events group)", "st_folium_default_s", _s),
    ("  st_folium arguments, every run (map, group, links)", "st_folium_default_bytes", _mb),
    ("build_map + render, after the change", "map_change_s", _s),
    ("  rendered HTML", "map_change_html_bytes", _mb),
    ("  st_folium payload", "st_folium_change_bytes", _mb),
    ("charts.counts", "counts_s", lambda v: _s(v, True)),
    ("charts.time_chart(...).to_dict()", "time_chart_s", lambda v: _s(v, True)),
    ("table.list_frame", "list_frame_s", lambda v: _s(v, True)),
    ("AppTest: first run (fresh process)", "apptest_first_s", _s),
    ("AppTest: rerun, default view, nothing changed", "apptest_rerun_s", _s),
    ("AppTest: run after a filter change", "apptest_change_s", _s),
    ("AppTest: rerun of the filtered view", "apptest_after_change_s", _s),
    ("AppTest: count line after the change", "apptest_count_line", lambda v: str(v or "–")),
    ("peak RSS: process of the measurements above", "peak_rss_bytes", _mb),
    ("peak RSS: AppTest process (the app's runs)", "apptest_peak_rss_bytes", _mb),
    ("browser: streamlit run -> server healthy", "server_ready_s", _s),
    ("browser: / (every event) -> map settled", "default_load_s", _s),
    ("browser: / -> charts and list drawn too", "default_complete_s", _s),
    ("browser: world view, regroup and redraw", "world_view_redraw_s", lambda v: _s(v, True)),
    ("browser: /?type=Battles -> count line shown", "url_count_line_s", _s),
    ("browser: /?type=Battles -> map settled", "url_load_s", _s),
    ("browser: /?type=Battles -> charts and list drawn too", "url_complete_s", _s),
    ("browser: streamlit run -> map settled", "start_to_map_s", _s),
    ("browser: filter change -> map settled (median)", "filter_change_median_s", _s),
    ("browser: the three filter changes", "filter_changes_s", _runs),
    ("browser: new visitor, running server: / -> map settled", "default_new_visitor_s", _runs),
    ("browser: new visitor, running server: /?type=Battles -> map settled", "url_new_visitor_s", _runs),
    ("browser: streamlit server peak RSS", "server_peak_rss_bytes", _mb),
    ("browser: page errors", "page_errors",
     lambda v: str(len(v)) + (f" ({v[0]})" if v else "") if isinstance(v, list) else "–"),
)


def print_table(results: dict[int, dict], cold: dict | None) -> None:
    sizes = list(results)
    if sizes:
        header = ["measure"] + [f"{size:,} events" for size in sizes]
        lines = [[label] + [fmt(results[size].get(key)) if key in results[size] else "–" for size in sizes]
                 for label, key, fmt in ROWS]
        widths = [max(len(row[i]) for row in [header, *lines]) for i in range(len(header))]
        print("| " + " | ".join(h.ljust(w) for h, w in zip(header, widths, strict=False)) + " |")
        print("|" + "|".join("-" * (w + 2) for w in widths) + "|")
        for row in lines:
            print("| " + " | ".join(c.ljust(w) for c, w in zip(row, widths, strict=False)) + " |")
    for size in sizes:
        for note in results[size].get("notes", []):
            print(f"note ({size:,}): {note}")
    if cold:
        print()
        print("Cold start on an empty store (seeded with the sample events):")
        for key, label in (("server_ready_s", "streamlit run -> server healthy"),
                           ("count_line_s", "streamlit run -> count line shown"),
                           ("start_to_map_s", "streamlit run -> first map with markers"),
                           ("server_peak_rss_bytes", "server peak RSS")):
            value = cold.get(key)
            print(f"  {label}: {_mb(value) if key.endswith('bytes') else _s(value)}")
        if cold.get("count_line"):
            print(f"  {cold['count_line']}")
        for note in cold.get("notes", []):
            print(f"  note: {note}")


def run_size(size: int, browser: bool, browser_max: int, timeout: float) -> dict:
    result: dict[str, object] = {"notes": []}
    with tempfile.TemporaryDirectory(prefix=f"atlas-dash-{size}-") as tmp:
        db = Path(tmp) / "events.sqlite"
        for stage in ("prepare", "server", "apptest"):
            started = time.perf_counter()
            try:
                result.update(_worker(stage, size, db, timeout))
            except (RuntimeError, subprocess.TimeoutExpired) as exc:
                result["notes"].append(str(exc))  # type: ignore[union-attr]
                print(f"[{size:,}] {stage} failed: {exc}", file=sys.stderr, flush=True)
                return result
            print(f"[{size:,}] {stage}: {time.perf_counter() - started:.1f} s", file=sys.stderr, flush=True)
        for key in ("apptest_first_errors", "apptest_change_errors"):
            if result.get(key):
                result["notes"].append(f"{key}: {result[key]}")  # type: ignore[union-attr]
        if result.get("apptest_change_error"):
            result["notes"].append(f"AppTest filter change: {result['apptest_change_error']}")  # type: ignore
        if not browser:
            return result
        if size > browser_max:
            result["notes"].append(  # type: ignore[union-attr]
                f"browser skipped: {size:,} events is above --browser-max {browser_max:,}")
            return result
        started = time.perf_counter()
        try:
            browser_figures(db, timeout, result)
        except Exception as exc:
            result["notes"].append(f"browser: {type(exc).__name__}: {str(exc)[:300]}")  # type: ignore
        print(f"[{size:,}] browser: {time.perf_counter() - started:.1f} s", file=sys.stderr, flush=True)
    return result


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.dashboard", description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="10000,100000,1000000", help="comma-separated store sizes")
    parser.add_argument("--browser", action=argparse.BooleanOptionalAction, default=True,
                        help="also measure in headless Chromium (default: yes)")
    parser.add_argument("--browser-max", type=int, default=100_000,
                        help="largest store measured in the browser (default 100,000)")
    parser.add_argument("--cold-start", action=argparse.BooleanOptionalAction, default=True,
                        help="with --browser: time streamlit run on an empty store to the sample map")
    parser.add_argument("--timeout", type=float, default=1800, help="seconds allowed per stage")
    parser.add_argument("--json", help="also write the figures to this JSON file")
    parser.add_argument("--stage", choices=("prepare", "server", "apptest"), help=argparse.SUPPRESS)
    parser.add_argument("--size", type=int, help=argparse.SUPPRESS)
    parser.add_argument("--db", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)

    if args.stage:  # a worker process
        stage = {"prepare": stage_prepare, "server": stage_server, "apptest": stage_apptest}[args.stage]
        print("RESULT " + json.dumps(stage(args.size, Path(args.db))), flush=True)
        return 0

    sizes = [int(s.replace("_", "")) for s in args.sizes.split(",") if s.strip()]
    load_before = os.getloadavg()
    results = {size: run_size(size, args.browser, args.browser_max, args.timeout) for size in sizes}
    cold = None
    if args.browser and args.cold_start:
        try:
            cold = cold_start_figure(args.timeout)
        except Exception as exc:
            cold = {"notes": [f"{type(exc).__name__}: {str(exc)[:300]}"]}
    print_table(results, cold)
    print(f"\nload average (1, 5, 15 min) before: {', '.join(f'{x:.1f}' for x in load_before)}; after: "
          f"{', '.join(f'{x:.1f}' for x in os.getloadavg())} on {os.cpu_count()} cores")
    if args.json:
        Path(args.json).write_text(json.dumps({"sizes": {str(k): v for k, v in results.items()}, "cold": cold},
                                              indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
