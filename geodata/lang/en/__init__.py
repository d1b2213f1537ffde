"""English vocabulary: `dates.py` (time-expression tables) and `events.json` (event triggers by lemma, word
classes, modality and fatality words)."""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent


@cache
def load(name: str) -> Any:
    """A vocabulary file of this language, parsed once."""
    return json.loads((HERE / f"{name}.json").read_text("utf-8"))
