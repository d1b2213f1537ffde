"""Command line: `python -m geodata SUBCOMMAND ...`.

Subcommands are plain functions registered with the `subcommand` decorator; `build_parser` adds every
registered one, so a later `events`, `ingest`, `import` or `export` is one decorated function more.

Exit codes: 0 success; 1 a result that is empty or partly bad (geocode found nothing, a batch had bad
lines); 2 bad usage or unusable input (missing file, directory, binary or non-UTF-8 data, empty text);
130 interrupted; 141 the reader of stdout went away (`... | head`), which ends the run quietly.
"""

from __future__ import annotations

import argparse
import codecs
import json
import os
import re
import sys
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

from geodata import __version__

EXIT_OK = 0
EXIT_EMPTY = 1
EXIT_USAGE = 2
EXIT_INTERRUPTED = 130
EXIT_BROKEN_PIPE = 141   # 128 + SIGPIPE, what a shell reports for any program cut off by `head`

STDIN_NAME = "<stdin>"


class CliError(Exception):
    """Unusable input or arguments: printed as one `error: ...` line, exit code 2."""


# --------------------------------------------------------------------------- subcommand registry


@dataclass(frozen=True)
class Subcommand:
    name: str
    help: str
    arguments: Callable[[argparse.ArgumentParser], None]
    run: Callable[[argparse.Namespace], int]


SUBCOMMANDS: dict[str, Subcommand] = {}


def subcommand(name: str, help: str, arguments: Callable[[argparse.ArgumentParser], None]
               ) -> Callable[[Callable[[argparse.Namespace], int]], Callable[[argparse.Namespace], int]]:
    """Register `run(args) -> exit code` as `python -m geodata NAME`, its options added by `arguments`."""

    def register(run: Callable[[argparse.Namespace], int]) -> Callable[[argparse.Namespace], int]:
        if name in SUBCOMMANDS:
            raise ValueError(f"subcommand {name!r} registered twice")
        SUBCOMMANDS[name] = Subcommand(name, help, arguments, run)
        return run

    return register


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="geodata", description="Event Atlas engine: offline gazetteer and geoparser.")
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)
    for cmd in SUBCOMMANDS.values():
        sub = subparsers.add_parser(cmd.name, help=cmd.help, description=cmd.help)
        cmd.arguments(sub)
        sub.set_defaults(run=cmd.run)
    return parser


def main(argv: list[str] | None = None) -> int:
    _utf8_streams()
    parser = build_parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as exc:  # --help, --version, usage errors: argparse's own codes (0 and 2)
        return exc.code if isinstance(exc.code, int) else EXIT_USAGE
    try:
        code = args.run(args)
        sys.stdout.flush()
        return code
    except CliError as exc:
        _error(str(exc))
        return EXIT_USAGE
    except BrokenPipeError:
        _silence_stdout()
        return EXIT_BROKEN_PIPE
    except KeyboardInterrupt:
        return EXIT_INTERRUPTED
    except OSError as exc:  # e.g. the gazetteer cache cannot be read or written
        _error(_os_message(exc))
        return EXIT_USAGE


def _utf8_streams() -> None:
    """JSON goes out as UTF-8 whatever the locale says; messages never fail on odd file names."""
    for stream, errors in ((sys.stdout, "strict"), (sys.stderr, "backslashreplace")):
        if hasattr(stream, "reconfigure") and (stream.encoding or "").lower().replace("-", "") != "utf8":
            try:
                stream.reconfigure(encoding="utf-8", errors=errors)
            except (ValueError, OSError):
                pass
        elif hasattr(stream, "reconfigure") and stream is sys.stderr:
            stream.reconfigure(errors=errors)


