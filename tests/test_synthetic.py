"""The synthetic event generator of the benchmarks: reproducible, valid, plausible, and importable."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from benchmarks.synthetic import synthetic_events, write_synthetic
from geodata.formats import read_events
from geodata.schema import COLUMNS, DTYPES, EVENT_TYPES, MODALITIES, validate

N = 2_000

# Rough boxes (lat, lon) around each country: a place outside its box is in the wrong country.
BOXES = {
    "UA": ((44.0, 52.5), (22.0, 40.3)),
    "RU": ((41.0, 82.0), (19.0, 180.0)),
    "KP": ((37.5, 43.1), (124.0, 130.8)),
    "KR": ((33.0, 38.7), (124.5, 131.9)),
}


@pytest.fixture(scope="module")
def events() -> pd.DataFrame:
    return synthetic_events(N, seed=11)


def test_same_seed_same_frame_other_seed_other_frame(events):
    pd.testing.assert_frame_equal(events, synthetic_events(N, seed=11))
    other = synthetic_events(N, seed=12)
    assert not other["event_id"].equals(events["event_id"])
    assert not other["event_date"].equals(events["event_date"])


def test_rows_layout_and_validity(events):
    assert len(events) == N
    assert list(events.columns) == list(COLUMNS)
    assert validate(events) == []
    assert events["event_id"].is_unique and events["event_id_cnty"].is_unique
    for name, kind in DTYPES.items():
        if kind == "category":
            assert isinstance(events[name].dtype, pd.CategoricalDtype), name
    assert synthetic_events(0).empty


def test_dates_span_three_years_unevenly(events):
    dates = events["event_date"]
    assert dates.min() >= pd.Timestamp("2022-02-24") and dates.max() <= pd.Timestamp("2025-02-23")
    per_month = dates.dt.to_period("M").value_counts()
    assert per_month.max() > 2 * per_month.min()  # denser in some periods


def test_places_inside_their_country(events):
    assert set(events["country_code"].astype("str")) <= set(BOXES)
    assert events["country_code"].astype("str").value_counts().idxmax() == "UA"
    for code, ((south, north), (west, east)) in BOXES.items():
        rows = events[events["country_code"].astype("str") == code]
        assert rows["latitude"].between(south, north).all(), code
        assert rows["longitude"].between(west, east).all(), code
    names = {"UA": "Ukraine", "RU": "Russia", "KP": "North Korea", "KR": "South Korea"}
    assert (events["country"].astype("str") == events["country_code"].astype("str").map(names)).all()
    assert events["admin1"].notna().mean() > 0.9
    assert set(events["geo_precision"].dropna().astype(int)) == {1, 2, 3}


def test_types_subtypes_actors_notes(events):
    types = events["event_type"].astype("str")
    assert set(types) == set(EVENT_TYPES)
    assert types.value_counts().idxmax() == "Explosions/Remote violence"
    pairs = {(t, s) for t, subs in EVENT_TYPES.items() for s in subs}
    assert set(zip(types, events["sub_event_type"].astype("str"), strict=False)) <= pairs
    actors = set(events["actor1"].astype("str"))
    assert {"Military Forces of Russia", "Military Forces of Ukraine", "Wagner Group"} <= actors
    assert events["actor1"].notna().all()
    lengths = events["notes"].str.len()
    assert lengths.between(100, 300).all()
    assert all(place in note for place, note in zip(events["location"].astype("str"), events["notes"], strict=False))
    modality = events["modality"].astype("str")
    assert set(modality) <= set(MODALITIES) and (modality == "asserted").mean() > 0.8
    assert (events["fatalities"] >= 0).all() and events["fatalities"].sum() > 0


@pytest.mark.parametrize("fmt", ["acled", "atlas"])
def test_csv_round_trip_byte_identical(tmp_path, fmt):
    first, second = tmp_path / "a.csv", tmp_path / "b.csv"
    write_synthetic(N, first, seed=5, fmt=fmt)
    write_synthetic(N, second, seed=5, fmt=fmt)
    assert first.read_bytes() == second.read_bytes()
    result = read_events(first)
    assert (result.taken, result.rejected) == (N, 0), result.errors[:3]
    expected = synthetic_events(N, seed=5)
    if fmt == "acled":
        assert result.df["event_id"].str.startswith("acled:").all()
        assert (result.df["modality"].astype("str") == "asserted").all()
    else:
        assert np.array_equal(result.df["event_id"].to_numpy(), expected["event_id"].to_numpy())
    assert np.array_equal(result.df["event_date"].to_numpy(), expected["event_date"].to_numpy())
    assert np.allclose(result.df["latitude"].to_numpy(), expected["latitude"].to_numpy())
