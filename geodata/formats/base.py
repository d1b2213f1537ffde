"""What every format shares: the error for an unreadable file, a rejected row, one chunk of imported events,
the first bytes a format is recognised by, and the declaration a format makes to the registry."""

from __future__ import annotations

import csv
import io
import os
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from geodata.schema import ValidationError


class FormatError(ValueError):
    """A file that cannot be read as events at all: missing, binary, not the format, or no usable columns."""


_VALUES = re.compile(r"'[^']*'|\"[^\"]*\"|-?\b\d[\d.,:eE+-]*\b")


@dataclass(frozen=True)
class RowError:
    """One rejected row: its line in a CSV file (or its feature number in GeoJSON) and why."""

    line: int | None
    reason: str
    column: str | None = None
    feature: int | None = None

    def __str__(self) -> str:
        return f"{self.where}: {self.reason}"

    @property
    def where(self) -> str:
        if self.line is not None:
            return f"line {self.line}"
        return f"feature {self.feature}" if self.feature is not None else "row"

    @property
    def kind(self) -> str:
        """The reason without the values it quotes, so that rejections group: "event_date: bad date …"."""
        return _VALUES.sub("…", self.reason)


@dataclass
class ImportResult:
    """The events read (event table layout), the errors of the rows left out, and how many rows went each way."""

    df: pd.DataFrame
    errors: list[RowError] = field(default_factory=list)
    taken: int = 0
    rejected: int = 0


def row_errors(errors: list[ValidationError], by_feature: bool = False) -> list[RowError]:
    """Validation errors as import errors; ``_line`` holds a feature number when by_feature."""
    return [RowError(line=None if by_feature else e.line, feature=e.line if by_feature else None,
                     reason=f"{e.column}: {e.reason}", column=e.column) for e in errors]


def map_unique(values: pd.Series, function: Callable[[str], object]) -> pd.Series:
    """``function`` of each distinct text once (a file repeats its types, countries and codes thousands of
    times); missing values stay missing."""
    text = values.astype("str")
    codes, uniques = pd.factorize(text)
    mapped = pd.array([function(u) for u in uniques] + [None], dtype="object")
    return pd.Series(mapped[codes], index=values.index, dtype="object")


SQLITE_MAGIC = b"SQLite format 3\x00"
UTF16_BOMS = (b"\xff\xfe", b"\xfe\xff")
DELIMITERS = ",;\t"
HEAD_BYTES = 65536


def detect_delimiter(line: str) -> str:
    """The delimiter of a header or first row: the most frequent of , ; and tab outside quotes."""
    unquoted = re.sub(r'"[^"]*"', "", line)
    return max(DELIMITERS, key=unquoted.count)


@dataclass(frozen=True)
class Head:
    """A file's first bytes, decoded once for every format's sniff: the text, its delimiter, and its first
    row split by that delimiter (header names lower-cased and stripped)."""

    path: Path
    raw: bytes
    text: str
    delimiter: str
    first_row: tuple[str, ...]

    @property
    def names(self) -> set[str]:
        return {cell.strip().lower() for cell in self.first_row}


def read_head(path: str | os.PathLike[str]) -> Head:
    location = Path(path)
    if not location.is_file():
        raise FormatError(f"{location}: no such file" if not location.exists() else f"{location}: not a file")
    try:
        with open(location, "rb") as handle:
            raw = handle.read(HEAD_BYTES)
    except OSError as exc:
        raise FormatError(f"{location}: cannot read: {exc.strerror or exc}") from None
    try:
        text = raw.decode("utf-16", "replace") if raw.startswith(UTF16_BOMS) else raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        # a multi-byte character cut by the head's end is not a decoding problem
        text = raw[:exc.start].decode("utf-8-sig") if exc.start > len(raw) - 4 else raw.decode("cp1252", "replace")
    text = text.lstrip("\ufeff")
    first_line = text.lstrip().split("\n", 1)[0].rstrip("\r")
    delimiter = detect_delimiter(first_line)
    try:
        first = next(csv.reader(io.StringIO(first_line.replace("\r", " ")), delimiter=delimiter), [])
    except csv.Error:   # binary content: no header to read
        first = []
    return Head(path=location, raw=raw, text=text, delimiter=delimiter, first_row=tuple(first))


Chunks = Iterator[ImportResult]
Progress = Callable[[int, int], None]
"""Called with (bytes read so far, file size) as a big file streams, for a progress bar."""


@dataclass(frozen=True)
class Format:
    """One file format, declared once: the CLI's choices, the page's buttons and the uploader's types come
    from the registry of these. ``sniff`` recognises a file from its head; ``read`` yields chunks of events
    (one chunk for small formats); ``write`` turns events into the file's bytes."""

    name: str
    label: str
    suffixes: tuple[str, ...]
    media_type: str
    sniff: Callable[[Head], bool] | None = None
    read: Callable[..., Chunks] | None = None
    write: Callable[[pd.DataFrame], bytes] | None = None

    @property
    def suffix(self) -> str:
        """The suffix a written file gets."""
        return self.suffixes[0]


def one_chunk(reader: Callable[[str | os.PathLike[str]], ImportResult]) -> Callable[..., Chunks]:
    """A whole-file reader as a chunked one."""

    def read(path: str | os.PathLike[str], chunk_rows: int = 0, progress: Progress | None = None) -> Chunks:
        result = reader(path)
        if progress is not None:
            size = Path(path).stat().st_size
            progress(size, size)
        yield result

    return read
