"""Filtering the event table: one `EventQuery` that the dashboard, its URL, the CLI and exports share.

The query's fields are declared once, in `FIELDS`: the URL parameters (`?start=...&type=Battles`), the CLI
flags (`export --type Battles`) and their parsing are generated from that table, so a new filter is one row
there, one attribute on `EventQuery` and, if it needs a new test, a line in `filter_events`.
"""

from __future__ import annotations

import argparse
import datetime as dt
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING, Literal

from geodata.codes import EVENT_TYPES, MODALITIES, SUB_EVENT_TYPES

if TYPE_CHECKING:  # numpy and pandas are imported by the filter itself: the CLI's parser must stay light
    import numpy as np
    import pandas as pd

DEFAULT_MODALITIES: tuple[str, ...] = ("asserted",)
"""Shown by default: what the text says happened. Future, hypothetical and denied events are one click away."""

Kind = Literal["date", "choice", "text", "country", "fraction", "search", "id"]


@dataclass(frozen=True)
class Field:
    """One filter: its attribute on EventQuery, its URL parameter and CLI flag, and how a value is read."""

    attr: str
    param: str
    kind: Kind
    label: str
    help: str
    metavar: str = "TEXT"
    choices: Callable[[], Iterable[str]] | None = None
    cli: bool = True

    @property
    def multiple(self) -> bool:
        return self.kind in ("choice", "text", "country")


FIELDS: tuple[Field, ...] = (
    Field("start", "start", "date", "from", "events on or after this day", "YYYY-MM-DD"),
    Field("end", "end", "date", "to", "events on or before this day", "YYYY-MM-DD"),
    Field("types", "type", "choice", "type", "an ACLED event type (repeatable)", "TYPE", lambda: EVENT_TYPES),
    Field("sub_types", "subtype", "choice", "sub-type", "an ACLED sub-event type (repeatable)", "SUBTYPE",
          lambda: SUB_EVENT_TYPES),
    Field("actors", "actor", "text", "actor", "actor 1 or 2 (repeatable)", "NAME"),
    Field("countries", "country", "country", "country", "ISO 3166-1 alpha-2 code (repeatable)", "CC"),
    Field("places", "place", "text", "place", "location or first-level region (repeatable)", "NAME"),
    Field("q", "q", "search", "text", "text in the source sentence, place or actors"),
    Field("modalities", "modality", "choice", "modality", "only these modalities (repeatable)", "MODALITY",
          lambda: MODALITIES),
    Field("min_confidence", "conf", "fraction", "confidence",
          "minimum confidence, 0 to 1 (imported events always pass)", "0-1"),
    Field("event", "event", "id", "selected event", "the selected event", "ID", cli=False),
)
"""Every filter, in URL order. The URL parameter names are public: links in the wild depend on them."""

MAX_TEXT = 200
"""Longest free-text value kept from a URL: a link is untrusted input."""


@dataclass(frozen=True)
class EventQuery:
    """What a view shows. Empty tuples and None mean "no filter" (modalities: the default, asserted only)."""

    start: dt.date | None = None
    end: dt.date | None = None
    types: tuple[str, ...] = ()
    sub_types: tuple[str, ...] = ()
    actors: tuple[str, ...] = ()
    countries: tuple[str, ...] = ()
    places: tuple[str, ...] = ()
    q: str = ""
    modalities: tuple[str, ...] = DEFAULT_MODALITIES
    min_confidence: float = 0.0
    event: str | None = None   # the selected event, so that a link can point at one

    def with_(self, **changes: object) -> EventQuery:
        return replace(self, **changes)  # type: ignore[arg-type]

    def apply(self, df: pd.DataFrame) -> pd.DataFrame:
        """The events this query selects (cheap filters first, the text search last)."""
        return filter_events(
            df, start=self.start, end=self.end, types=list(self.types) or None,
            sub_types=list(self.sub_types) or None, actors=list(self.actors) or None,
            countries=list(self.countries) or None, places=list(self.places) or None, q=self.q or None,
            modalities=list(self.modalities) or None, min_confidence=self.min_confidence or None)

    def describe(self) -> list[str]:
        """The filters in force, one phrase each, for a person ("type: Battles", "from 2024-10-01"); defaults
        are left out, so an empty list means every event that is shown by default."""
        out = []
        for f in FIELDS:
            value = getattr(self, f.attr)
            if f.kind == "id" or not value or value == getattr(EventQuery(), f.attr):
                continue
            if f.kind == "date":
                out.append(f"{'from' if f.attr == 'start' else 'to'} {value.isoformat()}")
            elif f.kind == "fraction":
                out.append(f"{f.label} at least {value:g}")
            elif f.kind == "search":
                out.append(f"{f.label} “{value}”")
            else:
                out.append(f"{f.label}: {', '.join(value)}")
        return out

    def to_params(self) -> dict[str, list[str]]:
        """URL query parameters; defaults are left out so that links stay short."""
        out: dict[str, list[str]] = {}
        default = EventQuery()
        for f in FIELDS:
            value = getattr(self, f.attr)
            if not value or value == getattr(default, f.attr):
                continue
            if f.kind == "date":
                out[f.param] = [value.isoformat()]
            elif f.kind == "fraction":
                out[f.param] = [f"{value:g}"]
            elif f.multiple:
                out[f.param] = list(value)
            else:
                out[f.param] = [str(value)]
        return out


