"""Every file format, declared once. The CLI's `--format` choices, the Data page's download buttons and its
uploader's types come from FORMATS; a new format is one module with a `Format` and one entry here.

Order matters for recognition: the first format whose sniff accepts a file's head reads it (our CSV before
ACLED's, since ours carries ACLED's columns too)."""

from __future__ import annotations

import os
import shutil
import tempfile
import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import BinaryIO, overload

import pandas as pd

from geodata.formats import acled, gdelt, geo, parquet, tabular, ucdp
from geodata.formats.base import Format, FormatError, ImportResult, Progress, read_head

FORMATS: tuple[Format, ...] = (
    tabular.FORMAT, acled.FORMAT, ucdp.FORMAT, gdelt.FORMAT, geo.GEOJSON, geo.GPKG, geo.KML, parquet.FORMAT,
)
BY_NAME: dict[str, Format] = {f.name: f for f in FORMATS}
READABLE: tuple[Format, ...] = tuple(f for f in FORMATS if f.read is not None and f.sniff is not None)
WRITABLE: tuple[Format, ...] = tuple(f for f in FORMATS if f.write is not None)
MEDIA_TYPES: dict[str, str] = {f.name: f.media_type for f in FORMATS}
UPLOAD_SUFFIXES: tuple[str, ...] = tuple(dict.fromkeys(
    [s.lstrip(".") for f in READABLE for s in f.suffixes] + ["zip"]))
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


ZIP_MAGIC = b"PK\x03\x04"


def _zip_member(location: Path) -> str | None:
    """The one file inside a zip archive (as GDELT and ACLED downloads come), None when not a zip."""
    with open(location, "rb") as handle:
        if handle.read(4) != ZIP_MAGIC:
            return None
    try:
        with zipfile.ZipFile(location) as archive:
            members = [info.filename for info in archive.infolist() if not info.is_dir()]
    except (zipfile.BadZipFile, OSError) as exc:
        raise FormatError(f"{location}: a damaged zip archive: {exc}") from None
    if len(members) != 1:
        raise FormatError(f"{location}: a zip archive of {len(members)} files; import one events file at a time")
    return members[0]


def iter_events(path: str | os.PathLike[str], chunk_rows: int = 100_000, progress: Progress | None = None
                ) -> tuple[Format, Iterator[ImportResult]]:
    """The file's format and its events chunk by chunk (big GDELT files stream; others are one chunk). A zip
    archive holding one file is read as that file, unpacked to a temporary folder while it is read."""
    location = Path(path)
    if not location.is_file():
        recognise(location)   # raises the right message
    member = _zip_member(location)
    if member is None:
        fmt = recognise(location)
        assert fmt.read is not None
        return fmt, fmt.read(location, chunk_rows=chunk_rows, progress=progress)
    folder = Path(tempfile.mkdtemp(prefix="event-atlas-unzip-"))
    unpacked = folder / Path(member).name
    shown = f"{location}:{member}"
    try:
        with zipfile.ZipFile(location) as archive, archive.open(member) as source, open(unpacked, "wb") as target:
            shutil.copyfileobj(source, target, 1 << 20)
        fmt = recognise(unpacked)
    except (zipfile.BadZipFile, OSError, FormatError) as exc:
        shutil.rmtree(folder, ignore_errors=True)
        raise FormatError(str(exc).replace(str(unpacked), shown)) from None
    assert fmt.read is not None
    reader = fmt.read

    def chunks() -> Iterator[ImportResult]:
        try:
            yield from reader(unpacked, chunk_rows=chunk_rows, progress=progress)
        except FormatError as exc:
            raise FormatError(str(exc).replace(str(unpacked), shown)) from None
        finally:
            shutil.rmtree(folder, ignore_errors=True)

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
