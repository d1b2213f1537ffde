"""ACLED's older exports in today's terms: column names of earlier eras, the event types coded before 2019,
type names in any case, and monadic files (one row per actor) merged into one event per id.

The 2019 recoding (ACLED codebook) split "Riots/Protests" into Riots and Protests and renamed the battle and
remote-violence types; the sub-event types it introduced are filled only where the old type names one.
"""

from __future__ import annotations

import re

import numpy as np
import pandas as pd

from geodata.formats.base import map_unique
from geodata.schema import EVENT_TYPES

COLUMN_ALIASES: dict[str, str] = {
    "ally_actor_1": "assoc_actor_1", "ally_actor_2": "assoc_actor_2", "allyactor1": "assoc_actor_1",
    "allyactor2": "assoc_actor_2", "eventdate": "event_date", "event_type_": "event_type", "lat": "latitude",
    "lon": "longitude", "long": "longitude", "lng": "longitude",
    # shapefile (dBase) exports cut names to ten characters
    "event_id_c": "event_id_cnty", "time_preci": "time_precision", "sub_event_": "sub_event_type",
    "geo_precis": "geo_precision", "source_sca": "source_scale", "interactio": "interaction",
    "disorder_t": "disorder_type", "civilian_t": "civilian_targeting", "assoc_acto": "assoc_actor_1",
    "ally_actor": "assoc_actor_1", "ally_act_1": "assoc_actor_2", "assoc_ac_1": "assoc_actor_2",
}
"""Older or tool-made names of ACLED columns. Columns ACLED dropped (gwno, data_id, event_id_no_cnty) and extra
ones (countycode, actor_dyad) are read and ignored."""

_RIOTS, _PROTESTS = "Riots", "Protests"
OLD_TYPES: dict[str, tuple[str | None, str | None]] = {
    "battle-no change of territory": ("Battles", "Armed clash"),
    "battle-government regains territory": ("Battles", "Government regains territory"),
    "battle-non-state actor overtakes territory": ("Battles", "Non-state actor overtakes territory"),
    "battle-non-state actors overtake territory": ("Battles", "Non-state actor overtakes territory"),
    "battle": ("Battles", None),
    "battles": ("Battles", None),
    "remote violence": ("Explosions/Remote violence", None),
    "violence against civilians": ("Violence against civilians", None),
    "strategic development": ("Strategic developments", None),
    "non-violent transfer of territory": ("Strategic developments", "Non-violent transfer of territory"),
    "headquarters or base established": ("Strategic developments", "Headquarters or base established"),
    "non-violent activity by a conflict actor": ("Strategic developments", None),
    "riots/protests": (None, None),   # Riots or Protests: decided from the actors' codes, else the notes
    "protests/riots": (None, None),
}
"""Pre-2019 ACLED event types and the type (and sub-event type, where it says one) they became."""
_RIOTERS = re.compile(r"^\s*(?:5|rioters)\s*$", re.IGNORECASE)
_PROTESTERS = re.compile(r"^\s*(?:6|protesters)\s*$", re.IGNORECASE)
_VIOLENT = re.compile(r"\b(?:riot\w*|violen\w*|clash\w*|stone\w*|pelt\w*|torch\w*|set (?:on )?fire|burn\w*|"
                      r"vandali\w*|loot\w*|attack\w*|mob)\b", re.IGNORECASE)


def _key(text: str) -> str:
    return re.sub(r"\s*-\s*", "-", " ".join(str(text).split())).casefold()


_CURRENT_TYPES = {_key(t): t for t in EVENT_TYPES}
_CURRENT_SUBS = {_key(s): s for subs in EVENT_TYPES.values() for s in subs}


def rename_columns(frame: pd.DataFrame) -> pd.DataFrame:
    """Header names lower-cased, older names as today's; a name already present is not overwritten."""
    names = [str(c).strip().lower() for c in frame.columns]
    present = set(names)
    renamed = [COLUMN_ALIASES[n] if n in COLUMN_ALIASES and COLUMN_ALIASES[n] not in present else n for n in names]
    out = frame.set_axis(renamed, axis=1)
    return out.loc[:, ~out.columns.duplicated()]


