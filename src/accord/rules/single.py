"""The single-state entry point: one recorded history, named by members and measures.

The ledger speaks of members, measures and dates; the rules speak of arrays. This module
converts one to the other and calls :func:`accord.rules.engine.step` with one run, so the
ledger's projections are the batch rules, never a second implementation.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from datetime import date

import numpy as np
import numpy.typing as npt

from accord.domain import Event, month_index
from accord.domain.events import Escalation as EscalationEvent
from accord.domain.events import (
    ExemptionGranted,
    Lapse,
    MilestoneCertified,
    RenewalVote,
    VerificationFinding,
)
from accord.rules.acts import measure_view
from accord.rules.compiled import NEVER, CompiledRegime
from accord.rules.engine import step
from accord.rules.state import MonthInputs, Requirements, RulesState, initial_state


@dataclass(frozen=True)
class MemberState:
    """One member's standing on the consequence ladder."""

    ladder: int = 0
    clean_months: int = 0


@dataclass(frozen=True)
class SingleState:
    """The framework's memory for one history, keyed by ids instead of array positions.

    ``act_in_force`` and ``act_expiry`` are the acts' standing and the month each lapses
    unless renewed (None: never); ``in_force`` and ``expiry`` are the same per measure
    (in force while no act holding it has lapsed; its next renewal vote). ``certified``
    maps certified milestones to their month.
    """

    act_in_force: dict[str, bool]
    act_expiry: dict[str, int | None]
    in_force: dict[str, bool]
    expiry: dict[str, int | None]
    members: dict[str, MemberState]
    certified: dict[str, int] = field(default_factory=dict)
    last_escalation: tuple[int, ...] = ()
    escalation: dict[str, float] = field(default_factory=dict)


@dataclass(frozen=True)
class SingleInputs:
    """What happened in one month of one history."""

    violations: frozenset[tuple[str, str]] = frozenset()  # (member, measure) found in breach
    # (member, measure): a vote against renewing a measure is a vote against its act
    votes_against: frozenset[tuple[str, str]] = frozenset()
    lead_against: frozenset[str] = frozenset()  # measures (their acts) the lead would not renew
    certified: frozenset[str] = frozenset()  # milestones certified this month
    recorded_lapses: frozenset[str] = frozenset()  # measures recorded as lapsed this month
    recorded_escalations: frozenset[tuple[str, float]] = frozenset()  # (measure, step)


@dataclass(frozen=True)
class SingleRequirements:
    """What the framework requires of one history in one month."""

    month: int
    required: dict[tuple[str, str], float]
    review_due: bool
    sunset_due: frozenset[str]
    renewed: frozenset[str]
    lapsed: frozenset[str]
    ladder: dict[str, int]
    penalty: dict[str, float]
    relief: dict[str, float]
    escalated: frozenset[str]
    exemptions_in_force: frozenset[str]
    acts_due: frozenset[str] = frozenset()
    acts_renewed: frozenset[str] = frozenset()
    acts_lapsed: frozenset[str] = frozenset()
    reference: dict[tuple[str, str], float] = field(default_factory=dict)
    disagreements: tuple[str, ...] = ()  # where the record says what the rules did not


def to_arrays(cr: CompiledRegime, s: SingleState) -> RulesState:
    """Array form (one run) of a single state."""
    K, A = cr.measures, cr.acts.ids
    expiry = [NEVER if s.act_expiry[a] is None else s.act_expiry[a] for a in A]
    return RulesState(
        act_in_force=np.array([[s.act_in_force[a] for a in A]], dtype=bool).reshape(1, len(A)),
        act_expiry=np.array([expiry], np.int32).reshape(1, len(A)),
        ladder=np.array([[s.members[m].ladder for m in cr.members]], np.int32),
        clean=np.array([[s.members[m].clean_months for m in cr.members]], np.int32),
        certified=np.array([[s.certified.get(x, -1) for x in cr.milestones]], np.int32).reshape(
            1, len(cr.milestones)
        ),
        last_escalation=np.array([s.last_escalation], np.int32).reshape(1, len(cr.esc_after)),
        escalation=np.array([[s.escalation.get(k, 0.0) for k in K]], np.float32),
    )


