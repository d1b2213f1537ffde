"""GeoParquet out: every column, point geometry in WKB with the GeoParquet metadata geopandas writes, so that
pandas, DuckDB and QGIS read it (pyarrow writes the file)."""

from __future__ import annotations

import io

import pandas as pd

from geodata.formats.base import Format
from geodata.schema import coerce, to_geodataframe


def to_geoparquet_bytes(df: pd.DataFrame) -> bytes:
    """A GeoParquet file of the events; events without coordinates keep a null geometry."""
    gdf = to_geodataframe(coerce(df))
    buffer = io.BytesIO()
    gdf.to_parquet(buffer, index=False)
    return buffer.getvalue()


FORMAT = Format(name="geoparquet", label="GeoParquet", suffixes=(".parquet",),
                media_type="application/vnd.apache.parquet", write=to_geoparquet_bytes)
