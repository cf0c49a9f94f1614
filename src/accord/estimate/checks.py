"""Rules across the entries of a case: references resolve, dates sit in the window, in order.

Each rule returns ``(field path, message, expected)`` so the loader can point at the
line of the offending entry; nothing here reads a file.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import TYPE_CHECKING

from accord.domain.codes import expand

if TYPE_CHECKING:
    from accord.estimate.case import Case

Problem = tuple[tuple[str | int, ...], str, str]


def case_problems(case: Case) -> list[Problem]:
    """Every cross-entry problem of ``case``; empty when it is consistent."""
    problems: list[Problem] = []
    if case.end <= case.start:
        problems.append((("end",), "the window ends before it starts", "a date after start"))
    problems.extend(_unique(case))
    problems.extend(_references(case))
    problems.extend(_windows(case))
    problems.extend(_orders(case))
    return problems


def _unique(case: Case) -> Iterator[Problem]:
    for table, ids in (
        ("sources", [s.id for s in case.sources]),
        ("measures", [m.id for m in case.measures]),
        ("economies", list(case.economies)),
    ):
        seen: set[str] = set()
        for index, ident in enumerate(ids):
            if ident in seen:
                yield (table, index), f"{ident!r} appears twice", "each entry once"
            seen.add(ident)
    pairs: set[tuple[str, str]] = set()
    for index, outcome in enumerate(case.outcomes):
        pair = (outcome.economy, outcome.measure)
        if pair in pairs:
            yield (
                ("outcomes", index),
                f"a second outcome for {pair[0]} on {pair[1]!r}",
                "one outcome per economy and measure",
            )
        pairs.add(pair)


def _references(case: Case) -> Iterator[Problem]:
    sources = {s.id for s in case.sources}
    measures = {m.id for m in case.measures}
    acts = {m.act for m in case.measures if m.act}
    parties = {*case.economies, *expand(case.economies), case.lead}
    used: set[str] = set()
    pairs = [("outcomes", i, o.economy, o.measure) for i, o in enumerate(case.outcomes)]
    pairs += [("exemptions", i, e.economy, e.measure) for i, e in enumerate(case.exemptions)]
    for table, index, economy, measure in pairs:
        if economy not in parties:
            yield (
                (table, index, "economy"),
                f"{economy} is not among the case's economies",
                "the lead or one of economies",
            )
        if measure not in measures:
            yield (
                (table, index, "measure"),
                f"no measure {measure!r}",
                "one of " + ", ".join(sorted(measures)),
            )
    for index, renewal in enumerate(case.renewals):
        if renewal.act not in acts:
            yield (
                ("renewals", index, "act"),
                f"no measure holds the act {renewal.act!r}",
                "the act of one of the measures",
            )
        for k, code in enumerate(renewal.held_out):
            if code not in parties:
                yield (
                    ("renewals", index, "held_out", k),
                    f"{code} is not among the case's economies",
                    "one of economies or a member of a bloc among them",
                )
    entries_with_sources = (
        *(("outcomes", i, e.sources) for i, e in enumerate(case.outcomes)),
        *(("exemptions", i, e.sources) for i, e in enumerate(case.exemptions)),
        *(("renewals", i, e.sources) for i, e in enumerate(case.renewals)),
    )
    for table, index, cited in entries_with_sources:
        for k, ident in enumerate(cited):
            used.add(ident)
            if ident not in sources:
                yield (table, index, "sources", k), f"no source {ident!r}", "the id of a source"
    for index, source in enumerate(case.sources):
        if source.id not in used:
            yield ("sources", index), f"source {source.id!r} is cited by no entry", "cited sources"


def _windows(case: Case) -> Iterator[Problem]:
    def outside(value: dt.date | None) -> bool:
        return value is not None and not case.start <= value <= case.end

    window = f"a date from {case.start} to {case.end}"
    dated: list[tuple[tuple[str | int, ...], dt.date | None]] = []
    for i, o in enumerate(case.outcomes):
        dated += [(("outcomes", i, f), getattr(o, f)) for f in ("date", "censored", "ended")]
    for i, e in enumerate(case.exemptions):
        dated.append((("exemptions", i, "granted"), e.granted))
        dated += [(("exemptions", i, "renewed", k), d) for k, d in enumerate(e.renewed)]
    dated += [(("renewals", i, "date"), r.date) for i, r in enumerate(case.renewals)]
    for path, value in dated:
        if outside(value):
            yield path, f"{value} is outside the case's window", window


def _orders(case: Case) -> Iterator[Problem]:
    for i, o in enumerate(case.outcomes):
        if o.date is not None and o.ended is not None and o.ended <= o.date:
            yield ("outcomes", i, "ended"), "ended before it was adopted", "a date after date"
    for i, e in enumerate(case.exemptions):
        steps = [e.granted, *e.renewed]
        for k in range(1, len(steps)):
            if steps[k] <= steps[k - 1]:
                yield ("exemptions", i, "renewed", k - 1), "not after the step before", "ascending"
        if e.ends is not None and e.ends <= steps[-1]:
            yield ("exemptions", i, "ends"), "ends before it was granted or renewed", "a later date"
    last: dict[str, dt.date] = {}
    for i, r in enumerate(case.renewals):
        before = last.get(r.act)
        if before is not None and r.date <= before:
            yield (
                ("renewals", i, "date"),
                f"not after the previous vote on {r.act} ({before})",
                "votes on one act in date order",
            )
        last[r.act] = r.date
