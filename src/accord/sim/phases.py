"""The phases of one simulated month, as functions of arrays (``docs/model.md``).

Each phase takes the arrays it reads and returns the arrays it produces; none keeps
state or reads another phase's internals, so the month reads as its sequence in
:func:`accord.sim.engine.advance`: concede, vote, elect, perceive, decide, implement,
detect, learn, lose, tire, press. Shapes: R runs, M members, K measures, S milestones.
Arithmetic is written for the largest arrays (in place on temporaries the phase owns,
member sums as matrix products).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol

import numpy as np

from accord.rules import MonthInputs, Requirements, RulesState, step
from accord.rules.types import F32, B
from accord.sim.broadcast import by_run, for_deciders, scaled
from accord.sim.draws import Draws
from accord.sim.setting import Setting

f = np.float32


def concede(st: Setting, target_pressure: F32, achieved: B, d: Draws) -> B:
    """[R, S] milestones the target reaches this month: the concession hazard rises with
    last month's pressure on it and with credible, predictable relief."""
    base = st.concession * (target_pressure / f(st.reference_pressure)) ** f(st.elasticity)
    hazard = base[:, None] * (1.0 + st.relief_boost[None, :])
    return np.asarray(~achieved & (d.concession < hazard))


def vote(
    st: Setting,
    rules: RulesState,
    t: int,
    detected: B,
    in_favour: B,
    lead_in_favour: B,
    conceded: B,
) -> tuple[RulesState, Requirements]:
    """The framework, through the one rules engine: renewal votes (the members' and the
    lead's), the ladder moved by last month's detected violations, certified milestones;
    returns what it requires."""
    inputs = MonthInputs(
        detected=detected,
        in_favour=in_favour,
        lead_in_favour=lead_in_favour,
        certified=conceded,
    )
    return step(st.cr, rules, t, inputs)


def elect(st: Setting, resolve: F32, d: Draws) -> tuple[F32, B]:
    """Political cycle: [R, M] resolve after changes of government, and elections (which
    are decision moments)."""
    elections = d.politics < st.election
    changed, fresh = d.new_resolve(st.change, st.resolve_sd)
    return np.where(changed, fresh, resolve).astype(np.float32), np.asarray(elections)


class Disposition(Protocol):
    """Who decides, by their constants: the members (the :class:`Setting` itself) or the
    lead (``Setting.lead``), shaped ``[N, K]`` and ``[N]`` for N deciders."""

    @property
    def perceived_cost(self) -> F32: ...  # [N, K] cost of each measure in full

    @property
    def secondary(self) -> F32: ...  # [N] fear of secondary penalties at unit severity

    @property
    def affinity(self) -> F32: ...  # [N] alignment with the lead


class Mind(Protocol):
    """What a decider remembers (``[R, N]`` and ``[R, N, K]``): the members' part of
    ``SimState``, or the lead's ``accord.sim.lead.LeadMind``."""

    threat: F32
    fatigue: F32
    pressure: F32
    belief: F32
    resolve: F32
    taste: F32


@dataclass(frozen=True)
class Burden:
    """What the requirement costs each decider, in the propensity's unit (percent of
    output per month, ``[R, N, K]``): the whole weighed cost, and its domestic-pressure
    part (which openly deviating spares voters: the domestic credit)."""

    cost: F32
    credit: F32


def weigh(st: Setting, who: Disposition, mind: Mind, required: F32) -> Burden:
    """The cost weighed, ``r c~ (kappa (1 + F / F*) + pi P)``: the cost of what the
    framework requires now (phase-in, carve-outs, commitments), made heavier by fatigue
    and by domestic pressure; and the pressure part ``r c~ pi P``."""
    share = who.perceived_cost[None, :, :] * required
    weight = for_deciders(st.cost_weight) * (1.0 + mind.fatigue / f(st.fatigue_scale))
    press = f(st.pressure_weight) * mind.pressure  # [R, N]
    credit = share * press[:, :, None]
    weight += press
    share *= weight[:, :, None]
    return Burden(cost=share, credit=credit)


@dataclass(frozen=True)
class Deviation:
    """What deviating from a measure is worth to each decider (``[R, N, K]``): the cheaper
    of open and quiet deviation's cost (never below 0), and whether quiet is cheaper."""

    value: F32
    quiet: B


