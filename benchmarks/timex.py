"""Evaluation harness for dates: TimeML time expressions against `geodata.text.dates`.

Usage (from the repository root)::

    python -m benchmarks.timex PATH [--json] [--errors]
    python -m benchmarks.events --timex PATH [--json] [--errors]

PATH is JSON Lines, one gold time expression a line::

    {"dct": "YYYY-MM-DD", "sentence", "text", "start", "end", "value", "granularity",
     "first_day": "YYYY-MM-DD" | null, "last_day": "YYYY-MM-DD" | null, "kind"}

Each row's sentence is read by ``find_time_expressions`` (the function ``resolve_date``, and so the
extractor, chooses from) with ``dct`` as the publication date. The expression we found that overlaps the
gold span most is the prediction; none counts as a miss (recognition). A row with a gold interval is
right when our first..last day equals it; a ``PRESENT_REF`` / ``PAST_REF`` row ("now", "recently") is
right when we say the publication day / ``before``. Rows whose gold has neither ("1998-12-XX",
``P1W``) count for recognition only.

Groups: every ``kind`` and ``granularity``; ``target`` = explicit and relative day/week/month
expressions (the issue's figure, HeidelTime 0.886), also split by kind; and three groups read off the gold, not our
output: ``future`` (gold interval starts after ``dct``), ``anaphoric`` (the expression refers to another date of
the text: "the following month", "that day") and ``vague`` (kind vague).

Everything except ``main`` and ``run_resolver`` is pure over plain data; ``geodata`` is imported only
when the resolver runs.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import re
import sys
from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any

from benchmarks.jsonl import headed, load_or_report, print_result

__all__ = [
    "Prediction",
    "TimexError",
    "format_errors",
    "format_report",
    "gold_answer",
    "groups",
    "judge",
    "load_rows",
    "main",
    "pick",
    "run_resolver",
    "score",
]

TARGET_KINDS = ("explicit", "relative")
TARGET_GRANULARITIES = ("day", "week", "month")
_ANAPHOR = re.compile(r"\b(?:that|following|same|previous|preceding|the\s+next|the\s+day\s+(?:before|after)"
                      r"|the\s+(?:morning|night|evening)\s+(?:before|after)|later|earlier\s+that)\b", re.IGNORECASE)

Prediction = Mapping[str, Any]
"""One found expression as plain data: text, start, end, first, last (ISO or None), precision."""


class TimexError(ValueError):
    """A malformed evaluation row."""


def _iso(value: object) -> dt.date | None:
    return dt.date.fromisoformat(value) if isinstance(value, str) else None


def load_rows(path: str | Path) -> list[dict]:
    """The rows of a TimeML JSON Lines file; `TimexError` names a malformed line."""
    rows = []
    with open(path, encoding="utf-8") as fh:
        for lineno, line in enumerate(fh, 1):
            if not line.strip():
                continue
            try:
                row = json.loads(line)
                _iso(row["dct"])
                if not (isinstance(row["sentence"], str) and isinstance(row["start"], int)
                        and isinstance(row["end"], int)):
                    raise TypeError("sentence, start and end")
                _iso(row.get("first_day")), _iso(row.get("last_day"))
            except (json.JSONDecodeError, KeyError, TypeError, ValueError) as exc:
                raise TimexError(f"{path}:{lineno}: not a time expression row ({exc})") from None
            rows.append(row)
    return rows


def gold_answer(row: Mapping[str, Any]) -> tuple[str, str] | str | None:
    """(first_day, last_day), a reference value ("PRESENT_REF", "PAST_REF", "FUTURE_REF"), or None."""
    if row.get("first_day") and row.get("last_day"):
        return row["first_day"], row["last_day"]
    if str(row.get("value", "")).endswith("_REF"):
        return str(row["value"])
    return None


def groups(row: Mapping[str, Any]) -> list[str]:
    """The report lines a row counts in (see the module docstring)."""
    kind, gran = row.get("kind"), row.get("granularity")
    out = ["all", f"kind:{kind}", f"granularity:{gran}"]
    if kind in TARGET_KINDS and gran in TARGET_GRANULARITIES:
        out += ["target", f"target:{kind}"]
    first = _iso(row.get("first_day"))
    if first is not None and first > dt.date.fromisoformat(row["dct"]):
        out.append("future")
    if _ANAPHOR.search(str(row.get("text", ""))):
        out.append("anaphoric")
    if kind == "vague":
        out.append("vague")
    return out


def pick(found: Sequence[Prediction], start: int, end: int) -> Prediction | None:
    """The found expression overlapping [start, end) most, None when none overlaps."""
    best, best_overlap = None, 0
    for p in found:
        overlap = min(end, p["end"]) - max(start, p["start"])
        if overlap > best_overlap:
            best, best_overlap = p, overlap
    return best


def _answer(pred: Prediction, dct: str) -> tuple[str, str] | str | None:
    if pred.get("first") and pred.get("last"):   # a decade is "before" publication and still an interval
        if pred.get("present") and pred["first"] == dct:
            return "PRESENT_REF"
        return pred["first"], pred["last"]
    return "PAST_REF" if pred.get("precision") == "before" else None


def judge(row: Mapping[str, Any], found: Sequence[Prediction]) -> dict:
    """found / scored / correct for one gold row, with what we said."""
    pred = pick(found, row["start"], row["end"])
    gold = gold_answer(row)
    said = _answer(pred, row["dct"]) if pred is not None else None
    if isinstance(gold, tuple) and isinstance(said, str) and said == "PRESENT_REF":
        said = (row["dct"], row["dct"])     # "now" as the publication day is a day interval too
    return {"found": pred is not None, "scored": gold is not None,
            "correct": gold is not None and said == gold,
            "gold": gold, "said": said, "said_text": pred["text"] if pred is not None else None}


def score(rows: Sequence[Mapping[str, Any]], judged: Sequence[Mapping[str, Any]]) -> dict:
    """Per group: rows, found (recognition), scored (rows with a gold answer), correct, accuracy."""
    table: dict[str, dict[str, int]] = defaultdict(lambda: {"rows": 0, "found": 0, "scored": 0, "correct": 0})
    for row, j in zip(rows, judged, strict=True):
        for g in groups(row):
            t = table[g]
            t["rows"] += 1
            t["found"] += j["found"]
            t["scored"] += j["scored"]
            t["correct"] += j["correct"]
    return {g: {**t, "recognition": t["found"] / t["rows"] if t["rows"] else None,
                "accuracy": t["correct"] / t["scored"] if t["scored"] else None}
            for g, t in sorted(table.items(), key=lambda kv: _order(kv[0]))}


def _order(group: str) -> tuple[int, str]:
    heads = ("all", "target", "target:explicit", "target:relative", "future", "anaphoric", "vague")
    return (heads.index(group), "") if group in heads else (len(heads), group)


def errors(rows: Sequence[Mapping[str, Any]], judged: Sequence[Mapping[str, Any]]) -> list[dict]:
    """Every scored row we got wrong, with its sentence, for reading."""
    return [{"kind": r.get("kind"), "granularity": r.get("granularity"), "dct": r["dct"], "text": r["text"],
             "gold": j["gold"], "said": j["said"], "said_text": j["said_text"], "sentence": r["sentence"]}
            for r, j in zip(rows, judged, strict=True) if j["scored"] and not j["correct"]]


def _pct(value: float | None) -> str:
    return "  n/a " if value is None else f"{100 * value:5.1f}%"


def format_report(name: str, result: Mapping[str, Mapping[str, Any]]) -> str:
    lines = [f"== {name} ==", f"  {'group':<28} {'rows':>5} {'found':>7} {'accuracy':>9}  (correct/scored)"]
    for g, t in result.items():
        lines.append(f"  {g:<28} {t['rows']:>5} {_pct(t['recognition']):>7} {_pct(t['accuracy']):>9}  "
                     f"({t['correct']}/{t['scored']})")
    return "\n".join(lines)


def format_errors(mistakes: Iterable[Mapping[str, Any]]) -> str:
    return "\n".join(f"- [{m['kind']}/{m['granularity']}] dct {m['dct']} {m['text']!r}: gold {m['gold']}, "
                     f"said {m['said']} ({m['said_text']!r})\n    {m['sentence']}" for m in mistakes)


def run_resolver(rows: Sequence[Mapping[str, Any]],
                 find: Callable[[str, dt.date], Sequence[Any]] | None = None) -> list[list[dict]]:
    """Our expressions for each row's sentence, as plain `Prediction` dicts."""
    if find is None:
        from geodata.text.dates import find_time_expressions
        find = find_time_expressions
    out = []
    for row in rows:
        exprs = find(row["sentence"], dt.date.fromisoformat(row["dct"]))
        out.append([{"text": e.text, "start": e.start, "end": e.end, "precision": e.precision,
                     "first": e.first.isoformat() if e.first is not None else None,
                     "last": e.last.isoformat() if e.last is not None else None,
                     "present": bool(getattr(e, "vague", False))} for e in exprs])
    return out


def main(argv: Sequence[str] | None = None, prog: str = "python -m benchmarks.timex") -> int:
    """Command line entry point; returns the exit status (2: the evaluation file is missing or malformed)."""
    ap = argparse.ArgumentParser(prog=prog, description="Score geodata.text.dates on TimeML expressions.")
    ap.add_argument("path", metavar="PATH", help="TimeML expressions, JSON Lines")
    ap.add_argument("--json", action="store_true", help="print one JSON object (with the errors if --errors)")
    ap.add_argument("--errors", action="store_true", help="also list every scored row we got wrong")
    args = ap.parse_args(argv)
    rows = load_or_report(args.path, load_rows, (TimexError,))
    if rows is None:
        return 2
    found = run_resolver(rows)
    judged = [judge(r, f) for r, f in zip(rows, found, strict=True)]
    result = score(rows, judged)
    mistakes = errors(rows, judged) if args.errors else None
    print_result(args.path, {"groups": result}, mistakes, args.json,
                 lambda: format_report(Path(args.path).name, result), lambda m: headed(m, format_errors))
    return 0


if __name__ == "__main__":
    sys.exit(main())
