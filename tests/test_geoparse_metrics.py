"""Metric tests for the evaluation harness (benchmarks.geoparse).

Hand-built documents and fake parse functions give exact expected figures; the real
geoparser (geodata) is never imported here.
"""

from __future__ import annotations

import json
import math
import subprocess
import sys
import types
import warnings
from pathlib import Path
from types import SimpleNamespace

import pytest

REPO = Path(__file__).resolve().parents[1]
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))

from benchmarks import geoparse as gp  # noqa: E402
from benchmarks.geoparse import (  # noqa: E402
    auc_log_error,
    errors,
    evaluate,
    haversine_km,
    load_corpus,
    match_spans,
    repair_offsets,
)

CORPORA = REPO.parent / "shared" / "corpora"

LONDON = (51.5074, -0.1278)
PARIS = (48.8566, 2.3522)
NEW_YORK = (40.7128, -74.0060)


# --------------------------------------------------------------------------- helpers


def gold(text: str, phrase: str, lat: float | None, lon: float | None, name: str | None = None, nth: int = 0) -> dict:
    start = -1
    for _ in range(nth + 1):
        start = text.index(phrase, start + 1)
    return {"start": start, "end": start + len(phrase), "phrase": phrase, "lat": lat, "lon": lon,
            "geonameid": None, "name": name or phrase, "fcode": None, "extra": {}}


def mention(text: str, phrase: str, lat: float | None, lon: float | None, name: str | None = None,
            country: str | None = None, nth: int = 0) -> SimpleNamespace:
    """A stand-in for geodata's Mention: the attributes the harness may read."""
    start = -1
    for _ in range(nth + 1):
        start = text.index(phrase, start + 1)
    return SimpleNamespace(start=start, end=start + len(phrase), text=phrase, lat=lat, lon=lon,
                           name=name or phrase, country_code=country, confidence=0.9)


def parser_from(table: dict[str, list]) -> callable:
    """A fake parse function: looks up the canned mentions for a text."""
    return lambda text: table[text]


def east_of_origin(km: float) -> tuple[float, float]:
    """A point on the equator ``km`` east of (0, 0): haversine distance is exactly km (to float error)."""
    return 0.0, math.degrees(km / gp.EARTH_RADIUS_KM)


TEXT = "I flew from London to Paris via New York City and then home."


def base_doc() -> dict:
    return {"doc_id": "d1", "text": TEXT, "toponyms": [
        gold(TEXT, "London", *LONDON),
        gold(TEXT, "Paris", *PARIS),
        gold(TEXT, "New York City", *NEW_YORK),
    ], "meta": {}}


# --------------------------------------------------------------------------- match_spans


def test_partial_overlap_counts_as_match():
    assert match_spans([{"start": 0, "end": 13}], [(4, 8)]) == [(0, 0)]
    assert match_spans([(10, 20)], [(15, 30)]) == [(0, 0)]


def test_touching_spans_do_not_match():
    assert match_spans([(0, 5)], [(5, 9)]) == []
    assert match_spans([(5, 9)], [(0, 5)]) == []


def test_matching_is_one_to_one():
    # one prediction covering two gold places: one match only
    assert match_spans([(0, 5), (6, 11)], [(0, 11)]) == [(0, 0)]
    # two predictions inside one gold place: one match only, the larger overlap wins
    assert match_spans([(0, 10)], [(0, 3), (2, 10)]) == [(0, 1)]


def test_matching_prefers_largest_overlap_and_keeps_others_available():
    # p0 overlaps g0 by 5 and g1 by 4; p1 overlaps g0 by 1 and g1 by 2
    g = [(0, 10), (8, 20)]
    p = [(5, 12), (9, 11)]
    assert match_spans(g, p) == [(0, 0), (1, 1)]


def test_matching_accepts_mention_objects():
    m = SimpleNamespace(start=3, end=7)
    assert match_spans([{"start": 0, "end": 4}], [m]) == [(0, 0)]
    assert match_spans([], [m]) == []
    assert match_spans([(0, 4)], []) == []


