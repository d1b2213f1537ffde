"""Evaluation harness for the geoparser: recognition and resolution scores on gold corpora.

Usage (from the repository root)::

    python -m benchmarks.geoparse ../shared/corpora/trnews.jsonl [more.jsonl ...]
        [--json] [--errors PATH] [--limit N] [--repeat K] [--demonyms auto|keep|drop]

The corpora are JSON Lines, one document a line::

    {"doc_id", "text", "toponyms": [{"start", "end", "phrase", "lat", "lon", ...}], "meta"}

They are evaluation data only; this module reads them from wherever they lie and never
copies them into the repository.

The measures are the field's usual ones (Gritta et al. 2018, "What's missing in geographical
parsing?"), so figures can be set beside published ones:

* recognition: precision / recall / F1 of predicted spans, where any overlap is a match
  (one-to-one, the largest overlap first);
* resolution: accuracy@161 km over the gold toponyms with coordinates that were recognised,
  the median error and the AUC of the log error curve over those same toponyms;
* end to end: accuracy@161 km over *all* gold toponyms with coordinates, a missed one
  counting as wrong.

Everything except ``main`` is a small pure function over plain data so the metrics can be
tested with hand-built documents and fake parse functions; ``geodata`` is only imported
inside ``main``.
"""

from __future__ import annotations

import argparse
import csv
import io
import json
import math
import os
import statistics
import sys
import time
import warnings
from pathlib import Path
from typing import Any, Callable, Iterable, Iterator, Mapping, Sequence

from benchmarks.jsonl import text_objects

__all__ = [
    "ACCURACY_KM",
    "MAX_ERROR_KM",
    "EARTH_RADIUS_KM",
    "CorpusError",
    "load_corpus",
    "repair_offsets",
    "match_spans",
    "haversine_km",
    "auc_log_error",
    "to_prediction",
    "run_parser",
    "score",
    "gold_marks_demonyms",
    "apply_demonym_policy",
    "evaluate",
    "errors",
    "format_report",
    "main",
]

#: 161 km = 100 miles, the customary "correct" radius for a resolved toponym.
ACCURACY_KM = 161.0
#: Half the Earth's circumference: the largest possible error, used to clip and normalise AUC.
MAX_ERROR_KM = 20039.0
#: Mean Earth radius (IUGG); the difference from other radii is far below the 161 km threshold.
EARTH_RADIUS_KM = 6371.0088
#: Characters of context either side of a span in diagnostic rows.
CONTEXT_CHARS = 40

ParseFn = Callable[[str], Sequence[Any]]


class CorpusError(ValueError):
    """A corpus file exists but cannot be read as the expected JSON Lines shape."""


# --------------------------------------------------------------------------- corpus


def repair_offsets(text: str, toponyms: Sequence[Mapping[str, Any]]) -> tuple[list[dict], int, int]:
    """Return (toponyms, n_repaired, n_dropped) with ``text[start:end] == phrase`` guaranteed.

    The published corpora contain a few off-by-some offsets (e.g. TR-News "Kenyan" with the
    end one short). Scoring against a wrong span would misreport recognition, so a span is
    re-anchored when the phrase sits at its start, at its end, or nearby; one that cannot be
    found is dropped rather than scored wrongly.
    """
    kept: list[dict] = []
    repaired = dropped = 0
    for top in toponyms:
        t = dict(top)
        start, end, phrase = int(t["start"]), int(t["end"]), t.get("phrase")
        if phrase is None:
            t["phrase"] = text[start:end]
            kept.append(t)
            continue
        if text[start:end] == phrase:
            kept.append(t)
            continue
        n = len(phrase)
        candidates = [start, end - n]
        # Nearest occurrence within a small window around the given start.
        window = 50
        lo = max(0, start - window)
        pos = text.find(phrase, lo, min(len(text), end + window + n))
        near: list[int] = []
        while pos != -1:
            near.append(pos)
            pos = text.find(phrase, pos + 1, min(len(text), end + window + n))
        candidates += sorted(near, key=lambda p: abs(p - start))
        for s in candidates:
            if 0 <= s and text[s : s + n] == phrase:
                t["start"], t["end"] = s, s + n
                kept.append(t)
                repaired += 1
                break
        else:
            dropped += 1
    return kept, repaired, dropped


