"""Tests of the event-extraction benchmark (benchmarks.events) and of its evaluation set.

The matching and scoring are checked on hand-made frames with exact expected figures; the extractor itself is
never run here (its accuracy is what `python -m benchmarks.events` reports, not a test threshold).
"""

from __future__ import annotations

import datetime as dt
import json
import math
import re

import pandas as pd
import pytest

from benchmarks import events as bm
from benchmarks.events import (
    DEFAULT_PATH,
    EvalError,
    compare,
    errors,
    load_eval,
    match_events,
    pair_score,
    run_extractor,
    score,
    to_events,
)
from geodata.schema import DATE_PRECISIONS, EVENT_TYPES, GEO_PRECISIONS, MODALITIES
from benchmarks import acled_notes as an

EXP = "Explosions/Remote violence"
SD = "Strategic developments"
PRO = "Protests"
BAT = "Battles"
SHELL = "Shelling/artillery/missile attack"

KHARKIV = (49.98, 36.25)
KUPIANSK = (49.71, 37.62)
ODESA_REGION = (46.11, 29.96)
ODESA = (46.49, 30.74)
PARIS = (48.85, 2.35)
TBILISI = (41.69, 44.83)


def exp(event_type, sub, date, precision, where, gp=1, modality="asserted", location="x", actor1=None):
    """An expected event as load_eval gives it."""
    return {"event_type": event_type, "sub_event_type": sub, "date": dt.date.fromisoformat(date),
            "date_precision": precision, "location": location, "lat": where[0], "lon": where[1],
            "geo_precision": gp, "modality": modality, "actor1": actor1, "notes": None}


def frame(rows):
    """Extracted rows in the event table layout: datetime64 event_date, categorical text, Int64 geo_precision."""
    df = pd.DataFrame([{
        "event_date": pd.Timestamp(r[2]), "date_precision": r[3], "event_type": r[0], "sub_event_type": r[1],
        "modality": r[6] if len(r) > 6 else "asserted", "actor1": r[7] if len(r) > 7 else None,
        "location": "got", "latitude": r[4][0], "longitude": r[4][1], "geo_precision": r[5],
        "notes": f"sentence {i}",
    } for i, r in enumerate(rows)])
    if len(df):
        for c in ("date_precision", "event_type", "sub_event_type", "modality", "actor1", "location"):
            df[c] = df[c].astype("category")
        df["geo_precision"] = df["geo_precision"].astype("Int64")
        df["event_date"] = df["event_date"].astype("datetime64[s]")
    return df


# --------------------------------------------------------------------------- a small scenario

EXPECTED = [
    exp(EXP, SHELL, "2024-10-15", "day", KHARKIV, 1, location="Kharkiv"),
    exp(SD, "Disrupted weapons use", "2024-10-13", "day", ODESA_REGION, 3, location="Odesa region"),
    exp(PRO, "Peaceful protest", "2024-10-18", "day", PARIS, 1, location="Paris"),
]
EXTRACTED = frame([
    (EXP, "Air/drone strike", "2024-10-15", "day", (49.99, 36.23), 1),          # A: 2 + 0 + 2 + 1 = 5
    (SD, "Disrupted weapons use", "2024-10-07", "week", ODESA, 1),              # B: 2 + 1 + 0 (~73 km) + 0 = 3
    (BAT, "Armed clash", "2024-10-18", "day", TBILISI, 1),                      # C: date only = 1, no match
])


def test_pair_scores_of_the_scenario():
    got = to_events(EXTRACTED)
    assert [[pair_score(e, g) for g in got] for e in EXPECTED] == [
        [5, 0, 0],
        [0, 3, 0],
        [0, 0, 1],
    ]


