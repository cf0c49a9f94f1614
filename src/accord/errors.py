"""One exception root for Accord, with structured detail an API can return as is.

Every error a user can cause derives from :class:`AccordError`, so a command can catch
one class, print its message without a traceback and exit with a stated code. The
``errors`` attribute is a list of plain dicts (location, message, expected) so the HTTP
API and the CLI render the same facts.
"""

from __future__ import annotations

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
