"""Evaluation harness for event extraction: expected ACLED-style events against `extract_events`' rows.

Usage (from the repository root)::

    python -m benchmarks.events [PATH] [--json] [--errors]
    python -m benchmarks.events --acled NOTES.jsonl [--limit N] [--seed S] [--json] [--errors]

``--acled`` scores ACLED analysts' notes, one gold event each (see ``benchmarks.acled_notes``): event found,
type, sub-type, date (notes that state a day), place within 161 and 25 km, fatalities exact and actor1.

PATH defaults to ``benchmarks/data/events_eval.jsonl`` (described in ``benchmarks/data/README.md``): JSON Lines,
one short news paragraph a line::

    {"id", "published": "YYYY-MM-DD", "source", "text",
     "events": [{"event_type", "sub_event_type", "date", "date_precision", "location", "lat", "lon",
                 "geo_precision", "modality", "actor1"?}]}

Matching: within a paragraph every (expected, extracted) pair gets a score -- same event_type +2, same
sub_event_type +1, places within 50 km +2, same date +1 -- and pairs with a score of at least 2 are taken
greedily, best score first, each event at most once. Recall is matched expected / expected, precision matched
extracted / extracted. Over the matched pairs: date accuracy (date and precision both equal), date within 7
days, location within 25 km, geo_precision, event_type, sub_event_type, modality and (where the expected
event names one) actor1 accuracy. Time per paragraph is measured around `extract_events` only, after the
gazetteer, geoparser and actor lexicon are loaded.

Everything except ``main`` (and ``run_extractor``'s default) is a pure function over plain data, so the
scoring is tested with hand-made frames; ``geodata`` is imported only when the extractor is run.
"""

from __future__ import annotations

import argparse
import datetime as dt
import math
import statistics
import sys
import time
from pathlib import Path
from typing import Any, Callable, Iterable, Mapping, Sequence

import pandas as pd

from benchmarks.geoparse import haversine_km
from benchmarks.jsonl import headed, load_or_report, print_result, text_objects

__all__ = [
    "DEFAULT_PATH",
    "MATCH_KM",
    "ACCURACY_KM",
    "DATE_WINDOW_DAYS",
    "MIN_MATCH_SCORE",
    "EvalError",
    "load_eval",
    "to_events",
    "pair_score",
    "match_events",
    "compare",
    "score",
    "errors",
    "run_extractor",
    "format_report",
    "main",
]

DEFAULT_PATH = Path(__file__).resolve().parent / "data" / "events_eval.jsonl"
#: Places this close count towards a match ("Kursk" for "near Kursk").
MATCH_KM = 50.0
#: Places this close count as the right location among matched pairs.
ACCURACY_KM = 25.0
#: A date this many days off (either way) still counts for the lenient date measure.
DATE_WINDOW_DAYS = 7
#: Smallest pair score that makes a match (a type alone, or a place alone, is enough).
MIN_MATCH_SCORE = 2

#: The per-pair measures, in report order: (key, label).
MEASURES: tuple[tuple[str, str], ...] = (
    ("date", "date (date and precision)"),
    ("date_within_7d", f"date within {DATE_WINDOW_DAYS} days"),
    ("location_25km", f"location within {ACCURACY_KM:g} km"),
    ("geo_precision", "geo_precision"),
    ("event_type", "event_type"),
    ("sub_event_type", "sub_event_type"),
    ("modality", "modality"),
    ("actor1", "actor1 (where expected)"),
)

_FIELDS = ("event_type", "sub_event_type", "date", "date_precision", "location", "lat", "lon", "geo_precision",
           "modality", "actor1", "notes")


class EvalError(ValueError):
    """The evaluation file exists but a line is not a paragraph of the expected shape."""


# --------------------------------------------------------------------------- loading


def _as_date(value: Any) -> dt.date | None:
    """A day from a date, datetime, Timestamp or ISO text; None for missing values."""
    if value is None:
        return None
    if isinstance(value, str):
        return dt.date.fromisoformat(value[:10]) if value.strip() else None
    try:
        if pd.isna(value):
            return None
    except (TypeError, ValueError):
        pass
    if isinstance(value, pd.Timestamp):
        return value.date()
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    return pd.Timestamp(value).date()


