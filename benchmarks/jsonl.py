"""Reading JSON Lines evaluation files: one object with a "text" string a line, errors named by line."""

from __future__ import annotations

import json
import os
from collections.abc import Iterator


def text_objects(path: str | os.PathLike[str], error: type[Exception]) -> Iterator[tuple[int, dict]]:
    """(line number, object) for each non-blank line; raises `error` naming the line for a malformed one,
    and OSError when the file cannot be read."""
    with open(path, encoding="utf-8") as fh:
        for lineno, line in enumerate(fh, 1):
            if not line.strip():
                continue
            try:
                obj = json.loads(line)
            except json.JSONDecodeError as exc:
                raise error(f"{path}:{lineno}: not valid JSON ({exc.msg})") from None
            if not isinstance(obj, dict) or not isinstance(obj.get("text"), str):
                raise error(f"{path}:{lineno}: expected an object with a 'text' string")
            yield lineno, obj
