"""Scoring the extractor on ACLED analysts' notes: one note, one gold event (``--acled PATH``).

Each JSON line holds a note's ``text`` and its coded event (``event_date``, ``event_type``,
``sub_event_type``, ``actor1``, ``latitude``, ``longitude``, ``fatalities``...). A note carries no
publication date; the extractor is given the gold event day plus ``PUBLISHED_AFTER_DAYS`` as the day it was
"published", as a news report of the event would be. That gives an undated note a year, never its day: the
date is scored only on notes that state a day themselves (`states_day`).

Per note the extracted event that best fits the gold one (`benchmarks.events.pair_score`) is compared; a
note with no extracted event counts as not found and wrong on every measure. Every function here except
``run_acled`` is pure over plain data, so the scoring is tested with hand-made notes.
"""

from __future__ import annotations

import datetime as dt
import random
import re
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import Any

from benchmarks.events import _as_date, _clean, _distance_km, pair_score, to_events
from benchmarks.jsonl import text_objects

PUBLISHED_AFTER_DAYS = 3
#: The measures, in report order: (key, label). Each is a share of all notes (date: of notes stating a day;
#: place named: of notes whose text names the gold location, admin2 or admin1, see `names_place`).
ACLED_MEASURES: tuple[tuple[str, str], ...] = (
    ("found", "event found"),
    ("event_type", "event_type"),
    ("sub_event_type", "sub_event_type"),
    ("date", "date (notes stating a day)"),
    ("place_161km", "place within 161 km"),
    ("place_25km", "place within 25 km"),
    ("place_161km_named", "place 161 km (place named)"),
    ("fatalities", "fatalities exact"),
    ("actor1", "actor1"),
)

_MONTH = (r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|"
          r"sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)")
_DAY = r"(?:[12]?\d|3[01])(?:st|nd|rd|th)?"
_STATES_DAY = re.compile(rf"\b{_DAY}\s+(?:of\s+)?{_MONTH}\b|\b{_MONTH}\.?\s+{_DAY}\b|\b\d{{4}}-\d\d-\d\d\b|"
                         rf"\b\d{{1,2}}/\d{{1,2}}/\d{{2,4}}\b", re.IGNORECASE)
# "Military Forces of Somalia (2022-) Puntland Dervish Force": ACLED's era of a state's forces and the unit after it
_ERA = re.compile(r"\s*\((?:\d{4})?\s*-\s*(?:\d{4})?\).*$")


class AcledNotesError(ValueError):
    """The notes file exists but a line is not a note of the expected shape."""


def states_day(text: str) -> bool:
    """Whether a note names a day ("On 2 April 2025", "November 17th", "19 March."), so its date is scored."""
    return bool(_STATES_DAY.search(text))


def names_place(text: str, raw: Mapping[str, Any]) -> bool:
    """Whether a note names its gold place: the location, admin2 or admin1 (or the part of one before
    " - " or a bracket: "Mogadishu - Wadajir"), as a word. A note that names none ("Nurses march for better
    pay") cannot be placed from its text; the share right among those that do shows the placing itself."""
    folded = text.casefold()
    for field in ("location", "admin2", "admin1"):
        name = str(raw.get(field) or "").strip().casefold()
        for candidate in {name, re.split(r"\s+-\s+|\s*\(", name)[0].strip()}:
            if len(candidate) >= 3 and re.search(rf"(?<!\w){re.escape(candidate)}(?!\w)", folded):
                return True
    return False


def actor_key(name: object) -> str | None:
    """An actor name compared without its era suffix (and the unit ACLED names after it) or case:
    "Military Forces of Kenya (2013-2022)", "Military Forces of Somalia (2022-) Puntland Dervish Force"."""
    if name is None or not str(name).strip():
        return None
    return _ERA.sub("", str(name)).strip().casefold()


def note_event(raw: Mapping[str, Any]) -> dict:
    """A note's gold event in the layout `benchmarks.events.pair_score` reads."""
    fatalities = _clean(raw.get("fatalities"))
    return {
        "event_type": raw.get("event_type"), "sub_event_type": raw.get("sub_event_type"),
        "date": _as_date(raw.get("event_date")),
        "lat": float(raw["latitude"]) if _clean(raw.get("latitude")) is not None else None,
        "lon": float(raw["longitude"]) if _clean(raw.get("longitude")) is not None else None,
        "location": raw.get("location"), "actor1": raw.get("actor1"),
        "fatalities": int(fatalities) if fatalities is not None else 0,
    }


def load_notes(path: str | Path, limit: int | None = None, seed: int = 0) -> list[dict]:
    """The notes as dicts (``id``, ``text``, ``published``, ``states_day``, ``event``); with ``limit`` a
    random sample of that many, the same for the same seed."""
    notes = []
    for lineno, raw in text_objects(path, AcledNotesError):
        try:
            event = note_event(raw)
        except (TypeError, ValueError) as exc:
            raise AcledNotesError(f"{path}:{lineno}: bad gold field ({exc})") from None
        if event["date"] is None:
            raise AcledNotesError(f"{path}:{lineno}: no event_date")
        notes.append({"id": str(lineno), "text": raw["text"], "states_day": states_day(raw["text"]),
                      "names_place": names_place(raw["text"], raw),
                      "published": event["date"] + dt.timedelta(days=PUBLISHED_AFTER_DAYS), "event": event})
    if limit is not None and limit < len(notes):
        notes = sorted(random.Random(seed).sample(notes, limit), key=lambda n: int(n["id"]))
    return notes


