"""Import figures (issue 9): real export files field by field, and synthetic files for speed and memory.

Usage (from the repository root)::

    python -m benchmarks.imports PATH...            # per file: rows, distinct events, stored, exact, rejected
    python -m benchmarks.imports --synthetic [--rows 100000] [--gdelt-rows 1000000]

For each real file the events are imported into a temporary SQLite store through the same path as
``python -m geodata import`` (chunks, ``EventStore.add``), read back, and compared with the file's own cells
(read independently with the csv module): an event counts as exact when its place, coordinates, fatalities,
notes and actors equal the file's. ``--synthetic`` times a 100,000-row ACLED CSV import (read and store) and
streams a 1,000,000-row GDELT 1.0-shaped file in a child process, reporting its peak memory (max RSS).
Files given on the command line are only read; nothing of them is kept.
"""

from __future__ import annotations

import argparse
import csv
import io
import math
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]

# stored column -> the file's column, per format: what "exact fields" compares
CHECKS: dict[str, dict[str, str]] = {
    "acled": {"location": "location", "latitude": "latitude", "longitude": "longitude", "fatalities": "fatalities",
              "notes": "notes", "admin1": "admin1", "country": "country", "source": "source", "year": "year"},
    "ucdp": {"latitude": "latitude", "longitude": "longitude", "fatalities": "best", "actor1": "side_a",
             "actor2": "side_b", "notes": "source_headline", "country": "country", "year": "year"},
    "gdelt": {"actor1": "6", "actor2": "16", "year": "3", "source_url": "57"},   # 58-field GDELT 1.0
}
ID_COLUMN = {"acled": "event_id_cnty", "ucdp": "id", "gdelt": "0"}
PREFIX = {"acled": "acled:", "ucdp": "ucdp:", "gdelt": "gdelt:"}


def _raw_rows(path: Path, fmt: str) -> list[dict[str, str]]:
    """The file's rows as the csv module reads them, header names lower-cased (GDELT: numbered)."""
    data = path.read_bytes()
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = data.decode("cp1252")
    first = text.split("\n", 1)[0]
    delimiter = max(",;\t", key=first.count)
    if fmt == "gdelt":
        return [{str(i): cell for i, cell in enumerate(line.rstrip("\r").split("\t"))}
                for line in text.splitlines() if line.strip()]
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    header = [h.strip().lower() for h in next(reader)]
    return [dict(zip(header, row, strict=False)) for row in reader if any(c.strip() for c in row)]


def _same(stored: object, raw: str | None) -> bool:
    raw = (raw or "").strip()
    if stored is None or (isinstance(stored, float) and math.isnan(stored)) or str(stored) in ("<NA>", "nan"):
        return raw == ""
    if isinstance(stored, (int, float)) or hasattr(stored, "item"):
        try:
            return math.isclose(float(stored), float(raw), rel_tol=1e-9, abs_tol=1e-9)  # type: ignore[arg-type]
        except ValueError:
            return False
    return str(stored).strip() == raw


def measure_file(path: Path) -> dict[str, object]:
    from geodata.formats import ImportReport, iter_events
    from geodata.store import EventStore

    started = time.perf_counter()
    fmt, chunks = iter_events(path)
    report = ImportReport(name=path.name, format=fmt.name)
    with tempfile.TemporaryDirectory() as tmp:
        store = EventStore(Path(tmp) / "bench.sqlite")
        for result in chunks:
            report.add(result)
            if not result.df.empty:
                store.add(result.df)
        seconds = time.perf_counter() - started
        stored = store.load()
        store.close()
    raw = _raw_rows(path, fmt.name)
    id_column = ID_COLUMN.get(fmt.name, "")
    ids = {r.get(id_column, "").strip() for r in raw} - {""} if id_column else set()
    by_id: dict[str, dict[str, str]] = {}
    for r in raw:
        by_id.setdefault(r.get(id_column, "").strip(), r)
    exact = 0
    checks = CHECKS.get(fmt.name, {})
    stored_ids = stored["event_id"].astype(str).str.removeprefix(PREFIX.get(fmt.name, ""))
    for key, (_, event) in zip(stored_ids, stored.iterrows(), strict=False):
        row = by_id.get(key)
        if row is None:
            continue
        ok = all(_same(event[column], row.get(source)) for column, source in checks.items()
                 if column not in ("actor1", "actor2") or fmt.name != "acled")
        exact += bool(ok)
    distinct = len(ids) if ids else report.rows
    return {"file": path.name, "format": fmt.name, "rows": report.rows, "distinct events": distinct,
            "stored": len(stored), "stored %": 100 * len(stored) / distinct if distinct else 0.0,
            "exact": exact, "exact %": 100 * exact / len(stored) if len(stored) else 0.0,
            "rejected": report.rejected, "seconds": seconds,
            "reasons": [f"{g.count} × {g.reason}" for g in report.groups()]}


def real_files(paths: list[Path]) -> None:
    print("| file | format | rows | distinct events | stored | exact fields | rejected (by reason) | time |")
    print("|---|---|---:|---:|---:|---:|---|---:|")
    for path in paths:
        m = measure_file(path)
        reasons = "; ".join(m["reasons"]) or "-"   # type: ignore[arg-type]
        print(f"| {m['file']} | {m['format']} | {m['rows']:,} | {m['distinct events']:,} | {m['stored']:,} "
              f"({m['stored %']:.1f} %) | {m['exact']:,} ({m['exact %']:.1f} %) | {m['rejected']:,} {reasons} | "
              f"{m['seconds']:.2f} s |")


