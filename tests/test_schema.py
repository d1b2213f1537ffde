"""The event table layout (geodata.schema) and its filtering (geodata.query): coercion, validation, ids, the map
layer."""

from __future__ import annotations

import hashlib
import re

import numpy as np
import pandas as pd
import pytest

from geodata import query
from geodata import schema as tl


def events() -> pd.DataFrame:
    """Six coerced events in Ukraine and Russia, varied on every filterable column."""
    raw = pd.DataFrame({
        "event_id": ["e1", "e2", "e3", "e4", "e5", "e6"],
        "event_date": ["2024-10-01", "2024-10-05", "2024-10-10", "2024-10-15", "2024-10-20", "2024-11-02"],
        "event_type": ["Battles", "Explosions/Remote violence", "Explosions/Remote violence", "Protests",
                       "Violence against civilians", "Battles"],
        "sub_event_type": ["Armed clash", "Air/drone strike", "Shelling/artillery/missile attack",
                           "Peaceful protest", "Attack", "Armed clash"],
        "actor1": ["Military Forces of Russia (2000-)", "Military Forces of Russia (2000-)",
                   "Military Forces of Ukraine (2019-)", "Protesters (Russia)", "Military Forces of Russia (2000-)",
                   "Military Forces of Ukraine (2019-)"],
        "actor2": ["Military Forces of Ukraine (2019-)", "Civilians (Ukraine)", None, None, "Civilians (Ukraine)",
                   "Military Forces of Russia (2000-)"],
        "location": ["Pokrovsk", "Kharkiv", "Belgorod", "Moscow", "Kherson", "Sudzha"],
        "admin1": ["Donetska", "Kharkivska", "Belgorod", "Moscow", "Khersonska", "Kursk"],
        "country": ["Ukraine", "Ukraine", "Russia", "Russia", "Ukraine", "Russia"],
        "country_code": ["UA", "UA", "RU", "RU", "UA", "RU"],
        "latitude": [48.2820, 49.9935, 50.5997, 55.7558, 46.6354, np.nan],
        "longitude": [37.1750, 36.2304, 36.5983, 37.6173, 32.6169, np.nan],
        "notes": ["Heavy fighting near Pokrovsk.", "A Shahed DRONE hit a residential block in Kharkiv.",
                  "Ukrainian shelling of Belgorod outskirts.", "Small rally in central Moscow.",
                  "Civilians were shot at in Kherson.", "Clashes reported around Sudzha."],
        "modality": ["asserted", "asserted", "hypothetical", "asserted", "negated", "asserted"],
        "confidence": [0.9, 0.8, 0.4, np.nan, 0.95, 0.6],
        "origin": ["extracted", "extracted", "extracted", "imported", "edited", "extracted"],
        "fatalities": [3, 0, None, 0, 1, None],
    })
    return tl.coerce(raw)


def test_layout_is_acled_superset_in_acled_order():
    assert len(tl.ACLED_COLUMNS) == 31
    assert tl.COLUMNS[:31] == tl.ACLED_COLUMNS
    assert tl.ACLED_COLUMNS[0] == "event_id_cnty" and tl.ACLED_COLUMNS[-1] == "timestamp"
    for name in ("event_id", "date_precision", "modality", "country_code", "source_url", "published",
                 "confidence", "origin"):
        assert name in tl.COLUMNS
    assert len(set(tl.COLUMNS)) == len(tl.COLUMNS)
    assert list(tl.DTYPES) == list(tl.COLUMNS)


def test_event_types_are_acleds_official_list():
    assert list(tl.EVENT_TYPES) == ["Battles", "Explosions/Remote violence", "Violence against civilians",
                                    "Protests", "Riots", "Strategic developments"]
    assert sum(len(subs) for subs in tl.EVENT_TYPES.values()) == 25
    assert "Shelling/artillery/missile attack" in tl.EVENT_TYPES["Explosions/Remote violence"]
    assert "Excessive force against protesters" in tl.EVENT_TYPES["Protests"]
    assert "Non-violent transfer of territory" in tl.EVENT_TYPES["Strategic developments"]


def test_empty_events_has_every_column_and_dtype():
    empty = tl.empty_events()
    assert list(empty.columns) == list(tl.COLUMNS)
    assert len(empty) == 0
    assert str(empty["event_date"].dtype) == tl.DATE_DTYPE
    assert str(empty["fatalities"].dtype) == "Int64"
    assert isinstance(empty["event_type"].dtype, pd.CategoricalDtype)


