"""Build the compact gazetteer index once and cache it on disk.

Reading the source packages takes tens of seconds (cities500 alone is 80 MB of JSON); the cached index
loads in a fraction of a second. The cache file's name carries a hash of the source package versions,
our data files and this builder's format version, so any change to them builds a new one.
"""

from __future__ import annotations

import gc
import hashlib
import json
import logging
import os
import pickle
import sys
import tempfile
from collections import deque
from collections.abc import Iterable
from itertools import chain
from pathlib import Path
from typing import Any

import numpy as np

from geodata.places.gazetteer.english import lowercase_words
from geodata.places.gazetteer.postings import Postings
from geodata.places.gazetteer.sources import (
    KINDS,
    PlaceRecord,
    load_all,
    source_versions,
)
from geodata.places.normalize import normalize, skeleton

log = logging.getLogger(__name__)

FORMAT_VERSION = 29
MAX_POSTINGS = 1023          # candidates kept per name, the most populous first
COMMON_WORD_ZIPF = 3.0       # keep word frequencies from this Zipf value up (about 1 per million words)


def cache_dir() -> Path:
    """Where the built index lives: $EVENT_ATLAS_CACHE, else the user's cache directory."""
    env = os.environ.get("EVENT_ATLAS_CACHE")
    if env:
        return Path(env).expanduser()
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "event-atlas"


def cache_key() -> str:
    payload = json.dumps({"format": FORMAT_VERSION, **source_versions()}, sort_keys=True)
    return hashlib.sha256(payload.encode()).hexdigest()[:16]


def cache_path() -> Path:
    return cache_dir() / f"gazetteer-{cache_key()}.pkl"


def loose_path(path: Path) -> Path:
    """The transliteration index lives apart: only a fuzzy lookup needs it, so only it pays to load it."""
    return path.with_name(path.stem + "-loose.pkl")


def build_index(records: list[PlaceRecord]) -> dict[str, Any]:
    """Columns of places plus name -> candidate postings, ready to pickle (empties `records`)."""
    return add_vocabulary(index_places(records))


def index_places(records: list[PlaceRecord]) -> dict[str, Any]:
    """The part of the index made from the place records; empties `records`.

    Each record is let go once its names are indexed, so the index grows into the memory the records held
    instead of beside it (a cold build's peak).
    """
    demonyms: dict[str, int] = {}
    for idx, rec in enumerate(records):
        for demonym in rec.demonyms:
            if not _is_plural(demonym):  # "Americans" are people; "American" troops place an event
                demonyms.setdefault(normalize(demonym), idx)
    data: dict[str, Any] = {
        "format": FORMAT_VERSION,
        "names": [rec.names[0] for rec in records],
        "kind": np.array([KINDS.index(rec.kind) for rec in records], dtype=np.uint8),
        "feature_code": _codes(rec.feature_code for rec in records),
        "country_code": _codes(rec.country_code for rec in records),
        "admin1": _codes(rec.admin1 for rec in records),
        "region_code": _codes(rec.region_code for rec in records),
        "lat": np.array([rec.lat for rec in records], dtype=np.float64),
        "lon": np.array([rec.lon for rec in records], dtype=np.float64),
        "population": np.array([rec.population for rec in records], dtype=np.int64),
        "geonameid": np.array([rec.geonameid or -1 for rec in records], dtype=np.int64),
        "demonyms": demonyms,
        "demonym_names": {normalize(d): d for rec in records for d in rec.demonyms},
        "acronym_places": sorted({normalize(n) for rec in records if rec.kind != "city" for n in rec.names
                                  if n.replace(".", "").isupper() and len(n.replace(".", "")) <= 5}),
    }
    order = sorted(range(len(records)), key=lambda i: -_rank_weight(records[i]))
    pending = deque((idx, records[idx].names, records[idx].rank_name, records[idx].curated_names) for idx in order)
    del order
    records.clear()
    postings, loose = Postings(), Postings()
    while pending:
        idx, names, rank_name, curated_names = pending.popleft()
        keys_seen: set[str] = set()
        skeletons_seen: set[str] = set()
        rank_key = normalize(rank_name or names[0])
        for position, name in enumerate(names):
            key = normalize(name)
            if not key or key in keys_seen:
                continue
            keys_seen.add(key)
            primary = 1 if key == rank_key or position < curated_names else 0
            postings.add(key, idx * 2 + primary)
            skel = skeleton(name)
            if skel and skel != key and skel not in skeletons_seen:
                skeletons_seen.add(skel)
                loose.add(skel, idx * 2 + primary)
    data["loose_index"], data["loose_postings"] = loose.layout(MAX_POSTINGS, leave_out=postings)
    data["index"], data["postings"] = postings.layout(MAX_POSTINGS)
    return data


def add_vocabulary(data: dict[str, Any]) -> dict[str, Any]:
    """The word lists the geoparser reads beside the places, for the names `index_places` indexed."""
    data["word_zipf"] = _common_words(chain(data["index"], data["demonyms"]))
    data["proper_zipf"] = _frequent_proper_words(data["index"])
    data["first_names"] = _first_names()
    data["abbreviations"] = _abbreviations()
    return data


def _codes(values: Iterable[str | None]) -> list[str | None]:
    """A column of short codes ("PPL", "UA", "UA-53") sharing one string per value: the cache holds each once."""
    return [value if value is None else sys.intern(value) for value in values]


def _is_plural(demonym: str) -> bool:
    return demonym.endswith("s") and not demonym.endswith(("ss", "ese", "ish"))


def _rank_weight(rec: PlaceRecord) -> float:
    bonus = {"country": 1e12, "region": 1e9, "feature": 1e6, "city": 0}[rec.kind]
    return bonus + rec.population


