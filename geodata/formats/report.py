"""What an import did, for the CLI and the Data page alike: rows taken and rejected, the rejections grouped by
reason (count and first places), the full list as CSV, and the exit code the CLI returns for it."""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field

from geodata.formats.base import ImportResult, RowError

EXIT_ALL_TAKEN, EXIT_SOME_REJECTED, EXIT_NONE_TAKEN = 0, 1, 2
FIRST_PLACES = 5


@dataclass(frozen=True)
class RejectionGroup:
    """Rejections for one reason: how many, and where the first few are ("line 12", "feature 3")."""

    reason: str
    count: int
    first: tuple[str, ...]
    example: str

    def __str__(self) -> str:
        more = ", ..." if self.count > len(self.first) else ""
        return f"{self.count} × {self.reason} ({', '.join(self.first)}{more}); e.g. {self.example}"


@dataclass
class ImportReport:
    """Accumulates the chunks of one file's import."""

    name: str
    format: str = ""
    taken: int = 0
    rejected: int = 0
    events: int = 0
    errors: list[RowError] = field(default_factory=list)

    def add(self, result: ImportResult) -> None:
        self.taken += result.taken
        self.rejected += result.rejected
        self.events += len(result.df)
        self.errors.extend(result.errors)

    @property
    def rows(self) -> int:
        return self.taken + self.rejected

    @property
    def exit_code(self) -> int:
        """0 every row taken, 1 some rejected, 2 none taken."""
        if self.taken == 0:
            return EXIT_NONE_TAKEN
        return EXIT_SOME_REJECTED if self.rejected else EXIT_ALL_TAKEN

    def groups(self) -> list[RejectionGroup]:
        """Rejections by reason, the most frequent first."""
        by_kind: dict[str, list[RowError]] = {}
        for error in self.errors:
            by_kind.setdefault(error.kind, []).append(error)
        groups = [RejectionGroup(reason=kind, count=len(errors), example=str(errors[0]),
                                 first=tuple(e.where for e in errors[:FIRST_PLACES]))
                  for kind, errors in by_kind.items()]
        return sorted(groups, key=lambda g: -g.count)

    def summary(self) -> str:
        merged = self.taken - self.events
        events = f" as {self.events} events ({merged} rows merged into events they share)" if merged > 0 else ""
        return f"{self.name}: {self.taken} of {self.rows} rows taken{events}, {self.rejected} rejected"

    def errors_csv(self) -> bytes:
        """Every rejection: line (or feature), column and reason, as CSV for download."""
        buffer = io.StringIO()
        writer = csv.writer(buffer, lineterminator="\r\n")
        writer.writerow(["line", "feature", "column", "reason"])
        for e in self.errors:
            writer.writerow([e.line if e.line is not None else "", e.feature if e.feature is not None else "",
                             e.column or "", e.reason])
        return buffer.getvalue().encode("utf-8")
