"""The record every reader yields, the error every reader raises, and the skip ledger.

A reader never drops a row silently: each row is either turned into a
:class:`Designation` or counted in :class:`ReadReport` with the reason it was skipped,
so the totals can be checked against the file.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum

from accord.errors import AccordError, ErrorDetail


class Precision(StrEnum):
    """How well a listing date is known.

    ``day``: the list prints the day. ``six_hours``: first seen in a snapshot taken every
    six hours (OFAC scrape), so the day is known to within about a quarter of a day.
    ``before``: only an upper bound is known (the entry was already on the list at a
    snapshot); the date is censored and must not be used as if exact.
    """

    DAY = "day"
    SIX_HOURS = "six_hours"
    BEFORE = "before"


@dataclass
class ListsError(AccordError):
    """A list file, or one of its rows, is malformed; names the file, row and field."""

    file: str = ""
    row: int | None = None
    field_name: str = ""

    @classmethod
    def at(cls, file: str, row: int | None, field_name: str, msg: str, expected: str) -> ListsError:
        """Build an error located at ``file``, ``row`` (1-based, as a reader counts) and field."""
        loc = file if row is None else f"{file}:{row}"
        if field_name:
            loc = f"{loc} [{field_name}]"
        detail: ErrorDetail = {"loc": loc, "msg": msg, "expected": expected}
        return cls(
            message=f"malformed list input in {file}",
            errors=[detail],
            file=file,
            row=row,
            field_name=field_name,
        )


@dataclass(slots=True)
class Designation:
    """One listing of one entry by one jurisdiction, with what identifies the entry.

    ``source_id`` is the list's own key for the entry (OFAC ``ent_num``, UN reference
    number, UK Group ID, EU act and annex entry). Identifier values are kept raw here;
    :mod:`accord.observe.keys` normalises them for linking.
    """

    jurisdiction: str
    source_id: str
    schema: str
    name: str
    programme: str
    listed_on: date
    precision: Precision
    aliases: list[str] = field(default_factory=list)
    birth_dates: list[str] = field(default_factory=list)
    countries: list[str] = field(default_factory=list)
    identifiers: dict[str, list[str]] = field(default_factory=dict)
    un_ref: str = ""
    source_file: str = ""

    def add_id(self, kind: str, value: str) -> None:
        """Record an identifier value of ``kind`` (passport, imo, registration, ...)."""
        value = value.strip()
        if value:
            self.identifiers.setdefault(kind, []).append(value)


@dataclass
class ReadReport:
    """What a reader read from one source.

    ``rows`` counts the file's rows; each is either ``used`` (it made or enriched a
    designation; one row may make several, one per programme) or ``skipped`` with a reason.
    """

    source: str
    rows: int = 0
    used: int = 0
    designations: int = 0
    skipped: Counter[str] = field(default_factory=Counter)
    snapshot: date | None = None  # the date the list was published or scraped, if stated

    def skip(self, reason: str) -> None:
        """Count a row that carries no designation of its own, with the reason."""
        self.skipped[reason] += 1

    @property
    def unexplained(self) -> int:
        """Rows neither turned into a designation nor skipped with a reason (should be 0)."""
        return self.rows - self.used - sum(self.skipped.values())

    def summary(self) -> str:
        """One line for the console and the docs."""
        parts = ", ".join(f"{k}: {v}" for k, v in sorted(self.skipped.items()))
        skipped = f"; skipped {parts}" if parts else ""
        return (
            f"{self.source}: {self.rows} rows, {self.used} used -> "
            f"{self.designations} designations{skipped}"
        )
