"""The gazetteer build's compact parts (issue 12: a cold build within 1 GB): the same index, less memory."""

from __future__ import annotations

import json

import numpy as np
import pytest

from geodata.places.gazetteer.postings import SLOT, Postings
from geodata.places.gazetteer.stream import object_items


def laid_out_as_lists(added: list[tuple[str, int]], limit: int, leave_out: set[str]) -> tuple[dict, list[int]]:
    """The layout the builder wrote from a dict of lists before: the reference."""
    lists: dict[str, list[int]] = {}
    for key, code in added:
        lists.setdefault(key, []).append(code)
    index, flat, start = {}, [], 0
    for key, codes in lists.items():
        if key in leave_out:
            continue
        codes = codes[:limit]
        index[key] = start * SLOT + len(codes)
        flat.extend(codes)
        start += len(codes)
    return index, flat


CASES = [
    ("nothing", [], 3, set()),
    ("one name", [("kyiv", 4)], 3, set()),
    ("order first seen, postings in order added", [("b", 1), ("a", 2), ("b", 3), ("c", 4), ("a", 5)], 9, set()),
    ("at most limit per name", [("paris", i) for i in range(7)] + [("nice", 8), ("paris", 9)], 3, set()),
    ("names left out take no room", [("a", 1), ("b", 2), ("a", 3), ("c", 4), ("b", 5)], 9, {"b"}),
    ("left out and limited", [("x", i) for i in range(5)] + [("y", 9), ("z", 7), ("y", 1)], 2, {"x", "q"}),
]


@pytest.mark.parametrize(("added", "limit", "leave_out"), [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_postings_lay_out_as_the_lists_did(added, limit, leave_out):
    postings = Postings()
    for key, code in added:
        postings.add(key, code)
    assert all(key in postings for key, _ in added)
    index, flat = postings.layout(limit, leave_out)
    expected_index, expected_flat = laid_out_as_lists(added, limit, leave_out)
    assert index == expected_index and list(index) == list(expected_index)
    assert flat.dtype == np.int32 and flat.tolist() == expected_flat
    assert all(type(slot) is int for slot in index.values())   # plain ints: the cache pickles them as before
    assert postings.ids == {}   # the builder hands its table over and holds nothing more


def test_object_items_reads_members_in_order(tmp_path):
    members = {"3038832": {"name": "Vila", "latitude": 42.53176, "population": 1418, "alternatenames": ["Vila"]},
               "2": {"name": "Ḩarastā", "latitude": -0.1, "population": 0, "alternatenames": []}}
    path = tmp_path / "cities.json"
    path.write_text(json.dumps(members), encoding="utf-8")
    items = list(object_items(path))
    assert items == list(members.items())
    assert type(items[0][1]["latitude"]) is float and type(items[0][1]["population"]) is int
