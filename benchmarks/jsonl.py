"""JSON Lines evaluation files in (one object with a "text" string a line, errors named by line), and a
benchmark's result out: one JSON object, or a text report."""

from __future__ import annotations

import json
import os
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any, TypeVar

T = TypeVar("T")


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


def load_or_report(path: str, load: Callable[[str], T], bad: tuple[type[Exception], ...],
                   what: str = "evaluation file") -> T | None:
    """`load(path)`, or None after one `error:` line on stderr when the file is missing, unreadable or malformed
    (the benchmark then exits 2)."""
    if not Path(path).is_file():
        print(f"error: {what} not found: {path}", file=sys.stderr)
        return None
    try:
        return load(path)
    except OSError as exc:
        print(f"error: cannot read {path}: {exc.strerror or exc}", file=sys.stderr)
    except (*bad, UnicodeDecodeError) as exc:
        print(f"error: bad {what}: {exc}", file=sys.stderr)
    return None


def print_result(path: str, result: dict[str, Any], mistakes: list | None, as_json: bool,
                 report: Callable[[], str], explain: Callable[[list], str]) -> None:
    """The result as one JSON object (`path`, the result's keys, `errors` when mistakes were listed), or as the
    text of `report()` followed by `explain(mistakes)` when that says anything."""
    if as_json:
        out: dict[str, Any] = {"path": str(path), **result}
        if mistakes is not None:
            out["errors"] = mistakes
        print(json.dumps(out, ensure_ascii=False, default=str))
        return
    print(report())
    if mistakes is not None and (text := explain(mistakes)):
        print(text)


def headed(mistakes: list, format_errors: Callable[[list], str]) -> str:
    """The mistakes under a heading that counts them (printed even when there are none)."""
    return f"\n== errors ({len(mistakes)}) ==\n" + format_errors(mistakes)
