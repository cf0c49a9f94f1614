"""One exception root for Accord, with structured detail an API can return as is.

Every error a user can cause derives from :class:`AccordError`, so a command can catch
one class, print its message without a traceback and exit with a stated code. The
``errors`` attribute is a list of plain dicts (location, message, expected) so the HTTP
API and the CLI render the same facts.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import TypedDict


class ErrorDetail(TypedDict):
    """One located problem: where it is and what was expected there."""

    loc: str
    msg: str
    expected: str


@dataclass
class AccordError(Exception):
    """Root of every error a user of Accord can cause."""

    message: str
    errors: list[ErrorDetail] = field(default_factory=list)

    def __post_init__(self) -> None:
        super().__init__(self.message)

    def __str__(self) -> str:
        if not self.errors:
            return self.message
        lines = [self.message]
        for e in self.errors:
            expected = f" (expected {e['expected']})" if e["expected"] else ""
            lines.append(f"  {e['loc']}: {e['msg']}{expected}")
        return "\n".join(lines)


@dataclass
class ScenarioError(AccordError):
    """A scenario file could not be read or does not describe a valid regime.

    ``file`` names the file; ``line`` is set for syntax errors, the field paths in
    ``errors`` for schema errors.
    """

    file: str = "<scenario>"
    line: int | None = None


@dataclass
class EventRejected(AccordError):
    """An event does not fit the domain model or the regime it is recorded against."""


@dataclass
class DataUnavailable(AccordError):
    """Data a command needs (a package's tables, a list file) is missing."""


@dataclass
class InvalidArgument(AccordError):
    """A command-line or API argument is out of range or names something unknown."""


def _distance(a: str, b: str) -> int:
    """Edit distance with adjacent transpositions (optimal string alignment): a swapped
    pair of letters ("GRB" for "GBR") is one slip, as a reader counts it."""
    rows = [list(range(len(b) + 1))]
    for i, ca in enumerate(a, 1):
        row = [i] + [0] * len(b)
        for j, cb in enumerate(b, 1):
            row[j] = min(rows[-1][j] + 1, row[j - 1] + 1, rows[-1][j - 1] + (ca != cb))
            if i > 1 and j > 1 and ca == b[j - 2] and a[i - 2] == cb:
                row[j] = min(row[j], rows[-2][j - 2] + 1)
        rows.append(row)
    return rows[-1][-1]


def close_matches(value: str, candidates: Iterable[str], limit: int = 3) -> list[str]:
    """The candidates closest to ``value``, ignoring case: the exact match in another
    case, else the nearest of those within a third of the value's length in edits (at
    least one), else those that start with it; at most ``limit``."""
    typed = value.strip().casefold()
    if not typed:
        return []
    options = list(dict.fromkeys(c for c in candidates if c != value))
    same = [c for c in options if c.casefold() == typed]
    if same:
        return same[:limit]
    allowed = max(1, len(typed) // 3)
    scored = sorted(
        (d, i, c) for i, c in enumerate(options) if (d := _distance(typed, c.casefold())) <= allowed
    )
    found = [c for d, _, c in scored if d == scored[0][0]]
    if not found and len(typed) >= 3:
        found = [c for c in options if c.casefold().startswith(typed)]
    return found[:limit]


def did_you_mean(value: str, candidates: Iterable[str]) -> str:
    """``"did you mean GBR?"`` (or ``"GBR or GRC"``) for a misspelling; empty when nothing
    is close enough to suggest."""
    found = close_matches(value, candidates)
    if not found:
        return ""
    return "did you mean " + " or ".join(found) + "?"
