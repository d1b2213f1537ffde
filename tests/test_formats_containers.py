"""Events files packed as analysts receive them: Excel workbooks, gzip files, zip archives; each read as the
file it holds, or refused with a message that says what to do."""

from __future__ import annotations

import datetime as dt
import gzip
from pathlib import Path

import pandas as pd
import pytest
from openpyxl import Workbook

from geodata.cli import main
from geodata.formats import UPLOAD_SUFFIXES, FormatError, iter_events, read_events
from geodata.formats import containers
from geodata.store import EventStore

HEADER = ["event_id_cnty", "event_date", "year", "event_type", "sub_event_type", "actor1", "country", "location",
          "latitude", "longitude", "fatalities", "notes"]


def workbook(path: Path, rows: list[list[object]], empty_sheets: int = 0) -> Path:
    book = Workbook()
    first = book.active
    assert first is not None
    for n in range(empty_sheets):      # a cover sheet with nothing on it comes first
        book.create_sheet(f"cover {n}", 0)
    for line in [HEADER, *rows]:
        first.append(line)
    book.save(path)
    return path


def test_an_excel_workbook_is_read_as_its_first_sheet_with_cells(tmp_path: Path):
    rows = [["KEN1", dt.datetime(2019, 12, 31), 2019, "Protests", "Peaceful protest", "Protesters (Kenya)", "Kenya",
             "Nairobi", -1.2833, 36.8167, 0.0, "Traders protested new market fees."],
            ["KEN2", dt.datetime(2020, 1, 2), 2020, "Riots", "Mob violence", "Rioters (Kenya)", "Kenya", "Kisumu",
             -0.1022, 34.7617, 2.0, '=HYPERLINK("http://x")']]
    path = workbook(tmp_path / "Africa_2019-2020.xlsx", rows, empty_sheets=1)
    fmt, chunks = iter_events(path)
    result = next(chunks)
    assert fmt.name == "acled" and (result.taken, result.rejected) == (2, 0), [str(e) for e in result.errors]
    events = result.df.set_index("event_id")
    assert str(events.loc["acled:KEN1", "event_date"])[:10] == "2019-12-31"     # an Excel date cell, not a serial
    assert int(events.loc["acled:KEN2", "fatalities"]) == 2                     # 2.0 in the cell
    # a formula cell gives the value Excel computed and saved (openpyxl saves none), never the formula itself
    assert not isinstance(events.loc["acled:KEN2", "notes"], str)


def test_a_sheet_too_big_for_memory_streams_with_the_same_result(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    rows = [["KEN1", dt.datetime(2019, 12, 31), 2019, "Protests", "Peaceful protest", "Protesters (Kenya)", "Kenya",
             "Nairobi", -1.2833, 36.8167, 4.0, "Traders protested."]]
    path = workbook(tmp_path / "big.xlsx", rows, empty_sheets=2)
    held = read_events(path).df
    monkeypatch.setattr(containers, "STREAM_ABOVE_XML_BYTES", 10)     # every sheet counts as too big
    streamed = read_events(path).df
    assert len(held) == 1
    pd.testing.assert_frame_equal(held, streamed)


def test_an_empty_workbook_and_a_damaged_one_get_messages(tmp_path: Path):
    empty = tmp_path / "empty.xlsx"
    Workbook().save(empty)
    with pytest.raises(FormatError, match="empty.xlsx: a workbook with no cells"):
        read_events(empty)
    old = tmp_path / "old.xls"
    old.write_bytes(containers.OLE_MAGIC + b"\x00" * 600)
    with pytest.raises(FormatError, match="old.xls: a damaged workbook"):
        read_events(old)


def test_a_gzip_file_is_read_as_the_file_inside_and_a_cut_one_is_named(tmp_path: Path):
    text = ",".join(HEADER) + "\nKEN1,2019-12-31,2019,Protests,Peaceful protest,Protesters (Kenya),Kenya,Nairobi," \
                              "-1.28,36.82,0,Traders protested.\n"
    path = tmp_path / "kenya.csv.gz"
    path.write_bytes(gzip.compress(text.encode()))
    assert read_events(path).taken == 1
    cut = tmp_path / "cut.csv.gz"
    cut.write_bytes(path.read_bytes()[:30])
    with pytest.raises(FormatError, match="cut.csv.gz: a damaged gzip file"):
        read_events(cut)


def test_unpacking_stops_at_the_bound(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setattr(containers, "MAX_UNPACKED_BYTES", 1000)
    path = tmp_path / "bomb.csv.gz"
    path.write_bytes(gzip.compress(b"a," * 100_000))
    with pytest.raises(FormatError, match="unpacks to more than"):
        read_events(path)
    assert not list(Path(containers.tempfile.gettempdir()).glob("event-atlas-unpack-*/bomb.csv"))


def test_a_workbook_through_the_cli_lands_in_the_store(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                                      monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setenv("EVENT_ATLAS_DB", str(tmp_path / "events.db"))
    rows = [["SOM1", dt.datetime(2025, 4, 2), 2025, "Battles", "Armed clash", "Al Shabaab", "Somalia", "Jilib",
             0.4883, 42.7854, 3, "Clashes near Jilib."]]
    path = workbook(tmp_path / "somalia.xlsx", rows)
    assert main(["import", str(path)]) == 0
    assert "1 of 1 rows taken" in capsys.readouterr().out
    stored = EventStore(str(tmp_path / "events.db")).load()
    assert "acled:SOM1" in set(stored["event_id"])


def test_the_uploader_takes_the_packed_kinds():
    assert {"zip", "gz", "xlsx", "xls", "ods"} <= set(UPLOAD_SUFFIXES)