def perceive(st: Setting, belief: F32, ladder: F32, credit: F32) -> Deviation:
    """The cost of deviation: open deviation pays reputation and the next rung of the
    ladder (``ladder [R, N]``, its monthly penalty weighed ``horizon_months`` times), less
    the domestic credit of openly protecting voters (``credit``, the pressure part of the
    measure's cost); quiet deviation pays them only if found, with a premium for having
    been caught, and earns no credit."""
    open_cost = scaled(belief, st.reputation)
    open_cost += ladder[:, :, None]
    open_cost -= credit
    caught_cost = scaled(belief, st.detection * (1.0 + st.caught_premium) * st.reputation)
    caught_cost += (f(st.detection) * ladder)[:, :, None]
    quiet = caught_cost < open_cost
    value = np.minimum(open_cost, caught_cost, out=open_cost)
    np.maximum(value, 0.0, out=value)
    return Deviation(value=value, quiet=np.asarray(quiet))


def decide(
    st: Setting,
    who: Disposition,
    mind: Mind,
    t: int,
    deviation: F32,
    cost: F32,
    forced: B | None,
) -> F32:
    """[R, N, K] each decider's desired share of the requirement: the propensity of
    ``docs/model.md`` (deviation cost, shared threat, resolve, fear of secondary
    penalties, affinity with the lead, taste, less the weighed cost of what is
    required), every term in percent of output per month, ``clip(0.5 + slope z, 0, 1)``.
    ``deviation`` is consumed (it becomes the propensity)."""
    threat = mind.threat * f(np.exp(-st.threat_decay * t) * st.resolve_boost)
    z = deviation
    # Shared threat: the benefit of a member's contribution scales with how many others
    # it believes contribute (a collective effort), so a visible defection lowers it.
    z += threat[:, :, None] * mind.belief
    # Fear of secondary penalties: from when the lead adopts or threatens them.
    secondary = who.secondary * st.secondary_path[min(t, len(st.secondary_path) - 1)]
    # Affinity: security ties and political alignment with the lead (accord.covariates).
    offset = for_deciders(0.5 / st.slope)
    z += (mind.resolve + by_run(secondary) + by_run(who.affinity) + offset)[:, :, None]
    z += mind.taste
    z -= cost
    scaled(z, st.slope, out=z)
    desire = np.clip(z, 0.0, 1.0, out=z)
    if forced is not None:
        desire[:, forced, :] = 0.0
    return desire


def implement(
    st: Setting,
    level: F32,
    desire: F32,
    required: F32,
    previous: F32,
    elections: B,
    t: int,
    review_due: bool,
    forced: B | None,
) -> F32:
    """[R, M, K] levels: at decision moments (a review, a change in the requirement, an
    election, month 0, a forced defection) the aim ``desire x required``; otherwise a
    drift of a fraction ``drift`` of the way towards it."""
    aim = desire * required
    if not st.sticky:  # reviews and sunsets off: every month is a decision moment
        return aim
    revise = required != previous
    revise |= elections[:, :, None]
    if review_due or t == 0:
        revise[:] = True
    if forced is not None:
        revise[:, forced, :] = True
    step_ = aim - level
    step_ *= f(st.drift)
    step_ += level
    np.copyto(step_, aim, where=revise)
    return step_


def detect(st: Setting, level: F32, required: F32, quiet: B, d: Draws) -> tuple[B, B]:
    """[R, M, K] violations found (open shortfalls always, quiet ones with the month's
    detection probability) and quiet shortfalls left unseen."""
    short = level < required * f(1.0 - st.tolerance)
    hidden = short & quiet
    found = d.found(st.detection)
    detected = short & ~quiet
    detected |= hidden & found
    return detected, hidden & ~found


def _wsum_members(x: F32, w: F32) -> F32:
    """[R, K] sum over members weighted by ``w`` (a batched matrix-vector product)."""
    return np.asarray(x.transpose(0, 2, 1) @ w)