# --------------------------------------------------------------------------- haversine / AUC


def test_haversine_london_paris():
    assert abs(haversine_km(*LONDON, *PARIS) - 344) < 2


def test_haversine_basic_properties():
    assert haversine_km(10, 20, 10, 20) == 0
    assert haversine_km(*LONDON, *PARIS) == pytest.approx(haversine_km(*PARIS, *LONDON))
    assert haversine_km(0, 0, 0, 180) == pytest.approx(math.pi * gp.EARTH_RADIUS_KM)
    assert haversine_km(*east_of_origin(0), *east_of_origin(100)) == pytest.approx(100)


def test_auc_formula():
    assert auc_log_error([0]) == 0
    assert auc_log_error([0, 0, 0]) == 0
    assert auc_log_error([20039]) == pytest.approx(1.0)
    assert auc_log_error([100]) == pytest.approx(math.log(101) / math.log(20040))
    assert auc_log_error([0, 20039]) == pytest.approx(0.5)
    # clipped to [0, 20039]
    assert auc_log_error([1e9]) == pytest.approx(1.0)
    assert auc_log_error([-5]) == 0
    assert auc_log_error([]) is None


# --------------------------------------------------------------------------- evaluate


def test_perfect_parse():
    doc = base_doc()
    preds = [mention(TEXT, t["phrase"], t["lat"], t["lon"]) for t in doc["toponyms"]]
    r = evaluate([doc], parser_from({TEXT: preds}))
    assert (r["precision"], r["recall"], r["f1"]) == (1.0, 1.0, 1.0)
    assert r["accuracy_161"] == 1.0
    assert r["end_to_end_accuracy_161"] == 1.0
    assert r["median_error_km"] == 0
    assert r["auc"] == 0
    assert r["counts"] == {"docs": 1, "gold": 3, "gold_with_coords": 3, "predicted": 3,
                           "matched": 3, "matched_with_coords": 3, "correct_161": 3}


def test_precision_recall_f1():
    text = "Rome, Milan, Turin and Naples are Italian cities; Smith is not."
    doc = {"doc_id": "it", "text": text, "toponyms": [
        gold(text, "Rome", 41.9, 12.5), gold(text, "Milan", 45.46, 9.19),
        gold(text, "Turin", 45.07, 7.69), gold(text, "Naples", 40.85, 14.27),
    ]}
    preds = [
        mention(text, "Rome", 41.9, 12.5),
        mention(text, "Milan", 45.46, 9.19),
        mention(text, "Smith", 0.0, 0.0),  # false positive
    ]
    r = evaluate([doc], parser_from({text: preds}))
    assert r["precision"] == pytest.approx(2 / 3)
    assert r["recall"] == pytest.approx(2 / 4)
    assert r["f1"] == pytest.approx(4 / 7)
    assert r["counts"]["predicted"] == 3
    assert r["counts"]["matched"] == 2


def test_partial_span_counts_for_recognition_and_resolution():
    doc = base_doc()
    preds = [mention(TEXT, "York", *NEW_YORK)]  # inside "New York City"
    r = evaluate([doc], parser_from({TEXT: preds}))
    assert r["precision"] == 1.0
    assert r["recall"] == pytest.approx(1 / 3)
    assert r["accuracy_161"] == 1.0


def test_missed_toponym_wrong_end_to_end_but_not_in_resolution():
    doc = base_doc()
    preds = [mention(TEXT, "London", *LONDON)]  # Paris and New York missed
    r = evaluate([doc], parser_from({TEXT: preds}))
    assert r["accuracy_161"] == 1.0  # 1/1 recognised
    assert r["end_to_end_accuracy_161"] == pytest.approx(1 / 3)  # missed ones count as wrong
    assert r["counts"]["matched_with_coords"] == 1
    assert r["counts"]["gold_with_coords"] == 3