def test_pair_score_components():
    e = exp(EXP, SHELL, "2024-10-15", "day", KHARKIV)
    same = dict(e)
    assert pair_score(e, same) == 6
    assert pair_score(e, {**same, "sub_event_type": "Air/drone strike"}) == 5
    assert pair_score(e, {**same, "event_type": SD, "sub_event_type": "Other"}) == 3
    assert pair_score(e, {**same, "lat": ODESA[0], "lon": ODESA[1]}) == 4
    assert pair_score(e, {**same, "date": dt.date(2024, 10, 14)}) == 5
    assert pair_score(e, {**same, "lat": None, "lon": None}) == 4       # no coordinates: no place points
    # 50 km is the place threshold: about 0.44 degrees of latitude either side
    assert pair_score(e, {**same, "lat": KHARKIV[0] + 0.44}) == 6
    assert pair_score(e, {**same, "lat": KHARKIV[0] + 0.46}) == 4


def test_match_scenario_pairs_and_threshold():
    assert match_events(EXPECTED, EXTRACTED) == [(0, 0, 5), (1, 1, 3)]
    # a type alone (2) is enough, a date alone (1) is not
    e = [exp(EXP, SHELL, "2024-10-15", "day", KHARKIV)]
    assert match_events(e, frame([(EXP, "Grenade", "2024-01-01", "day", TBILISI, 1)])) == [(0, 0, 2)]
    assert match_events(e, frame([(PRO, "Peaceful protest", "2024-10-15", "day", TBILISI, 1)])) == []
    assert match_events(e, frame([])) == []
    assert match_events([], EXTRACTED) == []


def test_match_is_greedy_by_score_not_by_order():
    expected = [exp(EXP, SHELL, "2024-10-15", "day", KHARKIV), exp(EXP, SHELL, "2024-10-15", "day", KUPIANSK)]
    got = frame([
        (EXP, SHELL, "2024-10-15", "day", KUPIANSK, 1),                # vs Kharkiv 4, vs Kupiansk 6
        (EXP, "Air/drone strike", "2024-10-14", "day", KHARKIV, 1),    # vs Kharkiv 4, vs Kupiansk 2
    ])
    assert match_events(expected, got) == [(0, 1, 4), (1, 0, 6)]


def test_match_is_one_to_one_and_ties_go_to_the_closer_place_then_order():
    e = exp(EXP, SHELL, "2024-10-15", "day", KHARKIV)
    far = (KHARKIV[0] + 0.27, KHARKIV[1])    # ~30 km, still within 50 km: same score 6
    near = (KHARKIV[0] + 0.01, KHARKIV[1])
    got = frame([(EXP, SHELL, "2024-10-15", "day", far, 1), (EXP, SHELL, "2024-10-15", "day", near, 1)])
    assert match_events([e], got) == [(0, 1, 6)]
    # two identical expected events, one extracted: the first expected one takes it
    assert match_events([e, dict(e)], got.iloc[[1]]) == [(0, 0, 6)]
    # and two identical extracted events for one expected: the first extracted one
    assert match_events([e], got.iloc[[1, 1]].reset_index(drop=True)) == [(0, 0, 6)]


def test_compare_measures():
    e = exp(SD, "Disrupted weapons use", "2024-10-13", "day", ODESA_REGION, 3, actor1="Military Forces of Ukraine")
    g = to_events(EXTRACTED)[1]
    assert compare(e, g) == {
        "date": False, "date_within_7d": True, "location_25km": False, "geo_precision": False,
        "event_type": True, "sub_event_type": True, "modality": True, "actor1": False,
    }
    # date equal but precision not: the strict date measure fails
    assert compare(e, {**e, "date_precision": "before"})["date"] is False
    # 8 days off is outside the window, 7 is inside
    assert compare(e, {**e, "date": dt.date(2024, 10, 5)})["date_within_7d"] is False
    assert compare(e, {**e, "date": dt.date(2024, 10, 20)})["date_within_7d"] is True
    # no expected actor: not scored
    assert compare({**e, "actor1": None}, g)["actor1"] is None


def test_score_scenario_exact_figures():
    result = score([{"id": "p1", "events": EXPECTED}], [EXTRACTED])
    c = result["counts"]
    assert (c["expected"], c["extracted"], c["matched"]) == (3, 3, 2)
    assert result["recall"] == pytest.approx(2 / 3)
    assert result["precision"] == pytest.approx(2 / 3)
    assert result["f1"] == pytest.approx(2 / 3)
    assert result["accuracy"] == {
        "date": 0.5, "date_within_7d": 1.0, "location_25km": 0.5, "geo_precision": 0.5,
        "event_type": 1.0, "sub_event_type": 0.5, "modality": 1.0, "actor1": None,
    }


