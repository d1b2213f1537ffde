"""Files that hold an events file rather than being one: a zip archive of one file (as GDELT and ACLED
downloads come), a gzip file, a workbook (ACLED's curated data files in Excel, an export re-saved in Excel or
LibreOffice: .xlsx, .xlsb, .xls, .ods).

Each is unpacked to a temporary CSV or file that recognition then reads like any other, so a format needs no
code for its packaging. Unpacking is bounded (`MAX_UNPACKED_BYTES`): a small archive must not fill the disk.
"""

from __future__ import annotations

import csv
import datetime as dt
import gzip
import io
import shutil
import tempfile
import zipfile
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import closing
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

from geodata.formats.base import FormatError

ZIP_MAGIC = b"PK\x03\x04"
GZIP_MAGIC = b"\x1f\x8b"
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
"""Excel 97-2003 (.xls) and other OLE compound files."""
STREAM_ABOVE_XML_BYTES = 250 << 20
"""A worksheet whose XML is larger than this (about 5 million cells) streams through openpyxl."""
MAX_UNPACKED_BYTES = 4 << 30
"""More than any real export (all of ACLED is about 1.5 GB as CSV); a larger result is refused."""
SUFFIXES: tuple[str, ...] = ("zip", "gz", "xlsx", "xlsb", "xls", "ods")
"""What the page's uploader takes besides the formats' own suffixes."""
WORKBOOK_MEMBERS = frozenset({"xl/workbook.xml", "xl/workbook.bin", "content.xml"})
"""A zip holding one of these is a workbook: Excel .xlsx, Excel binary .xlsb, OpenDocument .ods."""
_CHUNK = 1 << 20


@dataclass(frozen=True)
class Unpacked:
    """An events file unpacked to ``path`` in its own temporary ``folder``; ``shown`` names it in messages
    as the user knows it ("export.zip:20240301.export.CSV")."""

    path: Path
    folder: Path
    shown: str

    def remove(self) -> None:
        shutil.rmtree(self.folder, ignore_errors=True)

    def renamed(self, error: FormatError) -> FormatError:
        """The error with the temporary file named as the user knows it."""
        return FormatError(str(error).replace(str(self.path), self.shown))


def unpack(location: Path) -> Unpacked | None:
    """The events file that location holds, unpacked; None when location is not a container."""
    with open(location, "rb") as handle:
        magic = handle.read(8)
    if magic.startswith(OLE_MAGIC):
        return _workbook(location)
    if magic.startswith(GZIP_MAGIC):
        name = location.name[:-3] if location.name.lower().endswith(".gz") else location.name + ".unpacked"
        return _unpacked(location, name, lambda target: _copy(gzip.open(location, "rb"), target, location),
                         errors=(OSError, EOFError, gzip.BadGzipFile), kind="gzip file")
    if not magic.startswith(ZIP_MAGIC):
        return None
    try:
        with zipfile.ZipFile(location) as archive:
            names = set(archive.namelist())
            members = [info.filename for info in archive.infolist() if not info.is_dir()]
    except (zipfile.BadZipFile, OSError) as exc:
        raise FormatError(f"{location}: a damaged zip archive: {exc}") from None
    if names & WORKBOOK_MEMBERS:
        return _workbook(location)
    if len(members) != 1:
        raise FormatError(f"{location}: a zip archive of {len(members)} files; import one events file at a time")
    member = members[0]

    def extract(target: IO[bytes]) -> None:
        with zipfile.ZipFile(location) as archive:
            _copy(archive.open(member), target, location)

    return _unpacked(location, Path(member).name, extract, errors=(OSError, zipfile.BadZipFile),
                     kind="zip archive", member=member)


def _workbook(location: Path) -> Unpacked:
    from python_calamine import CalamineError

    return _unpacked(location, location.stem + ".csv", lambda target: _workbook_csv(location, target),
                     errors=(OSError, KeyError, ValueError, zipfile.BadZipFile, CalamineError), kind="workbook")


def _unpacked(location: Path, name: str, write: Callable[[IO[bytes]], None], errors: tuple[type[BaseException], ...],
              kind: str, member: str | None = None) -> Unpacked:
    folder = Path(tempfile.mkdtemp(prefix="event-atlas-unpack-"))
    result = Unpacked(path=folder / (Path(name).name or "events"), folder=folder,
                      shown=f"{location}:{member}" if member else str(location))
    try:
        with open(result.path, "wb") as target:
            write(target)
    except FormatError:
        result.remove()
        raise
    except errors as exc:
        result.remove()
        raise FormatError(f"{location}: a damaged {kind}: {exc}") from None
    return result