def from_arrays(cr: CompiledRegime, a: RulesState, run: int = 0) -> SingleState:
    """Single state of run ``run`` of an array state."""
    K, A = cr.measures, cr.acts.ids
    in_force, expiry = measure_view(
        cr.acts, a.act_in_force[run : run + 1], a.act_expiry[run : run + 1]
    )

    def month(v: int) -> int | None:
        return None if v >= NEVER else int(v)

    return SingleState(
        act_in_force={x: bool(a.act_in_force[run, i]) for i, x in enumerate(A)},
        act_expiry={x: month(a.act_expiry[run, i]) for i, x in enumerate(A)},
        in_force={k: bool(in_force[0, i]) for i, k in enumerate(K)},
        expiry={k: month(expiry[0, i]) for i, k in enumerate(K)},
        members={
            m: MemberState(int(a.ladder[run, i]), int(a.clean[run, i]))
            for i, m in enumerate(cr.members)
        },
        certified={
            x: int(a.certified[run, i])
            for i, x in enumerate(cr.milestones)
            if a.certified[run, i] >= 0
        },
        last_escalation=tuple(int(v) for v in a.last_escalation[run]),
        escalation={
            k: float(a.escalation[run, i]) for i, k in enumerate(K) if a.escalation[run, i] > 0
        },
    )


def _inputs(cr: CompiledRegime, x: SingleInputs) -> MonthInputs:
    m_ix = {m: i for i, m in enumerate(cr.members)}
    k_ix = {k: i for i, k in enumerate(cr.measures)}
    M, K, S = len(cr.members), len(cr.measures), len(cr.milestones)
    detected = np.zeros((1, M, K), dtype=bool)
    for m, k in x.violations:
        detected[0, m_ix[m], k_ix[k]] = True
    holding = cr.acts.measures  # [A, K]
    in_favour = np.ones((1, M, len(cr.acts.ids)), dtype=bool)
    for m, k in x.votes_against:
        if m in m_ix:
            in_favour[0, m_ix[m], holding[:, k_ix[k]]] = False
    lead = np.ones((1, len(cr.acts.ids)), dtype=bool)
    for k in x.lead_against:
        lead[0, holding[:, k_ix[k]]] = False
    cert = np.array([[s in x.certified for s in cr.milestones]], dtype=bool).reshape(1, S)
    return MonthInputs(detected=detected, in_favour=in_favour, lead_in_favour=lead, certified=cert)


def _named(cr: CompiledRegime, r: Requirements) -> SingleRequirements:
    K, M = cr.measures, cr.members
    ids = [x.id for x in cr.regime.exemptions]
    return SingleRequirements(
        month=r.month,
        required={
            (m, k): float(r.required[0, i, j]) for i, m in enumerate(M) for j, k in enumerate(K)
        },
        review_due=r.review_due,
        sunset_due=frozenset(k for j, k in enumerate(K) if r.sunset_due[0, j]),
        renewed=frozenset(k for j, k in enumerate(K) if r.renewed[0, j]),
        lapsed=frozenset(k for j, k in enumerate(K) if r.lapsed[0, j]),
        ladder={m: int(r.ladder[0, i]) for i, m in enumerate(M)},
        penalty={m: float(r.penalty[0, i]) for i, m in enumerate(M)},
        relief={k: float(r.relief[0, j]) for j, k in enumerate(K)},
        escalated=frozenset(k for j, k in enumerate(K) if r.escalated[0, j]),
        exemptions_in_force=frozenset(
            e for e, on in zip(ids, r.exemptions_in_force, strict=True) if on
        ),
        acts_due=_acts(cr, r.act_due[0]),
        acts_renewed=_acts(cr, r.act_renewed[0]),
        acts_lapsed=_acts(cr, r.act_lapsed[0]),
        reference={
            (m, k): float(r.reference[0, i, j]) for i, m in enumerate(M) for j, k in enumerate(K)
        },
    )


def _acts(cr: CompiledRegime, flags: npt.NDArray[np.bool_]) -> frozenset[str]:
    return frozenset(a for a, on in zip(cr.acts.ids, flags, strict=True) if on)


def initial_single_state(cr: CompiledRegime) -> SingleState:
    """A history's memory before its first month."""
    return from_arrays(cr, initial_state(cr, 1))


