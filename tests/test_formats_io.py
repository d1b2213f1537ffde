"""Garbage in, clear errors out; exports from the registry (ACLED's 31 columns, GeoParquet); the import report
and exit codes of `import`; sample events making way for the user's own."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pandas as pd
import pytest

from geodata.cli import main
from geodata.cli.events import export_formats
from geodata.formats import (
    FORMATS,
    WRITABLE,
    FormatError,
    ImportReport,
    read_events,
    recognise,
    write_events,
)
from geodata.schema import ACLED_COLUMNS, COLUMNS
from geodata.store import EventStore

HEADER = "event_id_cnty,event_date,year,event_type,actor1,country,location,latitude,longitude,fatalities,timestamp"


def acled_text(*rows: str) -> str:
    return HEADER + "\n" + "\n".join(rows) + "\n"


def row(number: int, fatalities: str = "1", year: str = "2024", timestamp: str = "1700000000",
        date: str = "2024-10-18") -> str:
    return (f"TST{number},{date},{year},Battles,Army,Ukraine,Kharkiv,49.99,36.23,{fatalities},{timestamp}")


@pytest.mark.parametrize("column, value", [
    ("fatalities", "inf"), ("fatalities", "1e308"), ("fatalities", "1e19"), ("fatalities", str(2**63)),
    ("fatalities", "-inf"), ("fatalities", "nan"), ("year", "99999999999999999999"), ("timestamp", "1e300"),
])
def test_garbage_numbers_are_rejected_rows_not_tracebacks(tmp_path: Path, column: str, value: str):
    bad = row(2, **{column: value})
    path = tmp_path / "garbage.csv"
    path.write_text(acled_text(row(1), bad, row(3)), encoding="utf-8")
    result = read_events(path)
    assert (result.taken, result.rejected) == (2, 1)
    assert result.errors[0].line == 3 and column in result.errors[0].reason


def test_garbage_numbers_in_geojson_are_rejected_features(tmp_path: Path):
    features = [{"type": "Feature", "geometry": {"type": "Point", "coordinates": [36.2, 49.9]},
                 "properties": {"event_id": f"e{n}", "event_date": "2024-10-18", "event_type": "Battles",
                                "fatalities": value}} for n, value in enumerate([3, 1e308, 2**63, 2])]
    path = tmp_path / "events.geojson"
    path.write_text(json.dumps({"type": "FeatureCollection", "features": features}), encoding="utf-8")
    result = read_events(path)
    assert (result.taken, result.rejected) == (2, 2)
    assert [e.feature for e in result.errors] == [2, 3]


def test_deeply_nested_geojson_is_a_clear_error(tmp_path: Path):
    path = tmp_path / "deep.geojson"
    path.write_text('{"type": "FeatureCollection", "features": ' + "[" * 200_000 + "]" * 200_000 + "}")
    with pytest.raises(FormatError, match="deep.geojson: not GeoJSON: nested too deeply"):
        read_events(path)


def test_an_sqlite_file_named_csv_is_a_clear_error(tmp_path: Path):
    path = tmp_path / "events.csv"
    with sqlite3.connect(path) as conn:
        conn.execute("create table events (event_id text)")
    with pytest.raises(FormatError, match=r"events\.csv: an SQLite database that is not a GeoPackage"):
        read_events(path)


def test_every_format_is_declared_once_and_the_cli_offers_the_writable_ones():
    names = [f.name for f in FORMATS]
    assert len(names) == len(set(names))
    assert export_formats() == tuple(f.name for f in WRITABLE)
    assert {"csv", "acled", "geojson", "gpkg", "kml", "geoparquet"} <= set(export_formats())
    for fmt in FORMATS:
        assert fmt.label and fmt.suffixes and "/" in fmt.media_type and (fmt.read or fmt.write)


@pytest.fixture
def events(tmp_path: Path) -> pd.DataFrame:
    path = tmp_path / "in.csv"
    path.write_text(acled_text(row(1), row(2, date="2024-10-19")), encoding="utf-8")
    return read_events(path).df


def test_acled_export_has_acleds_31_columns_in_order(tmp_path: Path, events: pd.DataFrame):
    path = tmp_path / "acled.csv"
    write_events(events, "acled", path)
    header = path.read_text("utf-8").splitlines()[0].split(",")
    assert header == list(ACLED_COLUMNS) and len(header) == 31
    assert recognise(path).name == "acled"
    back = read_events(path).df
    assert back["event_id"].tolist() == events["event_id"].tolist()


def test_geoparquet_export_reads_back_with_geometry(tmp_path: Path, events: pd.DataFrame):
    import geopandas

    path = tmp_path / "events.parquet"
    write_events(events, "geoparquet", path)
    back = geopandas.read_parquet(path)
    assert list(back.columns) == list(COLUMNS) + ["geometry"] and back.crs.to_epsg() == 4326
    assert back.geometry.x.tolist() == events["longitude"].tolist()
    assert back["event_id"].tolist() == events["event_id"].tolist()
    again = read_events(path)   # and our importer reads it back, every field
    assert (again.taken, again.rejected) == (2, 0)
    pd.testing.assert_frame_equal(again.df, events)


# --------------------------------------------------------------------------- the CLI's import report


@pytest.fixture
def db(tmp_path: Path, monkeypatch) -> Path:
    path = tmp_path / "events.sqlite"
    monkeypatch.setenv("EVENT_ATLAS_DB", str(path))
    return path


def test_import_exit_0_when_every_row_is_taken(tmp_path: Path, db: Path, capsys):
    path = tmp_path / "good.csv"
    path.write_text(acled_text(row(1), row(2)), encoding="utf-8")
    assert main(["import", str(path)]) == 0
    out = capsys.readouterr()
    assert "good.csv: 2 of 2 rows taken, 0 rejected (2 new" in out.out and "rejected:" not in out.err


def test_import_exit_1_and_rejections_grouped_by_reason(tmp_path: Path, db: Path, capsys):
    rows = [row(1)] + [row(n, date=f"2024-13-{n:02d}") for n in range(2, 9)] + [row(9, fatalities="1e308")]
    path = tmp_path / "some.csv"
    path.write_text(acled_text(*rows), encoding="utf-8")
    assert main(["import", str(path)]) == 1
    out = capsys.readouterr()
    assert "some.csv: 1 of 9 rows taken, 8 rejected" in out.out
    lines = out.err.splitlines()
    assert lines[0].endswith("some.csv: 8 rows rejected:")
    assert lines[1].startswith("  7 × event_date: bad date")
    assert "(line 3, line 4, line 5, line 6, line 7, ...)" in lines[1]
    assert lines[2].startswith("  1 × fatalities: implausible value") and "line 10" in lines[2]
    assert len(lines) == 3   # grouped: not one line per row
    assert main(["import", "--all-errors", str(path)]) == 1
    assert len([line for line in capsys.readouterr().err.splitlines() if "bad date" in line]) == 7


def test_import_exit_2_when_nothing_is_taken_or_the_file_is_unreadable(tmp_path: Path, db: Path, capsys):
    path = tmp_path / "none.csv"
    path.write_text(acled_text(row(1, date="someday"), row(2, date="never")), encoding="utf-8")
    assert main(["import", str(path)]) == 2
    assert "0 of 2 rows taken, 2 rejected" in capsys.readouterr().out
    people = tmp_path / "people.csv"
    people.write_text("name,age\nOlena,34\n", encoding="utf-8")
    assert main(["import", str(people)]) == 2
    err = capsys.readouterr().err
    assert "people.csv: not an event file" in err and "Traceback" not in err


def test_import_report_lists_every_rejection_for_download():
    from geodata.formats import ImportResult, RowError

    report = ImportReport("x.csv")
    report.add(ImportResult(df=pd.DataFrame(), errors=[RowError(7, "event_date: bad date 'x'", "event_date")],
                            taken=0, rejected=1))
    assert report.errors_csv().decode() == "line,feature,column,reason\r\n7,,event_date,event_date: bad date 'x'\r\n"
    assert report.exit_code == 2


# --------------------------------------------------------------------------- sample events


def test_samples_make_way_for_the_first_own_import_and_are_never_exported_with_it(tmp_path: Path, db: Path,
                                                                                    capsys):
    from geodata.sample import ensure_seeded, is_sample, shipped_sample_events

    store = EventStore(db)
    samples = len(shipped_sample_events())
    assert ensure_seeded(store) == samples
    assert is_sample(store.load()).all()
    out = tmp_path / "only-samples.csv"
    assert main(["export", "--out", str(out)]) == 0   # a store of samples only still exports them
    assert len(read_events(out).df) == samples
    path = tmp_path / "mine.csv"
    path.write_text(acled_text(row(1)), encoding="utf-8")
    assert main(["import", str(path)]) == 0
    assert f"removed the {samples} sample events" in capsys.readouterr().err
    assert store.load()["event_id"].tolist() == ["acled:TST1"]


def test_stores_seeded_before_the_tag_lose_their_samples_on_export(tmp_path: Path, db: Path):
    from geodata.sample import shipped_sample_events

    store = EventStore(db)
    store.add(shipped_sample_events())   # seeded by an older version: no tag
    path = tmp_path / "mine.csv"
    path.write_text(acled_text(row(1)), encoding="utf-8")
    store.add(read_events(path).df)      # stored by a path that did not remove them
    out = tmp_path / "out.csv"
    assert main(["export", "--format", "acled", "--out", str(out)]) == 0
    assert read_events(out).df["event_id_cnty"].tolist() == ["TST1"]
