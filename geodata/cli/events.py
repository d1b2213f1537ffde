"""Event subcommands of `python -m geodata`: events, ingest, import, export, sample.

They share the dashboard's core: `geodata.extract` for articles, `geodata.store` for the event store
(`EVENT_ATLAS_DB`), `geodata.formats` for files and `geodata.query.filter_events` for the filters.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import math
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

from geodata.cli.common import EXIT_OK, CliError, dumps, subcommand

if TYPE_CHECKING:   # pandas costs `geocode` and `places` 0.6 s: imported only by the commands that use it
    import pandas as pd

SHOWN_GROUPS = 10


def export_formats() -> tuple[str, ...]:
    """From the formats registry: csv, acled, geojson, gpkg, kml, geoparquet (read only when `export` runs)."""
    from geodata.formats.registry import WRITABLE

    return tuple(f.name for f in WRITABLE)


def _day(value: str) -> dt.date:
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{value!r} is not a date written YYYY-MM-DD") from None


def _article_arguments(p: argparse.ArgumentParser, optional_file: bool) -> None:
    if optional_file:
        p.add_argument("file", nargs="?", metavar="FILE", help="the article (.txt, .md or .html); - or none: stdin")
    else:
        p.add_argument("file", metavar="FILE", help="the article (.txt, .md or .html); - for stdin")
    p.add_argument("--published", type=_day, required=True, metavar="YYYY-MM-DD",
                   help="publication date: relative dates (\"on Friday\") are read against it")
    p.add_argument("--source", default=None, metavar="NAME", help="the outlet (default: the file name)")
    p.add_argument("--source-url", default=None, metavar="URL", help="the article's address")


def _read_article(source: str | None) -> tuple[str, str]:
    """The article's text: `read_text` has refused what is not text; HTML is reduced to its text here."""
    from geodata.cli.common import read_text
    from geodata.text.article import MAX_BYTES, ArticleError, article_text

    text, name = read_text(source, max_bytes=MAX_BYTES)
    try:
        return article_text(text, name), name
    except ArticleError as exc:
        raise CliError(str(exc)) from None


def _extract(args: argparse.Namespace) -> pd.DataFrame:
    from geodata.extract import extract_events

    text, name = _read_article(args.file)
    source = args.source or (Path(name).name if name != "<stdin>" else "stdin")
    return extract_events(text, args.published, source, args.source_url)


def records(df: pd.DataFrame) -> list[dict[str, Any]]:
    """Rows as JSON-ready objects: dates as YYYY-MM-DD, missing values as null."""
    import pandas as pd

    out = []
    for row in df.to_dict(orient="records"):
        clean = {}
        for key, value in row.items():
            if isinstance(value, pd.Timestamp):
                value = value.date().isoformat()
            elif value is pd.NA or value is pd.NaT or (isinstance(value, float) and math.isnan(value)):
                value = None
            elif hasattr(value, "item"):
                value = value.item()
            clean[key] = value
        out.append(clean)
    return out


def _events_arguments(p: argparse.ArgumentParser) -> None:
    _article_arguments(p, optional_file=True)
    p.add_argument("--json", action="store_true", help="a JSON array of event rows (all event table columns)")


@subcommand("events", help="the dated, geocoded events of an article", arguments=_events_arguments)
def events(args: argparse.Namespace) -> int:
    df = _extract(args)
    if args.json:
        print(dumps(records(df)))
        return EXIT_OK
    if df.empty:
        print("no events found", file=sys.stderr)
        return EXIT_OK
    for row in records(df):
        print(f"{row['event_date']} ({row['date_precision']})  {row['event_type']} / {row['sub_event_type']}"
              f"  [{row['modality']}]\n    {row['actor1'] or '-'} / {row['actor2'] or '-'}  at {row['location']}"
              f" ({row['country_code'] or '-'}, precision {row['geo_precision']})  {row['latitude']:.4f},"
              f" {row['longitude']:.4f}\n    {row['notes']}")
    return EXIT_OK


def _store():
    """The store of EVENT_ATLAS_DB; a StoreError (one line, password masked) ends the command with exit 2."""
    from geodata.store import EventStore

    return EventStore()


def _add(store, events: pd.DataFrame, what: str):
    """Store the events and bring the columnar snapshot up to date now, so the dashboard starts fast; the
    sample events make way for the user's first own events (with a notice). `what` goes into the store's log."""
    from geodata.sample import store_own_events
    from geodata.store.snapshot import add_events

    result, removed = store_own_events(store, events, add=lambda df: add_events(store, df, what=what))
    if removed:
        print(f"removed the {removed} sample events now that the store holds events of your own", file=sys.stderr)
    return result


def _holds(store) -> str:
    """How many events the store holds, for a success line: a write that landed is not reported as failed when
    the count cannot be read afterwards (a store damaged elsewhere in the file)."""
    from geodata.store import StoreError

    try:
        return f"the store holds {store.count()} events"
    except StoreError as exc:
        print(f"warning: the stored events cannot be counted: {exc.reason}", file=sys.stderr)
        return "the events are stored"


