"""Place subcommands of `python -m geodata`: geocode (a name's ranked candidates) and places (mentions in text)."""

from __future__ import annotations

import argparse
import codecs
import json
import sys
from typing import Any

from geodata.text.article import MAX_BYTES
from geodata.cli.common import (
    EXIT_EMPTY, EXIT_OK, KINDS, CliError, country_code, dumps, read_lines, open_binary, positive_int, warn,
    read_text, subcommand,
)


def _geocode_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("name", nargs="+", metavar="NAME", help="place name (several words are joined by spaces)")
    p.add_argument("--country", type=country_code, metavar="CC", help="only places in this country (ISO code)")
    p.add_argument("--kind", choices=KINDS, help="only places of this kind")
    p.add_argument("--limit", type=positive_int, default=10, metavar="N", help="at most N candidates (10)")
    p.add_argument("--json", action="store_true", help="a JSON array of place objects")


def _match(candidate: Any) -> str:
    if candidate.loose:
        return "loose"
    return "name" if candidate.primary else "alternate"


def candidate_dict(candidate: Any) -> dict[str, Any]:
    out = candidate.place.to_dict()
    out["score"] = round(float(candidate.score), 3)
    out["match"] = _match(candidate)
    return out


@subcommand("geocode", help="ranked gazetteer candidates for a place name", arguments=_geocode_arguments)
def geocode(args: argparse.Namespace) -> int:
    name = " ".join(args.name).strip()
    if not name:
        raise CliError("empty place name")
    from geodata.places.gazetteer import load_gazetteer

    found = load_gazetteer().lookup(name, country=args.country, kind=args.kind, limit=args.limit)
    if args.json:
        print(dumps([candidate_dict(c) for c in found]), flush=True)
    if not found:
        where = f" in {args.country}" if args.country else ""
        kind = f" of kind {args.kind}" if args.kind else ""
        warn(f"no place{kind} named {name!r}{where} in the gazetteer")
        return EXIT_EMPTY
    if not args.json:
        rows = [_candidate_row(rank, c) for rank, c in enumerate(found, start=1)]
        for line in _columns(rows):
            print(line)
    return EXIT_OK


def _candidate_row(rank: int, candidate: Any) -> list[str]:
    p = candidate.place
    ident = (f"geonames:{p.geonameid}" if p.geonameid is not None
             else f"iso:{p.region_code}" if p.region_code else "-")
    return [f"{rank}.", p.name, p.kind, p.country_code or "-", p.admin1 or "-", f"{p.lat:.5f}", f"{p.lon:.5f}",
            f"pop={p.population}", ident, _match(candidate)]


def _columns(rows: list[list[str]], right: frozenset[int] = frozenset()) -> list[str]:
    """Rows padded into aligned columns (two spaces apart); columns in `right` are right-aligned."""
    widths = [max(len(row[k]) for row in rows) for k in range(len(rows[0]))]
    lines = []
    for row in rows:
        pairs = enumerate(zip(row, widths, strict=True))
        cells = [cell.rjust(w) if k in right else cell.ljust(w) for k, (cell, w) in pairs]
        lines.append("  ".join(cells).rstrip())
    return lines


# --------------------------------------------------------------------------- places


def _places_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("file", nargs="?", metavar="FILE", help="text file to read; '-' or none for stdin")
    p.add_argument("--jsonl", metavar="FILE",
                   help="batch: one JSON object with a 'text' field per line ('-' for stdin); "
                        "writes one JSON array of mentions per line")
    p.add_argument("--json", action="store_true", help="a JSON array of mention objects")
    p.add_argument("--no-demonyms", action="store_true", help="leave out demonyms ('North Korean troops')")


def _geoparser(demonyms: bool) -> Any:
    from geodata.places.geoparser import Geoparser, load_default

    if demonyms:
        return load_default()
    from geodata.places.gazetteer import load_gazetteer

    return Geoparser(load_gazetteer(), demonyms=False)


@subcommand("places", help="place mentions in a text, or in each line of a JSON Lines batch",
            arguments=_places_arguments)
def places(args: argparse.Namespace) -> int:
    if args.jsonl is not None:
        if args.file is not None:
            raise CliError("give either FILE or --jsonl FILE, not both")
        return _places_batch(args.jsonl, demonyms=not args.no_demonyms)
    text, name = read_text(args.file, max_bytes=MAX_BYTES)
    mentions = _geoparser(not args.no_demonyms).parse(text)
    if args.json:
        print(dumps([m.to_dict() for m in mentions]), flush=True)
        return EXIT_OK
    if not mentions:
        warn(f"no place mentions found in {name}")
        return EXIT_OK
    header = ["span", "text", "name", "kind", "country", "lat", "lon", "conf"]
    rows = [header] + [[f"{m.start}-{m.end}", " ".join(m.text.split()), m.place.name, m.place.kind,
                        m.place.country_code or "-", f"{m.place.lat:.4f}", f"{m.place.lon:.4f}",
                        f"{m.confidence:.3f}" + (" demonym" if m.demonym else "")] for m in mentions]
    for line in _columns(rows, right=frozenset({5, 6})):
        print(line)
    return EXIT_OK


def _places_batch(source: str, demonyms: bool) -> int:
    stream, name, close = open_binary(source)
    parser = None
    bad = 0
    seen = 0
    try:
        for number, raw in read_lines(stream, name):
            seen += 1
            text, problem = _batch_text(raw, first=number == 1)
            if problem is None:
                if parser is None:
                    parser = _geoparser(demonyms)
                try:
                    mentions = [m.to_dict() for m in parser.parse(text)]
                except Exception as exc:  # one document must not end a batch; it is reported and counted
                    problem = f"the geoparser failed ({exc.__class__.__name__}: {exc})"
            if problem is not None:
                bad += 1
                warn(f"error: {name}: line {number}: {problem}")
                mentions = []
            sys.stdout.write(dumps(mentions) + "\n")
            sys.stdout.flush()
    finally:
        if close:
            stream.close()
    if seen == 0:
        raise CliError(f"{name}: empty input, no lines to read")
    return EXIT_EMPTY if bad else EXIT_OK


def _batch_text(raw: bytes, first: bool) -> tuple[str, str | None]:
    """The `text` of one JSON Lines record, or why the line cannot be used."""
    if b"\x00" in raw:
        return "", "binary data (NUL bytes), not a JSON object"
    try:
        line = raw.decode("utf-8-sig" if first and raw.startswith(codecs.BOM_UTF8) else "utf-8")
    except UnicodeDecodeError as exc:
        return "", f"not UTF-8 text (invalid byte at offset {exc.start})"
    if not line.strip():
        return "", "blank line, expected a JSON object"
    try:
        record = json.loads(line)
    except json.JSONDecodeError as exc:
        return "", f"not valid JSON ({exc.msg} at column {exc.colno})"
    except RecursionError:
        return "", "not valid JSON (nested too deeply)"
    if not isinstance(record, dict):
        return "", f"expected a JSON object, got {type(record).__name__}"
    if "text" not in record:
        return "", "the JSON object has no 'text' field"
    if not isinstance(record["text"], str):
        return "", f"the 'text' field is {type(record['text']).__name__}, expected a string"
    return record["text"], None