def _copy(source: IO[bytes] | gzip.GzipFile, target: IO[bytes], location: Path) -> None:
    with closing(source):
        written = 0
        while block := source.read(_CHUNK):
            written += len(block)
            if written > MAX_UNPACKED_BYTES:
                raise FormatError(f"{location}: unpacks to more than {MAX_UNPACKED_BYTES >> 30} GB; "
                                  "unpack it yourself and import the events file")
            target.write(block)


def _workbook_csv(location: Path, target: IO[bytes]) -> None:
    """The workbook's first visible worksheet that has any cell, as UTF-8 CSV text. calamine (Rust) reads a sheet
    ten times faster than openpyxl but holds it all in memory (about twice its XML), so a sheet larger than
    `STREAM_ABOVE_XML_BYTES` streams through openpyxl instead, slower and in constant memory."""
    rows = _streamed_rows(location) if _largest_sheet_xml(location) > STREAM_ABOVE_XML_BYTES \
        else _calamine_rows(location)
    if not _write_rows(target, rows, location):
        raise FormatError(f"{location}: a workbook with no cells")


def _largest_sheet_xml(location: Path) -> int:
    """The unpacked size of the largest worksheet of an .xlsx (0 for other workbooks)."""
    if not zipfile.is_zipfile(location):
        return 0
    with zipfile.ZipFile(location) as archive:
        return max((info.file_size for info in archive.infolist()
                    if info.filename.startswith("xl/worksheets/")), default=0)


def _calamine_rows(location: Path) -> Iterator[Sequence[Any]]:
    from python_calamine import CalamineWorkbook   # only when a workbook is imported

    book = CalamineWorkbook.from_path(str(location))
    try:
        yield from _first_filled(book.get_sheet_by_index(index).iter_rows()
                                 for index, meta in enumerate(book.sheets_metadata)
                                 if str(meta.visible).endswith("Visible") and str(meta.typ).endswith("WorkSheet"))
    finally:
        book.close()


def _streamed_rows(location: Path) -> Iterator[Sequence[Any]]:
    from openpyxl import load_workbook

    book = load_workbook(location, read_only=True, data_only=True)
    try:
        yield from _first_filled(sheet.iter_rows(values_only=True) for sheet in book.worksheets
                                 if sheet.sheet_state == "visible")
    finally:
        book.close()


def _first_filled(sheets: Iterable[Iterable[Sequence[Any]]]) -> Iterator[Sequence[Any]]:
    """The rows of the first sheet with any cell, its empty rows left out (a cover sheet comes first)."""
    for sheet in sheets:
        rows = (row for row in sheet if any(cell not in ("", None) for cell in row))
        first = next(rows, None)
        if first is not None:
            yield first
            yield from rows
            return


def _write_rows(target: IO[bytes], rows: Iterable[Sequence[Any]], location: Path) -> int:
    """Write the rows as UTF-8 CSV; returns how many there were."""
    text = io.TextIOWrapper(target, encoding="utf-8", newline="", write_through=True)
    writer = csv.writer(text)
    written = count = 0
    for row in rows:
        count += 1
        line = [cell_text(cell) for cell in row]
        written += sum(len(cell) + 1 for cell in line)
        if written > MAX_UNPACKED_BYTES:
            raise FormatError(f"{location}: its first sheet holds more than {MAX_UNPACKED_BYTES >> 30} GB of text")
        writer.writerow(line)
    text.detach()
    return count


def cell_text(cell: object) -> str:
    """A spreadsheet cell as an export file writes it: a date as ISO (no midnight time), a whole number without
    ".0" (Excel stores 2 fatalities as 2.0), nothing for an empty cell."""
    if cell is None:
        return ""
    if isinstance(cell, dt.datetime):
        return cell.date().isoformat() if cell.time() == dt.time() else cell.isoformat(sep=" ")
    if isinstance(cell, (dt.date, dt.time)):
        return cell.isoformat()
    if isinstance(cell, float) and cell.is_integer() and abs(cell) < 1e15:
        return str(int(cell))
    return str(cell)
