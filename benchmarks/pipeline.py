"""The data pipeline's figures (issue 3): extraction, ACLED import, filtering and the store, timed.

Usage (from the repository root)::

    python -m benchmarks.pipeline [--quick] [--runs-extract 20] [--runs-filter 10]

Measures, after everything is loaded (gazetteer, geoparser, actor lexicon):

- extraction of a ~1,000-word article (paragraphs of ``benchmarks/data/events_eval.jsonl`` and the sample
  article joined until about 1,000 words): mean and median of ``geodata.extract.extract_events`` over 20 runs,
  and the share of that time spent building the frame (``geodata.schema.coerce`` and ``from_records``, from
  cProfile);
- import of a 100,000-row ACLED CSV made by ``benchmarks.synthetic``, and of a 100,000-row GDELT 1.0-shaped
  export made by ``benchmarks.imports``, with ``geodata.formats.read_events`` (``benchmarks.imports`` has the
  real-file and streaming figures);
- ``geodata.query.filter_events`` over 1,000,000 synthetic events: date + type + actor + text together,
  and each filter alone, median over 10 runs;
- ``EventStore.add`` and ``EventStore.load`` of 1,000,000 events in a temporary SQLite file, its size, and the
  load through the columnar snapshot (``geodata.store.snapshot``) that the dashboard uses.

``--quick`` divides the sizes by ten so that the whole run takes about a minute.
"""

from __future__ import annotations

import argparse
import cProfile
import datetime as dt
import gc
import json
import os
import pstats
import statistics
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
EVAL_FILE = REPO / "benchmarks" / "data" / "events_eval.jsonl"
SAMPLE_ARTICLE = REPO / "geodata" / "data" / "sample_article.md"
PUBLISHED = dt.date(2024, 10, 18)

FILTERS = {
    "date (2024-01-01..2024-06-30)": {"start": "2024-01-01", "end": "2024-06-30"},
    "type (Battles)": {"types": ["Battles"]},
    "actor (Military Forces of Russia)": {"actors": ["Military Forces of Russia"]},
    "text (q=Kharkiv)": {"q": "Kharkiv"},
}


def article_text(words: int = 1000) -> str:
    """Paragraphs of the evaluation set and the sample article, joined until about `words` words."""
    paragraphs = [json.loads(line)["text"] for line in EVAL_FILE.read_text("utf-8").splitlines() if line.strip()]
    paragraphs += [p.strip() for p in SAMPLE_ARTICLE.read_text("utf-8").split("\n\n")
                   if p.strip() and not p.lstrip().startswith("#")]
    chosen: list[str] = []
    count = 0
    for paragraph in paragraphs:
        if count >= words:
            break
        chosen.append(paragraph)
        count += len(paragraph.split())
    return "\n\n".join(chosen)


def _median_ms(fn, runs: int) -> tuple[float, float]:
    """(median, mean) milliseconds of fn over runs."""
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        fn()
        times.append((time.perf_counter() - started) * 1000)
    return statistics.median(times), statistics.fmean(times)


def bench_extraction(runs: int) -> list[tuple[str, str]]:
    from geodata.extract import default_extractor, extract_events

    text = article_text()
    started = time.perf_counter()
    default_extractor()  # gazetteer, geoparser, actor lexicon
    extract_events(text, PUBLISHED, "benchmark")
    loading = time.perf_counter() - started
    events = extract_events(text, PUBLISHED, "benchmark")
    median, mean = _median_ms(lambda: extract_events(text, PUBLISHED, "benchmark"), runs)
    profile = cProfile.Profile()
    profile.enable()
    for _ in range(5):
        extract_events(text, PUBLISHED, "benchmark")
    profile.disable()
    stats = pstats.Stats(profile)
    total = sum(row[3] for key, row in stats.stats.items() if key[2] == "extract_events")  # type: ignore[attr-defined]
    timeline_py = os.path.join("geodata", "timeline.py")
    shares = []
    for function in ("coerce", "from_records"):  # the frame build: from_records for our rows, coerce otherwise
        spent = sum(row[3] for key, row in stats.stats.items()  # type: ignore[attr-defined]
                    if key[2] == function and key[0].endswith(timeline_py))
        shares.append(f"{function} {100 * spent / total:.1f} %" if total else f"{function} n/a")
    return [
        ("extraction: article", f"{len(text.split()):,} words, {len(events)} events"),
        ("extraction: first call incl. loading", f"{loading:.2f} s"),
        (f"extraction: per article, {runs} runs", f"median {median:.0f} ms, mean {mean:.0f} ms"),
        ("extraction: share in the frame build", f"{', '.join(shares)} (cProfile, 5 runs)"),
    ]