def load_corpus(path: str | os.PathLike[str]) -> list[dict]:
    """Read a JSON Lines corpus into a list of documents.

    Raises ``OSError`` if the file cannot be opened and ``CorpusError`` (with the line number)
    if a line is not a document of the expected shape, so the CLI can report it cleanly.
    Toponym offsets are checked against the text (see ``repair_offsets``); any repair is
    announced with a warning so it never passes silently.
    """
    docs: list[dict] = []
    repaired_total = dropped_total = 0
    for lineno, doc in text_objects(path, CorpusError):
        toponyms = doc.get("toponyms") or []
        try:
            fixed, rep, drop = repair_offsets(doc["text"], toponyms)
        except (KeyError, TypeError, ValueError):
            raise CorpusError(f"{path}:{lineno}: toponyms need integer 'start' and 'end'") from None
        repaired_total += rep
        dropped_total += drop
        doc["toponyms"] = fixed
        doc.setdefault("doc_id", str(len(docs)))
        docs.append(doc)
    if repaired_total or dropped_total:
        warnings.warn(
            f"{path}: {repaired_total} gold span(s) re-anchored and {dropped_total} dropped "
            "because text[start:end] did not equal the phrase",
            stacklevel=2,
        )
    return docs


# --------------------------------------------------------------------------- metrics


def _span(item: Any) -> tuple[int, int]:
    """(start, end) of a gold dict, a prediction dict, a Mention-like object or a tuple."""
    if isinstance(item, Mapping):
        return int(item["start"]), int(item["end"])
    if isinstance(item, (tuple, list)):
        return int(item[0]), int(item[1])
    return int(item.start), int(item.end)


def match_spans(gold: Sequence[Any], predicted: Sequence[Any]) -> list[tuple[int, int]]:
    """Pair gold and predicted spans that overlap, one-to-one, largest overlap first.

    Overlap (rather than exact boundaries) is the field's convention: "Ankara" predicted
    inside gold "Ankara Province" is still a recognised place. Each gold and each prediction
    is used at most once, so a prediction swallowing two gold places earns one match and the
    other gold counts as missed. Ties go to the pair with the closer start, then to document
    order, keeping the result deterministic.

    Returns sorted ``(gold_index, predicted_index)`` pairs.
    """
    gspans = [_span(g) for g in gold]
    pspans = [_span(p) for p in predicted]
    candidates: list[tuple[int, int, int, int]] = []
    for gi, (gs, ge) in enumerate(gspans):
        for pi, (ps, pe) in enumerate(pspans):
            overlap = min(ge, pe) - max(gs, ps)
            if overlap > 0:
                candidates.append((-overlap, abs(gs - ps), gi, pi))
    candidates.sort()
    used_g: set[int] = set()
    used_p: set[int] = set()
    pairs: list[tuple[int, int]] = []
    for _, _, gi, pi in candidates:
        if gi in used_g or pi in used_p:
            continue
        used_g.add(gi)
        used_p.add(pi)
        pairs.append((gi, pi))
    return sorted(pairs)


def haversine_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance in km, the error measure for a resolved toponym."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp = p2 - p1
    dl = math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * EARTH_RADIUS_KM * math.asin(min(1.0, math.sqrt(a)))


def auc_log_error(errors_km: Iterable[float]) -> float | None:
    """Area under the log error curve (Gritta et al. 2018), 0 = perfect, 1 = worst.

    Each error is clipped to [0, 20039] km and scaled as log(1+e)/log(20040); the area is the
    mean of those values. The log scale keeps a handful of antipodal blunders from
    dominating while still rewarding the 5 km answer over the 150 km one, which
    accuracy@161 cannot tell apart. ``None`` when there is nothing to score.
    """
    scaled = [
        math.log1p(min(max(float(e), 0.0), MAX_ERROR_KM)) / math.log1p(MAX_ERROR_KM) for e in errors_km
    ]
    return sum(scaled) / len(scaled) if scaled else None


def _has_coords(item: Mapping[str, Any]) -> bool:
    return item.get("lat") is not None and item.get("lon") is not None


def to_prediction(mention: Any) -> dict:
    """Turn whatever the parser returns (Mention, dict) into a plain dict.

    Working on dicts keeps the scoring independent of the Mention class and lets tests feed
    simple objects; fields the mention lacks are ``None``.
    """
    if isinstance(mention, Mapping):
        d = dict(mention)
    elif hasattr(mention, "to_dict"):
        d = dict(mention.to_dict())
    else:
        d = {}
    for key in ("start", "end", "text", "lat", "lon", "name", "country_code", "confidence"):
        if d.get(key) is None and not isinstance(mention, Mapping):
            d[key] = getattr(mention, key, None)
        d.setdefault(key, None)
    d["start"], d["end"] = int(d["start"]), int(d["end"])
    return d