def learn(
    st: Setting, belief: F32, level: F32, required: F32, unseen: B, d: Draws
) -> tuple[F32, F32]:
    """[R, M, K] beliefs about the others' alignment, moved towards what each member sees
    of them (full compliance where a quiet shortfall goes unfound), with noise; and
    ``[R, K]`` the members' weighted visible share (what the lead sees of them all)."""
    w = st.weight
    positive = required > 0
    # level / r where something is required, 1 where nothing is (there the level is 0:
    # a member never implements more than is required); cheaper than a masked divide.
    visible = np.maximum(required, f(1e-30))
    np.divide(level, visible, out=visible)
    visible += ~positive
    visible[unseen] = 1.0
    seen = _wsum_members(visible, w)
    visible *= w[None, :, None]
    others = np.subtract(seen[:, None, :], visible, out=visible)
    others *= (1.0 / np.maximum(1.0 - w, f(1e-6)))[None, :, None].astype(f)
    return _update(st, belief, others, d), seen


def _update(st: Setting, belief: F32, seen: F32, d: Draws) -> F32:
    """Beliefs moved ``belief_rate`` of the way towards what is seen, with the month's
    perception noise, kept in [0, 1]; ``seen`` is consumed."""
    seen += d.noise(st.belief_noise)
    seen -= belief
    seen *= f(st.belief_rate)
    seen += belief
    np.clip(seen, 0.0, 1.0, out=seen)
    return seen


def learn_lead(st: Setting, belief: F32, seen: F32, d: Draws) -> F32:
    """[R, 1, K] the lead's beliefs about the members' alignment, moved as a member's
    are towards what it sees of all of them (``seen [R, K]``), with its own noise."""
    return _update(st, belief, seen[:, None, :].copy(), d)


def lose(st: Setting, t: int, level: F32, required: F32, penalty: F32) -> tuple[F32, F32]:
    """The effective cut ``[R, M, K]`` (level plus private over-compliance where
    something is required) and each member's loss ``[R, M]`` after burden sharing,
    including what the target's countermeasures cost it this month."""
    effective = 1.0 - level
    effective *= required > 0
    effective *= f(st.over_compliance)
    effective += level
    loss = np.einsum("rmk,mk->rm", effective, st.unit_cost) + penalty
    loss += st.counter_loss[min(t, len(st.counter_loss) - 1)]
    if st.burden > 0:
        loss = loss - f(st.burden) * (loss - (loss @ st.weight)[:, None])
    return effective, loss


def tire(st: Setting, fatigue: F32, pressure: F32, last_loss: F32, loss: F32) -> tuple[F32, F32]:
    """[R, M] fatigue, the discounted sum of past losses ``F_t = mu F_(t-1) + L_t``
    (percent-months of output; a constant loss L builds it up to ``L / (1 - mu)``), and
    domestic pressure (a jump in losses weighs more than a steady one)."""
    fm = f(st.fatigue_memory)
    pm = f(st.pressure_memory)
    jump = np.maximum(loss - last_loss, 0.0)
    return fm * fatigue + loss, pm * pressure + (1 - pm) * loss + f(st.disruption) * jump


def _matured(st: Setting, t: int) -> F32:
    """[K] how far rerouting around each measure has matured: 1 - exp(-age / tau)."""
    age = np.maximum(t - st.cr.adopted, 0).astype(np.float32)
    return np.where(t >= st.cr.adopted, 1.0 - np.exp(-age / st.leakage_tau), 0.0).astype(np.float32)


def press(st: Setting, t: int, effective: F32) -> tuple[F32, F32]:
    """[R] pressure on the target and the leakage share. The cost model's loss of the
    target is already net of rerouting through third parties, so it is not discounted
    again; leakage, maturing and growing with gaps, is the reported share of the
    sanctioned trade that still reaches the target."""
    cover = _wsum_members(effective, st.weight)
    leak = st.leakage_share * _matured(st, t) * (1.0 + st.leakage_gap * (1.0 - cover))
    np.clip(leak, 0.0, 1.0, out=leak)
    gross = np.einsum("rmk,mk->rk", effective, st.target_unit)
    total = gross.sum(axis=1)
    leakage = np.divide(
        (gross * leak).sum(axis=1), total, out=np.zeros_like(total), where=total > 0
    )
    return total.astype(f), leakage.astype(f)


def withheld(st: Setting, level: F32, required: F32, unseen: B) -> F32:
    """[R] weighted share of the requirement quietly withheld and not found."""
    gap = required - level
    gap *= unseen
    w = st.weight
    hidden = _wsum_members(gap, w).sum(axis=1)
    owed = _wsum_members(required, w).sum(axis=1)
    return np.asarray(np.divide(hidden, owed, out=np.zeros_like(owed), where=owed > 0), f)