def test_coerce_converts_types_and_adds_missing_columns():
    raw = pd.DataFrame({"event_id": ["a", "b"], "event_date": ["2024-10-18", "18 October 2024"],
                        "latitude": ["49.9935", ""], "fatalities": ["3", ""], "event_type": ["Battles", ""],
                        "_line": [2, 3]})
    df = tl.coerce(raw)
    assert list(df.columns) == [*tl.COLUMNS, "_line"]
    assert df["event_date"].tolist() == [pd.Timestamp("2024-10-18"), pd.Timestamp("2024-10-18")]
    assert df["latitude"].iloc[0] == pytest.approx(49.9935) and np.isnan(df["latitude"].iloc[1])
    assert df["fatalities"].iloc[0] == 3 and pd.isna(df["fatalities"].iloc[1])
    assert pd.isna(df["event_type"].iloc[1])  # an empty cell is missing, not a category ""
    assert list(df["event_type"].cat.categories) == ["Battles"]
    assert df["origin"].isna().all() and df["modality"].isna().all()
    for name, dtype in tl.DTYPES.items():
        assert str(df[name].dtype) == str(pd.Series(dtype=dtype).dtype) or dtype == "category", name


def test_parse_dates_accepts_iso_acled_and_datetime_text():
    values = pd.Series(["2024-10-18", "18 October 2024", "2024-10-18T23:30:00+03:00", "3 Feb 2022", "2024-10",
                        "not a date", None, "2024-02-30"])
    parsed = tl.parse_dates(values)
    assert parsed.tolist()[:5] == [pd.Timestamp("2024-10-18"), pd.Timestamp("2024-10-18"),
                                   pd.Timestamp("2024-10-18"), pd.Timestamp("2022-02-03"),
                                   pd.Timestamp("2024-10-01")]
    assert parsed.iloc[5:].isna().all()


def test_validate_names_each_bad_value_with_line_and_column():
    raw = pd.DataFrame({
        "event_id": ["ok", "b1", "b2", "b3", ""],
        "event_date": ["2024-10-18", "2024-13-45", "2024-10-18", "2024-10-18", "2024-10-18"],
        "event_type": ["Battles", "Battles", "Riots", "Fighting", "Battles"],
        "sub_event_type": ["Armed clash", "Armed clash", "Armed clash", None, "Armed clash"],
        "latitude": ["49.99", "123", "50", "50", "50"],
        "longitude": ["36.23", "36", "-181", "30", "30"],
        "date_precision": ["day", "day", "fortnight", "day", "day"],
        "modality": ["asserted", "rumoured", "asserted", "asserted", "asserted"],
        "origin": ["extracted", "extracted", "extracted", "scraped", "extracted"],
        "confidence": ["0.5", "1.5", "0.5", "-0.1", "0.5"],
        "fatalities": ["0", "-2", "1", "1", "1"],
        "_line": [2, 3, 4, 5, 6],
    })
    errors = tl.validate(raw)
    found = {(e.line, e.column): e.reason for e in errors}
    assert set(found) == {
        (3, "event_date"), (3, "latitude"), (3, "modality"), (3, "confidence"), (3, "fatalities"),
        (4, "sub_event_type"), (4, "longitude"), (4, "date_precision"),
        (5, "event_type"), (5, "origin"), (5, "confidence"),
        (6, "event_id"),
    }
    assert "bad date '2024-13-45'" in found[(3, "event_date")]
    assert "latitude 123 outside [-90, 90]" in found[(3, "latitude")]
    assert "longitude -181 outside [-180, 180]" in found[(4, "longitude")]
    assert "'Riots' / 'Armed clash'" in found[(4, "sub_event_type")]
    assert "unknown event_type 'Fighting'" in found[(5, "event_type")]
    assert "negative fatalities" in found[(3, "fatalities")]
    assert "unknown modality 'rumoured'" in found[(3, "modality")]
    assert "unknown date_precision 'fortnight'" in found[(4, "date_precision")]
    assert "unknown origin 'scraped'" in found[(5, "origin")]
    assert "outside [0, 1]" in found[(5, "confidence")]
    assert str(errors[0]).startswith("line 3, column ")
    assert [e.row for e in errors if e.line == 3] == [1] * 5