def _common_words(keys: Iterable[str]) -> dict[str, float]:
    """Zipf frequency of names that are also common English words ("nice", "mobile", "may").

    wordfreq alone cannot tell "london" from "nice" (both are frequent once lower-cased); the dictionary's
    lower-case entries can.
    """
    from wordfreq import zipf_frequency

    lower = lowercase_words()
    out = {}
    for key in keys:
        if " " in key or key not in lower:
            continue
        zipf = zipf_frequency(key, "en")
        if zipf >= COMMON_WORD_ZIPF:
            out[key] = round(zipf, 2)
    return out


PROPER_WORD_ZIPF = 4.0   # "English", "Arab", "Olympic", "God": names English text uses far more than any village


def _frequent_proper_words(keys: Iterable[str]) -> dict[str, float]:
    """Zipf frequency of one-word names that English text uses often as proper words, not lower-case ones.

    `_common_words` keeps only words a dictionary writes in lower case ("nice", "reading"); "English",
    "Arab" and "Olympic" are capitalised in every dictionary and still name no village in the news.
    """
    from wordfreq import zipf_frequency

    lower = lowercase_words()
    out = {}
    for key in keys:
        if " " in key or key in lower or not key.isalpha():
            continue
        zipf = zipf_frequency(key, "en")
        if zipf >= PROPER_WORD_ZIPF:
            out[key] = round(zipf, 2)
    return out


FUNCTION_WORD_ZIPF = 5.5  # "The", "In", "Will", "May" are in name lists; as given names they mislead more than help


def _first_names() -> frozenset[str]:
    """Given names, to tell "Kim Jong Un" and "Paris Hilton" from places."""
    from gender_guesser.detector import Detector
    from wordfreq import zipf_frequency

    lower = lowercase_words()
    names = {normalize(name) for name in Detector().names if name.isalpha() and len(name) > 1}
    return frozenset(n for n in names if not (n in lower and zipf_frequency(n, "en") >= FUNCTION_WORD_ZIPF))


_CANADIAN = {"B.C.": "CA-BC", "Alta.": "CA-AB", "Sask.": "CA-SK", "Man.": "CA-MB", "Ont.": "CA-ON",
             "Que.": "CA-QC", "N.S.": "CA-NS", "N.B.": "CA-NB", "Nfld.": "CA-NL", "N.L.": "CA-NL", "P.E.I.": "CA-PE",
             "ON": "CA-ON", "QC": "CA-QC", "AB": "CA-AB", "SK": "CA-SK", "MB": "CA-MB", "NS": "CA-NS",
             "NB": "CA-NB", "NL": "CA-NL", "PE": "CA-PE", "BC": "CA-BC"}


def abbreviation_forms() -> dict[str, str]:
    """US states' AP and postal abbreviations and Canada's as they are written ("Ky.", "N.Y.", "KY", "B.C.")."""
    import us

    out = dict(_CANADIAN)
    for state in us.states.STATES_AND_TERRITORIES + [us.states.DC]:
        code = f"US-{state.abbr}"
        out[state.abbr] = code
        if state.ap_abbr:
            out[state.ap_abbr] = code
    return out


def _abbreviations() -> dict[str, str]:
    """The abbreviations by normalised key, as in "Edmonton, Ky." or "Surrey, BC"."""
    return {normalize(k): v for k, v in abbreviation_forms().items()}


def load_or_build(path: Path | None = None) -> dict[str, Any]:
    """The cached index without its loose part, building and caching both first if missing or stale."""
    path = path or cache_path()
    data = _read(path)
    if data is not None and loose_path(path).exists():
        data["loose_path"] = loose_path(path)
        return data
    data = build_index(load_all())   # the place records are freed before the word lists load
    loose = {key: data.pop(key) for key in ("loose_index", "loose_postings")}
    _write_atomically(loose_path(path), {"format": FORMAT_VERSION, **loose})
    _write_atomically(path, data)
    data.update(loose)
    return data


def load_loose(path: Path) -> dict[str, Any]:
    """The transliteration index; a missing or damaged file is rebuilt with the rest, never trusted."""
    data = _read(path)
    if data is None:
        main = path.with_name(path.name.replace("-loose", ""))
        main.unlink(missing_ok=True)
        full = load_or_build(main)
        data = {key: full[key] for key in ("loose_index", "loose_postings")}
    return data


def _read(path: Path) -> dict[str, Any] | None:
    """A cached index, or None when it is missing, damaged or of another format (then it is rebuilt)."""
    if not path.exists():
        return None
    gc.disable()  # unpickling ~1M small objects: the cyclic collector only slows it down
    try:
        with path.open("rb") as fh:
            data = pickle.load(fh)
    except (OSError, pickle.UnpicklingError, EOFError, AttributeError, ValueError, ImportError):
        return None
    finally:
        gc.enable()
    return data if isinstance(data, dict) and data.get("format") == FORMAT_VERSION else None


def _write_atomically(path: Path, data: dict[str, Any]) -> None:
    """Write beside the target and rename, so a crash or a second process never sees half a file."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile(dir=path.parent, prefix=".gazetteer-", delete=False) as fh:
            pickle.dump(data, fh, protocol=pickle.HIGHEST_PROTOCOL)
            tmp = Path(fh.name)
        os.replace(tmp, path)
    except OSError as exc:   # a read-only or full cache folder costs a rebuild on every start: say so
        log.warning("the gazetteer cache could not be written to %s (%s); it is rebuilt on every start until it "
                    "can be (set EVENT_ATLAS_CACHE to a writable folder)", path.parent, exc.strerror or exc)
