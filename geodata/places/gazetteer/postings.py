"""Name -> candidate postings gathered as flat integer arrays while the index is built.

A dict of Python lists held about 70 bytes per posting (an int object, a list slot, a list per name) for
millions of postings; two arrays hold 8. The laid-out result is the one `build` always wrote: the names in
the order first seen, each one's postings in the order added and at most `limit` of them, end to end.
"""

from __future__ import annotations

from array import array
from collections.abc import Container

import numpy as np

SLOT = 1024   # a slot is start * SLOT + length: lengths stay below it


class Postings:
    """Postings added name by name; `layout` lays them end to end."""

    def __init__(self) -> None:
        self.ids: dict[str, int] = {}     # name -> its number, in the order first seen
        self._names = array("i")          # per posting: its name's number
        self._codes = array("i")          # per posting: place index * 2 + primary

    def __contains__(self, key: object) -> bool:
        return key in self.ids

    def add(self, key: str, code: int) -> None:
        self._names.append(self.ids.setdefault(key, len(self.ids)))
        self._codes.append(code)

    def layout(self, limit: int, leave_out: Container[str] = ()) -> tuple[dict[str, int], np.ndarray]:
        """(name -> slot, postings end to end as int32), without the names in `leave_out`.

        Empties the builder; its table of names becomes the returned dict, so the names are held once.
        """
        names = np.frombuffer(self._names, dtype=np.int32)
        codes = np.frombuffer(self._codes, dtype=np.int32)
        order = np.argsort(names, kind="stable")            # by name, each name's postings in the order added
        counts = np.bincount(names, minlength=len(self.ids))
        rank = np.arange(len(order)) - np.repeat(np.cumsum(counts) - counts, counts)
        kept = np.minimum(counts, limit)
        left_out = [number for key, number in self.ids.items() if key in leave_out]
        kept[left_out] = 0
        flat = codes[order[rank < np.repeat(kept, counts)]]
        slots = ((np.cumsum(kept) - kept) * SLOT + kept).tolist()
        index, self.ids = self.ids, {}
        self._names, self._codes = array("i"), array("i")
        for key, slot in zip(index, slots, strict=True):
            index[key] = slot
        if left_out:
            index = {key: slot for key, slot in index.items() if key not in leave_out}
        return index, flat
