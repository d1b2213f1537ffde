"""Counting and listing the values of an event column without turning a million rows into Python strings.

The stored events keep their repeated text (types, actors, places, countries) as pandas categoricals; going
through `.astype("object")` costs about a second per column at a million events, counting category codes a
few milliseconds. Every helper also takes a plain column (a draft, a test's frame).
"""

from __future__ import annotations

import numpy as np
import pandas as pd


def value_counts(series: pd.Series) -> pd.Series:
    """Counts of each present, non-empty value (as text), most frequent first; ties in first-seen order."""
    if isinstance(series.dtype, pd.CategoricalDtype):
        codes = series.cat.codes.to_numpy()
        tally = np.bincount(codes[codes >= 0], minlength=len(series.cat.categories))
        counts = pd.Series(tally, index=series.cat.categories.astype(str))
        counts = counts[counts > 0]
        order = np.argsort(-counts.to_numpy(), kind="stable")
        counts = counts.iloc[order]
    else:
        counts = series.dropna().astype(str).value_counts()
    counts = counts[counts.index != ""]
    counts.index.name = None
    return counts


def present(series: pd.Series) -> set[str]:
    """The distinct values present (as text), missing ones left out."""
    if isinstance(series.dtype, pd.CategoricalDtype):
        codes = np.unique(series.cat.codes.to_numpy())
        return {str(series.cat.categories[c]) for c in codes if c >= 0}
    return {str(v) for v in pd.unique(series.dropna())}


def codes_for(series: pd.Series, order: list[str], other: int) -> np.ndarray:
    """Each value's position in `order` (uint8), `other` for a value not in it or missing."""
    index = {value: i for i, value in enumerate(order)}
    if isinstance(series.dtype, pd.CategoricalDtype):
        table = np.array([index.get(str(c), other) for c in series.cat.categories] + [other], dtype=np.uint8)
        return table[series.cat.codes.to_numpy()]   # code -1 (missing) takes the last entry: other
    mapped = series.astype("object").map(index)
    return mapped.fillna(other).to_numpy(dtype=np.uint8)


def labels(series: pd.Series, missing: str) -> pd.Series:
    """The column as text categories with missing values named `missing` (for grouping)."""
    if isinstance(series.dtype, pd.CategoricalDtype):
        cat = series.cat.rename_categories([str(c) for c in series.cat.categories])
        if cat.isna().any():
            if missing not in cat.cat.categories:
                cat = cat.cat.add_categories([missing])
            cat = cat.fillna(missing)
        return cat
    return series.astype("object").fillna(missing).astype(str)
