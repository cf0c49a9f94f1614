"""Strict readers for the covariate tables (CSV), bundled or supplied by a user.

Every table is read whole and checked row by row before anything is returned: a bad
row raises :class:`CovariateError` naming the file, the line and the column, with what
was expected there, and every problem of the file is reported at once. Nothing is
ever written by a reader, so a rejected table changes nothing.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date
from itertools import pairwise
from pathlib import Path
from typing import Literal

from accord.errors import AccordError, ErrorDetail

_CODE = re.compile(r"^[A-Z]{3}$")
_BLOC = re.compile(r"^[A-Z][A-Z0-9_]{1,31}$")

BlocKind = Literal["security", "political"]


@dataclass
class CovariateError(AccordError):
    """A covariate table could not be read or breaks its format; ``file`` names it."""

    file: str = "<covariates>"


@dataclass(frozen=True, slots=True)
class Bloc:
    """A bloc or alliance; ``kind`` says whether it is a security arrangement."""

    code: str
    name: str
    kind: BlocKind
    source: str


@dataclass(frozen=True, slots=True)
class Membership:
    """An economy's membership of a bloc from ``joined`` (inclusive) to ``left``
    (exclusive: the first day it is no longer a member). ``joined`` is ``None`` only
    where the source gives no date and the note says the membership predates the
    covered period."""

    economy: str
    bloc: str
    joined: date | None
    left: date | None
    source: str
    note: str
    line: int

    def holds_on(self, day: date) -> bool:
        """Whether the economy is a member on ``day``."""
        started = self.joined is None or self.joined <= day
        return started and (self.left is None or day < self.left)


@dataclass(frozen=True, slots=True)
class Coincidence:
    """An economy's UN General Assembly voting coincidence with the United States in one
    calendar year of recorded votes; ``coincidence`` is ``None`` when it cast none."""

    economy: str
    year: int
    same: int
    opposite: int
    partial: int
    absent: int
    coincidence: float | None
    source: str
    note: str


@dataclass(frozen=True, slots=True)
class Gap:
    """A covariate an economy cannot have, why, since when and on whose authority."""

    economy: str
    covariate: str
    since: date
    reason: str
    source: str


class _Rows:
    """Rows of one CSV file with their first line numbers and a list of problems."""

    def __init__(self, text: str, file: str, columns: tuple[str, ...]) -> None:
        self.file = file
        self.problems: list[ErrorDetail] = []
        self._names = columns
        self._reader = csv.reader(io.StringIO(text, newline=""))
        header = next(self._reader, None)
        self._ok = header is not None and tuple(h.strip() for h in header) == columns
        if not self._ok:
            self.fail(1, "header", f"header is {header}", ",".join(columns))

    def fail(self, line: int, column: str, msg: str, expected: str) -> None:
        self.problems.append(
            {"loc": f"{self.file}:{line}: {column}", "msg": msg, "expected": expected}
        )

    def __iter__(self) -> Iterator[tuple[int, dict[str, str]]]:
        if not self._ok:
            return
        previous = self._reader.line_num
        for row in self._reader:
            # a quoted field may span lines: a record starts after the previous one ended
            start, previous = previous + 1, self._reader.line_num
            if not any(cell.strip() for cell in row):
                continue
            if len(row) != len(self._names):
                self.fail(start, "row", f"{len(row)} fields", f"{len(self._names)} fields")
                continue
            yield start, {k: v.strip() for k, v in zip(self._names, row, strict=True)}

    def code(self, line: int, column: str, value: str) -> str | None:
        if _CODE.fullmatch(value):
            return value
        self.fail(line, column, f"{value!r} is not an economy code", "ISO 3166 alpha-3, e.g. DEU")
        return None

    def day(self, line: int, column: str, value: str, *, optional: bool) -> date | None:
        if not value and optional:
            return None
        try:
            return date.fromisoformat(value)
        except ValueError:
            self.fail(line, column, f"{value!r} is not a date", "a date YYYY-MM-DD")
            return None

    def whole(self, line: int, column: str, value: str) -> int | None:
        if value.isdigit():
            return int(value)
        self.fail(line, column, f"{value!r} is not a count", "a whole number >= 0")
        return None

    def choice(self, line: int, column: str, value: str, allowed: Iterable[str]) -> str | None:
        if value in allowed:
            return value
        self.fail(line, column, f"unknown {column} {value!r}", f"one of {sorted(allowed)}")
        return None

    def text(self, line: int, column: str, value: str, what: str) -> str | None:
        if value:
            return value
        self.fail(line, column, "empty", what)
        return None

    def raise_if_failed(self, what: str) -> None:
        if self.problems:
            raise CovariateError(f"{self.file}: not a valid {what}", self.problems, file=self.file)


def _read(path: Path) -> str:
    try:
        return path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise CovariateError(f"{path}: cannot be read ({exc})", file=str(path)) from exc


def _rows(path: Path, columns: tuple[str, ...]) -> _Rows:
    return _Rows(_read(path), str(path), columns)


BLOC_COLUMNS = ("bloc", "name", "kind", "source")
MEMBERSHIP_COLUMNS = ("economy", "bloc", "joined", "left", "source", "note")
COINCIDENCE_COLUMNS = (
    "economy",
    "year",
    "same",
    "opposite",
    "partial",
    "absent",
    "coincidence",
    "source",
    "note",
)
GAP_COLUMNS = ("economy", "covariate", "since", "reason", "source")
NAME_COLUMNS = ("code", "name")
COVARIATES = ("un_coincidence",)
"""Covariates a gap may name."""


def read_blocs(path: Path) -> dict[str, Bloc]:
    """The blocs table: code, name, kind (security or political), source."""
    rows = _rows(path, BLOC_COLUMNS)
    out: dict[str, Bloc] = {}
    for line, r in rows:
        if not _BLOC.fullmatch(r["bloc"]):
            rows.fail(line, "bloc", f"{r['bloc']!r} is not a bloc code", "e.g. NATO, EU_CANDIDATE")
            continue
        if r["bloc"] in out:
            rows.fail(line, "bloc", f"{r['bloc']} is listed twice", "each bloc once")
        if r["kind"] not in ("security", "political"):
            rows.fail(line, "kind", f"{r['kind']!r}", "security or political")
            continue
        name = rows.text(line, "name", r["name"], "the bloc's name")
        source = rows.text(line, "source", r["source"], "a public source")
        if name and source:
            kind: BlocKind = "security" if r["kind"] == "security" else "political"
            out[r["bloc"]] = Bloc(r["bloc"], name, kind, source)
    rows.raise_if_failed("blocs table")
    return out


def read_memberships(path: Path, blocs: dict[str, Bloc]) -> tuple[Membership, ...]:
    """The memberships table; every row dated and sourced, periods of one economy in one
    bloc not overlapping."""
    rows = _rows(path, MEMBERSHIP_COLUMNS)
    out: list[Membership] = []
    for line, r in rows:
        economy = rows.code(line, "economy", r["economy"])
        bloc = rows.choice(line, "bloc", r["bloc"], blocs)
        joined = rows.day(line, "joined", r["joined"], optional=True)
        left = rows.day(line, "left", r["left"], optional=True)
        source = rows.text(line, "source", r["source"], "a public source")
        if not r["joined"] and not r["note"]:
            rows.fail(line, "joined", "empty without a note", "a date, or a note saying why not")
        if joined and left and left <= joined:
            rows.fail(line, "left", f"{left} is not after joined {joined}", "a later date")
        if economy and source and bloc:
            out.append(Membership(economy, bloc, joined, left, source, r["note"], line))
    _check_overlaps(out, rows)
    rows.raise_if_failed("memberships table")
    return tuple(out)


def _check_overlaps(memberships: list[Membership], rows: _Rows) -> None:
    spans: dict[tuple[str, str], list[Membership]] = {}
    for m in memberships:
        spans.setdefault((m.economy, m.bloc), []).append(m)
    for (economy, bloc), ms in spans.items():
        ordered = sorted(ms, key=lambda m: m.joined or date.min)
        for before, after in pairwise(ordered):
            if before.left is None or (after.joined or date.min) < before.left:
                rows.fail(
                    after.line,
                    "joined",
                    f"{economy} in {bloc} overlaps line {before.line}",
                    "periods of one economy in one bloc that do not overlap",
                )


def read_coincidence(path: Path) -> tuple[Coincidence, ...]:
    """The UN voting coincidence table: one row per economy and year."""
    rows = _rows(path, COINCIDENCE_COLUMNS)
    out: list[Coincidence] = []
    seen: dict[tuple[str, int], int] = {}
    for line, r in rows:
        economy = rows.code(line, "economy", r["economy"])
        year = rows.whole(line, "year", r["year"])
        if year is not None and not 1946 <= year <= 2100:
            rows.fail(line, "year", f"{year}", "a year from 1946 (the first General Assembly)")
            year = None
        counts = [rows.whole(line, c, r[c]) for c in ("same", "opposite", "partial", "absent")]
        share = _share(rows, line, r["coincidence"])
        source = rows.text(line, "source", r["source"], "a public source")
        if economy and year is not None:
            if (economy, year) in seen:
                rows.fail(
                    line,
                    "year",
                    f"{economy} {year} repeats line {seen[economy, year]}",
                    "each economy once a year",
                )
            seen[economy, year] = line
        if economy is None or year is None or source is None or None in counts:
            continue
        same, opposite, partial, absent = (int(c or 0) for c in counts)
        voted = same + opposite + partial > 0
        out.append(
            Coincidence(
                economy,
                year,
                same,
                opposite,
                partial,
                absent,
                share if voted else None,
                source,
                r["note"],
            )
        )
    rows.raise_if_failed("UN voting coincidence table")
    return tuple(out)


def _share(rows: _Rows, line: int, value: str) -> float | None:
    try:
        x = float(value)
    except ValueError:
        x = -1.0
    if 0.0 <= x <= 1.0:
        return x
    rows.fail(line, "coincidence", f"{value!r}", "a share in [0, 1]")
    return None


def read_gaps(path: Path) -> tuple[Gap, ...]:
    """The gaps table: covariates an economy cannot have, each dated and sourced."""
    rows = _rows(path, GAP_COLUMNS)
    out: list[Gap] = []
    for line, r in rows:
        parts = (
            rows.code(line, "economy", r["economy"]),
            rows.choice(line, "covariate", r["covariate"], COVARIATES),
            rows.day(line, "since", r["since"], optional=False),
            rows.text(line, "reason", r["reason"], "why the covariate is missing"),
            rows.text(line, "source", r["source"], "a public source"),
        )
        economy, covariate, since, reason, source = parts
        if economy and covariate and since and reason and source:
            out.append(Gap(economy, covariate, since, reason, source))
    rows.raise_if_failed("gaps table")
    return tuple(out)


def read_names(path: Path) -> dict[str, str]:
    """Economy names by code."""
    rows = _rows(path, NAME_COLUMNS)
    out: dict[str, str] = {}
    for line, r in rows:
        code = rows.code(line, "code", r["code"])
        name = rows.text(line, "name", r["name"], "the economy's name")
        if code and name:
            out[code] = name
    rows.raise_if_failed("economy names table")
    return out
