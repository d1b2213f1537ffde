"""GeoParquet in and out: every column, point geometry in WKB with the GeoParquet metadata geopandas writes,
so that pandas, DuckDB and QGIS read it (pyarrow writes the file)."""

from __future__ import annotations

import io
import os
from pathlib import Path

import pandas as pd

from geodata.formats.base import (
    Format,
    FormatError,
    Head,
    ImportResult,
    one_chunk,
)
from geodata.formats.geo import events_from_geodataframe
from geodata.schema import coerce, to_geodataframe

MAGIC = b"PAR1"


def to_geoparquet_bytes(df: pd.DataFrame) -> bytes:
    """A GeoParquet file of the events; events without coordinates keep a null geometry."""
    gdf = to_geodataframe(coerce(df))
    buffer = io.BytesIO()
    gdf.to_parquet(buffer, index=False)
    return buffer.getvalue()


def read_geoparquet(path: str | os.PathLike[str]) -> ImportResult:
    """Events from a GeoParquet file of points with our columns (the geometry gives the coordinates)."""
    import geopandas

    location = Path(path)
    try:
        gdf = geopandas.read_parquet(location)
    except (OSError, ValueError) as exc:
        raise FormatError(f"{location}: not a readable GeoParquet file: {exc}") from None
    return events_from_geodataframe(gdf)


def sniff_geoparquet(head: Head) -> bool:
    return head.raw.startswith(MAGIC)


FORMAT = Format(name="geoparquet", label="GeoParquet", suffixes=(".parquet",),
                media_type="application/vnd.apache.parquet", sniff=sniff_geoparquet,
                read=one_chunk(read_geoparquet), write=to_geoparquet_bytes)