@dataclass
class Parsed:
    query: EventQuery
    notices: list[str] = field(default_factory=list)


def from_params(params: Mapping[str, Sequence[str] | str]) -> Parsed:
    """A query from URL parameters (each a list of values, or one value); bad ones become notices, never errors."""
    notices: list[str] = []
    by_param = {f.param: f for f in FIELDS}
    values = {name: [params[name]] if isinstance(params[name], str) else list(params[name]) for name in params}
    for name in sorted(set(values) - set(by_param)):
        notices.append(f"Ignored unknown URL parameter “{name}”.")
    changes: dict[str, object] = {}
    for f in FIELDS:
        raw = [v for v in values.get(f.param, []) if isinstance(v, str)]
        if raw:
            value = _read(f, raw, notices)
            if value not in (None, ()):
                changes[f.attr] = value
    start, end = changes.get("start"), changes.get("end")
    if isinstance(start, dt.date) and isinstance(end, dt.date) and start > end:
        notices.append(f"Ignored start={start} and end={end}: the start is after the end.")
        changes.pop("start"), changes.pop("end")
    return Parsed(EventQuery(**changes), notices)  # type: ignore[arg-type]


def _read(f: Field, raw: list[str], notices: list[str]) -> object:
    if f.kind == "date":
        try:
            return dt.date.fromisoformat(raw[0])
        except ValueError:
            notices.append(f"Ignored {f.param}={raw[0]!r}: dates are written YYYY-MM-DD.")
            return None
    if f.kind == "fraction":
        try:
            number = float(raw[0])
            if not 0.0 <= number <= 1.0:
                raise ValueError
            return number
        except ValueError:
            notices.append(f"Ignored {f.param}={raw[0]!r}: use a number from 0 to 1.")
            return None
    if f.kind == "choice":
        allowed = set(f.choices()) if f.choices else set()
        for value in raw:
            if value not in allowed:
                notices.append(f"Ignored {f.param}={value!r}: not a known value.")
        return tuple(dict.fromkeys(v for v in raw if v in allowed))
    if f.kind == "country":
        good = []
        for code in raw:
            if len(code) == 2 and code.isalpha():
                good.append(code.upper())
            else:
                notices.append(f"Ignored {f.param}={code!r}: use a two-letter ISO 3166-1 code such as UA.")
        return tuple(good)
    texts = [v.strip()[:MAX_TEXT] for v in raw if v and v.strip()]
    if f.kind == "text":
        return tuple(texts)
    return texts[0] if texts else None   # search, id: one value


# --------------------------------------------------------------------------- the CLI's flags, from FIELDS


def _cli_type(f: Field) -> Callable[[str], object]:
    def convert(text: str) -> object:
        notices: list[str] = []
        value = _read(f, [text], notices)
        if notices or value in (None, ()):
            raise argparse.ArgumentTypeError(notices[0].removeprefix("Ignored ") if notices else f"bad {f.param}")
        return value[0] if isinstance(value, tuple) else value

    return convert


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """The query's filters as CLI flags (`--start`, `--type`, ... `--conf`), the same names as the URL's."""
    for f in FIELDS:
        if not f.cli:
            continue
        kwargs: dict[str, object] = {"metavar": f.metavar, "help": f.help, "dest": f"query_{f.attr}"}
        if f.multiple:
            kwargs["action"] = "append"
        kwargs["type"] = _cli_type(f)
        parser.add_argument(f"--{f.param}", **kwargs)  # type: ignore[arg-type]


