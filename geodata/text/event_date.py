"""The value a time expression is read into: a day, the precision the words gave it, and the interval named.

Why a module of its own: the resolvers, the rule table and the public API (`geodata.text.dates`) all
build or read `EventDate`; keeping it here lets them import it without importing each other.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from geodata.text import calendar as cal

__all__ = ["PRECISIONS", "EventDate", "Span"]

PRECISIONS = ("day", "week", "month", "year", "before")
Span = tuple[dt.date, dt.date]


@dataclass(frozen=True)
class EventDate:
    """The date of an event and how precisely the sentence gave it.

    ``text``/``start``/``end`` are the phrase and its offsets in the sentence
    (``sentence[start:end] == text``); all three are None when the date was defaulted. ``span`` is the
    interval when it is not the precision's own (a quarter, a season, a decade); ``tense`` the cue read
    next to the phrase ("future", "past" or None); ``vague`` marks "now"/"currently".
    """

    date: dt.date
    precision: str
    text: str | None
    start: int | None
    end: int | None
    span: Span | None = None
    tense: str | None = None
    vague: bool = False

    @property
    def first(self) -> dt.date | None:
        """First day of the interval named; None for "before" without one."""
        if self.span is not None:
            return self.span[0]
        return None if self.precision == "before" else self.date

    @property
    def last(self) -> dt.date | None:
        """Last day of the interval named; None for "before" without one."""
        if self.span is not None:
            return self.span[1]
        if self.precision == "week":
            return self.date + dt.timedelta(days=6)
        if self.precision == "month":
            return cal.month_end(self.date)
        if self.precision == "year":
            return dt.date(self.date.year, 12, 31)
        return None if self.precision == "before" else self.date

    def to_dict(self) -> dict[str, object]:
        """JSON-ready form: the date as an ISO string."""
        return {"date": self.date.isoformat(), "precision": self.precision, "text": self.text,
                "start": self.start, "end": self.end}