def _clean(value: Any) -> Any:
    """None for NaN/NA/NaT, plain Python numbers for numpy ones, everything else unchanged."""
    if value is None:
        return None
    try:
        if pd.isna(value):
            return None
    except (TypeError, ValueError):
        return value
    if hasattr(value, "item") and not isinstance(value, (str, bytes)):
        return value.item()
    return value


def _event(raw: Mapping[str, Any]) -> dict:
    """One event as a plain dict with every field of ``_FIELDS`` (missing ones None)."""
    d = {k: _clean(raw.get(k)) for k in _FIELDS}
    d["date"] = _as_date(raw.get("date"))
    for key in ("lat", "lon"):
        d[key] = float(d[key]) if d[key] is not None else None
    d["geo_precision"] = int(d["geo_precision"]) if d["geo_precision"] is not None else None
    for key in ("event_type", "sub_event_type", "date_precision", "modality", "location", "actor1", "notes"):
        d[key] = str(d[key]) if d[key] is not None else None
    return d


def load_eval(path: str | Path) -> list[dict]:
    """Read the evaluation set: one dict per paragraph with ``published`` as a date and ``events`` as plain
    dicts (``date`` a date). Raises ``OSError`` if the file cannot be read and ``EvalError`` (with the line
    number) for a malformed line."""
    paragraphs: list[dict] = []
    for lineno, raw in text_objects(path, EvalError):
        try:
            published = dt.date.fromisoformat(str(raw["published"]))
            events = [_event(e) for e in raw.get("events") or []]
        except (KeyError, TypeError, ValueError) as exc:
            raise EvalError(f"{path}:{lineno}: bad 'published' or event ({exc})") from None
        paragraphs.append({
            "id": str(raw.get("id", lineno)),
            "published": published,
            "source": str(raw.get("source", "eval")),
            "text": raw["text"],
            "events": events,
        })
    return paragraphs


def to_events(extracted: pd.DataFrame | Iterable[Mapping[str, Any]] | None) -> list[dict]:
    """Extracted rows as plain event dicts: a timeline frame (``event_date``, ``latitude``, ``longitude``)
    or dicts already in the expected layout (``date``, ``lat``, ``lon``)."""
    if extracted is None:
        return []
    if isinstance(extracted, pd.DataFrame):
        rows = extracted.to_dict("records")
    else:
        rows = [dict(r) for r in extracted]
    out = []
    for row in rows:
        if "event_date" in row and "date" not in row:
            row["date"] = row["event_date"]
        if "latitude" in row and "lat" not in row:
            row["lat"] = row["latitude"]
        if "longitude" in row and "lon" not in row:
            row["lon"] = row["longitude"]
        out.append(_event(row))
    return out


# --------------------------------------------------------------------------- matching


def _distance_km(a: Mapping[str, Any], b: Mapping[str, Any]) -> float | None:
    if a.get("lat") is None or a.get("lon") is None or b.get("lat") is None or b.get("lon") is None:
        return None
    return haversine_km(a["lat"], a["lon"], b["lat"], b["lon"])


def pair_score(expected: Mapping[str, Any], got: Mapping[str, Any]) -> int:
    """Same event_type +2, same sub_event_type +1, within 50 km +2, same date +1 (0 to 6)."""
    points = 0
    if expected.get("event_type") is not None and expected.get("event_type") == got.get("event_type"):
        points += 2
    if expected.get("sub_event_type") is not None and expected.get("sub_event_type") == got.get("sub_event_type"):
        points += 1
    km = _distance_km(expected, got)
    if km is not None and km <= MATCH_KM:
        points += 2
    if expected.get("date") is not None and expected.get("date") == got.get("date"):
        points += 1
    return points