def from_arguments(args: argparse.Namespace, modalities: tuple[str, ...] = tuple(MODALITIES)) -> EventQuery:
    """The query the flags say. `modalities`: used when no --modality is given (the CLI exports all)."""
    changes: dict[str, object] = {}
    for f in FIELDS:
        value = getattr(args, f"query_{f.attr}", None)
        if value is not None:
            changes[f.attr] = tuple(dict.fromkeys(value)) if f.multiple else value
    changes.setdefault("modalities", modalities)
    return EventQuery(**changes)  # type: ignore[arg-type]


# --------------------------------------------------------------------------- the filter itself


def _in_categories(values: pd.Series, wanted: Iterable[str]) -> np.ndarray:
    """Equality test against a set of values; on a categorical it compares integer codes only."""
    import numpy as np
    import pandas as pd

    if isinstance(values.dtype, pd.CategoricalDtype):
        codes = np.flatnonzero(values.cat.categories.isin(list(wanted)))
        return np.isin(values.cat.codes.to_numpy(), codes)
    return values.isin(list(wanted)).to_numpy(dtype=bool)


def _contains(values: pd.Series, needle: str) -> np.ndarray:
    """Case-insensitive substring test; on a categorical only the distinct values are searched."""
    import numpy as np
    import pandas as pd

    if isinstance(values.dtype, pd.CategoricalDtype):
        hits = values.cat.categories.astype("str").str.contains(needle, case=False, regex=False)
        return np.isin(values.cat.codes.to_numpy(), np.flatnonzero(hits))
    return values.astype("str").str.contains(needle, case=False, regex=False).fillna(False).to_numpy(dtype=bool)


def _as_list(values: str | Iterable[str] | None) -> list[str] | None:
    if values is None:
        return None
    return [values] if isinstance(values, str) else list(values)


def filter_events(df: pd.DataFrame, start: object = None, end: object = None,
                  types: str | Iterable[str] | None = None, actors: str | Iterable[str] | None = None,
                  countries: str | Iterable[str] | None = None, places: str | Iterable[str] | None = None,
                  q: str | None = None, modalities: str | Iterable[str] | None = None,
                  min_confidence: float | None = None,
                  sub_types: str | Iterable[str] | None = None) -> pd.DataFrame:
    """The events matching every given filter; the dashboard and the CLI export share it.

    start/end: inclusive days. types: event or sub-event types. sub_types: sub-event types only. actors: actor1
    or actor2. countries: country name or alpha-2 code. places: location or admin1. modalities: modality
    values. min_confidence: events at or above it; events with no confidence (imported ACLED data, which is
    curated) pass. q: case-insensitive substring of notes, location or actors. Equality filters run first over
    the whole frame; the text search runs last and only on the rows still selected.
    """
    import numpy as np
    import pandas as pd

    from geodata.schema import SEARCH_COLUMNS

    mask = np.ones(len(df), dtype=bool)
    dates = df["event_date"].to_numpy()
    if start is not None:
        mask &= dates >= pd.Timestamp(start).normalize().to_datetime64()
    if end is not None:
        mask &= dates < (pd.Timestamp(end).normalize() + pd.Timedelta(days=1)).to_datetime64()
    for wanted, columns in ((types, ("event_type", "sub_event_type")), (sub_types, ("sub_event_type",)),
                            (actors, ("actor1", "actor2")),
                            (countries, ("country", "country_code")), (places, ("location", "admin1")),
                            (modalities, ("modality",))):
        wanted = _as_list(wanted)
        if wanted is None:
            continue
        hit = np.zeros(len(df), dtype=bool)
        for column in columns:
            hit |= _in_categories(df[column], wanted)
        mask &= hit
    if min_confidence is not None:
        confidence = df["confidence"].to_numpy(dtype="float64", na_value=np.nan)
        mask &= np.isnan(confidence) | (confidence >= min_confidence)
    if q is not None and q.strip():
        needle = q.strip()
        selected = np.flatnonzero(mask)
        subset = df.iloc[selected]
        hit = np.zeros(len(selected), dtype=bool)
        for column in SEARCH_COLUMNS:
            todo = ~hit
            if not todo.any():
                break
            hit[todo] = _contains(subset[column].iloc[np.flatnonzero(todo)], needle)
        mask[selected[~hit]] = False
    return df[mask]