def test_score_over_several_paragraphs_and_empty_ones():
    p1 = {"id": "p1", "events": EXPECTED}
    p2 = {"id": "p2", "events": [exp(PRO, "Peaceful protest", "2024-10-18", "day", PARIS, modality="future")]}
    p3 = {"id": "p3", "events": []}
    got2 = frame([(PRO, "Peaceful protest", "2024-10-18", "day", PARIS, 1, "asserted")])
    result = score([p1, p2, p3], [EXTRACTED, got2, None])
    assert result["counts"]["matched"] == 3
    assert result["recall"] == pytest.approx(3 / 4)
    assert result["precision"] == pytest.approx(3 / 4)
    assert result["accuracy"]["modality"] == pytest.approx(2 / 3)
    assert result["accuracy"]["date"] == pytest.approx(2 / 3)

    empty = score([p3], [frame([])])
    assert empty["recall"] is None and empty["precision"] is None and empty["f1"] is None
    assert all(v is None for v in empty["accuracy"].values())
    nothing_found = score([p2], [None])
    assert nothing_found["recall"] == 0.0 and nothing_found["precision"] is None

    with pytest.raises(ValueError):
        score([p1, p2], [EXTRACTED])


def test_errors_rows():
    rows = errors([{"id": "p1", "events": EXPECTED}], [EXTRACTED])
    summary = [(r["kind"], r.get("field"), r.get("expected_index"), r.get("extracted_index")) for r in rows]
    assert summary == [
        ("missed", None, 2, None),
        ("spurious", None, None, 2),
        ("mismatch", "sub_event_type", 0, 0),
        ("mismatch", "date", 1, 1),
        ("mismatch", "location_25km", 1, 1),
        ("mismatch", "geo_precision", 1, 1),
    ]
    date_row = rows[3]
    assert date_row["expected"] == "2024-10-13 day" and date_row["got"] == "2024-10-07 week"
    assert rows[1]["notes"] == "sentence 2"
    text = bm.format_errors(rows)
    assert "p1  MISSED" in text and "SPURIOUS" in text and "geo_precision" in text


def test_to_events_reads_the_timeline_layout():
    df = frame([(EXP, SHELL, "2024-10-15", "before", KHARKIV, 2, "negated", "Military Forces of Russia")])
    df.loc[1] = df.loc[0]
    df.loc[1, "latitude"] = float("nan")
    df.loc[1, "event_date"] = pd.NaT
    df.loc[1, "geo_precision"] = pd.NA
    first, second = to_events(df)
    assert first["date"] == dt.date(2024, 10, 15) and isinstance(first["date"], dt.date)
    assert (first["date_precision"], first["geo_precision"], first["modality"]) == ("before", 2, "negated")
    assert first["actor1"] == "Military Forces of Russia" and first["notes"] == "sentence 0"
    assert type(first["geo_precision"]) is int and type(first["lat"]) is float
    assert second["date"] is None and second["lat"] is None and second["geo_precision"] is None
    assert pair_score(EXPECTED[0], second) == 3      # type + sub-type, no place, no date


def test_run_extractor_with_a_fake_extractor():
    paragraphs = [{"id": "a", "text": "one", "published": dt.date(2024, 1, 2), "source": "eval", "events": []},
                  {"id": "b", "text": "two", "published": dt.date(2024, 1, 3), "source": "eval", "events": []}]
    calls = []

    def fake(text, published, source):
        calls.append((text, published, source))
        return frame([])

    frames, millis = run_extractor(paragraphs, fake)
    assert calls == [("one", dt.date(2024, 1, 2), "eval"), ("two", dt.date(2024, 1, 3), "eval")]
    assert len(frames) == 2 and len(millis) == 2 and all(m >= 0 for m in millis)
    assert bm.timing([1.0, 2.0, 6.0]) == {"mean_ms": 3.0, "median_ms": 2.0, "max_ms": 6.0}


