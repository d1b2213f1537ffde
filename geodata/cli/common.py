"""Command line: `python -m geodata SUBCOMMAND ...`.

Subcommands are plain functions registered with the `subcommand` decorator; `build_parser` adds every
registered one, so a later `events`, `ingest`, `import` or `export` is one decorated function more.

Exit codes: 0 success; 1 a result that is empty or partly bad (geocode found nothing, a batch had bad
lines); 2 bad usage or unusable input (missing file, directory, binary or non-UTF-8 data, empty text);
130 interrupted; 141 the reader of stdout went away (`... | head`), which ends the run quietly.
"""

from __future__ import annotations

import argparse
import json
import logging
import os
import re
import sys
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

from geodata import __version__
from geodata.memory import return_freed_memory

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


def build_parser(only: str | None = None) -> argparse.ArgumentParser:
    """The parser of every subcommand; with `only`, the options of that one alone are added, so a command does
    not pay for the imports another command's options need (`export --format` reads the formats registry)."""
    parser = argparse.ArgumentParser(
        prog="geodata", description="Event Atlas engine: places, events, the event store and event files.")
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)
    for cmd in SUBCOMMANDS.values():
        sub = subparsers.add_parser(cmd.name, help=cmd.help, description=cmd.help)
        if only is None or only == cmd.name:
            cmd.arguments(sub)
        sub.set_defaults(run=cmd.run)
    return parser


def _command(argv: list[str]) -> str | None:
    """The subcommand named in argv (its first word that is not an option), if it is a known one."""
    first = next((word for word in argv if not word.startswith("-")), None)
    return first if first in SUBCOMMANDS else None


def main(argv: list[str] | None = None) -> int:
    return_freed_memory()   # an import's batches, freed, go back to the system
    _utf8_streams()
    _log_warnings()
    words = sys.argv[1:] if argv is None else argv
    parser = build_parser(only=_command(words) or "")
    try:
        args = parser.parse_args(words)
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
    except Exception as exc:
        if _is_store_error(exc):   # damaged, read-only, full, locked, unreachable: one line, password masked
            _error(exc.message)  # type: ignore[attr-defined]
            return EXIT_USAGE
        raise


def _is_store_error(exc: Exception) -> bool:
    """Whether exc is the store's StoreError, without importing the store (and pandas) for every command: a
    StoreError can only have been raised once its module is loaded."""
    errors = sys.modules.get("geodata.store.errors")
    return errors is not None and isinstance(exc, errors.StoreError)


def _log_warnings() -> None:
    """What the engine logs (a snapshot or cache it could not write) reaches stderr as one `warning:` line."""
    root = logging.getLogger()
    if not root.handlers:
        handler = logging.StreamHandler(sys.stderr)
        handler.setFormatter(logging.Formatter("warning: %(message)s"))
        root.addHandler(handler)
        root.setLevel(logging.WARNING)


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


def warn(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def _os_message(exc: OSError) -> str:
    what = exc.strerror or exc.__class__.__name__
    return f"{exc.filename}: {what}" if exc.filename else str(exc) or what


def dumps(value: Any) -> str:
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


def read_text(source: str | None, max_bytes: int | None = None) -> tuple[str, str]:
    """(text, display name) of a file path, or of stdin for None / "-"; refuses what is not usable text, and
    input over `max_bytes` before reading more of it than that."""
    limit = -1 if max_bytes is None else max_bytes + 1
    if source in (None, "-"):
        name = STDIN_NAME
        data = _read(sys.stdin.buffer, name, limit) if sys.stdin is not None else b""
    else:
        name = source
        with _open_file(source, "a text file") as fh:
            data = _read(fh, name, limit)
    if max_bytes is not None and len(data) > max_bytes:
        raise CliError(f"{name}: larger than {max_bytes // 1_000_000} MB, too big for one text")
    text = decode_text(data, name)
    if not text.strip():
        raise CliError(f"{name}: empty input, no text to read")
    return text, name


def open_binary(source: str) -> tuple[IO[bytes], str, bool]:
    """A binary stream for a batch: (stream, display name, whether we must close it)."""
    if source == "-":
        if sys.stdin is None:
            raise CliError(f"{STDIN_NAME}: no standard input")
        return sys.stdin.buffer, STDIN_NAME, False
    return _open_file(source, "a JSON Lines file"), source, True


def _open_file(source: str, expected: str) -> IO[bytes]:
    """One place for the messages of a file that cannot be opened; `expected` names what the command wanted."""
    if Path(source).is_dir():
        raise CliError(f"{source}: is a directory, expected {expected}")
    try:
        return open(source, "rb")  # noqa: SIM115 - closed by the caller
    except FileNotFoundError:
        raise CliError(f"{source}: no such file") from None
    except IsADirectoryError:
        raise CliError(f"{source}: is a directory, expected {expected}") from None
    except OSError as exc:
        raise CliError(f"{source}: cannot read: {exc.strerror or exc}") from None


def _read(stream: IO[bytes], name: str, limit: int) -> bytes:
    try:
        return stream.read(limit)
    except OSError as exc:
        raise CliError(f"{name}: cannot read: {exc.strerror or exc}") from None


def read_lines(stream: IO[bytes], name: str) -> Iterator[tuple[int, bytes]]:
    try:
        for number, line in enumerate(stream, start=1):
            yield number, line
    except OSError as exc:
        raise CliError(f"{name}: cannot read: {exc.strerror or exc}") from None


# --------------------------------------------------------------------------- geocode


_COUNTRY = re.compile(r"^[A-Za-z]{2}$")
KINDS = ("country", "region", "city", "feature")


def country_code(value: str) -> str:
    if not _COUNTRY.match(value):
        raise argparse.ArgumentTypeError(f"{value!r} is not a two-letter ISO country code")
    return value.upper()


def positive_int(value: str) -> int:
    try:
        number = int(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{value!r} is not a whole number") from None
    if number < 1:
        raise argparse.ArgumentTypeError(f"{value!r} must be 1 or more")
    return number