def run_parser(docs: Sequence[Mapping[str, Any]], parse_fn: ParseFn, repeat: int = 1) -> tuple[list[list[dict]], float]:
    """Parse every document ``repeat`` times; return (predictions of the first pass, seconds).

    Only the ``parse_fn`` calls are inside the timer (``time.perf_counter``), so conversion
    and scoring never inflate the throughput figure. Repeating smooths out timer noise on
    small corpora; the parser is expected to be deterministic, so the first pass is scored.
    """
    if repeat < 1:
        raise ValueError("repeat must be >= 1")
    predictions: list[list[dict]] = []
    seconds = 0.0
    for rnd in range(repeat):
        for doc in docs:
            text = doc["text"]
            t0 = time.perf_counter()
            result = parse_fn(text)
            seconds += time.perf_counter() - t0
            if rnd == 0:
                predictions.append([to_prediction(m) for m in result])
    return predictions, seconds


def _safe_div(num: float, den: float) -> float:
    return num / den if den else 0.0


def _resolution_error(gold: Mapping[str, Any], pred: Mapping[str, Any]) -> float:
    """Error in km for a recognised gold toponym; an unresolved prediction is the worst error."""
    if not _has_coords(pred):
        return MAX_ERROR_KM
    return haversine_km(float(gold["lat"]), float(gold["lon"]), float(pred["lat"]), float(pred["lon"]))


def score(docs: Sequence[Mapping[str, Any]], predictions: Sequence[Sequence[Any]]) -> dict:
    """All recognition and resolution figures for documents and their predictions.

    Gold toponyms without coordinates count for recognition only. Resolution accuracy, the
    median error and AUC use the recognised gold with coordinates (how good the resolver is
    when it gets the chance); end-to-end accuracy divides by every gold toponym with
    coordinates, so a missed place counts as wrong (what a user of the pipeline sees).
    A recognised toponym the parser left without coordinates counts with the maximum error.
    """
    if len(docs) != len(predictions):
        raise ValueError("one list of predictions per document is required")
    n_gold = n_gold_coords = n_pred = n_matched = n_matched_coords = n_correct = 0
    errs: list[float] = []
    for doc, preds in zip(docs, predictions, strict=False):
        gold = doc.get("toponyms") or []
        preds = [to_prediction(p) for p in preds]
        n_gold += len(gold)
        n_gold_coords += sum(1 for g in gold if _has_coords(g))
        n_pred += len(preds)
        for gi, pi in match_spans(gold, preds):
            n_matched += 1
            g = gold[gi]
            if not _has_coords(g):
                continue
            n_matched_coords += 1
            e = _resolution_error(g, preds[pi])
            errs.append(e)
            if e <= ACCURACY_KM:
                n_correct += 1
    precision = _safe_div(n_matched, n_pred)
    recall = _safe_div(n_matched, n_gold)
    f1 = _safe_div(2 * precision * recall, precision + recall)
    return {
        "precision": precision,
        "recall": recall,
        "f1": f1,
        "accuracy_161": _safe_div(n_correct, n_matched_coords),
        "end_to_end_accuracy_161": _safe_div(n_correct, n_gold_coords),
        "median_error_km": statistics.median(errs) if errs else None,
        "auc": auc_log_error(errs),
        "counts": {
            "docs": len(docs),
            "gold": n_gold,
            "gold_with_coords": n_gold_coords,
            "predicted": n_pred,
            "matched": n_matched,
            "matched_with_coords": n_matched_coords,
            "correct_161": n_correct,
        },
    }


DEMONYM_POLICIES = ("auto", "keep", "drop")


def gold_marks_demonyms(docs: Sequence[Mapping[str, Any]], predictions: Sequence[Sequence[Any]]) -> bool:
    """Whether the corpus annotates demonyms: some gold span is exactly a span the parser read as one.

    TR-News and LGL mark "Kenyan" and "American" as toponyms; GeoVirus marks none. Scoring "Canadian"
    against a corpus that never marks it counts a parser's deliberate answer as a false positive.
    """
    for doc, preds in zip(docs, predictions, strict=False):
        spans = {(int(g["start"]), int(g["end"])) for g in doc.get("toponyms") or []}
        if any(to_prediction(p).get("demonym") and _span(to_prediction(p)) in spans for p in preds):
            return True
    return False