def match_events(expected: Sequence[Mapping[str, Any]],
                 extracted: pd.DataFrame | Sequence[Mapping[str, Any]]) -> list[tuple[int, int, int]]:
    """Pair expected and extracted events of one paragraph one-to-one, greedily by score.

    Pairs scoring below ``MIN_MATCH_SCORE`` never match. Ties go to the closer place, then to the earlier
    expected event, then to the earlier extracted one, so the result is deterministic. Returns sorted
    ``(expected_index, extracted_index, score)`` triples.
    """
    got = to_events(extracted)
    candidates = []
    for ei, e in enumerate(expected):
        for gi, g in enumerate(got):
            s = pair_score(e, g)
            if s >= MIN_MATCH_SCORE:
                km = _distance_km(e, g)
                candidates.append((-s, math.inf if km is None else km, ei, gi))
    candidates.sort()
    used_e: set[int] = set()
    used_g: set[int] = set()
    pairs = []
    for neg, _, ei, gi in candidates:
        if ei in used_e or gi in used_g:
            continue
        used_e.add(ei)
        used_g.add(gi)
        pairs.append((ei, gi, -neg))
    return sorted(pairs)


def compare(expected: Mapping[str, Any], got: Mapping[str, Any]) -> dict[str, bool | None]:
    """The per-pair measures of one matched pair: True/False, or None where it does not apply (actor1 when the
    expected event names no actor)."""
    km = _distance_km(expected, got)
    e_date, g_date = expected.get("date"), got.get("date")
    within = e_date is not None and g_date is not None and abs((e_date - g_date).days) <= DATE_WINDOW_DAYS
    return {
        "date": e_date == g_date and expected.get("date_precision") == got.get("date_precision"),
        "date_within_7d": bool(within),
        "location_25km": km is not None and km <= ACCURACY_KM,
        "geo_precision": expected.get("geo_precision") == got.get("geo_precision"),
        "event_type": expected.get("event_type") == got.get("event_type"),
        "sub_event_type": expected.get("sub_event_type") == got.get("sub_event_type"),
        "modality": expected.get("modality") == got.get("modality"),
        "actor1": None if not expected.get("actor1") else expected.get("actor1") == got.get("actor1"),
    }


def _ratio(num: int, den: int) -> float | None:
    return num / den if den else None


def score(paragraphs: Sequence[Mapping[str, Any]], extracted: Sequence[Any]) -> dict:
    """All figures for paragraphs and, per paragraph, the extracted events (a frame or a list of dicts).

    Recall and precision are None (not 0) when there is nothing to divide by; so is an accuracy with no
    matched pair it applies to.
    """
    if len(paragraphs) != len(extracted):
        raise ValueError("one set of extracted events per paragraph is required")
    n_expected = n_extracted = n_matched = 0
    right = {key: 0 for key, _ in MEASURES}
    applies = {key: 0 for key, _ in MEASURES}
    for para, rows in zip(paragraphs, extracted, strict=False):
        expected = para["events"]
        got = to_events(rows)
        n_expected += len(expected)
        n_extracted += len(got)
        for ei, gi, _ in match_events(expected, got):
            n_matched += 1
            for key, ok in compare(expected[ei], got[gi]).items():
                if ok is None:
                    continue
                applies[key] += 1
                right[key] += int(ok)
    recall = _ratio(n_matched, n_expected)
    precision = _ratio(n_matched, n_extracted)
    f1 = 2 * precision * recall / (precision + recall) if precision and recall else (
        0.0 if precision is not None and recall is not None else None)
    return {
        "recall": recall,
        "precision": precision,
        "f1": f1,
        "accuracy": {key: _ratio(right[key], applies[key]) for key, _ in MEASURES},
        "counts": {
            "paragraphs": len(paragraphs),
            "expected": n_expected,
            "extracted": n_extracted,
            "matched": n_matched,
            "correct": right,
            "scored": applies,
        },
    }


# --------------------------------------------------------------------------- diagnostics


def _describe(e: Mapping[str, Any]) -> str:
    date = e["date"].isoformat() if e.get("date") else "?"
    where = e.get("location") or "?"
    if e.get("lat") is not None and e.get("lon") is not None:
        where += f" ({e['lat']:.2f},{e['lon']:.2f})"
    return (f"{e.get('event_type')} / {e.get('sub_event_type')} | {date} {e.get('date_precision')} | {where} "
            f"gp{e.get('geo_precision')} | {e.get('modality')}" + (f" | {e['actor1']}" if e.get("actor1") else ""))