def _ingest_arguments(p: argparse.ArgumentParser) -> None:
    _article_arguments(p, optional_file=False)


@subcommand("ingest", help="extract an article's events and keep them in the event store",
            arguments=_ingest_arguments)
def ingest(args: argparse.Namespace) -> int:
    df = _extract(args)
    store = _store()
    result = _add(store, df, what=f"article: {args.file}")
    print(f"{len(df)} events from the article: {result.inserted} new, {result.updated} updated, "
          f"{result.skipped} left as edited; {_holds(store)} ({store.display_url})")
    return EXIT_OK


def _import_arguments(p: argparse.ArgumentParser) -> None:
    from geodata.formats.registry import READABLE

    p.add_argument("file", metavar="FILE", help="an events file, recognised by content: "
                   + ", ".join(f.label for f in READABLE)
                   + "; or one of these in a .zip or .gz, or a workbook (.xlsx, .xls, .ods)")
    p.add_argument("--all-errors", action="store_true", help="list every rejected row, not the summary by reason")


class _Progress:
    """A one-line progress figure on stderr for big files (only when stderr is a terminal)."""

    def __init__(self) -> None:
        self.shown = False

    def __call__(self, done: int, total: int) -> None:
        if sys.stderr.isatty() and total:
            print(f"\r{100 * done // total:3d}% read", end="", file=sys.stderr, flush=True)
            self.shown = True

    def close(self) -> None:
        if self.shown:
            print(file=sys.stderr)


@subcommand("import", help="add the events of an ACLED, UCDP GED, GDELT, Event Atlas CSV, GeoJSON, GeoPackage or "
                           "GeoParquet file to the store (exit 0 all rows taken, 1 some rejected, 2 none)",
            arguments=_import_arguments)
def import_(args: argparse.Namespace) -> int:
    from geodata.formats import FormatError, ImportReport, iter_events
    from geodata.sample import store_file

    report = ImportReport(name=args.file)
    progress = _Progress()
    try:
        fmt, parts = iter_events(args.file, progress=progress)
        report.format = fmt.label
        added, removed = store_file(parts, report, _store)
    except FormatError as exc:
        progress.close()
        raise CliError(str(exc)) from None
    progress.close()
    if removed:
        print(f"removed the {removed} sample events now that the store holds events of your own", file=sys.stderr)
    _print_rejections(report, args.all_errors)
    stored = f" ({added.inserted} new, {added.updated} updated, {added.skipped} left as edited)" if added else ""
    print(f"{report.summary()}{stored} [{report.format}]")
    return report.exit_code


def _print_rejections(report, every: bool) -> None:
    """Rejections grouped by reason (count, first lines), or each one with --all-errors."""
    if every:
        for error in report.errors:
            print(f"{report.name}: {error}", file=sys.stderr)
        return
    groups = report.groups()
    if groups:
        print(f"{report.name}: {report.rejected} rows rejected:", file=sys.stderr)
    for group in groups[:SHOWN_GROUPS]:
        print(f"  {group}", file=sys.stderr)
    if len(groups) > SHOWN_GROUPS:
        print(f"  ... and {len(groups) - SHOWN_GROUPS} more reasons (--all-errors lists every row)", file=sys.stderr)


def _export_arguments(p: argparse.ArgumentParser) -> None:
    from geodata import query

    p.add_argument("--format", choices=export_formats(), default="csv",
                   help="file format (csv: every column; acled: ACLED's own 31 columns in its order)")
    p.add_argument("--out", metavar="PATH", help="write here (default: standard output)")
    query.add_arguments(p)   # the dashboard's filters, the same names as its URL parameters


@subcommand("export", help="write the stored events, filtered as on the dashboard, as CSV, ACLED CSV, GeoJSON, "
                           "GeoPackage, KML or GeoParquet", arguments=_export_arguments)
def export(args: argparse.Namespace) -> int:
    from geodata.formats import write_events
    from geodata.query import from_arguments
    from geodata.sample import without_samples

    df = without_samples(_store().load())
    shown = from_arguments(args).apply(df)
    if args.out:
        try:
            write_events(shown, args.format, args.out)
        except OSError as exc:
            raise CliError(f"{args.out}: cannot write: {exc.strerror or exc}") from None
        print(f"{len(shown)} of {len(df)} events written to {args.out}", file=sys.stderr)
    else:
        sys.stdout.buffer.write(write_events(shown, args.format) or b"")
        sys.stdout.flush()
    return EXIT_OK


def _sample_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("--write", action="store_true", help="regenerate geodata/data/sample_events.csv")


@subcommand("sample", help="the shipped sample article's events (or --write to regenerate them)",
            arguments=_sample_arguments)
def sample(args: argparse.Namespace) -> int:
    from geodata import sample as sample_data

    if args.write:
        print(f"{sample_data.write_sample_events()} events written", file=sys.stderr)
        return EXIT_OK
    print(json.dumps(records(sample_data.shipped_sample_events()), ensure_ascii=False))
    return EXIT_OK
