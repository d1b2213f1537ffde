"""Every file format, declared once. The CLI's `--format` choices, the Data page's download buttons and its
uploader's types come from FORMATS; a new format is one module with a `Format` and one entry here.

Order matters for recognition: the first format whose sniff accepts a file's head reads it (our CSV before
ACLED's, since ours carries ACLED's columns too)."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import BinaryIO, overload

import pandas as pd

from geodata.formats import acled, containers, gdelt, geo, parquet, tabular, ucdp
from geodata.formats.base import Format, FormatError, ImportResult, Progress, read_head

FORMATS: tuple[Format, ...] = (
    tabular.FORMAT, acled.FORMAT, ucdp.FORMAT, gdelt.FORMAT, geo.GEOJSON, geo.GPKG, geo.KML, parquet.FORMAT,
)
BY_NAME: dict[str, Format] = {f.name: f for f in FORMATS}
READABLE: tuple[Format, ...] = tuple(f for f in FORMATS if f.read is not None and f.sniff is not None)
WRITABLE: tuple[Format, ...] = tuple(f for f in FORMATS if f.write is not None)
MEDIA_TYPES: dict[str, str] = {f.name: f.media_type for f in FORMATS}
UPLOAD_SUFFIXES: tuple[str, ...] = tuple(dict.fromkeys(
    [s.lstrip(".") for f in READABLE for s in f.suffixes] + list(containers.SUFFIXES)))
"""What the page's uploader takes (recognition is by content; the suffix only helps the file dialog)."""


def recognise(path: str | os.PathLike[str]) -> Format:
    """The format of the file at path, from its first bytes; FormatError when no format takes it."""
    head = read_head(path)
    if not head.raw.strip():
        raise FormatError(f"{head.path}: empty file")
    for fmt in READABLE:
        if fmt.sniff is not None and fmt.sniff(head):
            return fmt
    if b"\x00" in head.raw:
        raise FormatError(f"{head.path}: binary file, not an event file (CSV, GeoJSON or GeoPackage)")
    names = ", ".join(sorted(head.names))[:200] if head.delimiter != "\t" or len(head.first_row) < 40 else ""
    found = f"its header: {names}" if names else f"its first line has {len(head.first_row)} fields"
    known = ", ".join(f.label for f in READABLE)
    raise FormatError(f"{head.path}: not an event file: no event_date/event_type/latitude/longitude columns "
                      f"({found or 'nothing'}); readable formats: {known}")


def sniff(path: str | os.PathLike[str]) -> str:
    """The name of the format of the file at path ("csv", "acled", "ucdp", "gdelt", "geojson", "gpkg")."""
    return recognise(path).name


def iter_events(path: str | os.PathLike[str], chunk_rows: int = 100_000, progress: Progress | None = None
                ) -> tuple[Format, Iterator[ImportResult]]:
    """The file's format and its events chunk by chunk (big GDELT files stream; others are one chunk). A zip
    archive of one file, a gzip file or an Excel workbook is read as the events file it holds, unpacked to a
    temporary folder while it is read (`containers`)."""
    location = Path(path)
    if not location.is_file():
        recognise(location)   # raises the right message
    unpacked = containers.unpack(location)
    if unpacked is None:
        fmt = recognise(location)
        assert fmt.read is not None
        return fmt, fmt.read(location, chunk_rows=chunk_rows, progress=progress)
    try:
        fmt = recognise(unpacked.path)
    except FormatError as exc:
        unpacked.remove()
        raise unpacked.renamed(exc) from None
    assert fmt.read is not None
    reader = fmt.read

    def chunks() -> Iterator[ImportResult]:
        try:
            yield from reader(unpacked.path, chunk_rows=chunk_rows, progress=progress)
        except FormatError as exc:
            raise unpacked.renamed(exc) from None
        finally:
            unpacked.remove()

    return fmt, chunks()


def read_events(path: str | os.PathLike[str]) -> ImportResult:
    """Every event of a file of any readable format, recognised by content, as one result."""
    _, chunks = iter_events(path)
    parts = list(chunks)
    if len(parts) == 1:
        return parts[0]
    frames = [p.df for p in parts if not p.df.empty] or [parts[0].df]
    return ImportResult(df=pd.concat(frames, ignore_index=True), errors=[e for p in parts for e in p.errors],
                        taken=sum(p.taken for p in parts), rejected=sum(p.rejected for p in parts))


@overload
def write_events(df: pd.DataFrame, fmt: str, path_or_buffer: None = None) -> bytes: ...


@overload
def write_events(df: pd.DataFrame, fmt: str, path_or_buffer: str | os.PathLike[str] | BinaryIO) -> None: ...


def write_events(df: pd.DataFrame, fmt: str, path_or_buffer: str | os.PathLike[str] | BinaryIO | None = None
                 ) -> bytes | None:
    """Write events in a writable format to a path or binary buffer; with neither, return the bytes."""
    declared = BY_NAME.get(fmt)
    if declared is None or declared.write is None:
        raise ValueError(f"unknown format {fmt!r}: expected one of {', '.join(f.name for f in WRITABLE)}")
    data = declared.write(df)
    if path_or_buffer is None:
        return data
    if isinstance(path_or_buffer, (str, os.PathLike)):
        Path(path_or_buffer).write_bytes(data)
    else:
        path_or_buffer.write(data)
    return None
