"""Event extraction on the sample article and on sentences built to test one rule each."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from geodata import schema
from geodata.extract import extract_events
from geodata.extract.classify import find_trigger, modality
from geodata.text.sentences import clauses, sentences

SAMPLE = Path(__file__).resolve().parents[1] / "geodata" / "data" / "sample_article.md"
PUBLISHED = dt.date(2024, 10, 18)  # a Friday


@pytest.fixture(scope="module")
def sample_events() -> pd.DataFrame:
    return extract_events(SAMPLE.read_text("utf-8"), PUBLISHED, "Event Atlas sample")


def _one(df: pd.DataFrame, needle: str) -> pd.Series:
    rows = df[df["notes"].str.contains(needle, regex=False)]
    assert len(rows) >= 1, f"no event from the sentence with {needle!r}"
    return rows.iloc[0]


def test_sample_events_follow_the_timeline_schema(sample_events):
    assert list(sample_events.columns) == list(schema.COLUMNS)
    assert schema.validate(sample_events) == []
    assert (sample_events["origin"] == "extracted").all()
    assert sample_events["event_id"].is_unique


def test_intelligence_report_of_troops_is_a_future_deployment(sample_events):
    row = _one(sample_events, "as many as 12,000 soldiers")
    assert row["modality"] == "future"
    assert row["sub_event_type"] == "Change to group/activity"
    assert row["actor1"] == "Military Forces of North Korea"   # a state deploys through its forces


def test_security_meeting_on_friday_in_seoul(sample_events):
    row = _one(sample_events, "Yoon Suk Yeol called together")
    assert row["event_date"] == pd.Timestamp("2024-10-18")
    assert row["date_precision"] == "day"
    assert row["location"] == "Seoul"
    assert row["actor1"] == "Yoon Suk Yeol"


def test_birthday_last_week_is_the_week_of_october_7(sample_events):
    row = _one(sample_events, "celebrated Vladimir Putin's birthday")
    assert row["event_date"] == pd.Timestamp("2024-10-07")
    assert row["date_precision"] == "week"
    assert row["actor1"] == "Kim Jong Un"
    assert row["location"] == "Pyongyang"       # an act of a leader with no place named: the capital
    assert row["geo_precision"] == 3


def test_missile_recovered_in_the_poltava_region(sample_events):
    rows = sample_events[sample_events["notes"].str.contains("Poltava region", regex=False)]
    missile = rows[rows["event_type"] == "Explosions/Remote violence"].iloc[0]
    assert missile["admin1"] and missile["geo_precision"] == 3
    assert missile["country_code"] == "UA"
    assert abs(missile["latitude"] - 49.86) < 0.5 and abs(missile["longitude"] - 33.75) < 0.5
    assert missile["date_precision"] == "before"


def test_putin_bill_is_placed_in_moscow(sample_events):
    row = _one(sample_events, "submitted a bill")
    assert row["sub_event_type"] == "Agreement"
    assert row["location"] == "Moscow"
    assert row["actor1"] == "Vladimir Putin"


def test_troops_at_bases_near_ussuriysk(sample_events):
    row = _one(sample_events, "near Ussuriysk")
    assert row["location"] == "Ussuriysk"
    assert row["geo_precision"] == 2
    assert row["sub_event_type"] == "Headquarters or base established"


def test_statements_and_commentary_give_no_event(sample_events):
    for sentence in ("grave security threat", "Military analysts doubt", "steadily closer"):
        assert not sample_events["notes"].str.contains(sentence, regex=False).any()


def test_no_person_or_organisation_is_a_location(sample_events):
    assert not set(sample_events["location"]) & {"Kim", "Putin", "Yoon", "Defence Express", "Atlas"}


def test_reingesting_gives_the_same_ids(sample_events):
    again = extract_events(SAMPLE.read_text("utf-8"), PUBLISHED, "Event Atlas sample")
    assert list(again["event_id"]) == list(sample_events["event_id"])


@pytest.mark.parametrize("sentence, expected", [
    ("Russian forces shelled Kharkiv overnight.", ("Explosions/Remote violence", "Shelling/artillery/missile attack")),
    ("A drone strike hit a fuel depot in Belgorod.", ("Explosions/Remote violence", "Air/drone strike")),
    ("Ukrainian troops clashed with Russian units near Pokrovsk.", ("Battles", "Armed clash")),
    ("Police arrested two men in Kyiv.", ("Strategic developments", "Arrests")),
    ("Thousands protested in Tbilisi against the law.", ("Protests", "Peaceful protest")),
    ("The two sides signed a ceasefire agreement.", ("Strategic developments", "Agreement")),
    ("Air defences intercepted 20 drones over Kyiv.", ("Strategic developments", "Disrupted weapons use")),
    ("Analysts say the war will last for years.", None),
])
def test_triggers(sentence, expected):
    trigger = find_trigger(sentence)
    assert (trigger and (trigger.event_type, trigger.sub_event_type)) == expected


@pytest.mark.parametrize("sentence, expected", [
    ("North Korea is poised to send troops to Russia.", "future"),
    ("Neither side has confirmed that any soldiers have been sent.", "negated"),
    ("Officials fear troops could be sent to the front.", "hypothetical"),
    ("Russia sent troops to Kursk.", "asserted"),
])
def test_modality(sentence, expected):
    trigger = find_trigger(sentence)
    assert trigger is not None
    assert modality(sentence, trigger) == expected


def test_sentences_and_clauses_keep_offsets():
    text = "# Headline\n\nBy Someone\n\nMr. Kim met Putin in Moscow. Troops arrived, and a missile hit Kyiv.\n"
    units = sentences(text)
    assert [u.of(text) for u in units] == ["Mr. Kim met Putin in Moscow.", "Troops arrived, and a missile hit Kyiv."]
    parts = [c.of(text) for c in clauses(text, units[1])]
    assert parts == ["Troops arrived", "a missile hit Kyiv."]


def test_reporting_date_is_not_the_event_date():
    df = extract_events("Officials said on Friday that Russian troops had arrived at bases near Kursk last week.",
                        PUBLISHED, "test")
    assert len(df) == 1
    assert df.iloc[0]["event_date"] == pd.Timestamp("2024-10-07")
    assert df.iloc[0]["date_precision"] == "week"


def test_article_without_events_gives_an_empty_events():
    df = extract_events("The weather was mild and markets were calm.", PUBLISHED, "test")
    assert df.empty and list(df.columns) == list(schema.COLUMNS)


def test_notes_keep_untrusted_text_verbatim():
    text = "Protesters rallied in Paris <script>alert(1)</script> on Tuesday."
    df = extract_events(text, PUBLISHED, "test")
    assert df.iloc[0]["notes"] == text  # escaping is the display's job, the data keeps the source


_WORDS = st.sampled_from(["Russian", "forces", "shelled", "Kharkiv", "on", "Friday", "last", "week", ",", ".",
                          "protesters", "rallied", "in", "Seoul", "Kim", "Putin", "signed", "a", "pact", "near",
                          "Ussuriysk", "the", "Poltava", "region", "May", "'s", "\n\n", "—", "U.S.", "troops"])


@pytest.mark.slow
@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.one_of(st.text(max_size=400), st.lists(_WORDS, max_size=60).map(" ".join)))
def test_any_text_gives_valid_rows_and_never_raises(text):
    df = extract_events(text, PUBLISHED, "fuzz")
    assert list(df.columns) == list(schema.COLUMNS)
    assert schema.validate(df) == []
    for note in df["notes"]:
        assert note in text


def test_shipped_sample_events_equal_a_fresh_extraction():
    """geodata/data/sample_events.csv seeds new stores; `python -m geodata sample --write` regenerates it."""
    from geodata.sample import extract_sample_events, shipped_sample_events

    pd.testing.assert_frame_equal(shipped_sample_events(), extract_sample_events())
