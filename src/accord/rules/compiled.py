"""A regime compiled to arrays, once, so every rule is array arithmetic.

The simulator evaluates the rules for thousands of runs every month; the ledger for one
history. Both start here: member and measure order, masks and month indices are fixed
once and shared, so the two drivers cannot drift apart.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from accord.domain import SECTORS, Exemption, Regime, RenewalRule, expand, month_index
from accord.rules.acts import CompiledActs, compile_acts
from accord.rules.types import F32, I32, NEVER, B

__all__ = ["F32", "I32", "NEVER", "B", "CompiledRegime", "compile_regime"]


@dataclass(frozen=True)
class CompiledRegime:
    """Array form of a :class:`~accord.domain.Regime`; shapes use M members, K measures,
    E exemptions, S milestones, C relief criteria, X escalation criteria, T months."""

    regime: Regime
    members: tuple[str, ...]
    measures: tuple[str, ...]
    milestones: tuple[str, ...]
    weight: F32  # [M] members' economic weight (sums to 1)
    bound: F32  # [M, K] 1 where the member is bound by the measure, else 0
    phase: F32  # [K, T+1] phase-in level by month, clamped after the horizon
    adopted: I32  # [K] month each measure is adopted by the lead
    acts: CompiledActs  # A acts: the measures that lapse together, for whom, when
    voter_mask: B  # [M] members who vote on renewal
    lead_votes: bool  # the lead is among the voters
    renewal: RenewalRule | None
    threshold: float
    weight_threshold: float
    review_every: int  # 0: no reviews
    review_first: int
    ex_measure: I32  # [E]
    ex_members: B  # [E, M]
    ex_share: F32  # [E]
    ex_start: I32  # [E]
    ex_end: I32  # [E] first month no longer in force
    ladder_steps: int  # 0: no ladder
    ladder_penalty: F32  # [ladder_steps + 1], step 0 costs nothing
    remedy_months: int
    tolerance: float
    relief_milestone: I32  # [C]
    relief_measures: B  # [C, K]
    relief_share: F32  # [C]
    relief_delay: I32  # [C]
    esc_after: I32  # [X]
    esc_measures: B  # [X, K]
    esc_step: F32  # [X]

    @property
    def horizon(self) -> int:
        return int(self.phase.shape[1]) - 1

    def month(self, t: int) -> int:
        """Column of the phase table for month ``t`` (clamped to the table)."""
        return min(max(t, 0), self.horizon)


def _phase_table(regime: Regime, horizon: int) -> F32:
    start = regime.start
    table = np.zeros((len(regime.measures), horizon + 1), dtype=np.float32)
    months = np.arange(horizon + 1)
    for k, m in enumerate(regime.measures):
        a = month_index(start, m.adopted)
        p = m.phase_in
        if p.kind == "immediate":
            table[k] = np.where(months >= a, 1.0, 0.0)
        elif p.kind == "wind_down":
            end = a + (p.wind_down_months or 0)
            table[k] = np.where(months >= end, 1.0, np.where(months >= a, p.initial_level, 0.0))
        else:
            for tier in p.tiers:
                table[k] = np.where(months >= month_index(start, tier.start), tier.level, table[k])
    return table


def _exempt_share(regime: Regime, exemption: Exemption) -> float:
    """Share of the measure an exemption leaves out: its ``share`` of the sectors it names
    (each sector in the measure's scope counting equally), or of the whole scope when it
    names none."""
    if not exemption.sectors:
        return exemption.share
    scope = set(regime.measure(exemption.measure).sectors or SECTORS)
    named = scope & set(exemption.sectors)
    return exemption.share * len(named) / len(scope)


def _weights(regime: Regime, members: tuple[str, ...]) -> F32:
    """Written weights; members without one share what the written ones leave of 1."""
    given = {m.code: m.weight for m in regime.members if m.weight is not None}
    rest = [c for c in members if c not in given]
    each = (1.0 - sum(given.values())) / len(rest) if rest else 0.0
    w = np.array([given.get(c, each) for c in members], dtype=np.float64)
    return np.asarray(w / w.sum(), dtype=np.float32)


def compile_regime(
    regime: Regime, horizon: int | None = None, weight: npt.ArrayLike | None = None
) -> CompiledRegime:
    """Compile ``regime``; ``weight`` (per member) overrides the written weights, e.g. with
    shares of gross output from the economics model."""
    horizon = regime.horizon_months if horizon is None else horizon
    members = regime.member_codes
    measures = regime.measure_ids
    milestones = tuple(s.id for s in regime.milestones)
    k_ix = {c: i for i, c in enumerate(measures)}
    s_ix = {c: i for i, c in enumerate(milestones)}
    M, K = len(members), len(measures)
    start = regime.start
    sg = regime.safeguards

    voter_mask = np.zeros(M, dtype=bool)
    lead_votes = False
    if sg.sunset is not None:
        voters = expand(sg.sunset.voters) if sg.sunset.voters else members
        voter_mask[:] = [c in voters for c in members]
        lead_votes = regime.lead.code in voters

    ex = regime.exemptions
    ex_members = np.zeros((len(ex), M), dtype=bool)
    for e, x in enumerate(ex):
        ex_members[e] = [not x.members or c in x.members for c in members]

    w = _weights(regime, members) if weight is None else np.asarray(weight, dtype=np.float32)
    if w.shape != (M,):
        raise ValueError(f"weight has shape {w.shape}; expected ({M},)")
    ladder = sg.ladder
    penalty = [0.0] + ([s.penalty for s in ladder.steps] if ladder else [])
    relief, esc = sg.relief, sg.escalation
    return CompiledRegime(
        regime=regime,
        members=members,
        measures=measures,
        milestones=milestones,
        weight=w / w.sum() if w.sum() > 0 else w,
        bound=np.array([[regime.binds(c, k) for k in measures] for c in members], np.float32),
        phase=_phase_table(regime, horizon),
        adopted=np.array([month_index(start, m.adopted) for m in regime.measures], np.int32),
        acts=compile_acts(regime, members),
        voter_mask=voter_mask,
        lead_votes=lead_votes,
        renewal=sg.sunset.renewal if sg.sunset else None,
        threshold=(sg.sunset.threshold or 1.0) if sg.sunset else 1.0,
        weight_threshold=(sg.sunset.weight_threshold or 0.0) if sg.sunset else 0.0,
        review_every=sg.review.every_months if sg.review else 0,
        review_first=(
            (month_index(start, sg.review.first) if sg.review.first else sg.review.every_months)
            if sg.review
            else 0
        ),
        ex_measure=np.array([k_ix[x.measure] for x in ex], np.int32),
        ex_members=ex_members,
        ex_share=np.array([_exempt_share(regime, x) for x in ex], np.float32),
        ex_start=np.array([month_index(start, x.start) if x.start else 0 for x in ex], np.int32),
        ex_end=np.array([month_index(start, x.end) if x.end else int(NEVER) for x in ex], np.int32),
        ladder_steps=len(ladder.steps) if ladder else 0,
        ladder_penalty=np.array(penalty, np.float32),
        remedy_months=ladder.remedy_months if ladder else 0,
        tolerance=ladder.tolerance if ladder else 0.1,
        relief_milestone=np.array([s_ix[r.milestone] for r in relief], np.int32),
        relief_measures=np.array(
            [[k in {k_ix[i] for i in r.measures} for k in range(K)] for r in relief], bool
        ).reshape(len(relief), K),
        relief_share=np.array([r.relief for r in relief], np.float32),
        relief_delay=np.array([r.certification_delay_months for r in relief], np.int32),
        esc_after=np.array([x.after_months for x in esc], np.int32),
        esc_measures=np.array(
            [[k in {k_ix[i] for i in x.measures} for k in range(K)] for x in esc], bool
        ).reshape(len(esc), K),
        esc_step=np.array([x.step for x in esc], np.float32),
    )