def best_match(gold: Mapping[str, Any], got: Sequence[Mapping[str, Any]]) -> dict | None:
    """The extracted event that fits the gold one best (first on ties); None when nothing was extracted."""
    if not got:
        return None
    return dict(max(enumerate(got), key=lambda ig: (pair_score(gold, ig[1]), -ig[0]))[1])


def compare_note(note: Mapping[str, Any], got: Mapping[str, Any] | None) -> dict[str, bool | None]:
    """The measures of one note: True/False, or None where one does not apply (date of a note with no day)."""
    gold = note["event"]
    named = bool(note.get("names_place"))
    if got is None:
        return {key: (None if (key == "date" and not note["states_day"])
                      or (key == "place_161km_named" and not named) else False) for key, _ in ACLED_MEASURES}
    km = _distance_km(gold, got)
    fatalities = got.get("fatalities")
    return {
        "found": True,
        "event_type": gold["event_type"] == got.get("event_type"),
        "sub_event_type": gold["sub_event_type"] == got.get("sub_event_type"),
        "date": (gold["date"] == got.get("date")) if note["states_day"] else None,
        "place_161km": km is not None and km <= 161.0,
        "place_25km": km is not None and km <= 25.0,
        "place_161km_named": (km is not None and km <= 161.0) if named else None,
        "fatalities": gold["fatalities"] == (int(fatalities) if fatalities is not None else 0),
        "actor1": actor_key(gold["actor1"]) is not None and actor_key(gold["actor1"]) == actor_key(got.get("actor1")),
    }


def score_notes(notes: Sequence[Mapping[str, Any]], extracted: Sequence[Any]) -> dict:
    """Share right per measure over the notes it applies to, with counts."""
    if len(notes) != len(extracted):
        raise ValueError("one set of extracted events per note is required")
    right = {key: 0 for key, _ in ACLED_MEASURES}
    applies = {key: 0 for key, _ in ACLED_MEASURES}
    for note, rows in zip(notes, extracted, strict=False):
        for key, ok in compare_note(note, best_match(note["event"], _events(rows))).items():
            if ok is not None:
                applies[key] += 1
                right[key] += int(ok)
    return {"accuracy": {k: (right[k] / applies[k] if applies[k] else None) for k, _ in ACLED_MEASURES},
            "counts": {"notes": len(notes), "correct": right, "scored": applies}}


def _events(rows: Any) -> list[dict]:
    """Extracted rows as plain dicts with ``fatalities`` kept beside `to_events`' fields."""
    events = to_events(rows)
    raw = rows.to_dict("records") if hasattr(rows, "to_dict") else list(rows or [])
    for event, row in zip(events, raw, strict=False):
        event["fatalities"] = _clean(row.get("fatalities"))
    return events


def note_errors(notes: Sequence[Mapping[str, Any]], extracted: Sequence[Any],
                fields: Sequence[str] = ("found", "event_type", "sub_event_type", "date", "place_161km",
                                         "fatalities", "actor1")) -> list[dict]:
    """One row per wrong measure of a note, with the note, the gold and the extracted values."""
    rows = []
    for note, raw in zip(notes, extracted, strict=False):
        got = best_match(note["event"], _events(raw))
        for key, ok in compare_note(note, got).items():
            if ok is False and key in fields and (key == "found" or got is not None):
                rows.append({"id": note["id"], "field": key, "text": note["text"],
                             "expected": _value(key, note["event"]), "got": _value(key, got or {})})
    return rows


def _value(key: str, event: Mapping[str, Any]) -> str:
    if key.startswith("place"):
        return f"{event.get('location')} ({event.get('lat')},{event.get('lon')})"
    if key == "found":
        return "an event" if event else "nothing"
    return str(event.get(key))


def format_notes_report(name: str, result: Mapping[str, Any]) -> str:
    c = result["counts"]
    lines = [f"== {name} (ACLED notes) ==", f"  notes {c['notes']}"]
    for key, label in ACLED_MEASURES:
        acc = result["accuracy"][key]
        lines.append(f"  {label:<28} {'n/a' if acc is None else f'{100 * acc:5.1f}%'}  "
                     f"({c['correct'][key]}/{c['scored'][key]})")
    t = result.get("timing")
    if t and t.get("mean_ms") is not None:
        lines.append(f"  time per note        mean {t['mean_ms']:.1f} ms, max {t['max_ms']:.1f} ms")
    return "\n".join(lines)


def run_acled(notes: Sequence[Mapping[str, Any]], extract_fn: Callable) -> tuple[list, list[float]]:
    """Extract every note as an article published `PUBLISHED_AFTER_DAYS` after its event."""
    from benchmarks.events import run_extractor

    return run_extractor([{"text": n["text"], "published": n["published"], "source": "acled-note"}
                          for n in notes], extract_fn)