def apply_demonym_policy(docs: Sequence[Mapping[str, Any]], predictions: Sequence[Sequence[Any]],
                         policy: str = "auto") -> tuple[list[list[dict]], int]:
    """Predictions to score under a policy, and how many demonym predictions were left out.

    ``keep`` scores every prediction; ``drop`` leaves out those flagged ``demonym``; ``auto`` drops them
    only when the gold marks no demonym at all (see ``gold_marks_demonyms``).
    """
    if policy not in DEMONYM_POLICIES:
        raise ValueError(f"demonym policy must be one of {', '.join(DEMONYM_POLICIES)}")
    preds = [[to_prediction(p) for p in doc_preds] for doc_preds in predictions]
    if policy == "keep" or policy == "auto" and gold_marks_demonyms(docs, preds):
        return preds, 0
    kept = [[p for p in doc_preds if not p.get("demonym")] for doc_preds in preds]
    return kept, sum(len(a) - len(b) for a, b in zip(preds, kept, strict=True))


def evaluate(docs: Sequence[Mapping[str, Any]], parse_fn: ParseFn, repeat: int = 1) -> dict:
    """Parse the documents and score them; adds throughput (docs/sec, total parse seconds).

    ``seconds`` is the summed time of the parse calls over all ``repeat`` passes and
    ``docs_per_sec`` is documents parsed divided by that time.
    """
    predictions, seconds = run_parser(docs, parse_fn, repeat)
    result = score(docs, predictions)
    parsed = len(docs) * repeat
    result["seconds"] = seconds
    result["docs_per_sec"] = parsed / seconds if seconds > 0 else None
    result["repeat"] = repeat
    return result


# --------------------------------------------------------------------------- diagnostics


def _context(text: str, start: int, end: int, width: int = CONTEXT_CHARS) -> str:
    """The span in ``[[ ]]`` with ``width`` characters either side, on one line."""
    left = text[max(0, start - width) : start]
    right = text[end : end + width]
    return " ".join(f"{left}[[{text[start:end]}]]{right}".split())


def errors(
    docs: Sequence[Mapping[str, Any]],
    parse_fn: ParseFn | None,
    predictions: Sequence[Sequence[Any]] | None = None,
) -> Iterator[dict]:
    """Yield one diagnostic row per mistake, for developers improving the parser.

    Kinds: ``missed`` (gold not recognised), ``false_positive`` (prediction matching no gold,
    with the place it resolved to) and ``resolution`` (recognised, gold has coordinates, error
    above 161 km or no coordinates predicted). Pass ``predictions`` (from ``run_parser``) to
    reuse an earlier parse instead of calling ``parse_fn`` again.
    """
    if predictions is None:
        if parse_fn is None:
            raise ValueError("need parse_fn or predictions")
        predictions = [[to_prediction(m) for m in parse_fn(doc["text"])] for doc in docs]
    for doc, preds in zip(docs, predictions, strict=False):
        text = doc["text"]
        doc_id = doc.get("doc_id")
        gold = doc.get("toponyms") or []
        preds = [to_prediction(p) for p in preds]
        pairs = match_spans(gold, preds)
        matched_g = {gi for gi, _ in pairs}
        matched_p = {pi for _, pi in pairs}
        for gi, g in enumerate(gold):
            if gi not in matched_g:
                yield {
                    "kind": "missed",
                    "doc_id": doc_id,
                    "start": g["start"],
                    "end": g["end"],
                    "phrase": g.get("phrase"),
                    "context": _context(text, g["start"], g["end"]),
                    "gold_name": g.get("name"),
                    "gold_lat": g.get("lat"),
                    "gold_lon": g.get("lon"),
                }
        for pi, p in enumerate(preds):
            if pi not in matched_p:
                yield {
                    "kind": "false_positive",
                    "doc_id": doc_id,
                    "start": p["start"],
                    "end": p["end"],
                    "phrase": text[p["start"] : p["end"]],
                    "context": _context(text, p["start"], p["end"]),
                    "pred_name": p.get("name"),
                    "pred_country": p.get("country_code"),
                    "pred_lat": p.get("lat"),
                    "pred_lon": p.get("lon"),
                    "confidence": p.get("confidence"),
                }
        for gi, pi in pairs:
            g, p = gold[gi], preds[pi]
            if not _has_coords(g):
                continue
            resolved = _has_coords(p)
            err = _resolution_error(g, p) if resolved else None
            if resolved and err <= ACCURACY_KM:
                continue
            yield {
                "kind": "resolution",
                "doc_id": doc_id,
                "start": g["start"],
                "end": g["end"],
                "phrase": g.get("phrase"),
                "context": _context(text, g["start"], g["end"]),
                "gold_name": g.get("name"),
                "gold_lat": g.get("lat"),
                "gold_lon": g.get("lon"),
                "pred_text": text[p["start"] : p["end"]],
                "pred_name": p.get("name"),
                "pred_country": p.get("country_code"),
                "pred_lat": p.get("lat"),
                "pred_lon": p.get("lon"),
                "error_km": round(err, 1) if err is not None else None,
                "confidence": p.get("confidence"),
            }


