"""Replay observed designations through Accord's rules and compute observed cohesion.

The lists become events: each month, each observed member (the EU's 27 states, the UK)
adopts the measure "designations of the target's persons and firms" at the level it has
reached, where the level is the share of the lead's (US) designations since the
regime's start that the member had also listed by the month's end. The regime is the
scenario (``russia-2022``) with that measure added; its monthly required
level comes from :func:`accord.rules.replay`, postures from :func:`accord.rules.classify`
and each member's economic weight from :func:`accord.rules.compile_regime`.

Observed cohesion is the coverage-based cohesion of :mod:`accord.rules.cohesion`
(``alignment``: each member counts by the share of the lead's designations its list
covers, so a list that follows most but not all designations is not read as zero),
computed over the members the lists observe, with their compiled weights renormalised;
members no list here covers (Canada, Japan...) are left out rather than guessed. The
same function is documented in ``docs/observe.md`` so that simulated cohesion on the same
measure can be plotted beside it.
"""

from __future__ import annotations

import calendar
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from accord.domain.calendar import add_months, month_index
from accord.domain.codes import BLOCS
from accord.domain.events import MeasureAdopted
from accord.domain.measures import Measure, MeasureKind
from accord.domain.regime import Regime

if TYPE_CHECKING:
    import polars as pl

MEASURE_ID = "observed_designations"
MEMBER_CODES: Mapping[str, tuple[str, ...]] = {"EU": BLOCS["EU27"], "UK": ("GBR",)}
LEAD_JURISDICTION = "US"


@dataclass(frozen=True)
class MonthCohesion:
    """One month of the replay."""

    month: date
    lead_designations: int
    levels: dict[str, float]
    postures: dict[str, str]
    cohesion: float


def with_observed_measure(regime: Regime) -> Regime:
    """The regime with the observed designations measure added, adopted at its start."""
    measure = Measure(
        id=MEASURE_ID,
        name="Designations of the target's persons and firms (observed lists)",
        kind=MeasureKind.ASSET_FREEZE,
        adopted=regime.start,
    )
    data = regime.model_dump()
    data["measures"] = [*data["measures"], measure.model_dump()]
    return Regime.model_validate(data)


def _month_end(d: date) -> date:
    return date(d.year, d.month, calendar.monthrange(d.year, d.month)[1])


def observed_levels(
    frame: pl.DataFrame, programme: str, start: date, until: date, members: Sequence[str]
) -> list[tuple[date, int, dict[str, float]]]:
    """For each month end up to ``until``: lead designations so far and members' coverage."""
    from accord.observe.align import entity_dates

    dates = entity_dates(frame, programme)
    out = []
    month = _month_end(start)
    while month <= _month_end(until):
        cut = min(month, until)
        lead = [
            by_j
            for by_j in dates.values()
            if LEAD_JURISDICTION in by_j
            and not by_j[LEAD_JURISDICTION][1]
            and start <= by_j[LEAD_JURISDICTION][0] <= cut
        ]
        levels = {}
        for jurisdiction in members:
            followed = sum(
                1 for by_j in lead if jurisdiction in by_j and by_j[jurisdiction][0] <= cut
            )
            levels[jurisdiction] = followed / len(lead) if lead else 0.0
        out.append((cut, len(lead), levels))
        month = _month_end(add_months(month.replace(day=1), 1))
    return out


def events(levels: list[tuple[date, int, dict[str, float]]]) -> list[MeasureAdopted]:
    """MeasureAdopted events: each observed member's level at each month end."""
    out: list[MeasureAdopted] = []
    for when, _count, by_jurisdiction in levels:
        for jurisdiction, level in by_jurisdiction.items():
            for code in MEMBER_CODES[jurisdiction]:
                out.append(
                    MeasureAdopted(
                        date=when,
                        member=code,
                        measure=MEASURE_ID,
                        level=level,
                        note=f"observed: {jurisdiction} list covers {level:.1%} of US designations",
                    )
                )
    return out


def observed_cohesion(
    regime: Regime,
    frame: pl.DataFrame,
    programme: str,
    until: date,
    members: Sequence[str] = tuple(MEMBER_CODES),
) -> list[MonthCohesion]:
    """Replay the observed history month by month; cohesion over the observed members.

    ``members`` are the jurisdictions whose lists were read (keys of ``MEMBER_CODES``).
    """
    import numpy as np

    from accord.rules import compile_regime, posture_of, replay
    from accord.rules.cohesion import alignment

    full = with_observed_measure(regime)
    compiled = compile_regime(full)
    levels = observed_levels(frame, programme, full.start, until, members)
    history = events(levels)
    _state, requirements = replay(compiled, history, until)
    weight = {c: float(w) for c, w in zip(compiled.members, compiled.weight, strict=True)}
    observed = [c for j in members for c in MEMBER_CODES[j] if c in weight]
    total = sum(weight[c] for c in observed)
    level_of = {(e.member, month_index(full.start, e.date)): e.level for e in history}
    out = []
    for when, count, by_jurisdiction in levels:
        t = month_index(full.start, when)
        req = requirements[t].required
        postures = {
            c: posture_of(level_of[(c, t)], req.get((c, MEASURE_ID), 0.0)).value for c in observed
        }
        # Coverage-based cohesion, by the rules' one definition: each member's list counts
        # by the share of the lead's designations it covers, not only once it mimics.
        share = alignment(
            np.array([[level_of[(c, t)]] for c in observed], dtype=np.float32),
            np.array([[req.get((c, MEASURE_ID), 0.0)] for c in observed], dtype=np.float32),
            np.array([weight[c] for c in observed], dtype=np.float32),
        )
        out.append(
            MonthCohesion(
                month=when,
                lead_designations=count,
                levels=dict(by_jurisdiction),
                postures={j: postures[MEMBER_CODES[j][0]] for j in members},
                cohesion=float(share) if total > 0 else 0.0,
            )
        )
    return out


def cohesion_frame(months: list[MonthCohesion]) -> pl.DataFrame:
    """The replay as a table (``replay.parquet``)."""
    import polars as pl

    members = list(months[0].levels) if months else []
    return pl.DataFrame(
        {
            "month": [m.month for m in months],
            "lead_designations": [m.lead_designations for m in months],
            **{f"level_{j}": [m.levels[j] for m in months] for j in members},
            **{f"posture_{j}": [m.postures[j] for m in months] for j in members},
            "cohesion": [m.cohesion for m in months],
        }
    )


def default_scenario() -> Path:
    """The bundled Russia 2022 scenario (inside the installed package)."""
    from accord.scenarios import bundled_path

    return bundled_path("russia-2022")