def _riots_or_protests(frame: pd.DataFrame, rows: np.ndarray) -> pd.Series:
    """Riots where the first actor (else the second) is coded rioters, Protests where protesters; else the
    notes decide: violence words make a riot."""
    def column(name: str) -> pd.Series:
        values = frame[name] if name in frame.columns else pd.Series("", index=frame.index)
        return values[rows].astype("str").fillna("")

    out = pd.Series(pd.NA, index=frame.index[rows], dtype="object")
    for name in ("inter1", "inter2"):
        codes = column(name)
        undecided = out.isna()
        out[undecided & codes.str.match(_RIOTERS)] = _RIOTS
        out[undecided & codes.str.match(_PROTESTERS)] = _PROTESTS
    undecided = out.isna()
    violent = column("notes").str.contains(_VIOLENT)
    out[undecided] = np.where(violent[undecided], _RIOTS, _PROTESTS)
    return out


def canonical_types(frame: pd.DataFrame) -> pd.DataFrame:
    """Event and sub-event types in today's spelling: any case, pre-2019 types mapped (see OLD_TYPES)."""
    if "event_type" not in frame.columns:
        return frame
    frame = frame.copy()
    raw = frame["event_type"].astype("str")
    keys = map_unique(raw, _key)
    types = map_unique(raw, lambda t: _CURRENT_TYPES.get(_key(t)))
    old = map_unique(raw, lambda t: OLD_TYPES.get(_key(t)))
    is_old = old.notna() & types.isna()
    if is_old.any():
        types[is_old] = old[is_old].map(lambda pair: pair[0])
        split = is_old & keys.isin([k for k, (t, _) in OLD_TYPES.items() if t is None])
        if split.any():
            types[split] = _riots_or_protests(frame, split.to_numpy())
    frame["event_type"] = types.where(types.notna(), raw)
    subs = frame["sub_event_type"].astype("str") if "sub_event_type" in frame.columns else pd.Series(
        pd.NA, index=frame.index, dtype="str")
    canonical = map_unique(subs, lambda s: _CURRENT_SUBS.get(_key(s)))
    subs = canonical.where(canonical.notna(), subs)
    implied = old.map(lambda pair: pair[1] if isinstance(pair, tuple) else None)
    blank = subs.isna() | (subs.astype("str").str.strip() == "")
    fill = blank & is_old & implied.notna()
    subs = subs.astype("object")
    subs[fill] = implied[fill]
    if "sub_event_type" in frame.columns or fill.any():
        frame["sub_event_type"] = subs
    return frame


_ACTOR_SLOTS = (("actor1", "assoc_actor_1", "inter1"), ("actor2", "assoc_actor_2", "inter2"))


def _blank(value: object) -> bool:
    return value is None or (isinstance(value, float) and np.isnan(value)) or value is pd.NA or not str(
        value).strip()


def merge_monadic(frame: pd.DataFrame) -> tuple[pd.DataFrame, int]:
    """Rows sharing an event id as one event carrying every actor they name (the first two as actor1 and
    actor2, their associates and codes with them); the other fields from the first row. Returns the frame
    and how many rows were merged into an earlier one."""
    if "event_id" not in frame.columns or len(frame) < 2:
        return frame, 0
    ids = frame["event_id"]
    repeated = ids.notna() & ids.duplicated(keep=False)
    if not repeated.any():
        return frame, 0
    merged_rows = []
    positions = np.flatnonzero(repeated.to_numpy())
    groups: dict[object, list[int]] = {}
    for position in positions:
        groups.setdefault(ids.iloc[position], []).append(int(position))
    columns = list(frame.columns)
    for members in groups.values():
        rows = [frame.iloc[p] for p in members]
        actors: list[tuple[object, object, object]] = []
        for row in rows:
            for slot in _ACTOR_SLOTS:
                actor = row.get(slot[0])
                if not _blank(actor) and all(str(actor) != str(a[0]) for a in actors):
                    actors.append(tuple(row.get(name) for name in slot))
        first = rows[0].copy()
        for index, slot in enumerate(_ACTOR_SLOTS):
            values = actors[index] if index < len(actors) else (None, None, None)
            for name, value in zip(slot, values, strict=False):
                if name in columns or value is not None:
                    first[name] = value
        if len(actors) > 2:   # more than two actors: the others join the second side's associates
            extra = "; ".join(str(a[0]) for a in actors[2:])
            assoc = first.get("assoc_actor_2")
            first["assoc_actor_2"] = extra if _blank(assoc) else f"{assoc}; {extra}"
        merged_rows.append(first)
    keep = ~repeated.to_numpy()
    merged = pd.DataFrame(merged_rows)
    out = pd.concat([frame[keep], merged.reindex(columns=frame.columns.union(merged.columns, sort=False))])
    if "_line" in out.columns:
        out = out.sort_values("_line", kind="stable")
    return out, int(repeated.sum()) - len(groups)
