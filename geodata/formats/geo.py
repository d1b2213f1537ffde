"""Events as GIS files: GeoJSON (in and out), GeoPackage (in and out, via pyogrio/GDAL) and KML (out).

GeoJSON is written and read with the json module: a feature's properties are our columns with dates as
"YYYY-MM-DD", and each bad feature can be reported by its number. GeoPackage goes through pyogrio's raw writer
so that date columns become real GDAL Date fields (QGIS shows them as dates, not date-times). KML is built with
ElementTree; Google Earth renders a placemark's name, description and data as HTML after reading the XML, so
those texts are HTML-escaped before ElementTree's XML escaping: a note holding ``<img onerror=...>`` shows as
text, never as live HTML.
"""

from __future__ import annotations

import html
import io
import json
import os
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from geodata.formats.base import (
    SQLITE_MAGIC,
    Format,
    FormatError,
    Head,
    ImportResult,
    RowError,
    one_chunk,
)
from geodata.formats.tabular import fill_event_ids, finish_import
from geodata.schema import COLUMNS, DATE_COLUMNS, DTYPES, coerce, to_python

LAYER = "events"
CRS = "EPSG:4326"
KML_NS = "http://www.opengis.net/kml/2.2"
KML_DATA_FIELDS: tuple[str, ...] = (
    "event_id", "event_date", "event_type", "sub_event_type", "actor1", "actor2", "location", "country",
    "fatalities", "source", "source_url", "modality", "confidence", "origin",
)
_PROPERTY_COLUMNS = [c for c in COLUMNS if c not in ("latitude", "longitude")]


def _imported(frame: pd.DataFrame) -> pd.DataFrame:
    """Rows read from a file: ids made where missing, blank origin as "imported"."""
    frame = fill_event_ids(frame)
    origin = frame["origin"] if "origin" in frame.columns else pd.Series(pd.NA, index=frame.index, dtype="str")
    frame["origin"] = origin.mask(origin.isna() | (origin.astype("str").str.strip() == ""), "imported")
    return frame


# GeoJSON ----------------------------------------------------------------------------------------------------

def to_geojson(df: pd.DataFrame) -> dict[str, object]:
    """A GeoJSON FeatureCollection (RFC 7946: WGS84 lon/lat); events without coordinates get a null geometry."""
    frame = coerce(df)
    columns = {name: to_python(frame[name], iso_dates=True) for name in _PROPERTY_COLUMNS}
    lons, lats = to_python(frame["longitude"]), to_python(frame["latitude"])
    features = []
    for position, (lon, lat) in enumerate(zip(lons, lats, strict=False)):
        properties = {name: values[position] for name, values in columns.items()}
        geometry = {"type": "Point", "coordinates": [lon, lat]} if lon is not None and lat is not None else None
        features.append({"type": "Feature", "id": properties["event_id"], "geometry": geometry,
                         "properties": properties})
    return {"type": "FeatureCollection", "features": features}


def to_geojson_bytes(df: pd.DataFrame) -> bytes:
    return json.dumps(to_geojson(df), ensure_ascii=False, allow_nan=False).encode("utf-8")


def _feature_row(feature: object) -> tuple[dict[str, object] | None, str | None]:
    """A feature as a row of our columns, or the reason it cannot be one."""
    if not isinstance(feature, dict) or feature.get("type") != "Feature":
        return None, "not a GeoJSON Feature"
    properties = feature.get("properties") or {}
    if not isinstance(properties, dict):
        return None, "properties is not an object"
    row = {str(key).strip().lower(): value for key, value in properties.items()}
    if row.get("event_id") in (None, "") and feature.get("id") not in (None, ""):
        row["event_id"] = str(feature["id"])
    geometry = feature.get("geometry")
    if geometry is not None:
        if not isinstance(geometry, dict) or geometry.get("type") != "Point":
            kind = geometry.get("type") if isinstance(geometry, dict) else type(geometry).__name__
            return None, f"geometry {kind} not supported: events are points"
        coordinates = geometry.get("coordinates")
        if not (isinstance(coordinates, list) and len(coordinates) >= 2
                and all(isinstance(c, (int, float)) and not isinstance(c, bool) for c in coordinates[:2])):
            return None, f"bad Point coordinates {coordinates!r}"
        row["longitude"], row["latitude"] = coordinates[0], coordinates[1]
    return row, None