def test_gold_without_coordinates_excluded_from_resolution():
    text = "From Springfield to Boston."
    doc = {"doc_id": "x", "text": text, "toponyms": [
        gold(text, "Springfield", None, None),
        gold(text, "Boston", 42.36, -71.06),
    ]}
    # Springfield resolved absurdly far: must not matter, it has no gold coordinates
    preds = [mention(text, "Springfield", -45.0, 170.0), mention(text, "Boston", 42.36, -71.06)]
    r = evaluate([doc], parser_from({text: preds}))
    assert r["recall"] == 1.0  # still counted for recognition
    assert r["counts"]["gold"] == 2
    assert r["counts"]["gold_with_coords"] == 1
    assert r["counts"]["matched_with_coords"] == 1
    assert r["accuracy_161"] == 1.0
    assert r["end_to_end_accuracy_161"] == 1.0
    assert r["median_error_km"] == 0
    # missing it is not an end-to-end error either
    r2 = evaluate([doc], parser_from({text: preds[1:]}))
    assert r2["recall"] == 0.5
    assert r2["end_to_end_accuracy_161"] == 1.0


def _one_point_doc(pred_km_east: float) -> tuple[dict, callable]:
    text = "Somewhere on the equator."
    doc = {"doc_id": "eq", "text": text, "toponyms": [gold(text, "Somewhere", 0.0, 0.0)]}
    return doc, parser_from({text: [mention(text, "Somewhere", *east_of_origin(pred_km_east))]})


def test_threshold_edges_161_km():
    doc, fn = _one_point_doc(160.99)
    assert evaluate([doc], fn)["accuracy_161"] == 1.0
    doc, fn = _one_point_doc(161.01)
    r = evaluate([doc], fn)
    assert r["accuracy_161"] == 0.0
    assert r["end_to_end_accuracy_161"] == 0.0
    assert r["median_error_km"] == pytest.approx(161.01)


def test_exactly_161_km_is_correct(monkeypatch):
    doc, fn = _one_point_doc(0)
    monkeypatch.setattr(gp, "haversine_km", lambda *a: 161.0)
    assert evaluate([doc], fn)["accuracy_161"] == 1.0
    monkeypatch.setattr(gp, "haversine_km", lambda *a: 161.000001)
    assert evaluate([doc], fn)["accuracy_161"] == 0.0


def test_median_and_auc_over_recognised_gold():
    text = "A, B, C and D."
    doc = {"doc_id": "m", "text": text, "toponyms": [
        gold(text, "A", 0.0, 0.0), gold(text, "B", 0.0, 0.0), gold(text, "C", 0.0, 0.0), gold(text, "D", 0.0, 0.0),
    ]}
    preds = [mention(text, "A", *east_of_origin(0)), mention(text, "B", *east_of_origin(100)),
             mention(text, "C", *east_of_origin(300))]  # D missed: not in median/AUC
    r = evaluate([doc], parser_from({text: preds}))
    assert r["median_error_km"] == pytest.approx(100)
    expected_auc = (0 + math.log(101) + math.log(301)) / 3 / math.log(20040)
    assert r["auc"] == pytest.approx(expected_auc)
    assert r["accuracy_161"] == pytest.approx(2 / 3)
    assert r["end_to_end_accuracy_161"] == pytest.approx(2 / 4)


def test_recognised_but_unresolved_counts_as_worst_error():
    text = "Atlantis is lost."
    doc = {"doc_id": "u", "text": text, "toponyms": [gold(text, "Atlantis", 10.0, 10.0)]}
    r = evaluate([doc], parser_from({text: [mention(text, "Atlantis", None, None)]}))
    assert r["recall"] == 1.0
    assert r["accuracy_161"] == 0.0
    assert r["median_error_km"] == gp.MAX_ERROR_KM
    assert r["auc"] == pytest.approx(1.0)