def test_load_eval_and_its_errors(tmp_path):
    good = tmp_path / "good.jsonl"
    good.write_text(json.dumps({"id": "x1", "published": "2024-10-18", "source": "eval", "text": "T.",
                                "events": [{"event_type": EXP, "sub_event_type": SHELL, "date": "2024-10-15",
                                            "date_precision": "day", "location": "Kharkiv", "lat": 49.98,
                                            "lon": 36.25, "geo_precision": 1, "modality": "asserted"}]})
                    + "\n\n", encoding="utf-8")
    [para] = load_eval(good)
    assert para["published"] == dt.date(2024, 10, 18)
    assert para["events"][0]["date"] == dt.date(2024, 10, 15) and para["events"][0]["actor1"] is None

    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"id": "x", "published": "2024-10-18", "text": "T."}\n{not json\n', encoding="utf-8")
    with pytest.raises(EvalError, match=":2:"):
        load_eval(bad)
    bad.write_text('{"id": "x", "published": "18/10/2024", "text": "T."}\n', encoding="utf-8")
    with pytest.raises(EvalError, match=":1:"):
        load_eval(bad)


def test_main_exits_2_on_a_missing_or_bad_file(tmp_path, capsys):
    assert bm.main([str(tmp_path / "nowhere.jsonl")]) == 2
    assert "not found" in capsys.readouterr().err
    bad = tmp_path / "bad.jsonl"
    bad.write_text("[1, 2]\n", encoding="utf-8")
    assert bm.main([str(bad)]) == 2
    assert "bad evaluation file" in capsys.readouterr().err


def test_format_report_names_every_measure():
    result = score([{"id": "p1", "events": EXPECTED}], [EXTRACTED])
    result["timing"] = bm.timing([10.0, 20.0])
    result["load_seconds"] = 1.5
    text = bm.format_report("x.jsonl", result)
    assert "event recall" in text and "66.7%  (2/3)" in text
    for _, label in bm.MEASURES:
        assert label in text
    assert "mean 15.0 ms" in text


# --------------------------------------------------------------------------- the evaluation set itself

VALID_PAIRS = {(t, s) for t, subs in EVENT_TYPES.items() for s in subs}


@pytest.fixture(scope="module")
def eval_lines():
    lines = [line for line in DEFAULT_PATH.read_text(encoding="utf-8").splitlines() if line.strip()]
    return [json.loads(line) for line in lines]


def test_eval_file_parses(eval_lines):
    paragraphs = load_eval(DEFAULT_PATH)
    assert len(paragraphs) == len(eval_lines) >= 24
    ids = [p["id"] for p in paragraphs]
    assert len(set(ids)) == len(ids)
    assert sum(len(p["events"]) for p in paragraphs) >= 24


def test_eval_paragraphs_are_short_news_paragraphs(eval_lines):
    for para in eval_lines:
        assert set(para) == {"id", "published", "source", "text", "events"}, para["id"]
        dt.date.fromisoformat(para["published"])
        sentences = [s for s in re.split(r"(?<=[.!?])\s+(?=[A-Z])", para["text"].strip()) if s]
        assert 2 <= len(sentences) <= 5, para["id"]
        assert para["events"], f"{para['id']} has no expected event"


def test_eval_events_are_valid(eval_lines):
    for para in eval_lines:
        published = dt.date.fromisoformat(para["published"])
        for i, e in enumerate(para["events"]):
            where = f"{para['id']} event {i}"
            assert (e["event_type"], e["sub_event_type"]) in VALID_PAIRS, where
            assert e["date_precision"] in DATE_PRECISIONS, where
            assert e["modality"] in MODALITIES, where
            assert e["geo_precision"] in GEO_PRECISIONS, where
            assert isinstance(e["location"], str) and e["location"], where
            assert -90 <= e["lat"] <= 90 and -180 <= e["lon"] <= 180, where
            assert not (math.isclose(e["lat"], 0) and math.isclose(e["lon"], 0)), where
            date = dt.date.fromisoformat(e["date"])
            if e["modality"] != "future":
                assert date <= published, where
            if e["date_precision"] == "before":
                assert date == published, where
            if e["date_precision"] == "week":
                assert date.weekday() == 0, f"{where}: a week is named by its Monday"
            if e["date_precision"] in ("month", "year"):
                assert date.day == 1 and (e["date_precision"] == "month" or date.month == 1), where


def test_eval_set_covers_what_it_should(eval_lines):
    events = [e for p in eval_lines for e in p["events"]]
    assert {e["modality"] for e in events} == set(MODALITIES)
    assert {"day", "week", "month", "before"} <= {e["date_precision"] for e in events}
    assert {e["geo_precision"] for e in events} == set(GEO_PRECISIONS)
    assert {e["event_type"] for e in events} >= {"Battles", "Explosions/Remote violence", "Protests",
                                                 "Strategic developments", "Violence against civilians"}
    assert len({p["published"] for p in eval_lines}) >= 20
    assert len({dt.date.fromisoformat(p["published"]).weekday() for p in eval_lines}) == 7


# --------------------------------------------------------------------------- ACLED notes mode (hand-made notes)



def _note(text, event_type="Battles", sub="Armed clash", date="2024-03-05", where=KHARKIV, fatalities=2,
          actor1="Military Forces of Ukraine (2019-)", note_id="1"):
    raw = {"text": text, "event_date": date, "event_type": event_type, "sub_event_type": sub, "actor1": actor1,
           "latitude": where[0], "longitude": where[1], "fatalities": fatalities, "location": "Kharkiv"}
    event = an.note_event(raw)
    return {"id": note_id, "text": text, "states_day": an.states_day(text), "names_place": an.names_place(text, raw),
            "published": event["date"] + dt.timedelta(days=an.PUBLISHED_AFTER_DAYS), "event": event}


@pytest.mark.parametrize("text, expected", [
    ("On 5 March 2024, troops clashed with rebels.", True),
    ("On March 5th, troops clashed with rebels.", True),
    ("19 March. Teachers protested.", True),
    ("Violence on 26/05/2017 in the town.", True),
    ("Troops clash with rebels in the hills.", False),
    ("In March 2024 troops clashed with rebels.", False),
])
def test_states_day(text, expected):
    assert an.states_day(text) is expected


@pytest.mark.parametrize("name, key", [
    ("Military Forces of Kenya (2013-2022)", "military forces of kenya"),
    ("Military Forces of Somalia (2022-)", "military forces of somalia"),
    ("Military Forces of Somalia (2022-) Special Forces", "military forces of somalia"),
    ("Protesters (Kenya)", "protesters (kenya)"),
    ("", None),
    (None, None),
])
def test_actor_key_drops_the_era_only(name, key):
    assert an.actor_key(name) == key


def test_compare_note_all_right_and_all_wrong():
    note = _note("On 5 March 2024, troops clashed with rebels near Kharkiv, killing 2.")
    right = {"event_type": "Battles", "sub_event_type": "Armed clash", "date": dt.date(2024, 3, 5),
             "lat": KHARKIV[0], "lon": KHARKIV[1], "fatalities": 2, "actor1": "Military Forces of Ukraine"}
    assert all(an.compare_note(note, right).values())
    wrong = {"event_type": "Protests", "sub_event_type": "Peaceful protest", "date": dt.date(2024, 3, 6),
             "lat": PARIS[0], "lon": PARIS[1], "fatalities": None, "actor1": "Protesters (France)"}
    got = an.compare_note(note, wrong)
    assert got["found"] is True and not any(v for k, v in got.items() if k != "found")


def test_missing_extraction_is_wrong_everywhere_and_undated_note_not_scored_on_date():
    dated = an.compare_note(_note("On 5 March 2024, a clash in Kharkiv."), None)
    assert set(dated.values()) == {False}
    undated = an.compare_note(_note("A clash in the hills."), None)
    assert undated["date"] is None and undated["found"] is False
    assert undated["place_161km_named"] is None     # names no place: not scored on the named-place measure


@pytest.mark.parametrize("text, raw, expected", [
    ("Clashes in Kharkiv city.", {"location": "Kharkiv"}, True),
    ("Clashes near the KHARKIV ring road.", {"location": "Kharkiv"}, True),
    ("Shelling hit Wadajir district.", {"location": "Mogadishu - Wadajir", "admin2": "Banadir"}, False),
    ("Shelling hit Mogadishu overnight.", {"location": "Mogadishu - Wadajir"}, True),
    ("Youths protest in Garissa town.", {"location": "Dujis", "admin2": "Garissa"}, True),
    ("Nurses march to demand better pay.", {"location": "Nairobi", "admin1": "Nairobi"}, False),
    ("Kharkivska oblast saw fighting.", {"location": "Kharkiv"}, False),   # a word, not a prefix
])
def test_names_place(text, raw, expected):
    assert an.names_place(text, raw) is expected


def test_place_thresholds_and_zero_fatalities_for_none():
    note = _note("A clash.", where=KHARKIV, fatalities=0)
    kupiansk = {"event_type": "Battles", "sub_event_type": "Armed clash", "date": None,
                "lat": KUPIANSK[0], "lon": KUPIANSK[1], "fatalities": None, "actor1": None}
    got = an.compare_note(note, kupiansk)   # about 100 km apart
    assert got["place_161km"] is True and got["place_25km"] is False
    assert got["fatalities"] is True        # nothing counted is ACLED's 0
    assert got["actor1"] is False


def test_best_match_prefers_the_event_that_fits():
    gold = _note("x", where=ODESA)["event"]
    far = {"event_type": "Battles", "sub_event_type": "Armed clash", "date": None, "lat": PARIS[0], "lon": PARIS[1]}
    near = {"event_type": "Battles", "sub_event_type": "Armed clash", "date": None, "lat": ODESA[0], "lon": ODESA[1]}
    assert an.best_match(gold, [far, near])["lat"] == ODESA[0]
    assert an.best_match(gold, []) is None


def test_score_notes_exact_shares():
    notes = [_note("On 5 March 2024, a clash.", note_id="1"), _note("A clash in the hills.", note_id="2")]
    got = frame([("Battles", "Armed clash", "2024-03-05", "day", KHARKIV, 1)])
    got["fatalities"] = [2]
    got["actor1"] = ["Military Forces of Ukraine"]
    result = an.score_notes(notes, [got, frame([])])
    acc = result["accuracy"]
    assert acc["found"] == 0.5 and acc["event_type"] == 0.5 and acc["fatalities"] == 0.5
    assert acc["date"] == 1.0 and result["counts"]["scored"]["date"] == 1
    with pytest.raises(ValueError):
        an.score_notes(notes, [got])


def test_load_notes_sample_is_seeded_and_bad_lines_are_named(tmp_path):
    path = tmp_path / "notes.jsonl"
    rows = [{"text": f"On {d} March 2024, a clash.", "event_date": f"2024-03-{d:02d}", "event_type": "Battles",
             "sub_event_type": "Armed clash", "actor1": "A", "latitude": 1.0, "longitude": 2.0, "fatalities": 0}
            for d in range(1, 11)]
    path.write_text("\n".join(json.dumps(r) for r in rows) + "\n", encoding="utf-8")
    assert len(an.load_notes(path)) == 10
    a, b = an.load_notes(path, limit=4, seed=1), an.load_notes(path, limit=4, seed=1)
    assert [n["id"] for n in a] == [n["id"] for n in b] and len(a) == 4
    assert a[0]["published"] == a[0]["event"]["date"] + dt.timedelta(days=an.PUBLISHED_AFTER_DAYS)
    path.write_text('{"text": "x", "event_date": ""}\n', encoding="utf-8")
    with pytest.raises(an.AcledNotesError, match=":1:"):
        an.load_notes(path)


def test_main_acled_missing_file_exits_2(tmp_path, capsys):
    assert bm.main(["--acled", str(tmp_path / "none.jsonl")]) == 2
    assert "not found" in capsys.readouterr().err