def test_validate_without_line_column_names_the_row_label():
    raw = pd.DataFrame({"event_id": ["a"], "event_date": ["yesterday"], "event_type": ["Battles"]}, index=[7])
    (error,) = tl.validate(raw)
    assert (error.row, error.line, error.column, error.value) == (7, None, "event_date", "yesterday")
    assert str(error).startswith("row 7, column event_date: bad date 'yesterday'")


def test_validate_accepts_a_coerced_valid_frame():
    assert tl.validate(events()) == []


def test_validate_missing_coordinate_half_and_bad_numbers():
    raw = pd.DataFrame({"event_id": ["a", "b", "c"], "event_date": ["2024-10-18"] * 3,
                        "event_type": ["Battles"] * 3, "latitude": ["49.9", None, "north"],
                        "longitude": [None, "36.2", "36.2"], "geo_precision": ["1", "4", "2"],
                        "fatalities": ["1", "2.5", "x"]})
    found = {(e.row, e.column): e.reason for e in tl.validate(raw)}
    assert found[(0, "longitude")] == "latitude given without longitude"
    assert found[(1, "latitude")] == "longitude given without latitude"
    assert found[(1, "geo_precision")].startswith("unknown geo_precision")
    assert found[(1, "fatalities")] == "not a whole number: '2.5'"
    assert found[(2, "latitude")] == "not a number: 'north'"
    assert found[(2, "fatalities")] == "not a number: 'x'"


def test_split_valid_keeps_only_good_rows_coerced():
    raw = pd.DataFrame({"event_id": ["a", "b", "c"], "event_date": ["2024-10-18", "bad", "2024-10-19"],
                        "event_type": ["Battles", "Battles", "Riots"], "_line": [2, 3, 4]})
    good, errors = tl.split_valid(raw)
    assert good["event_id"].tolist() == ["a", "c"]
    assert str(good["event_date"].dtype) == tl.DATE_DTYPE
    assert [(e.line, e.column) for e in errors] == [(3, "event_date")]


def test_split_valid_with_repeated_index_labels_keeps_good_rows():
    raw = pd.concat([pd.DataFrame({"event_id": ["a"], "event_date": ["2024-10-18"], "event_type": ["Battles"]}),
                     pd.DataFrame({"event_id": ["b"], "event_date": ["bad"], "event_type": ["Battles"]})])
    assert raw.index.tolist() == [0, 0]
    good, errors = tl.split_valid(raw)
    assert good["event_id"].tolist() == ["a"]
    assert [(e.row, e.column) for e in errors] == [(0, "event_date")]


def test_make_event_id_is_stable_and_distinct():
    base = tl.make_event_id("https://kyivindependent.com/article-1/", "Russian forces shelled Kharkiv.", "Kharkiv")
    assert re.fullmatch(r"[0-9a-f]{16}", base)
    assert base == tl.make_event_id("http://www.kyivindependent.com/article-1", "  russian forces   shelled "
                                    "KHARKIV. ", "kharkiv")
    # pinned recipe: a change would orphan every stored event id
    recipe = "kyivindependent.com/article-1\x1frussian forces shelled kharkiv.\x1fkharkiv"
    assert base == hashlib.sha1(recipe.encode()).hexdigest()[:16] == "1776868e9e6fa81b"
    others = {tl.make_event_id("https://kyivindependent.com/article-2", "Russian forces shelled Kharkiv.",
                                "Kharkiv"),
              tl.make_event_id("https://kyivindependent.com/article-1/", "Russian forces shelled Sumy.", "Sumy"),
              tl.make_event_id("https://kyivindependent.com/article-1/", "Russian forces shelled Kharkiv.", None),
              tl.make_event_id("https://kyivindependent.com/article-1/", "Russian forces shelled Kharkiv.",
                               "Chuhuiv")}
    assert base not in others and len(others) == 4


def ids(df: pd.DataFrame) -> list[str]:
    return df["event_id"].tolist()


def test_filter_by_dates_inclusive():
    df = events()
    assert ids(query.filter_events(df, start="2024-10-05", end="2024-10-15")) == ["e2", "e3", "e4"]
    assert ids(query.filter_events(df, start=pd.Timestamp("2024-10-20"))) == ["e5", "e6"]
    assert ids(query.filter_events(df, end="2024-10-01")) == ["e1"]