def test_no_predictions_and_empty_corpus():
    doc = base_doc()
    r = evaluate([doc], lambda text: [])
    assert (r["precision"], r["recall"], r["f1"]) == (0.0, 0.0, 0.0)
    assert r["end_to_end_accuracy_161"] == 0.0
    assert r["median_error_km"] is None and r["auc"] is None
    empty = evaluate([], lambda text: [])
    assert empty["counts"]["docs"] == 0


def test_accepts_dict_and_to_dict_predictions():
    doc = base_doc()
    s = TEXT.index("Paris")

    class M:
        start, end, text, lat, lon, confidence = s, s + 5, "Paris", PARIS[0], PARIS[1], 0.5

        def to_dict(self):
            return {"text": "Paris", "start": s, "end": s + 5, "name": "Paris", "kind": "city",
                    "country_code": "FR", "admin1": None, "lat": PARIS[0], "lon": PARIS[1],
                    "geonameid": 2988507, "region_code": None, "confidence": 0.5}

    london = {"start": TEXT.index("London"), "end": TEXT.index("London") + 6, "lat": LONDON[0], "lon": LONDON[1]}
    r = evaluate([doc], lambda text: [M(), london])
    assert r["counts"]["matched"] == 2
    assert r["accuracy_161"] == 1.0


def test_repeat_parses_k_times_and_times_only_parse(monkeypatch):
    calls = []
    docs = [{"doc_id": str(i), "text": f"text {i}", "toponyms": []} for i in range(4)]

    def fn(text):
        calls.append(text)
        return []

    r = evaluate(docs, fn, repeat=3)
    assert len(calls) == 12
    assert r["counts"]["docs"] == 4
    assert r["repeat"] == 3

    # a fake clock advancing 1 s per reading: each parse call is timed start/stop, nothing else
    ticks = iter(range(1000))
    monkeypatch.setattr(gp.time, "perf_counter", lambda: float(next(ticks)))
    r = evaluate(docs, fn, repeat=2)
    assert r["seconds"] == pytest.approx(8.0)  # 8 parse calls x 1 tick
    assert r["docs_per_sec"] == pytest.approx(1.0)


# --------------------------------------------------------------------------- diagnostics


def test_error_rows():
    text = "Paris and Springfield and Bob met in London."
    doc = {"doc_id": "e1", "text": text, "toponyms": [
        gold(text, "Paris", *PARIS, name="Paris"),
        gold(text, "Springfield", 39.8, -89.64, name="Springfield"),
        gold(text, "London", *LONDON, name="London"),
    ]}
    preds = [
        mention(text, "Paris", 33.66, -95.55, name="Paris", country="US"),  # Paris, Texas: wrong
        mention(text, "Bob", 1.0, 2.0, name="Bob Town", country="XX"),  # false positive
        mention(text, "London", *LONDON, name="London", country="GB"),  # right
    ]  # Springfield missed
    rows = list(errors([doc], parser_from({text: preds})))
    kinds = sorted(r["kind"] for r in rows)
    assert kinds == ["false_positive", "missed", "resolution"]
    by = {r["kind"]: r for r in rows}
    assert by["missed"]["doc_id"] == "e1"
    assert by["missed"]["phrase"] == "Springfield"
    assert "[[Springfield]]" in by["missed"]["context"]
    assert by["false_positive"]["phrase"] == "Bob"
    assert by["false_positive"]["pred_name"] == "Bob Town"
    assert by["false_positive"]["pred_country"] == "XX"
    res = by["resolution"]
    assert res["phrase"] == "Paris" and res["gold_name"] == "Paris"
    assert (res["gold_lat"], res["gold_lon"]) == PARIS
    assert res["pred_country"] == "US" and (res["pred_lat"], res["pred_lon"]) == (33.66, -95.55)
    assert res["error_km"] == pytest.approx(haversine_km(*PARIS, 33.66, -95.55), abs=0.1)
    assert res["error_km"] > 161