def _silence_stdout() -> None:
    """After EPIPE, point stdout at /dev/null so the interpreter's final flush does not complain."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        os.close(devnull)
    except (OSError, ValueError):
        pass


def _error(message: str) -> None:
    print(f"error: {message}", file=sys.stderr, flush=True)


def _warn(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def _os_message(exc: OSError) -> str:
    what = exc.strerror or exc.__class__.__name__
    return f"{exc.filename}: {what}" if exc.filename else str(exc) or what


def _dumps(value: Any) -> str:
    """JSON with characters as they are; escaped only if the text holds lone surrogates ("\\ud800" in a batch)."""
    out = json.dumps(value, ensure_ascii=False)
    try:
        out.encode("utf-8")
    except UnicodeEncodeError:
        out = json.dumps(value, ensure_ascii=True)
    return out


# --------------------------------------------------------------------------- reading input


def decode_text(data: bytes, name: str) -> str:
    """Bytes of a text file as str: UTF-8 (a leading byte-order mark dropped); binary data is refused."""
    if b"\x00" in data:
        raise CliError(f"{name}: binary input (contains NUL bytes), expected UTF-8 text")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise CliError(f"{name}: not UTF-8 text (invalid byte 0x{data[exc.start]:02x} at offset {exc.start})") \
            from None
    if text.startswith("\ufeff"):
        text = data.decode("utf-8-sig")
    return text


def read_text(source: str | None) -> tuple[str, str]:
    """(text, display name) of a file path, or of stdin for None / "-"; refuses what is not usable text."""
    if source in (None, "-"):
        name = STDIN_NAME
        try:
            data = sys.stdin.buffer.read() if sys.stdin is not None else b""
        except OSError as exc:
            raise CliError(f"{name}: cannot read: {exc.strerror or exc}") from None
    else:
        name = source
        path = Path(source)
        if path.is_dir():
            raise CliError(f"{name}: is a directory, expected a text file")
        try:
            data = path.read_bytes()
        except FileNotFoundError:
            raise CliError(f"{name}: no such file") from None
        except IsADirectoryError:
            raise CliError(f"{name}: is a directory, expected a text file") from None
        except OSError as exc:
            raise CliError(f"{name}: cannot read: {exc.strerror or exc}") from None
    text = decode_text(data, name)
    if not text.strip():
        raise CliError(f"{name}: empty input, no text to read")
    return text, name


def _open_binary(source: str) -> tuple[IO[bytes], str, bool]:
    """A binary stream for a batch: (stream, display name, whether we must close it)."""
    if source == "-":
        if sys.stdin is None:
            raise CliError(f"{STDIN_NAME}: no standard input")
        return sys.stdin.buffer, STDIN_NAME, False
    if Path(source).is_dir():
        raise CliError(f"{source}: is a directory, expected a JSON Lines file")
    try:
        return open(source, "rb"), source, True  # noqa: SIM115 - closed by the caller
    except FileNotFoundError:
        raise CliError(f"{source}: no such file") from None
    except IsADirectoryError:
        raise CliError(f"{source}: is a directory, expected a JSON Lines file") from None
    except OSError as exc:
        raise CliError(f"{source}: cannot read: {exc.strerror or exc}") from None


def _lines(stream: IO[bytes], name: str) -> Iterator[tuple[int, bytes]]:
    try:
        for number, line in enumerate(stream, start=1):
            yield number, line
    except OSError as exc:
        raise CliError(f"{name}: cannot read: {exc.strerror or exc}") from None


# --------------------------------------------------------------------------- geocode


_COUNTRY = re.compile(r"^[A-Za-z]{2}$")
KINDS = ("country", "region", "city", "feature")


def _country_code(value: str) -> str:
    if not _COUNTRY.match(value):
        raise argparse.ArgumentTypeError(f"{value!r} is not a two-letter ISO country code")
    return value.upper()


def _positive_int(value: str) -> int:
    try:
        number = int(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{value!r} is not a whole number") from None
    if number < 1:
        raise argparse.ArgumentTypeError(f"{value!r} must be 1 or more")
    return number


def _geocode_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("name", nargs="+", metavar="NAME", help="place name (several words are joined by spaces)")
    p.add_argument("--country", type=_country_code, metavar="CC", help="only places in this country (ISO code)")
    p.add_argument("--kind", choices=KINDS, help="only places of this kind")
    p.add_argument("--limit", type=_positive_int, default=10, metavar="N", help="at most N candidates (10)")
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
    from geodata.gazetteer import load_gazetteer

    found = load_gazetteer().lookup(name, country=args.country, kind=args.kind, limit=args.limit)
    if args.json:
        print(_dumps([candidate_dict(c) for c in found]), flush=True)
    if not found:
        where = f" in {args.country}" if args.country else ""
        kind = f" of kind {args.kind}" if args.kind else ""
        _warn(f"no place{kind} named {name!r}{where} in the gazetteer")
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
        cells = [cell.rjust(w) if k in right else cell.ljust(w) for k, (cell, w) in enumerate(zip(row, widths))]
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
    from geodata.geoparser import Geoparser, load_default

    if demonyms:
        return load_default()
    from geodata.gazetteer import load_gazetteer

    return Geoparser(load_gazetteer(), demonyms=False)


@subcommand("places", help="place mentions in a text, or in each line of a JSON Lines batch",
            arguments=_places_arguments)
def places(args: argparse.Namespace) -> int:
    if args.jsonl is not None:
        if args.file is not None:
            raise CliError("give either FILE or --jsonl FILE, not both")
        return _places_batch(args.jsonl, demonyms=not args.no_demonyms)
    text, name = read_text(args.file)
    mentions = _geoparser(not args.no_demonyms).parse(text)
    if args.json:
        print(_dumps([m.to_dict() for m in mentions]), flush=True)
        return EXIT_OK
    if not mentions:
        _warn(f"no place mentions found in {name}")
        return EXIT_OK
    header = ["span", "text", "name", "kind", "country", "lat", "lon", "conf"]
    rows = [header] + [[f"{m.start}-{m.end}", " ".join(m.text.split()), m.place.name, m.place.kind,
                        m.place.country_code or "-", f"{m.place.lat:.4f}", f"{m.place.lon:.4f}",
                        f"{m.confidence:.3f}" + (" demonym" if m.demonym else "")] for m in mentions]
    for line in _columns(rows, right=frozenset({5, 6})):
        print(line)
    return EXIT_OK


def _places_batch(source: str, demonyms: bool) -> int:
    stream, name, close = _open_binary(source)
    parser = None
    bad = 0
    seen = 0
    try:
        for number, raw in _lines(stream, name):
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
                _warn(f"error: {name}: line {number}: {problem}")
                mentions = []
            sys.stdout.write(_dumps(mentions) + "\n")
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


from geodata import cli_events as _event_commands  # noqa: E402,F401  (registers events, ingest, ...)
