"""`python -m geodata export` takes the dashboard's filters, every one of them, as flags (in-process)."""

from __future__ import annotations

import csv
import io

import pytest

from geodata.cli import main
from geodata.store import EventStore
from tests.test_schema import events


@pytest.fixture
def store(tmp_path, monkeypatch):
    path = tmp_path / "events.sqlite"
    monkeypatch.setenv("EVENT_ATLAS_DB", str(path))
    store = EventStore(str(path))
    store.add(events())
    return store


def _exported_ids(capsysbinary, argv: list[str]) -> list[str]:
    assert main(["export", "--format", "csv", *argv]) == 0
    text = capsysbinary.readouterr().out.decode("utf-8-sig")
    return sorted(row["event_id"] for row in csv.DictReader(io.StringIO(text)))


@pytest.mark.parametrize("argv, expected", [
    ([], ["e1", "e2", "e3", "e4", "e5", "e6"]),                      # every modality when none is named
    (["--subtype", "Armed clash"], ["e1", "e6"]),
    (["--conf", "0.85"], ["e1", "e4", "e5"]),                       # no confidence (imported) passes
    (["--type", "Battles", "--country", "ua"], ["e1"]),
    (["--modality", "asserted", "--q", "DRONE"], ["e2"]),
    (["--start", "2024-10-10", "--end", "2024-10-20", "--place", "Moscow"], ["e4"]),
])
def test_export_filters_like_the_page(store, capsysbinary, argv, expected):
    assert _exported_ids(capsysbinary, argv) == expected


def test_export_bad_filter_is_a_usage_error(store, capsys):
    assert main(["export", "--subtype", "Armed clashes"]) == 2
    assert "not a known value" in capsys.readouterr().err