def test_error_context_is_40_chars_each_side():
    text = "x" * 100 + "Oslo" + "y" * 100
    doc = {"doc_id": "c", "text": text, "toponyms": [gold(text, "Oslo", 59.9, 10.7)]}
    (row,) = list(errors([doc], lambda t: []))
    assert row["context"] == "x" * 40 + "[[Oslo]]" + "y" * 40


# --------------------------------------------------------------------------- corpus loading & CLI


def test_repair_offsets():
    text = "wandering across the Kenyan capital"
    s = text.index("Kenyan")
    tops = [{"start": s, "end": s + 5, "phrase": "Kenyan"},      # end one short
            {"start": s + 1, "end": s + 6, "phrase": "Kenyan"},  # shifted
            {"start": 0, "end": 4, "phrase": "Atlantis"}]        # not in text
    fixed, repaired, dropped = repair_offsets(text, tops)
    assert (repaired, dropped) == (2, 1)
    assert all(text[t["start"]:t["end"]] == t["phrase"] for t in fixed)


def test_load_real_trnews_corpus():
    if not CORPORA.is_dir():
        pytest.skip(f"corpora folder not present: {CORPORA}")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # the published file has a couple of offsets to re-anchor
        docs = load_corpus(CORPORA / "trnews.jsonl")
    assert len(docs) == 118
    n = 0
    for doc in docs:
        for t in doc["toponyms"]:
            assert doc["text"][t["start"]:t["end"]] == t["phrase"], (doc["doc_id"], t)
            n += 1
    assert n == 1319  # nothing dropped


def test_load_corpus_bad_json(tmp_path):
    p = tmp_path / "bad.jsonl"
    p.write_text('{"doc_id": "1", "text": "ok", "toponyms": []}\n{not json\n', encoding="utf-8")
    with pytest.raises(gp.CorpusError, match=":2:"):
        load_corpus(p)


def test_main_missing_corpus_exit_2(tmp_path, capsys):
    assert gp.main([str(tmp_path / "nope.jsonl")]) == 2
    err = capsys.readouterr().err
    assert "nope.jsonl" in err and "Traceback" not in err


def test_cli_missing_corpus_no_traceback(tmp_path):
    proc = subprocess.run([sys.executable, "-m", "benchmarks.geoparse", str(tmp_path / "nope.jsonl")],
                          cwd=REPO, capture_output=True, text=True)
    assert proc.returncode == 2
    assert "Traceback" not in proc.stderr
    assert "nope.jsonl" in proc.stderr


def _fake_geodata(monkeypatch, table: dict) -> dict:
    """Install a fake geodata.places.geoparser in sys.modules; never touches the real package."""
    state = {"loaded": 0}
    pkg = types.ModuleType("geodata")
    mod = types.ModuleType("geodata.places.geoparser")
    mod.parse = lambda text: table.get(text, [])

    def load_default():
        state["loaded"] += 1
        return object()

    mod.load_default = load_default
    places = types.ModuleType("geodata.places")
    places.geoparser = mod
    pkg.places = places
    monkeypatch.setitem(sys.modules, "geodata", pkg)
    monkeypatch.setitem(sys.modules, "geodata.places", places)
    monkeypatch.setitem(sys.modules, "geodata.places.geoparser", mod)
    return state


def _write_corpus(path: Path, docs: list[dict]) -> None:
    path.write_text("".join(json.dumps(d) + "\n" for d in docs), encoding="utf-8")


