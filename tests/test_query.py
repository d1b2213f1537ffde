"""One EventQuery for the page's URL and the CLI's flags, generated from one table of fields."""

from __future__ import annotations

import argparse
import datetime as dt

import pytest

from geodata import query
from geodata.codes import EVENT_TYPES, MODALITIES
from geodata.query import FIELDS, EventQuery, add_arguments, from_arguments, from_params
from tests.test_schema import events


def ids(df) -> list[str]:
    return sorted(df["event_id"].astype(str))


FULL = EventQuery(start=dt.date(2024, 10, 1), end=dt.date(2024, 10, 31), types=("Battles",),
                  sub_types=("Armed clash",), actors=("Protesters (Russia)",), countries=("UA", "RU"),
                  places=("Kharkiv",), q="drone", modalities=("asserted", "negated"), min_confidence=0.5,
                  event="e1")


def test_every_field_is_an_attribute_with_a_distinct_url_name():
    attrs = {f.attr for f in FIELDS}
    assert attrs == set(EventQuery.__dataclass_fields__)
    assert len({f.param for f in FIELDS}) == len(FIELDS)


def test_url_round_trip_keeps_every_field():
    params = FULL.to_params()
    assert set(params) == {f.param for f in FIELDS}
    parsed = from_params(params)
    assert parsed.notices == [] and parsed.query == FULL


def test_defaults_make_no_parameters():
    assert EventQuery().to_params() == {}
    assert from_params({}).query == EventQuery()


@pytest.mark.parametrize("params, notice", [
    ({"start": "2024-13-01"}, "dates are written YYYY-MM-DD"),
    ({"type": "Battle"}, "not a known value"),
    ({"subtype": "Armed clash!"}, "not a known value"),
    ({"country": "Ukraine"}, "two-letter ISO"),
    ({"conf": "2"}, "number from 0 to 1"),
    ({"conf": "nan"}, "number from 0 to 1"),
    ({"colour": "red"}, "unknown URL parameter"),
    ({"start": "2024-10-31", "end": "2024-10-01"}, "the start is after the end"),
])
def test_bad_parameters_become_notices_and_are_dropped(params, notice):
    parsed = from_params(params)
    assert parsed.query == EventQuery()
    assert len(parsed.notices) == 1 and notice in parsed.notices[0]


def test_text_values_are_trimmed_and_capped():
    parsed = from_params({"actor": ["  Taliban  ", " "], "q": "x" * 1000})
    assert parsed.query.actors == ("Taliban",)
    assert parsed.query.q == "x" * query.MAX_TEXT


def _parse(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser()
    add_arguments(parser)
    return parser.parse_args(argv)


def test_cli_flags_are_generated_for_every_field_but_the_selection():
    args = _parse(["--start", "2024-10-01", "--end", "2024-10-31", "--type", "Battles", "--subtype", "Armed clash",
                   "--actor", "Protesters (Russia)", "--country", "ua", "--country", "RU", "--place", "Kharkiv",
                   "--q", "drone", "--modality", "asserted", "--modality", "negated", "--conf", "0.5"])
    assert from_arguments(args) == FULL.with_(event=None)


def test_cli_without_modality_flag_takes_every_modality():
    assert from_arguments(_parse([])).modalities == tuple(MODALITIES)
    assert from_arguments(_parse([]), modalities=("asserted",)) == EventQuery()


@pytest.mark.parametrize("argv", [["--type", "Battle"], ["--conf", "1.5"], ["--country", "UKR"],
                                  ["--start", "yesterday"], ["--event", "e1"]])
def test_cli_rejects_bad_values_as_usage_errors(argv, capsys):
    with pytest.raises(SystemExit) as exc:
        _parse(argv)
    assert exc.value.code == 2


def test_query_applies_sub_types_and_confidence():
    df = events()
    assert ids(EventQuery(sub_types=("Armed clash",), modalities=()).apply(df)) == ["e1", "e6"]
    assert ids(EventQuery(min_confidence=0.85, modalities=tuple(MODALITIES)).apply(df)) == ["e1", "e4", "e5"]
    assert ids(EventQuery(types=("Battles",), sub_types=("Air/drone strike",)).apply(df)) == []


def test_sub_type_choices_are_the_event_type_table():
    sub = next(f for f in FIELDS if f.param == "subtype")
    assert sub.choices is not None
    assert list(sub.choices()) == [s for subs in EVENT_TYPES.values() for s in subs]


def test_describe_lists_the_filters_in_force_in_words():
    assert EventQuery().describe() == []
    assert EventQuery(event="e1").describe() == []
    assert FULL.describe() == [
        "from 2024-10-01", "to 2024-10-31", "type: Battles", "sub-type: Armed clash", "actor: Protesters (Russia)",
        "country: UA, RU", "place: Kharkiv", "text “drone”", "modality: asserted, negated", "confidence at least 0.5"]