def _field_text(key: str, e: Mapping[str, Any]) -> str:
    if key in ("date", "date_within_7d"):
        return f"{e['date'].isoformat() if e.get('date') else None} {e.get('date_precision')}"
    if key == "location_25km":
        if e.get("lat") is None or e.get("lon") is None:
            return f"{e.get('location')} (no coordinates)"
        return f"{e.get('location')} ({e['lat']:.2f},{e['lon']:.2f})"
    return str(e.get(key))


def errors(paragraphs: Sequence[Mapping[str, Any]], extracted: Sequence[Any]) -> list[dict]:
    """One row per mistake: ``missed`` (expected, unmatched), ``spurious`` (extracted, unmatched, with its
    sentence) and ``mismatch`` (a matched pair that differs in some measure; the lenient date measure is left
    out when the strict one already reports the date)."""
    rows: list[dict] = []
    for para, raw in zip(paragraphs, extracted, strict=False):
        expected = para["events"]
        got = to_events(raw)
        pairs = match_events(expected, got)
        done_e = {ei for ei, _, _ in pairs}
        done_g = {gi for _, gi, _ in pairs}
        for ei, e in enumerate(expected):
            if ei not in done_e:
                rows.append({"id": para["id"], "kind": "missed", "expected_index": ei, "expected": _describe(e)})
        for gi, g in enumerate(got):
            if gi not in done_g:
                rows.append({"id": para["id"], "kind": "spurious", "extracted_index": gi, "got": _describe(g),
                             "notes": g.get("notes")})
        for ei, gi, s in pairs:
            e, g = expected[ei], got[gi]
            for key, ok in compare(e, g).items():
                if ok is not False or (key == "date_within_7d"):
                    continue
                rows.append({"id": para["id"], "kind": "mismatch", "field": key, "expected_index": ei,
                             "extracted_index": gi, "score": s, "expected": _field_text(key, e),
                             "got": _field_text(key, g), "notes": g.get("notes")})
    return rows


def format_errors(rows: Iterable[Mapping[str, Any]]) -> str:
    lines = []
    for r in rows:
        if r["kind"] == "missed":
            lines.append(f"{r['id']}  MISSED     expected {r['expected']}")
        elif r["kind"] == "spurious":
            lines.append(f"{r['id']}  SPURIOUS   got {r['got']}\n{'':13}from: {r.get('notes')}")
        else:
            lines.append(f"{r['id']}  {r['field']:<15} expected {r['expected']!s:<40} got {r['got']}")
    return "\n".join(lines)


# --------------------------------------------------------------------------- running


ExtractFn = Callable[[str, dt.date, str], pd.DataFrame]


def run_extractor(paragraphs: Sequence[Mapping[str, Any]],
                  extract_fn: ExtractFn | None = None) -> tuple[list[pd.DataFrame], list[float]]:
    """Extract every paragraph; returns (frames, milliseconds per paragraph). With no ``extract_fn`` the real
    extractor is loaded first (outside the timer)."""
    if extract_fn is None:
        from geodata.extract import default_extractor, extract_events

        default_extractor()
        extract_fn = extract_events
    frames: list[pd.DataFrame] = []
    millis: list[float] = []
    for para in paragraphs:
        t0 = time.perf_counter()
        frame = extract_fn(para["text"], para["published"], para["source"])
        millis.append((time.perf_counter() - t0) * 1000.0)
        frames.append(frame)
    return frames, millis


def timing(millis: Sequence[float]) -> dict:
    if not millis:
        return {"mean_ms": None, "median_ms": None, "max_ms": None}
    return {"mean_ms": statistics.fmean(millis), "median_ms": statistics.median(millis), "max_ms": max(millis)}


def _pct(value: float | None) -> str:
    return "n/a" if value is None else f"{100 * value:5.1f}%"