def evaluate(
    cr: CompiledRegime, state: SingleState, month: int, inputs: SingleInputs
) -> tuple[SingleState, SingleRequirements]:
    """Apply the rules to one history for one month (the batch rules with one run).

    What was recorded is honoured: a recorded lapse ends the acts holding the measure
    from this month, and a recorded escalation raises the measure by its step, even where
    the rules scheduled neither; each such month says so in ``disagreements``.
    """
    before = to_arrays(cr, state)
    month_in = _inputs(cr, inputs)
    new, req = step(cr, before, month, month_in)
    named = _named(cr, req)
    notes: list[str] = []
    for k in sorted(inputs.recorded_lapses - named.lapsed):
        acts = cr.acts.measures[:, cr.measures.index(k)]
        before = replace(
            before,
            act_in_force=before.act_in_force & ~acts[None, :],
            act_expiry=np.where(acts[None, :], NEVER, before.act_expiry).astype(np.int32),
        )
        notes.append(f"lapse of {k} recorded; the rules did not schedule it")
    for k, rise in sorted(inputs.recorded_escalations):
        if k in named.escalated:
            continue
        j = cr.measures.index(k)
        escalation = before.escalation.copy()
        escalation[0, j] = min(escalation[0, j] + rise, 1.0)
        before = replace(before, escalation=escalation)
        notes.append(f"escalation of {k} recorded; the rules did not schedule it")
    if notes:
        new, req = step(cr, before, month, month_in)
        named = replace(
            _named(cr, req),
            lapsed=_named(cr, req).lapsed | inputs.recorded_lapses,
            disagreements=tuple(notes),
        )
    return from_arrays(cr, new), named


def month_inputs(cr: CompiledRegime, events: Iterable[Event]) -> dict[int, SingleInputs]:
    """Group recorded events into each month's inputs to the rules.

    Violations count once a verifier finds them (a report alone does not move the
    ladder); a vote not recorded counts as in favour, as a renewal passes unless blocked.
    """
    start, lead = cr.regime.start, cr.regime.lead.code
    violations: dict[int, set[tuple[str, str]]] = defaultdict(set)
    against: dict[int, set[tuple[str, str]]] = defaultdict(set)
    lead_against: dict[int, set[str]] = defaultdict(set)
    certified: dict[int, set[str]] = defaultdict(set)
    lapses: dict[int, set[str]] = defaultdict(set)
    escalations: dict[int, set[tuple[str, float]]] = defaultdict(set)
    for e in events:
        t = month_index(start, e.date)
        if isinstance(e, VerificationFinding) and e.finding == "violation":
            violations[t].add((e.member, e.measure))
        elif isinstance(e, RenewalVote) and not e.in_favour and e.member == lead:
            lead_against[t].add(e.measure)
        elif isinstance(e, RenewalVote) and not e.in_favour:
            against[t].add((e.member, e.measure))
        elif isinstance(e, MilestoneCertified):
            certified[t].add(e.milestone)
        elif isinstance(e, Lapse):
            lapses[t].add(e.measure)
        elif isinstance(e, EscalationEvent):
            escalations[t].add((e.measure, e.step))
    months = set(violations) | set(against) | set(lead_against) | set(certified)
    months |= set(lapses) | set(escalations)
    return {
        t: SingleInputs(
            violations=frozenset(violations[t]),
            votes_against=frozenset(against[t]),
            lead_against=frozenset(lead_against[t]),
            certified=frozenset(certified[t]),
            recorded_lapses=frozenset(lapses[t]),
            recorded_escalations=frozenset(escalations[t]),
        )
        for t in months
    }


def replay(
    cr: CompiledRegime, events: Iterable[Event], until: date
) -> tuple[SingleState, list[SingleRequirements]]:
    """Run a recorded history through the rules month by month up to ``until``'s month.

    Returns the memory after that month and the requirements of every month from 0.
    Exemptions recorded as granted join the regime's own (from their start, or the date
    they were granted).
    """
    events = list(events)
    cr = with_granted(cr, events)
    inputs = month_inputs(cr, events)
    state = initial_single_state(cr)
    out: list[SingleRequirements] = []
    for t in range(month_index(cr.regime.start, until) + 1):
        state, req = evaluate(cr, state, t, inputs.get(t, SingleInputs()))
        out.append(req)
    return state, out


def with_granted(cr: CompiledRegime, events: Iterable[Event]) -> CompiledRegime:
    """``cr`` with the exemptions recorded as granted added to the regime's own."""
    known = {x.id for x in cr.regime.exemptions}
    granted = []
    for e in events:
        if isinstance(e, ExemptionGranted) and e.exemption.id not in known:
            known.add(e.exemption.id)
            x = e.exemption
            granted.append(x if x.start is not None else x.model_copy(update={"start": e.date}))
    if not granted:
        return cr
    from accord.rules.compiled import compile_regime

    regime = cr.regime.model_copy(update={"exemptions": (*cr.regime.exemptions, *granted)})
    return compile_regime(regime, horizon=cr.horizon, weight=cr.weight)
