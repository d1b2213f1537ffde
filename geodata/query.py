"""Filtering the event table: the one query the dashboard, the CLI export and the store share."""

from __future__ import annotations

from collections.abc import Iterable

import numpy as np
import pandas as pd

from geodata.schema import SEARCH_COLUMNS


def _in_categories(values: pd.Series, wanted: Iterable[str]) -> np.ndarray:
    """Equality test against a set of values; on a categorical it compares integer codes only."""
    if isinstance(values.dtype, pd.CategoricalDtype):
        codes = np.flatnonzero(values.cat.categories.isin(list(wanted)))
        return np.isin(values.cat.codes.to_numpy(), codes)
    return values.isin(list(wanted)).to_numpy(dtype=bool)


def _contains(values: pd.Series, needle: str) -> np.ndarray:
    """Case-insensitive substring test; on a categorical only the distinct values are searched."""
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
                  min_confidence: float | None = None) -> pd.DataFrame:
    """The events matching every given filter; the dashboard and the CLI export share it.

    start/end: inclusive days. types: event or sub-event types. actors: actor1 or actor2. countries: country
    name or alpha-2 code. places: location or admin1. modalities: modality values. min_confidence: events at or
    above it; events with no confidence (imported ACLED data, which is curated) pass. q: case-insensitive
    substring of notes, location or actors. Equality filters run first over the whole frame; the text search
    runs last and only on the rows still selected.
    """
    mask = np.ones(len(df), dtype=bool)
    dates = df["event_date"].to_numpy()
    if start is not None:
        mask &= dates >= pd.Timestamp(start).normalize().to_datetime64()
    if end is not None:
        mask &= dates < (pd.Timestamp(end).normalize() + pd.Timedelta(days=1)).to_datetime64()
    for wanted, columns in ((types, ("event_type", "sub_event_type")), (actors, ("actor1", "actor2")),
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