def format_report(name: str, result: Mapping[str, Any]) -> str:
    c = result["counts"]
    lines = [
        f"== {name} ==",
        f"  paragraphs {c['paragraphs']}   expected events {c['expected']}   extracted {c['extracted']}   "
        f"matched {c['matched']}",
        f"  event recall         {_pct(result['recall'])}  ({c['matched']}/{c['expected']})",
        f"  event precision      {_pct(result['precision'])}  ({c['matched']}/{c['extracted']})",
        f"  F1                   {_pct(result['f1'])}",
        "  over matched pairs:",
    ]
    for key, label in MEASURES:
        lines.append(f"    {label:<28} {_pct(result['accuracy'][key])}  "
                     f"({c['correct'][key]}/{c['scored'][key]})")
    t = result.get("timing")
    if t and t.get("mean_ms") is not None:
        lines.append(f"  time per paragraph   mean {t['mean_ms']:.1f} ms, median {t['median_ms']:.1f} ms, "
                     f"max {t['max_ms']:.1f} ms  (load {result.get('load_seconds', 0):.2f} s, not counted)")
    return "\n".join(lines)


def main(argv: Sequence[str] | None = None) -> int:
    """Command line entry point; returns the exit status (2: the evaluation file is missing or malformed)."""
    argv = list(sys.argv[1:] if argv is None else argv)
    if "--timex" in argv:   # dates on TimeML expressions: benchmarks.timex scores them
        from benchmarks.timex import main as timex_main
        return timex_main([a for a in argv if a != "--timex"], prog="python -m benchmarks.events --timex")
    ap = argparse.ArgumentParser(prog="python -m benchmarks.events",
                                 description="Score geodata.extract.extract_events on expected ACLED-style events.")
    ap.add_argument("path", nargs="?", default=str(DEFAULT_PATH), metavar="PATH",
                    help=f"evaluation set, JSON Lines (default {DEFAULT_PATH})")
    ap.add_argument("--json", action="store_true", help="print one JSON object (with the errors if --errors)")
    ap.add_argument("--errors", action="store_true",
                    help="also list every mistake: missed, spurious and mismatched fields")
    ap.add_argument("--acled", metavar="NOTES",
                    help="score ACLED analysts' notes (JSON Lines, one gold event a note) instead of PATH")
    ap.add_argument("--limit", type=int, metavar="N", help="with --acled: a random sample of N notes")
    ap.add_argument("--seed", type=int, default=0, help="with --limit: the sample's seed (default 0)")
    args = ap.parse_args(argv)
    if args.acled:
        return _main_acled(args)

    paragraphs = load_or_report(args.path, load_eval, (EvalError,))
    if paragraphs is None:
        return 2

    t0 = time.perf_counter()
    try:
        from geodata.extract import default_extractor, extract_events

        default_extractor()
    except ImportError as exc:
        print(f"error: cannot import the extractor (geodata.extract): {exc}", file=sys.stderr)
        return 1
    load_seconds = time.perf_counter() - t0
    frames, millis = run_extractor(paragraphs, extract_events)
    result = score(paragraphs, frames)
    result["timing"] = timing(millis)
    result["load_seconds"] = load_seconds
    mistakes = errors(paragraphs, frames) if args.errors else None

    print_result(args.path, result, mistakes, args.json, lambda: format_report(Path(args.path).name, result),
                 lambda m: headed(m, format_errors))
    return 0


def _main_acled(args: argparse.Namespace) -> int:
    from benchmarks import acled_notes as an

    if args.limit is not None and args.limit < 1:
        print("error: --limit must be at least 1", file=sys.stderr)
        return 2
    notes = load_or_report(args.acled, lambda path: an.load_notes(path, args.limit, args.seed),
                           (an.AcledNotesError,), what="notes file")
    if notes is None:
        return 2
    try:
        from geodata.extract import default_extractor, extract_events

        default_extractor()
    except ImportError as exc:
        print(f"error: cannot import the extractor (geodata.extract): {exc}", file=sys.stderr)
        return 1
    frames, millis = an.run_acled(notes, extract_events)
    result = an.score_notes(notes, frames)
    result["timing"] = timing(millis)
    mistakes = an.note_errors(notes, frames) if args.errors else None
    print_result(args.acled, result, mistakes, args.json,
                 lambda: an.format_notes_report(Path(args.acled).name, result), _note_errors_text)
    return 0


def _note_errors_text(mistakes: list) -> str:
    return "\n".join(f"{m['id']:>6} {m['field']:<15} expected {m['expected']!s:<40} got {m['got']}\n"
                     f"{'':7}{m['text'][:300]}" for m in mistakes)


if __name__ == "__main__":
    sys.exit(main())
