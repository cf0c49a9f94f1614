"""The political covariates, and what is known of them as of a date.

Memberships are dated spans; UN voting coincidence is one value per calendar year of
recorded votes, known from the year's end (31 December). :meth:`Covariates.as_of`
returns only what was true or published on or before the given day, and
:meth:`Covariates.before` reads them as of the day *before* a regime's start, so a
covariate never looks ahead: a regime starting on 24 February 2022 reads memberships
of 23 February 2022 and UN votes of 2021 at the latest.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import date, timedelta
from functools import cache
from pathlib import Path

from accord.covariates.tables import (
    Bloc,
    Coincidence,
    CovariateError,
    Gap,
    Membership,
    read_blocs,
    read_coincidence,
    read_gaps,
    read_memberships,
    read_names,
)
from accord.domain.codes import OUTSIDE_ECONOMIES

DATA = Path(__file__).parent / "data"
COVERED_FROM = date(2010, 1, 1)
"""Every membership in force on any day from this date is recorded; earlier dates are
refused, since memberships that ended before it (Mexico's Rio Treaty, the EFTA states
that joined the EU) are not."""

US_TREATY_ALLY = "US_TREATY_ALLY"
US_ARRANGEMENTS = ("NATO", "RIO", "ANZUS", "US_JPN", "US_KOR", "US_PHL", "SEACDT")
"""The US Department of State's list of US collective defense arrangements; a party to
any of them is a US treaty ally (the derived bloc ``US_TREATY_ALLY``)."""

OUTSIDE_ICIO = OUTSIDE_ECONOMIES
"""Economies outside the ICIO whose covariates are bundled: those the economics carves
out of the ICIO's rest of the world (:data:`accord.domain.codes.OUTSIDE_ECONOMIES`)."""

REFERENCE = "USA"
"""The state the UN coincidence is measured against (its coincidence with itself is 1)."""


@dataclass(frozen=True)
class Snapshot:
    """The covariates as known on ``day``: blocs of each economy, UN coincidence with
    the United States (the latest year whose votes were complete by then)."""

    day: date
    blocs: dict[str, frozenset[str]]
    coincidence: dict[str, tuple[int, float]]
    kinds: dict[str, str] = field(repr=False)

    def blocs_of(self, economy: str) -> frozenset[str]:
        """Blocs ``economy`` belongs to on the day (with ``US_TREATY_ALLY`` derived)."""
        return self.blocs.get(economy, frozenset())

    def un_coincidence(self, economy: str) -> float | None:
        """Its coincidence with the United States, or ``None`` where there is none."""
        if economy == REFERENCE:
            return 1.0
        known = self.coincidence.get(economy)
        return None if known is None else known[1]


@dataclass(frozen=True)
class Covariates:
    """Every covariate table, checked; build with :func:`bundled` or :func:`load`."""

    blocs: dict[str, Bloc]
    memberships: tuple[Membership, ...]
    coincidence: tuple[Coincidence, ...]
    gaps: tuple[Gap, ...]
    names: dict[str, str]

    def as_of(self, day: date) -> Snapshot:
        """What was true or published on or before ``day``."""
        if day < COVERED_FROM:
            raise CovariateError(
                f"covariates are recorded for dates from {COVERED_FROM}; {day} is earlier",
                [{"loc": "date", "msg": f"{day}", "expected": f"on or after {COVERED_FROM}"}],
            )
        held: dict[str, set[str]] = {}
        for m in self.memberships:
            if m.holds_on(day):
                held.setdefault(m.economy, set()).add(m.bloc)
        for blocs in held.values():
            if blocs & set(US_ARRANGEMENTS):
                blocs.add(US_TREATY_ALLY)
        latest: dict[str, tuple[int, float]] = {}
        for c in self.coincidence:
            if c.coincidence is None or date(c.year, 12, 31) > day:
                continue
            if c.economy not in latest or latest[c.economy][0] < c.year:
                latest[c.economy] = (c.year, c.coincidence)
        kinds = {b.code: b.kind for b in self.blocs.values()} | {US_TREATY_ALLY: "derived"}
        return Snapshot(day, {e: frozenset(b) for e, b in held.items()}, latest, kinds)

    def before(self, start: date) -> Snapshot:
        """The covariates a regime starting on ``start`` may use: as of the day before."""
        return self.as_of(start - timedelta(days=1))

    def economies(self) -> tuple[str, ...]:
        """Every economy any table mentions, sorted."""
        codes = {m.economy for m in self.memberships} | {c.economy for c in self.coincidence}
        return tuple(sorted(codes | {g.economy for g in self.gaps} | set(self.names)))


def load(folder: Path = DATA) -> Covariates:
    """Read and check every covariate table of ``folder`` (the bundled ones by default)."""
    bloc_table = read_blocs(folder / "blocs.csv")
    return Covariates(
        blocs=bloc_table,
        memberships=read_memberships(folder / "memberships.csv", bloc_table),
        coincidence=read_coincidence(folder / "un_coincidence_us.csv"),
        gaps=read_gaps(folder / "gaps.csv"),
        names=read_names(folder / "economies.csv"),
    )


def with_user_tables(
    base: Covariates, memberships: Path | None = None, coincidence: Path | None = None
) -> Covariates:
    """``base`` with a user's memberships and coincidence tables (the bundled columns;
    blocs must be ``base``'s), both checked in full before anything is combined. A user's
    rows for an economy and bloc, or an economy and year, replace ``base``'s."""
    mine = read_memberships(memberships, base.blocs) if memberships else ()
    votes = read_coincidence(coincidence) if coincidence else ()
    pairs = {(m.economy, m.bloc) for m in mine}
    years = {(c.economy, c.year) for c in votes}
    return replace(
        base,
        memberships=tuple(m for m in base.memberships if (m.economy, m.bloc) not in pairs) + mine,
        coincidence=tuple(c for c in base.coincidence if (c.economy, c.year) not in years) + votes,
    )


@cache
def bundled() -> Covariates:
    """The bundled tables, read once on first use (never at import)."""
    return load()