def bench_import(rows: int, workdir: Path) -> list[tuple[str, str]]:
    from benchmarks.synthetic import write_synthetic
    from geodata.formats import read_events

    path = workdir / "acled.csv"
    size = write_synthetic(rows, path, seed=1, fmt="acled")
    started = time.perf_counter()
    result = read_events(path)
    seconds = time.perf_counter() - started
    out = [(f"ACLED CSV import: {rows:,} rows ({size / 1e6:.0f} MB)",
            f"{seconds:.2f} s ({result.taken:,} taken, {result.rejected:,} rejected)")]
    from benchmarks.imports import write_gdelt

    gdelt = workdir / "gdelt.export.CSV"
    size = write_gdelt(rows, gdelt)
    started = time.perf_counter()
    result = read_events(gdelt)
    seconds = time.perf_counter() - started
    out.append((f"GDELT 1.0 export import: {rows:,} rows ({size / 1e6:.0f} MB)",
                f"{seconds:.2f} s ({result.taken:,} taken, {result.rejected:,} rejected)"))
    return out


def bench_filter(events, runs: int) -> list[tuple[str, str]]:
    from geodata.query import filter_events

    out = []
    combined: dict[str, object] = {}
    for label, kwargs in FILTERS.items():
        combined.update(kwargs)
        kept = len(filter_events(events, **kwargs))
        median, _ = _median_ms(lambda kw=kwargs: filter_events(events, **kw), runs)
        out.append((f"filter {len(events):,}: {label}", f"{median:.0f} ms median ({kept:,} kept)"))
    kept = len(filter_events(events, **combined))
    median, _ = _median_ms(lambda: filter_events(events, **combined), runs)
    out.insert(0, (f"filter {len(events):,}: date + type + actor + text", f"{median:.0f} ms median ({kept:,} kept)"))
    return out


def bench_store(events, workdir: Path) -> list[tuple[str, str]]:
    from geodata.store import snapshot
    from geodata.store import EventStore

    path = workdir / "events.sqlite"
    store = EventStore(path)
    started = time.perf_counter()
    added = store.add(events)
    add_s = time.perf_counter() - started
    started = time.perf_counter()
    loaded = store.load()
    load_s = time.perf_counter() - started
    snapshot.load_events(store)   # the first call writes the snapshot beside the database
    started = time.perf_counter()
    again = snapshot.load_events(store)
    snapshot_s = time.perf_counter() - started
    store.close()
    size = sum(p.stat().st_size for p in workdir.glob("events.sqlite*"))
    n = f"{len(events):,}"
    return [(f"EventStore.add {n}", f"{add_s:.1f} s ({added.inserted:,} inserted)"),
            (f"EventStore.load {n} (SQL)", f"{load_s:.1f} s ({len(loaded):,} rows)"),
            (f"snapshot.load_events {n} (what the page uses)", f"{snapshot_s:.2f} s ({len(again):,} rows)"),
            (f"SQLite file for {n}", f"{size / 1e6:.0f} MB (with WAL)")]


def print_table(rows: list[tuple[str, str]]) -> None:
    width = max(len(name) for name, _ in rows)
    print(f"| {'measure'.ljust(width)} | result |")
    print(f"|{'-' * (width + 2)}|--------|")
    for name, value in rows:
        print(f"| {name.ljust(width)} | {value} |")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.pipeline", description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="sizes divided by ten (about a minute)")
    parser.add_argument("--runs-extract", type=int, default=20)
    parser.add_argument("--runs-filter", type=int, default=10)
    parser.add_argument("--skip", default="", help="comma-separated parts to skip: extract,import,filter,store")
    args = parser.parse_args(argv)
    skip = {s.strip() for s in args.skip.split(",") if s.strip()}
    scale = 10 if args.quick else 1
    rows: list[tuple[str, str]] = []

    def step(name: str, fn) -> None:
        if name in skip:
            return
        started = time.perf_counter()
        part = fn()
        print(f"[{name}: {time.perf_counter() - started:.1f} s]", file=sys.stderr, flush=True)
        rows.extend(part)

    with tempfile.TemporaryDirectory(prefix="atlas-bench-") as tmp:
        workdir = Path(tmp)
        step("extract", lambda: bench_extraction(args.runs_extract))
        step("import", lambda: bench_import(100_000 // scale, workdir))
        if not {"filter", "store"} <= skip:
            from benchmarks.synthetic import synthetic_events

            started = time.perf_counter()
            events = synthetic_events(1_000_000 // scale)
            rows.append((f"synthetic_events({len(events):,})", f"{time.perf_counter() - started:.1f} s"))
            step("filter", lambda: bench_filter(events, args.runs_filter))
            step("store", lambda: bench_store(events, workdir))
            del events
            gc.collect()
    print_table(rows)
    return 0


if __name__ == "__main__":
    sys.exit(main())