def write_gdelt(rows: int, path: Path, seed: int = 1) -> int:
    """A GDELT 1.0-shaped daily export (58 tab-separated fields, no header), written in blocks."""
    import numpy as np

    rng = np.random.default_rng(seed)
    codes = np.array(["010", "036", "042", "112", "141", "145", "173", "190", "193", "195", "183", "204"])
    places = np.array(["Kyiv, Kyyiv, Misto, Ukraine", "Kharkiv, Kharkivs'ka Oblast', Ukraine", "Ukraine",
                       "Moscow, Moskva, Russia", "Gaza, Israel (general), Israel",
                       "Washington, District of Columbia, United States"])
    with open(path, "w", encoding="utf-8", newline="\n") as handle:
        for start in range(0, rows, 100_000):
            n = min(100_000, rows - start)
            code = codes[rng.integers(0, len(codes), n)]
            place = places[rng.integers(0, len(places), n)]
            lat = np.round(rng.uniform(30, 55, n), 4)
            lon = np.round(rng.uniform(20, 45, n), 4)
            lines = []
            for i in range(n):
                cells = [""] * 58
                cells[0:5] = [str(400_000_000 + start + i), "20240301", "202403", "2024", "2024.1644"]
                cells[5:7] = ["RUS", "RUSSIA"]
                cells[15:17] = ["UKR", "UKRAINE"]
                cells[25:35] = ["1", code[i], code[i], code[i][:2], "4", "-10.0", "5", "1", "5", "-4.2"]
                cells[49:56] = ["4", place[i], "UP", "UP12", str(lat[i]), str(lon[i]), "-1044367"]
                cells[56:58] = ["20240301", f"https://news.example.org/{start + i}"]
                lines.append("\t".join(cells))
            handle.write("\n".join(lines) + "\n")
    return path.stat().st_size


def stream_gdelt(path: Path) -> None:
    """Child process: stream a GDELT file through the importer into a temporary store; print figures."""
    from geodata.formats import ImportReport, iter_events
    from geodata.store import EventStore

    started, cpu = time.perf_counter(), time.process_time()
    report = ImportReport(name=path.name)
    with tempfile.TemporaryDirectory() as tmp:
        store = EventStore(Path(tmp) / "stream.sqlite")
        read_seconds = 0.0
        _, chunks = iter_events(path)
        mark = time.perf_counter()
        for result in chunks:
            read_seconds += time.perf_counter() - mark
            report.add(result)
            store.add(result.df)
            mark = time.perf_counter()
        stored = store.count()
        store.close()
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"{report.taken} {report.rejected} {stored} {read_seconds:.2f} {time.perf_counter() - started:.2f} "
          f"{peak_mb:.0f} {time.process_time() - cpu:.2f}")


def synthetic(rows: int, gdelt_rows: int) -> None:
    from benchmarks.synthetic import write_synthetic
    from geodata.formats import read_events
    from geodata.store import EventStore

    with tempfile.TemporaryDirectory() as tmp:
        workdir = Path(tmp)
        path = workdir / "acled.csv"
        size = write_synthetic(rows, path, seed=1, fmt="acled")
        started, cpu = time.perf_counter(), time.process_time()
        result = read_events(path)
        read_seconds, read_cpu = time.perf_counter() - started, time.process_time() - cpu
        store = EventStore(workdir / "events.sqlite")
        store.add(result.df)
        total, total_cpu = time.perf_counter() - started, time.process_time() - cpu
        store.close()
        print(f"ACLED CSV import, {rows:,} rows ({size / 1e6:.0f} MB): read {read_seconds:.2f} s "
              f"(CPU {read_cpu:.2f} s), read + store {total:.2f} s (CPU {total_cpu:.2f} s) ({result.taken:,} "
              f"taken, {result.rejected:,} rejected)")
        gdelt = workdir / "gdelt.export.CSV"
        size = write_gdelt(gdelt_rows, gdelt)
        child = subprocess.run([sys.executable, "-m", "benchmarks.imports", "--stream-gdelt", str(gdelt)],
                               capture_output=True, text=True, cwd=REPO, check=True)
        taken, rejected, stored, read_s, total_s, peak, cpu_s = child.stdout.split()
        print(f"GDELT 1.0 export streamed, {gdelt_rows:,} rows ({size / 1e6:.0f} MB): read {read_s} s, read + "
              f"store {total_s} s (CPU {cpu_s} s), {int(taken):,} taken, {int(rejected):,} rejected, "
              f"{int(stored):,} stored; peak memory (max RSS) {peak} MB")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("paths", nargs="*", type=Path, help="real export files to measure (read only)")
    parser.add_argument("--synthetic", action="store_true", help="time synthetic ACLED and GDELT files")
    parser.add_argument("--rows", type=int, default=100_000, help="rows of the synthetic ACLED file")
    parser.add_argument("--gdelt-rows", type=int, default=1_000_000, help="rows of the synthetic GDELT file")
    parser.add_argument("--stream-gdelt", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.stream_gdelt:
        stream_gdelt(args.stream_gdelt)
        return 0
    if args.paths:
        real_files(args.paths)
    if args.synthetic:
        synthetic(args.rows, args.gdelt_rows)
    if not args.paths and not args.synthetic:
        parser.print_usage()
        return 2
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