def test_main_json_with_errors_and_limit(tmp_path, monkeypatch, capsys):
    doc = base_doc()
    other = {"doc_id": "d2", "text": "Nothing here.", "toponyms": []}
    corpus = tmp_path / "tiny.jsonl"
    _write_corpus(corpus, [doc, other])
    preds = [mention(TEXT, "London", *LONDON, country="GB"), mention(TEXT, "Paris", 33.66, -95.55, country="US")]
    state = _fake_geodata(monkeypatch, {TEXT: preds})
    err_path = tmp_path / "errs.jsonl"

    assert gp.main([str(corpus), "--json", "--errors", str(err_path), "--repeat", "2"]) == 0
    out = capsys.readouterr().out.strip().splitlines()
    assert len(out) == 1
    obj = json.loads(out[0])
    assert state["loaded"] == 1
    assert obj["corpus"] == "tiny.jsonl"
    assert obj["counts"]["docs"] == 2 and obj["counts"]["matched"] == 2
    assert obj["precision"] == 1.0
    assert obj["recall"] == pytest.approx(2 / 3)
    assert obj["accuracy_161"] == 0.5
    assert obj["end_to_end_accuracy_161"] == pytest.approx(1 / 3)
    assert obj["repeat"] == 2
    assert "load_seconds" in obj and "peak_rss_mb" in obj
    rows = [json.loads(line) for line in err_path.read_text(encoding="utf-8").splitlines()]
    assert sorted(r["kind"] for r in rows) == ["missed", "resolution"]
    assert all(r["corpus"] == "tiny.jsonl" for r in rows)

    assert gp.main([str(corpus), "--json", "--limit", "1"]) == 0
    obj = json.loads(capsys.readouterr().out.strip())
    assert obj["counts"]["docs"] == 1


def test_main_text_report(tmp_path, monkeypatch, capsys):
    corpus = tmp_path / "tiny.jsonl"
    _write_corpus(corpus, [base_doc()])
    _fake_geodata(monkeypatch, {TEXT: [mention(TEXT, "London", *LONDON)]})
    tsv = tmp_path / "errs.tsv"
    assert gp.main([str(corpus), str(corpus), "--errors", str(tsv)]) == 0
    out = capsys.readouterr().out
    assert out.count("== tiny.jsonl ==") == 2
    assert out.count("cold load") == 1 and out.count("peak resident memory") == 1
    assert "F1 0.500" in out  # P 1, R 1/3 -> F1 0.5
    assert "0.333" in out
    lines = tsv.read_text(encoding="utf-8").splitlines()
    assert lines[0].split("\t")[:3] == ["corpus", "kind", "doc_id"]
    assert len(lines) == 1 + 4  # two missed per corpus pass


# --------------------------------------------------------------------------- demonyms in the gold or not

DEMONYM_TEXT = "Kenyan officials met in Nairobi."


def _demonym_case(gold_marks_kenyan: bool) -> tuple[list[dict], list[list[dict]]]:
    toponyms = [gold(DEMONYM_TEXT, "Nairobi", -1.28, 36.82)]
    if gold_marks_kenyan:
        toponyms.insert(0, gold(DEMONYM_TEXT, "Kenyan", 0.5, 37.9))
    docs = [{"doc_id": "k", "text": DEMONYM_TEXT, "toponyms": toponyms, "meta": {}}]
    preds = [[{"start": 0, "end": 6, "lat": 0.5, "lon": 37.9, "demonym": True},
              {"start": 24, "end": 31, "lat": -1.28, "lon": 36.82, "demonym": False}]]
    return docs, preds


@pytest.mark.parametrize("gold_marks, policy, left_out, precision", [
    (False, "auto", 1, 1.0),    # GeoVirus-like gold: the demonym is not scored
    (True, "auto", 0, 1.0),     # TR-News-like gold: it is, and it is right
    (False, "keep", 0, 0.5),    # forced: it counts as a false positive
    (True, "drop", 1, 1.0),     # forced out: precision of what is left
])
def test_demonym_policy(gold_marks, policy, left_out, precision):
    docs, preds = _demonym_case(gold_marks)
    assert gp.gold_marks_demonyms(docs, preds) is gold_marks
    kept, dropped = gp.apply_demonym_policy(docs, preds, policy)
    assert dropped == left_out
    assert gp.score(docs, kept)["precision"] == precision


def test_demonym_policy_rejects_unknown():
    docs, preds = _demonym_case(False)
    with pytest.raises(ValueError):
        gp.apply_demonym_policy(docs, preds, "sometimes")
