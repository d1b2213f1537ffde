"""Tests for benchmarks.timex: scoring time expressions against TimeML-style gold, on rows written here."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))

from benchmarks import events as bm_events  # noqa: E402  (after the sys.path line above)
from benchmarks import timex as bm  # noqa: E402


def row(text: str, sentence: str, first: str | None, last: str | None, *, kind: str = "relative",
        granularity: str = "day", value: str = "", dct: str = "2024-10-18") -> dict:
    start = sentence.index(text)
    return {"dct": dct, "sentence": sentence, "text": text, "start": start, "end": start + len(text),
            "type": "DATE", "value": value, "granularity": granularity, "first_day": first, "last_day": last,
            "kind": kind}


def pred(text: str, sentence: str, first: str | None, last: str | None, precision: str = "day",
         present: bool = False) -> dict:
    start = sentence.index(text)
    return {"text": text, "start": start, "end": start + len(text), "first": first, "last": last,
            "precision": precision, "present": present}


S1 = "Talks will resume on Monday, officials said on Friday."
S2 = "Troops are now in the town they shelled recently."


def test_gold_answer_interval_reference_or_none() -> None:
    assert bm.gold_answer(row("Monday", S1, "2024-10-21", "2024-10-21")) == ("2024-10-21", "2024-10-21")
    assert bm.gold_answer(row("now", S2, None, None, value="PRESENT_REF")) == "PRESENT_REF"
    assert bm.gold_answer(row("Monday", S1, None, None, value="2024-10-XX")) is None


@pytest.mark.parametrize("gold, groups_in, groups_out", [
    (row("Monday", S1, "2024-10-21", "2024-10-21"), {"all", "target", "future", "kind:relative"}, {"vague"}),
    (row("on Friday", S1, "2024-10-18", "2024-10-18", kind="explicit"), {"target", "kind:explicit"},
     {"future"}),
    (row("now", S2, None, None, kind="vague", granularity="ref", value="PRESENT_REF"), {"vague"}, {"target"}),
    (row("that Monday", "He left that Monday.", "2024-10-14", "2024-10-14"), {"anaphoric"}, set()),
    (row("Monday", S1, "2024-01-01", "2024-12-31", granularity="year"), {"granularity:year"}, {"target"}),
])
def test_groups(gold: dict, groups_in: set[str], groups_out: set[str]) -> None:
    got = set(bm.groups(gold))
    assert groups_in <= got
    assert not groups_out & got


def test_pick_takes_the_largest_overlap_or_none() -> None:
    found = [pred("resume on", S1, None, None), pred("on Monday", S1, "2024-10-21", "2024-10-21")]
    start = S1.index("Monday")
    assert bm.pick(found, start, start + len("Monday"))["text"] == "on Monday"
    friday = S1.index("Friday")
    assert bm.pick(found, friday, friday + 6) is None


def test_judge_interval_right_wrong_and_missed() -> None:
    gold = row("Monday", S1, "2024-10-21", "2024-10-21")
    right = bm.judge(gold, [pred("on Monday", S1, "2024-10-21", "2024-10-21")])
    assert (right["found"], right["scored"], right["correct"]) == (True, True, True)
    wrong = bm.judge(gold, [pred("on Monday", S1, "2024-10-14", "2024-10-14")])
    assert (wrong["found"], wrong["correct"], wrong["said"]) == (True, False, ("2024-10-14", "2024-10-14"))
    missed = bm.judge(gold, [])
    assert (missed["found"], missed["scored"], missed["correct"]) == (False, True, False)


def test_judge_reference_values() -> None:
    now = row("now", S2, None, None, kind="vague", granularity="ref", value="PRESENT_REF")
    assert bm.judge(now, [pred("now", S2, "2024-10-18", "2024-10-18", present=True)])["correct"]
    assert not bm.judge(now, [pred("now", S2, "2024-10-17", "2024-10-17", present=True)])["correct"]
    recently = row("recently", S2, None, None, kind="vague", granularity="ref", value="PAST_REF")
    assert bm.judge(recently, [pred("recently", S2, None, None, precision="before")])["correct"]
    # "now" said as the publication day is also right where gold gives that day as an interval
    today = row("now", S2, "2024-10-18", "2024-10-18")
    assert bm.judge(today, [pred("now", S2, "2024-10-18", "2024-10-18", present=True)])["correct"]


def test_an_interval_said_as_before_still_counts() -> None:
    sentence = "Violence peaked in the 1990s."
    gold = row("1990s", sentence, "1990-01-01", "1999-12-31", kind="explicit", granularity="decade")
    said = pred("the 1990s", sentence, "1990-01-01", "1999-12-31", precision="before")
    assert bm.judge(gold, [said])["correct"]


def test_unscorable_rows_count_for_recognition_only() -> None:
    gold = row("Monday", S1, None, None, value="2024-10-XX", granularity="underspecified")
    j = bm.judge(gold, [pred("on Monday", S1, "2024-10-21", "2024-10-21")])
    assert (j["found"], j["scored"], j["correct"]) == (True, False, False)
    result = bm.score([gold], [j])
    assert result["all"]["recognition"] == 1.0
    assert result["all"]["accuracy"] is None


def test_score_per_group() -> None:
    rows = [row("Monday", S1, "2024-10-21", "2024-10-21"),
            row("on Friday", S1, "2024-10-18", "2024-10-18", kind="explicit")]
    judged = [{"found": True, "scored": True, "correct": False}, {"found": True, "scored": True, "correct": True}]
    result = bm.score(rows, judged)
    assert list(result)[:5] == ["all", "target", "target:explicit", "target:relative", "future"]
    assert result["all"]["accuracy"] == 0.5
    assert result["future"]["accuracy"] == 0.0
    assert result["kind:explicit"] == {"rows": 1, "found": 1, "scored": 1, "correct": 1, "recognition": 1.0,
                                       "accuracy": 1.0}
    report = bm.format_report("x.jsonl", result)
    assert "target" in report and "50.0%" in report


def _write(tmp_path: Path, rows: list[dict]) -> Path:
    path = tmp_path / "timex.jsonl"
    path.write_text("\n".join(json.dumps(r) for r in rows) + "\n", encoding="utf-8")
    return path


def test_main_runs_the_resolver_on_a_tiny_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = _write(tmp_path, [row("Monday", S1, "2024-10-21", "2024-10-21"),
                             row("Friday", S1, "2024-10-18", "2024-10-18")])
    assert bm.main([str(path), "--json", "--errors"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["groups"]["all"]["correct"] == 2
    assert out["errors"] == []


def test_events_benchmark_hands_timex_over(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = _write(tmp_path, [row("Monday", S1, "2024-10-14", "2024-10-14")])
    assert bm_events.main(["--timex", str(path), "--errors"]) == 0
    out = capsys.readouterr().out
    assert "target" in out and "said ('2024-10-21', '2024-10-21')" in out


def test_bad_files_exit_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert bm.main([str(tmp_path / "nowhere.jsonl")]) == 2
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"dct": "2024-10-18"}\n', encoding="utf-8")
    assert bm.main([str(bad)]) == 2
    assert "bad.jsonl:1" in capsys.readouterr().err