def test_filter_by_each_categorical_filter():
    df = events()
    assert ids(query.filter_events(df, types=["Battles"])) == ["e1", "e6"]
    assert ids(query.filter_events(df, types="Air/drone strike")) == ["e2"]  # a sub-event type works too
    assert ids(query.filter_events(df, actors=["Civilians (Ukraine)"])) == ["e2", "e5"]
    assert ids(query.filter_events(df, actors=["Military Forces of Ukraine (2019-)"])) == ["e1", "e3", "e6"]
    assert ids(query.filter_events(df, countries=["Russia"])) == ["e3", "e4", "e6"]
    assert ids(query.filter_events(df, countries=["UA"])) == ["e1", "e2", "e5"]
    assert ids(query.filter_events(df, places=["Kharkiv", "Kursk"])) == ["e2", "e6"]
    assert ids(query.filter_events(df, modalities=["negated", "hypothetical"])) == ["e3", "e5"]
    assert ids(query.filter_events(df, min_confidence=0.85)) == ["e1", "e4", "e5"]  # e4 has no confidence: passes
    assert ids(query.filter_events(df, types=["Riots"])) == []


def test_filter_text_search_is_case_insensitive_over_notes_places_and_actors():
    df = events()
    assert ids(query.filter_events(df, q="drone")) == ["e2"]
    assert ids(query.filter_events(df, q="KHERSON")) == ["e5"]
    assert ids(query.filter_events(df, q="sudzha")) == ["e6"]
    assert ids(query.filter_events(df, q="protesters")) == ["e4"]  # only in actor1
    assert ids(query.filter_events(df, q="civilians (ukraine")) == ["e2", "e5"]  # actor2, regex characters
    assert ids(query.filter_events(df, q="  ")) == ids(df)
    assert ids(query.filter_events(df, q="no such thing")) == []


def test_filter_combined():
    df = events()
    got = query.filter_events(df, start="2024-10-01", end="2024-10-31", types=["Explosions/Remote violence", "Battles"],
                           actors=["Military Forces of Russia (2000-)"], q="kharkiv", countries=["Ukraine"],
                           modalities=["asserted"], min_confidence=0.5)
    assert ids(got) == ["e2"]
    assert list(got.columns) == list(df.columns)


def test_filter_on_a_large_frame_matches_a_plain_pandas_query():
    rng = np.random.default_rng(1)
    n = 20_000
    types = list(tl.EVENT_TYPES)
    raw = pd.DataFrame({
        "event_id": [f"x{i}" for i in range(n)],
        "event_date": pd.Timestamp("2020-01-01") + pd.to_timedelta(rng.integers(0, 1500, n), unit="D"),
        "event_type": rng.choice(types, n), "actor1": rng.choice(["A", "B", "C"], n),
        "actor2": rng.choice(["B", "D"], n), "location": rng.choice(["Kharkiv", "Kyiv", "Odesa"], n),
        "notes": rng.choice(["drone strike", "Shelling", "Protest"], n),
    })
    df = tl.coerce(raw)
    got = query.filter_events(df, start="2021-01-01", end="2021-12-31", types=["Battles"], actors=["B"], q="STRIKE")
    plain = raw[(raw.event_date >= "2021-01-01") & (raw.event_date <= "2021-12-31") & (raw.event_type == "Battles")
                & ((raw.actor1 == "B") | (raw.actor2 == "B")) & raw.notes.str.lower().str.contains("strike")]
    assert len(got) > 0
    assert ids(got) == plain["event_id"].tolist()


def test_to_geodataframe_points_in_wgs84():
    df = events()
    gdf = tl.to_geodataframe(df)
    assert gdf.crs.to_epsg() == 4326
    assert len(gdf) == len(df)
    kharkiv = gdf[gdf["location"] == "Kharkiv"].geometry.iloc[0]
    assert (kharkiv.x, kharkiv.y) == (36.2304, 49.9935)
    assert gdf.geometry.iloc[-1] is None  # Sudzha has no coordinates: kept, without geometry
    dropped = tl.to_geodataframe(df, drop_missing=True)
    assert ids(dropped) == ["e1", "e2", "e3", "e4", "e5"]
