"""A file imported part by part (`snapshot.add_batches`, `sample.store_file`): each part one transaction, the
snapshot written once at the end, the samples making way after the first part; the CLI and the Data page share
the path, so a multi-part import through either writes the snapshot once."""

from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd
import pytest

from geodata.formats import ImportReport
from geodata.sample import ensure_seeded, is_sample, shipped_sample_events, store_file
from geodata.store import EventStore, StoreError, snapshot
from geodata.store.snapshot import add_batches, load_events


@pytest.fixture
def writes(monkeypatch) -> list[int]:
    """The snapshot writes made (their row counts)."""
    made: list[int] = []
    real = snapshot._write

    def counted(path, frame, version):
        made.append(len(frame))
        real(path, frame, version)

    monkeypatch.setattr(snapshot, "_write", counted)
    return made


def own_events(n: int) -> pd.DataFrame:
    """n events of the user's own: the sample events re-identified and marked as imported."""
    base = shipped_sample_events()
    rows = base.iloc[[i % len(base) for i in range(n)]].reset_index(drop=True)
    return rows.assign(event_id=[f"own-{i:04d}" for i in range(n)], origin="imported")


def parts_of(frame: pd.DataFrame, size: int) -> list[pd.DataFrame]:
    return [frame.iloc[i:i + size].reset_index(drop=True) for i in range(0, len(frame), size)]


def test_several_batches_write_the_snapshot_once(tmp_path, writes):
    store = EventStore(tmp_path / "events.sqlite")
    events = own_events(25)
    totals = []
    added = add_batches(store, parts_of(events, 10), progress=totals.append)
    assert (added.inserted, added.updated, added.skipped) == (25, 0, 0)
    assert [t.inserted for t in totals] == [10, 20, 25]
    assert writes == [25]   # once, at the end, not once per batch
    pd.testing.assert_frame_equal(load_events(store), store.load())
    assert writes == [25]   # and current: the next load reads it


def test_one_batch_patches_the_snapshot(tmp_path, writes):
    store = EventStore(tmp_path / "events.sqlite")
    events = own_events(12)
    add_batches(store, [events.iloc[:8]])
    add_batches(store, [events.iloc[8:]])   # patched with 4 rows read back, the other 8 from the snapshot
    assert writes == [8, 12]
    pd.testing.assert_frame_equal(load_events(store), store.load())


def test_a_failing_batch_keeps_the_ones_before(tmp_path, monkeypatch):
    store = EventStore(tmp_path / "events.sqlite")
    events = own_events(20)
    calls = []
    real_add = store.add

    def add(batch, **kwargs):
        calls.append(len(batch))
        if len(calls) == 2:
            raise StoreError(str(store.display_url), "disk full")
        return real_add(batch, **kwargs)

    monkeypatch.setattr(store, "add", add)
    seen = []
    with pytest.raises(StoreError):
        add_batches(store, parts_of(events, 10), progress=seen.append)
    assert [t.inserted for t in seen] == [10]
    monkeypatch.undo()
    assert store.count() == 10
    pd.testing.assert_frame_equal(load_events(store), store.load())   # the stale snapshot is rebuilt


@dataclass
class Part:
    """Stands for formats.ImportResult: a part's events and its rejected rows."""

    df: pd.DataFrame
    rejected: int = 0
    errors: list = field(default_factory=list)
    taken: int = 0

    def __post_init__(self) -> None:
        self.taken = len(self.df)


def test_store_file_counts_every_part_and_the_samples_make_way(tmp_path, writes):
    store = EventStore(tmp_path / "events.sqlite")
    seeded = ensure_seeded(store)
    assert seeded > 0
    writes.clear()
    events = own_events(30)
    parts = [Part(df) for df in parts_of(events, 10)] + [Part(events.iloc[:0])]
    report = ImportReport(name="file.csv")
    added, removed = store_file(parts, report, lambda: store)
    assert added is not None and added.inserted == 30
    assert removed == seeded
    assert report.taken == 30
    stored = store.load()
    assert len(stored) == 30 and not is_sample(stored).any()
    assert len(writes) == 1
    pd.testing.assert_frame_equal(load_events(store), stored)


def test_store_file_with_nothing_to_store_never_opens_the_store():
    opened = []
    report = ImportReport(name="empty.csv")
    added, removed = store_file([Part(own_events(0))], report, lambda: opened.append(1))
    assert (added, removed, opened) == (None, 0, [])


def gdelt_rows(n: int) -> str:
    """A GDELT 1.0 daily export (58 tab-separated fields, no header): the format that is read in parts."""
    lines = []
    for i in range(n):
        cells = [""] * 58
        cells[0:5] = [str(500_000_000 + i), "20240301", "202403", "2024", "2024.1644"]
        cells[5:7] = ["RUS", "RUSSIA"]
        cells[15:17] = ["UKR", "UKRAINE"]
        cells[25:35] = ["1", "190", "190", "19", "4", "-10.0", "5", "1", "5", "-4.2"]
        cells[49:56] = ["4", "Kharkiv, Kharkivs'ka Oblast', Ukraine", "UP", "UP07", "49.98", "36.25", "-1044367"]
        cells[56:58] = ["20240301", f"https://news.example.org/{i}"]
        lines.append("\t".join(cells))
    return "\n".join(lines) + "\n"


def test_the_cli_import_of_several_parts_writes_the_snapshot_once(tmp_path, monkeypatch, writes):
    import geodata.formats
    from geodata.cli import main

    real = geodata.formats.iter_events
    parts_read = []

    def in_parts_of_four(path, chunk_rows=100_000, progress=None):
        fmt, parts = real(path, chunk_rows=4, progress=progress)
        return fmt, (parts_read.append(part) or part for part in parts)

    monkeypatch.setattr(geodata.formats, "iter_events", in_parts_of_four)
    path = tmp_path / "20240301.export.CSV"
    path.write_text(gdelt_rows(10), encoding="utf-8")
    monkeypatch.setenv("EVENT_ATLAS_DB", str(tmp_path / "events.sqlite"))
    assert main(["import", str(path)]) == 0
    assert len(parts_read) == 3
    store = EventStore(tmp_path / "events.sqlite")
    assert store.count() == 10
    assert writes == [10]
    pd.testing.assert_frame_equal(load_events(store), store.load())


def data_page() -> None:
    from dashboard.data_page import render

    render()


def test_the_data_page_import_of_several_parts_writes_the_snapshot_once(app_store, monkeypatch, writes):
    import geodata.formats
    from streamlit.testing.v1 import AppTest

    real = geodata.formats.iter_events
    monkeypatch.setattr("dashboard.data_page.iter_events",
                        lambda path, chunk_rows=100_000, progress=None: real(path, chunk_rows=4, progress=progress))
    at = AppTest.from_function(data_page, default_timeout=60).run()
    assert not at.exception, [e.value for e in at.exception]
    writes.clear()
    at.file_uploader[0].set_value(("20240301.export.CSV", gdelt_rows(10).encode(), "text/plain")).run()
    at.button[0].click().run()
    assert not at.exception, [e.value for e in at.exception]
    assert any("10 of 10 rows taken" in s.value.replace("\\", "") for s in at.success), [s.value for s in at.success]
    store = EventStore(app_store)
    assert store.count() == 10   # the sample events made way
    assert writes == [10]
    pd.testing.assert_frame_equal(load_events(store), store.load())
