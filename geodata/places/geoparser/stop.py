"""Stopping a parse part-way: the page's extraction asks whether its session still wants the answer.

The geoparser reads the whole text in stages (tokens, candidate names, resolution in context), each one pass
over all of it; a `StopCheck` is ticked once per word or name in those passes and asks `should_stop` once per
chunk of them, so a closed tab stops the parse within a paragraph or so of text instead of after it.
"""

from __future__ import annotations

from collections.abc import Callable

CHUNK = 256   # words or names between two questions: about a paragraph of news, and a cheap question's cost


class ParseStopped(Exception):
    """`should_stop` said so during a parse."""


class StopCheck:
    """Called once per step; every `every` steps asks `should_stop` and raises ParseStopped when it says so."""

    __slots__ = ("_ask", "_every", "_left")

    def __init__(self, should_stop: Callable[[], bool] | None = None, every: int = CHUNK) -> None:
        self._ask = should_stop
        self._every = every
        self._left = every

    def __call__(self) -> None:
        self._left -= 1
        if self._left <= 0:
            self._left = self._every
            self.now()

    def now(self) -> None:
        """Ask at once: between two stages."""
        if self._ask is not None and self._ask():
            raise ParseStopped
