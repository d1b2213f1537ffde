"""Read a big JSON object file one member at a time, so a build never holds the whole file as objects."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import ijson


def object_items(path: Path) -> Iterator[tuple[str, Any]]:
    """(key, value) of each member of the JSON object in `path`, in file order; numbers as int or float.

    `json.loads` of GeoNames' cities500 (80 MB) holds about 300 MB of dicts at once; this holds one town.
    """
    with path.open("rb") as fh:
        yield from ijson.kvitems(fh, "", use_float=True)
