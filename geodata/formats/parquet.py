"""GeoParquet in and out: every column, point geometry in WKB with the GeoParquet metadata geopandas writes,
so that pandas, DuckDB and QGIS read it (pyarrow writes the file)."""

from __future__ import annotations

import io
import os
from pathlib import Path

import numpy as np
import pandas as pd

from geodata.formats.base import (
    Format,
    FormatError,
    Head,
    ImportResult,
    RowError,
    one_chunk,
)
from geodata.formats.tabular import fill_event_ids, finish_import
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
    frame = pd.DataFrame(gdf.drop(columns=gdf.geometry.name))
    frame.columns = [str(c).lower() for c in frame.columns]
    geometry = gdf.geometry
    points = (geometry.geom_type == "Point").to_numpy()
    if points.any():
        frame.loc[points, "longitude"] = geometry[points].x.to_numpy()
        frame.loc[points, "latitude"] = geometry[points].y.to_numpy()
    frame["_line"] = np.arange(1, len(frame) + 1)
    other = (geometry.notna() & ~points).to_numpy()
    errors = [RowError(line=None, feature=int(n), reason=f"geometry {kind} not supported: events are points")
              for n, kind in zip(frame.loc[other, "_line"], geometry[other].geom_type, strict=False)]
    frame = fill_event_ids(frame[~other])
    if "origin" not in frame.columns:
        frame["origin"] = "imported"
    return finish_import(frame, errors, len(gdf), by_feature=True)


def sniff_geoparquet(head: Head) -> bool:
    return head.raw.startswith(MAGIC)


FORMAT = Format(name="geoparquet", label="GeoParquet", suffixes=(".parquet",),
                media_type="application/vnd.apache.parquet", sniff=sniff_geoparquet,
                read=one_chunk(read_geoparquet), write=to_geoparquet_bytes)
