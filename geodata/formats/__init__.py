"""Event files in and out: ACLED exports of every era, UCDP GED, GDELT, our CSV, GeoJSON, GeoPackage, KML and
GeoParquet, each declared once in `registry.FORMATS`.

``read_events`` recognises a file by its content, not its name; ``iter_events`` streams a big file chunk by
chunk; ``write_events`` returns bytes when given no path, which is what the dashboard's download buttons need.
Readers keep good rows and report bad ones by line (or feature) number; a file that cannot be read at all
raises FormatError naming the file.
"""

from __future__ import annotations

from geodata.formats.base import (
                                      Format,
                                      FormatError,
                                      ImportResult,
                                      Progress,
                                      RowError,
                                      row_errors,
)
from geodata.formats.registry import (
                                      BY_NAME,
                                      FORMATS,
                                      MEDIA_TYPES,
                                      READABLE,
                                      UPLOAD_SUFFIXES,
                                      WRITABLE,
                                      iter_events,
                                      read_events,
                                      recognise,
                                      sniff,
                                      write_events,
)
from geodata.formats.report import ImportReport, RejectionGroup

__all__ = [
    "BY_NAME", "FORMATS", "MEDIA_TYPES", "READABLE", "UPLOAD_SUFFIXES", "WRITABLE", "Format", "FormatError",
    "ImportReport", "ImportResult", "Progress", "RejectionGroup", "RowError", "iter_events", "read_events",
    "recognise", "row_errors", "sniff", "write_events",
]
