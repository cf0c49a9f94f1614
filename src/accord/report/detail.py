"""What the report needs beyond the headline metrics: postures by member x measure over
time, every renewal vote, and the terms of members' decisions at chosen months.

:func:`simulate_plan_for_report` runs the engine once (every parameter block of
:mod:`accord.sim.parameters`, month by month) with these recorders beside any other
month hooks (the trajectory writer, a progress bar), so the report costs no second
simulation; :func:`simulate_for_report` is the same for one parameter set.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from accord.sim.engine import Month, MonthHook
from accord.sim.metrics import Recorder, SimResult
from accord.sim.parameters import Plan, run_planned, single
from accord.sim.setting import Setting
from accord.sim.watch import Renewal, TermsWatcher, VoteWatcher

F64 = npt.NDArray[np.float64]


class PostureRecorder:
    """Month hook: for each month, member and measure, the share of runs in which the
    lead has the measure (something to match), in which the member mimics or resists it
    there, and in which it has lapsed for everyone (the lead keeps it, nothing is
    required: a failed renewal, not the member's choice)."""

    def __init__(self, months: int, members: int, measures: int) -> None:
        shape = (months, members, measures)
        self.in_force = np.zeros(shape, dtype=np.float32)
        self.mimic = np.zeros(shape, dtype=np.float32)
        self.resist = np.zeros(shape, dtype=np.float32)
        self.lapsed = np.zeros(shape, dtype=np.float32)

    def __call__(self, mo: Month) -> None:
        positive = mo.reference > 0
        self.in_force[mo.t] = positive.mean(axis=0)
        self.mimic[mo.t] = ((mo.posture == 0) & positive).mean(axis=0)
        self.resist[mo.t] = ((mo.posture == 2) & positive).mean(axis=0)
        self.lapsed[mo.t] = ((mo.required <= 0) & positive).mean(axis=0)


class AdoptionRecorder:
    """Month hook: each run's first month in which each member adopts each measure (does
    not resist it while the lead has it); -1 where it never does within the horizon. The
    observed adoption dates of a case are set beside these."""

    def __init__(self, runs: int, members: int, measures: int) -> None:
        self.first = np.full((runs, members, measures), -1, dtype=np.int16)

    def __call__(self, mo: Month) -> None:
        adopted = (mo.posture != 2) & (mo.reference > 0) & (self.first < 0)
        self.first[adopted] = mo.t


@dataclass(frozen=True)
class ReportDetail:
    """Postures by member x measure (``[T, M, K]`` shares of runs), renewal votes and
    decision terms (``terms[month]`` is ``[len(TERMS), M, K]``, mean over runs)."""

    in_force: F64
    mimic: F64
    resist: F64
    lapsed: F64
    renewals: tuple[Renewal, ...]
    needed: int  # yes votes a renewal needs (by count)
    voters: tuple[bool, ...]  # [M] who votes on renewals
    acts: tuple[str, ...]  # ids of the acts renewals are voted on
    terms: dict[int, F64]
    desire: dict[int, F64]
    adopted: npt.NDArray[np.int16]  # [R, M, K] first month adopted per run, -1: never

    def measure_shares(self) -> tuple[F64, F64, F64]:
        """[T, K] share of member-runs in force on each measure that mimic, adjust and
        resist (members unweighted; NaN before a measure is in force anywhere)."""
        total = self.in_force.sum(axis=1)
        with np.errstate(invalid="ignore", divide="ignore"):
            mimic = np.where(total > 0, self.mimic.sum(axis=1) / total, np.nan)
            resist = np.where(total > 0, self.resist.sum(axis=1) / total, np.nan)
        return mimic, 1.0 - mimic - resist, resist

    def resist_at(self, t: int) -> F64:
        """[M, K] P(resist) at month ``t`` among runs where the lead has the measure
        (NaN where it has it in none); a lapsed measure counts as resisted, as in
        cohesion."""
        return self._given_lead(self.resist[t], t)

    def lapsed_at(self, t: int) -> F64:
        """[M, K] share of those runs in which the measure has lapsed for everyone."""
        return self._given_lead(self.lapsed[t], t)

    def _given_lead(self, share: F64, t: int) -> F64:
        with np.errstate(invalid="ignore", divide="ignore"):
            return np.where(self.in_force[t] > 0, share / self.in_force[t], np.nan)


def explain_months(horizon: int) -> tuple[int, ...]:
    """The months whose decisions the report breaks down: after a year, half-way and
    the last month (fewer when the horizon is short)."""
    return tuple(sorted({min(12, horizon - 1), horizon // 2, horizon - 1}))


def simulate_for_report(
    st: Setting, runs: int, months: int, seed: int, hooks: Sequence[MonthHook] = ()
) -> tuple[SimResult, ReportDetail]:
    """One simulation of ``st`` (one parameter set, one engine call) with the metrics
    and the report's detail recorded."""
    return simulate_plan_for_report(single(st, runs, seed), months, hooks)


def simulate_plan_for_report(
    p: Plan, months: int, hooks: Sequence[MonthHook] = ()
) -> tuple[SimResult, ReportDetail]:
    """One simulation of a plan's parameter blocks (:mod:`accord.sim.parameters`) with
    the metrics and the report's detail recorded; the blocks' votes and decision terms
    are pooled over all runs."""
    st = p.base
    m, k, _ = st.shape
    rec = Recorder(st, p.runs, months)
    postures = PostureRecorder(months, m, k)
    adoption = AdoptionRecorder(p.runs, m, k)
    chosen = explain_months(months)
    seen = run_planned(
        p,
        months,
        hooks=(rec, postures, adoption, *hooks),
        watchers=lambda s: (VoteWatcher(s), TermsWatcher(s, chosen)),
    )
    votes = [w[0] for w in seen]
    terms = pooled_terms([w[1] for w in seen], [b.runs for b in p.blocks])
    detail = ReportDetail(
        in_force=postures.in_force.astype(np.float64),
        mimic=postures.mimic.astype(np.float64),
        resist=postures.resist.astype(np.float64),
        lapsed=postures.lapsed.astype(np.float64),
        renewals=pooled_renewals([v.renewals for v in votes]),
        needed=votes[0].needed(),
        voters=tuple(bool(v) for v in st.cr.voter_mask),
        acts=tuple(st.cr.acts.ids),
        terms=terms.terms,
        desire=terms.desire,
        adopted=adoption.first,
    )
    return SimResult.from_recorder(st, rec), detail


def pooled_renewals(blocks: Sequence[Sequence[Renewal]]) -> tuple[Renewal, ...]:
    """Each block's renewal votes as one record per (month, act) over all runs: counts
    summed, shares weighted by the runs that held the vote, margins joined in block
    order. One block's records come back unchanged."""
    if len(blocks) == 1:
        return tuple(blocks[0])
    keyed: dict[tuple[int, int], list[Renewal]] = {}
    for block in blocks:
        for r in block:
            keyed.setdefault((r.month, r.measure), []).append(r)
    out = []
    for (month, measure), parts in sorted(keyed.items()):
        held = np.array([r.held for r in parts], dtype=np.float64)
        out.append(
            Renewal(
                month=month,
                measure=measure,
                held=int(held.sum()),
                failed=sum(r.failed for r in parts),
                against=np.average([r.against for r in parts], axis=0, weights=held),
                sole=np.average([r.sole for r in parts], axis=0, weights=held),
                margin=np.concatenate([r.margin for r in parts]),
            )
        )
    return tuple(out)


def pooled_terms(blocks: Sequence[TermsWatcher], runs: Sequence[int]) -> TermsWatcher:
    """The blocks' mean decision terms as the mean over all runs (weighted by runs)."""
    if len(blocks) == 1:
        return blocks[0]
    first = blocks[0]
    out = TermsWatcher(first.st, first.months)
    weights = np.asarray(runs, dtype=np.float64)
    for t in first.terms:
        out.terms[t] = np.average([b.terms[t] for b in blocks], axis=0, weights=weights)
        out.desire[t] = np.average([b.desire[t] for b in blocks], axis=0, weights=weights)
        out.check[t] = max(b.check[t] for b in blocks)
    return out
