"""Event files in and out: ACLED CSV exports, our CSV, GeoJSON, GeoPackage and KML.

``read_events`` recognises a file by its content, not its name; ``write_events`` returns bytes when given no
path, which is what the dashboard's download buttons need. Readers keep good rows and report bad ones by line
(or feature) number; a file that cannot be read at all raises FormatError naming the file.
"""

from __future__ import annotations

import csv
import io
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import BinaryIO

import pandas as pd

from geodata.schema import ValidationError


class FormatError(ValueError):
    """A file that cannot be read as events at all: missing, binary, not the format, or no usable columns."""


@dataclass(frozen=True)
class RowError:
    """One rejected row: its line in a CSV file (or its feature number in GeoJSON) and why."""

    line: int | None
    reason: str
    column: str | None = None
    feature: int | None = None

    def __str__(self) -> str:
        where = f"line {self.line}" if self.line is not None else (
            f"feature {self.feature}" if self.feature is not None else "row")
        return f"{where}: {self.reason}"


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


FORMATS: tuple[str, ...] = ("csv", "acled", "geojson", "gpkg", "kml")
"""What write_events writes: our CSV, ACLED's 31-column CSV, GeoJSON, GeoPackage, KML."""
MEDIA_TYPES: dict[str, str] = {
    "csv": "text/csv", "acled": "text/csv", "geojson": "application/geo+json",
    "gpkg": "application/geopackage+sqlite3", "kml": "application/vnd.google-earth.kml+xml",
}

_SQLITE_MAGIC = b"SQLite format 3\x00"


def sniff(path: str | os.PathLike[str]) -> str:
    """The kind of event file at path, from its first bytes: "acled", "csv", "geojson" or "gpkg"."""
    from geodata.formats.acled import is_acled_header

    location = Path(path)
    if not location.is_file():
        raise FormatError(f"{location}: no such file" if not location.exists() else f"{location}: not a file")
    with open(location, "rb") as handle:
        head = handle.read(65536)
    if head.startswith(_SQLITE_MAGIC):
        return "gpkg"
    if b"\x00" in head:
        raise FormatError(f"{location}: binary file, not an event file (CSV, GeoJSON or GeoPackage)")
    text = head.decode("utf-8-sig", errors="replace").lstrip()
    if text.startswith("{"):
        return "geojson"
    first = next(csv.reader(io.StringIO(text)), [])
    header = {name.strip().lower() for name in first}
    if "event_id" in header and "event_date" in header:
        return "csv"
    if is_acled_header(header):
        return "acled"
    raise FormatError(f"{location}: not an event file: no event_date/event_type/latitude/longitude columns "
                      f"(found: {', '.join(sorted(header))[:200] or 'nothing'})")


def read_events(path: str | os.PathLike[str]) -> ImportResult:
    """Events from an ACLED export, our CSV, GeoJSON or GeoPackage, recognised by content."""
    from geodata.formats import acled, geo, tabular

    readers = {"acled": acled.read_acled_csv, "csv": tabular.read_csv, "geojson": geo.read_geojson,
               "gpkg": geo.read_gpkg}
    return readers[sniff(path)](path)


def write_events(df: pd.DataFrame, fmt: str, path_or_buffer: str | os.PathLike[str] | BinaryIO | None = None
                 ) -> bytes | None:
    """Write events as csv, acled, geojson, gpkg or kml to a path or binary buffer; with neither, return bytes."""
    from geodata.formats import acled, geo, tabular

    writers = {"csv": tabular.to_csv_bytes, "acled": acled.to_acled_bytes, "geojson": geo.to_geojson_bytes,
               "gpkg": geo.to_gpkg_bytes, "kml": geo.to_kml_bytes}
    if fmt not in writers:
        raise ValueError(f"unknown format {fmt!r}: expected one of {', '.join(FORMATS)}")
    data = writers[fmt](df)
    if path_or_buffer is None:
        return data
    if hasattr(path_or_buffer, "write"):
        path_or_buffer.write(data)  # type: ignore[union-attr]
    else:
        Path(path_or_buffer).write_bytes(data)  # type: ignore[arg-type]
    return None