ERROR_COLUMNS = [
    "corpus", "kind", "doc_id", "start", "end", "phrase", "context",
    "gold_name", "gold_lat", "gold_lon",
    "pred_text", "pred_name", "pred_country", "pred_lat", "pred_lon", "error_km", "confidence",
]


def write_errors(rows: Iterable[Mapping[str, Any]], fh: io.TextIOBase, tsv: bool) -> int:
    """Write diagnostic rows as JSON Lines or TSV (chosen by the file suffix); return the count."""
    n = 0
    if tsv:
        writer = csv.DictWriter(fh, ERROR_COLUMNS, delimiter="\t", extrasaction="ignore", lineterminator="\n")
        writer.writeheader()
        for row in rows:
            writer.writerow({k: ("" if v is None else v) for k, v in row.items()})
            n += 1
    else:
        for row in rows:
            fh.write(json.dumps(row, ensure_ascii=False) + "\n")
            n += 1
    return n


# --------------------------------------------------------------------------- CLI


def _fmt(value: Any, digits: int = 3) -> str:
    if value is None:
        return "n/a"
    if isinstance(value, float):
        return f"{value:.{digits}f}"
    return str(value)


def format_report(name: str, result: Mapping[str, Any]) -> str:
    """A readable block of figures for one corpus (3 decimals)."""
    c = result["counts"]
    lines = [
        f"== {name} ==",
        f"  documents            {c['docs']}  (gold {c['gold']}, with coords {c['gold_with_coords']}, "
        f"predicted {c['predicted']}, matched {c['matched']})",
        f"  recognition          P {_fmt(result['precision'])}  R {_fmt(result['recall'])}  F1 {_fmt(result['f1'])}",
        f"  resolution acc@161   {_fmt(result['accuracy_161'])}  "
        f"({c['correct_161']}/{c['matched_with_coords']} recognised gold with coords)",
        f"  end-to-end acc@161   {_fmt(result['end_to_end_accuracy_161'])}  "
        f"({c['correct_161']}/{c['gold_with_coords']} gold with coords)",
        f"  median error km      {_fmt(result['median_error_km'])}",
        f"  AUC log error        {_fmt(result['auc'])}  (lower is better)",
        f"  speed                {_fmt(result.get('docs_per_sec'))} docs/sec  "
        f"({_fmt(result.get('seconds'))} s parsing, repeat {result.get('repeat', 1)})",
    ]
    if result.get("demonyms_left_out"):
        lines.append(f"  demonyms left out    {result['demonyms_left_out']}  (the gold marks none; --demonyms keep "
                     "scores them)")
    return "\n".join(lines)


def _peak_rss_mb() -> float | None:
    """Peak resident memory of this process in MB (ru_maxrss is KiB on Linux, bytes on macOS)."""
    try:
        import resource
    except ImportError:  # Windows
        return None
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak / (1024 * 1024) if sys.platform == "darwin" else peak / 1024


