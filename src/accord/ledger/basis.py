"""Projection checkpoints: what a projection needs from a history, computed once per head.

A projection as of a date needs the rules' state after that date's month and the
requirements of every month before it. The rules are a left fold over months
(:func:`accord.rules.evaluate`), so one replay over the regime's whole horizon holds the
answer for every date: :class:`ProjectionBasis` keeps the state and the requirements after
each month (a checkpoint per month) and the record indexed by member and measure, and a
projection as of any date then reads prefixes and bisects instead of walking every event.

The rules enter only through :meth:`ProjectionBasis.checkpoint` and the functions this
module imports from :mod:`accord.rules`; a new rule is a change to the fold, not here.
"""

from __future__ import annotations

from bisect import bisect_right
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date

import numpy as np

from accord.domain import Event, Posture, Regime, add_months, month_index, month_start
from accord.domain.events import (
    ComplianceReport,
    MeasureAdopted,
    PostureDeclared,
    ReliefGranted,
    ReviewHeld,
    VerificationFinding,
)
from accord.rules import (
    CompiledRegime,
    SingleInputs,
    SingleRequirements,
    SingleState,
    compile_regime,
    evaluate,
    initial_single_state,
    month_inputs,
)
from accord.rules.cohesion import cohesion

Record = tuple[date, str, str, float, Posture | None]
"""(date, member, measure, level, declared posture) of an event that states a level."""


def level_records(events: Sequence[Event]) -> list[Record]:
    """Every event that states a level, in date order (recording order within a date)."""
    out: list[Record] = []
    for e in sorted(events, key=lambda e: e.date):
        if isinstance(e, MeasureAdopted | PostureDeclared | ComplianceReport | VerificationFinding):
            declared = e.posture if isinstance(e, PostureDeclared) else None
            if e.level is not None:
                out.append((e.date, e.member, e.measure, e.level, declared))
    return out


def month_date(regime: Regime, t: int) -> date:
    return regime.start if t == 0 else month_start(regime.start, t)


@dataclass
class _Series:
    """Per (member, measure): dates and records, for bisecting to a date."""

    dates: list[date] = field(default_factory=list)
    records: list[Record] = field(default_factory=list)


@dataclass
class ProjectionBasis:
    """A history prepared for projections as of any date (see the module docstring)."""

    regime: Regime
    cr: CompiledRegime
    end: date
    states: list[SingleState]
    reqs: list[SingleRequirements]
    levels: dict[tuple[str, str], _Series]
    declared: dict[tuple[str, str], _Series]
    cohesion: list[tuple[int, date, float]]
    reviews_held: frozenset[int]
    reliefs: list[tuple[date, str, float]]
    reports_by_month: dict[int, frozenset[tuple[str, str]]]

    @classmethod
    def of(cls, regime: Regime, events: Sequence[Event]) -> ProjectionBasis:
        cr = compile_regime(regime)
        end = add_months(regime.start, regime.horizon_months)
        inputs = month_inputs(cr, events)
        state = initial_single_state(cr)
        states, reqs = [], []
        for t in range(month_index(regime.start, end) + 1):
            state, req = evaluate(cr, state, t, inputs.get(t, SingleInputs()))
            states.append(state)
            reqs.append(req)
        records = level_records(events)
        levels: dict[tuple[str, str], _Series] = defaultdict(_Series)
        declared: dict[tuple[str, str], _Series] = defaultdict(_Series)
        for r in records:
            key = (r[1], r[2])
            levels[key].dates.append(r[0])
            levels[key].records.append(r)
            if r[4] is not None:
                declared[key].dates.append(r[0])
                declared[key].records.append(r)
        reports: dict[int, set[tuple[str, str]]] = defaultdict(set)
        for e in events:
            if isinstance(e, ComplianceReport):
                reports[month_index(regime.start, e.date)].add((e.member, e.measure))
        return cls(
            regime=regime,
            cr=cr,
            end=end,
            states=states,
            reqs=reqs,
            levels=dict(levels),
            declared=dict(declared),
            cohesion=_cohesion(cr, records, reqs),
            reviews_held=frozenset(
                month_index(regime.start, e.date) for e in events if isinstance(e, ReviewHeld)
            ),
            reliefs=[(e.date, e.measure, e.relief) for e in events if isinstance(e, ReliefGranted)],
            reports_by_month={t: frozenset(v) for t, v in reports.items()},
        )

    def checkpoint(self, at: date) -> tuple[SingleState, list[SingleRequirements]]:
        """The rules' state after ``at``'s month and the requirements of months 0..that
        (what :func:`accord.rules.replay` returns for the same history and date)."""
        t = month_index(self.regime.start, at)
        return self.states[t], self.reqs[: t + 1]

    def latest(self, member: str, measure: str, at: date) -> Record | None:
        """The last record of a level on or before ``at``."""
        return _last(self.levels.get((member, measure)), at)

    def latest_declared(self, member: str, measure: str, at: date) -> Posture | None:
        r = _last(self.declared.get((member, measure)), at)
        return None if r is None else r[4]


def _last(series: _Series | None, at: date) -> Record | None:
    if series is None:
        return None
    i = bisect_right(series.dates, at)
    return series.records[i - 1] if i else None


def _cohesion(
    cr: CompiledRegime, records: Sequence[Record], reqs: Sequence[SingleRequirements]
) -> list[tuple[int, date, float]]:
    """Cohesion by month, by the rules' one definition (:mod:`accord.rules.cohesion`), in
    the months where anything is due; a member with no recorded level on a due measure
    has not adopted it."""
    M, K = len(cr.members), len(cr.measures)
    m_ix = {m: i for i, m in enumerate(cr.members)}
    k_ix = {k: i for i, k in enumerate(cr.measures)}
    level = np.full((M, K), np.nan, dtype=np.float32)
    out: list[tuple[int, date, float]] = []
    r = 0
    for req in reqs:
        end = add_months(month_start(cr.regime.start, req.month), 1)
        while r < len(records) and records[r][0] < end:
            _, m, k, lv, _ = records[r]
            if m in m_ix:
                level[m_ix[m], k_ix[k]] = lv
            r += 1
        reference = np.array(
            [[req.reference[(m, k)] for k in cr.measures] for m in cr.members], dtype=np.float32
        )
        if not (reference > 0).any():
            continue
        value = float(cohesion(level, reference, cr.weight))
        out.append((req.month, month_date(cr.regime, req.month), value))
    return out


def cohesion_series(
    cr: CompiledRegime, events: Sequence[Event], reqs: Sequence[SingleRequirements]
) -> list[tuple[date, float]]:
    """Recorded cohesion by month for ``events`` under the requirements ``reqs``."""
    return [(d, v) for _, d, v in _cohesion(cr, level_records(events), reqs)]