def read_geojson(path: str | os.PathLike[str]) -> ImportResult:
    """Events from a GeoJSON FeatureCollection of points carrying our properties; bad features are reported by
    their number (1-based) and skipped."""
    location = Path(path)
    if not location.is_file():
        raise FormatError(f"{location}: no such file")
    try:
        data = json.loads(location.read_bytes().decode("utf-8-sig"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise FormatError(f"{location}: not GeoJSON: {exc}") from None
    except RecursionError:
        raise FormatError(f"{location}: not GeoJSON: nested too deeply") from None
    if isinstance(data, dict) and data.get("type") == "Feature":
        features = [data]
    elif isinstance(data, dict) and data.get("type") == "FeatureCollection" and isinstance(
            data.get("features"), list):
        features = data["features"]
    else:
        raise FormatError(f"{location}: not a GeoJSON FeatureCollection")
    rows, errors = [], []
    for number, feature in enumerate(features, start=1):
        row, problem = _feature_row(feature)
        if row is None:
            errors.append(RowError(line=None, feature=number, reason=problem or "not a GeoJSON Feature"))
        else:
            rows.append({**row, "_line": number})
    frame = pd.DataFrame(rows) if rows else pd.DataFrame({"_line": pd.Series(dtype="int64")})
    return finish_import(_imported(frame), errors, len(features), by_feature=True)


# GeoPackage -------------------------------------------------------------------------------------------------

def _field_arrays(frame: pd.DataFrame) -> tuple[list[np.ndarray], list[np.ndarray | None]]:
    """Column arrays and null masks as pyogrio's raw writer takes them; datetime64[D] makes GDAL Date fields."""
    data: list[np.ndarray] = []
    masks: list[np.ndarray | None] = []
    for name in COLUMNS:
        values, kind = frame[name], DTYPES[name]
        if name in DATE_COLUMNS:
            data.append(values.to_numpy().astype("datetime64[D]"))
            masks.append(values.isna().to_numpy())
        elif kind == "Int64":
            data.append(values.to_numpy(dtype="int64", na_value=0))
            masks.append(values.isna().to_numpy())
        elif kind == "float64":
            data.append(values.to_numpy(dtype="float64"))
            masks.append(None)
        else:
            data.append(np.array(to_python(values), dtype=object))
            masks.append(None)
    return data, masks


def _points_wkb(frame: pd.DataFrame) -> np.ndarray:
    import shapely  # GIS libraries load on first use: the CLI starts without them

    lon = frame["longitude"].to_numpy(dtype="float64")
    lat = frame["latitude"].to_numpy(dtype="float64")
    present = ~(np.isnan(lon) | np.isnan(lat))
    geometry = np.full(len(frame), None, dtype=object)
    geometry[present] = shapely.to_wkb(shapely.points(lon[present], lat[present]))
    return geometry


def to_gpkg_bytes(df: pd.DataFrame) -> bytes:
    """A GeoPackage with one point layer "events" in EPSG:4326 holding every column."""
    import pyogrio

    frame = coerce(df)
    data, masks = _field_arrays(frame)
    buffer = io.BytesIO()
    pyogrio.raw.write(buffer, _points_wkb(frame), data, list(COLUMNS), field_mask=masks, layer=LAYER,
                      driver="GPKG", crs=CRS, geometry_type="Point")
    return buffer.getvalue()


def read_gpkg(path: str | os.PathLike[str]) -> ImportResult:
    """Events from a GeoPackage point layer ("events", else the first layer) with our columns."""
    import pyogrio
    import pyogrio.errors

    location = Path(path)
    with open(location, "rb") as handle:
        header = handle.read(100)
    if header.startswith(SQLITE_MAGIC) and header[68:72] not in (b"GPKG", b"GP10", b"GP11"):
        raise FormatError(f"{location}: an SQLite database that is not a GeoPackage (an event store?): "
                          "export its events with `python -m geodata export` instead")
    try:
        layers = [name for name, _ in pyogrio.list_layers(location)]
        layer = LAYER if LAYER in layers else (layers[0] if layers else None)
        if layer is None:
            raise FormatError(f"{location}: GeoPackage without layers")
        gdf = pyogrio.read_dataframe(location, layer=layer)
    except pyogrio.errors.DataSourceError as exc:
        raise FormatError(f"{location}: not a readable GeoPackage: {exc}") from None
    return events_from_geodataframe(gdf)


def events_from_geodataframe(gdf: Any) -> ImportResult:
    """Events from a table of point features with our columns (GeoPackage, GeoParquet): the points give the
    coordinates; a feature of another geometry is a rejected row."""
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
              for n, kind in zip(frame.loc[other, "_line"], geometry[other].geom_type, strict=True)]
    return finish_import(_imported(frame[~other]), errors, len(frame), by_feature=True)


# KML --------------------------------------------------------------------------------------------------------

def _element(parent: ET.Element, tag: str, text: str | None = None, **attributes: str) -> ET.Element:
    child = ET.SubElement(parent, f"{{{KML_NS}}}{tag}", attributes)
    if text is not None:
        child.text = text
    return child


def _kml_text(value: object) -> str:
    """A value as the HTML text Google Earth shows: markup escaped for the HTML it renders."""
    if value is None:
        return ""
    if isinstance(value, float):
        return repr(value)
    return html.escape(str(value), quote=False)


def to_kml_bytes(df: pd.DataFrame) -> bytes:
    """KML 2.2: one Placemark per event with name, description (the note, escaped), TimeStamp, ExtendedData
    and a Point when the event has coordinates."""
    frame = coerce(df)
    columns = {name: to_python(frame[name], iso_dates=True) for name in COLUMNS}
    ET.register_namespace("", KML_NS)
    root = ET.Element(f"{{{KML_NS}}}kml")
    document = _element(root, "Document")
    _element(document, "name", "Event Atlas events")
    for position in range(len(frame)):
        row = {name: values[position] for name, values in columns.items()}
        placemark = _element(document, "Placemark")
        kind = row["sub_event_type"] or row["event_type"] or "Event"
        _element(placemark, "name", _kml_text(f"{kind}: {row['location']}" if row["location"] else kind))
        _element(placemark, "description", _kml_text(row["notes"] or ""))
        if row["event_date"]:
            _element(_element(placemark, "TimeStamp"), "when", str(row["event_date"]))
        extended = _element(placemark, "ExtendedData")
        for name in KML_DATA_FIELDS:
            if row[name] is not None:
                _element(_element(extended, "Data", name=name), "value", _kml_text(row[name]))
        if row["longitude"] is not None and row["latitude"] is not None:
            point = _element(placemark, "Point")
            _element(point, "coordinates", f"{row['longitude']!r},{row['latitude']!r}")
    buffer = io.BytesIO()
    ET.ElementTree(root).write(buffer, encoding="UTF-8", xml_declaration=True)
    return buffer.getvalue()


def sniff_geojson(head: Head) -> bool:
    return head.text.lstrip().startswith("{")


def sniff_gpkg(head: Head) -> bool:
    return head.raw.startswith(SQLITE_MAGIC)


GEOJSON = Format(name="geojson", label="GeoJSON", suffixes=(".geojson", ".json"), media_type="application/geo+json",
                 sniff=sniff_geojson, read=one_chunk(read_geojson), write=to_geojson_bytes)
GPKG = Format(name="gpkg", label="GeoPackage (QGIS)", suffixes=(".gpkg",),
              media_type="application/geopackage+sqlite3", sniff=sniff_gpkg, read=one_chunk(read_gpkg),
              write=to_gpkg_bytes)
KML = Format(name="kml", label="KML (Google Earth)", suffixes=(".kml",),
             media_type="application/vnd.google-earth.kml+xml", write=to_kml_bytes)