def _build_argparser() -> argparse.ArgumentParser:
    ap = argparse.ArgumentParser(
        prog="python -m benchmarks.geoparse",
        description="Score the geoparser on gold JSON Lines corpora (recognition P/R/F1, "
        "accuracy@161 km, median error, AUC, speed).",
    )
    ap.add_argument("corpora", nargs="+", metavar="CORPUS.jsonl", help="gold corpus file(s)")
    ap.add_argument("--json", action="store_true", help="print one JSON object per corpus")
    ap.add_argument("--errors", metavar="PATH",
                    help="write diagnostics (missed, false positives, resolution errors > 161 km); "
                         "TSV if PATH ends in .tsv, else JSON Lines")
    ap.add_argument("--limit", type=int, metavar="N", help="use only the first N documents of each corpus")
    ap.add_argument("--repeat", type=int, default=1, metavar="K",
                    help="parse each corpus K times for a steadier docs/sec figure (default 1)")
    ap.add_argument("--demonyms", choices=DEMONYM_POLICIES, default="auto",
                    help="score demonym predictions ('Kenyan'): auto = only if the corpus's gold marks any "
                         "(default), keep = always, drop = never")
    return ap


def main(argv: Sequence[str] | None = None) -> int:
    """Command line entry point; returns the exit status (2 = bad arguments or corpus)."""
    ap = _build_argparser()
    args = ap.parse_args(argv)
    if args.repeat < 1:
        ap.error("--repeat must be at least 1")
    if args.limit is not None and args.limit < 0:
        ap.error("--limit must not be negative")

    # Read every corpus before loading the gazetteer, so a typo fails in a second, not a minute.
    corpora: list[tuple[str, list[dict]]] = []
    for path in args.corpora:
        try:
            with warnings.catch_warnings(record=True) as caught:
                warnings.simplefilter("always")
                docs = load_corpus(path)
            for w in caught:
                print(f"note: {w.message}", file=sys.stderr)
        except OSError as exc:
            print(f"error: cannot read corpus {path}: {exc.strerror or exc}", file=sys.stderr)
            return 2
        except (CorpusError, UnicodeDecodeError) as exc:
            print(f"error: bad corpus {path}: {exc}", file=sys.stderr)
            return 2
        if args.limit is not None:
            docs = docs[: args.limit]
        corpora.append((path, docs))

    t0 = time.perf_counter()
    try:
        from geodata.places import geoparser  # lazy: the harness and its tests must not need geodata

        missing = [n for n in ("parse", "load_default") if not callable(getattr(geoparser, n, None))]
        if missing:
            print(f"error: geodata.places.geoparser does not provide {', '.join(missing)}()", file=sys.stderr)
            return 1
        geoparser.load_default()
    except ImportError as exc:
        print(f"error: cannot import the geoparser (geodata.places.geoparser): {exc}", file=sys.stderr)
        return 1
    except OSError as exc:
        print(f"error: the geoparser could not load its data: {exc}", file=sys.stderr)
        return 1
    load_seconds = time.perf_counter() - t0
    parse_fn: ParseFn = geoparser.parse
    if not args.json:
        print(f"cold load (import + load_default): {load_seconds:.3f} s")

    err_fh = None
    n_err_rows = 0
    if args.errors:
        try:
            err_fh = open(args.errors, "w", encoding="utf-8", newline="")
        except OSError as exc:
            print(f"error: cannot write {args.errors}: {exc.strerror or exc}", file=sys.stderr)
            return 2
    tsv = bool(args.errors) and args.errors.lower().endswith(".tsv")
    all_rows: list[dict] = []
    try:
        for path, docs in corpora:
            predictions, seconds = run_parser(docs, parse_fn, args.repeat)
            predictions, left_out = apply_demonym_policy(docs, predictions, args.demonyms)
            result = score(docs, predictions)
            result["demonyms_left_out"] = left_out
            result["seconds"] = seconds
            result["docs_per_sec"] = len(docs) * args.repeat / seconds if seconds > 0 else None
            result["repeat"] = args.repeat
            name = Path(path).name
            if err_fh is not None:
                for row in errors(docs, None, predictions):
                    all_rows.append({"corpus": name, **row})
            if args.json:
                result = {"corpus": name, "path": str(path), **result,
                          "load_seconds": load_seconds, "peak_rss_mb": _peak_rss_mb()}
                print(json.dumps(result, ensure_ascii=False), flush=True)
            else:
                print(format_report(name, result), flush=True)
        if err_fh is not None:
            n_err_rows = write_errors(all_rows, err_fh, tsv)
    finally:
        if err_fh is not None:
            err_fh.close()

    if not args.json:
        print(f"peak resident memory: {_fmt(_peak_rss_mb(), 1)} MB")
        if args.errors:
            print(f"diagnostics: {n_err_rows} rows written to {args.errors}")
    elif args.errors:
        print(f"diagnostics: {n_err_rows} rows written to {args.errors}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
