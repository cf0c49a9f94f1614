"""The vectorised engine: every run, member and measure advanced together, month by month.

State is held as float32 arrays shaped ``[runs, members, measures]`` (or
``[runs, members]``); the only Python loop is over months. Each month the engine
1. lets the target concede milestones (hazard rising with pressure and relief),
2. asks the one rules engine (:func:`accord.rules.step`) what the framework requires,
3. lets every member choose a level (the decision model of ``docs/model.md``),
4. settles detection, beliefs, losses, fatigue, domestic pressure, pressure on the
   target and leakage.

Randomness: one ``numpy.random.Generator``; every month draws the same arrays in the
same order whatever the design's switches, so two designs run with one seed see the
same shocks (common random numbers).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from accord.rules import (
    MonthInputs,
    RulesState,
    classify,
    exempt_share,
    initial_state,
    phase_level,
    step,
)
from accord.rules.compiled import F32, I32, B
from accord.sim.setting import Setting


@dataclass
class SimState:
    """What the simulation remembers between months (arrays updated in place)."""

    rules: RulesState
    level: F32  # [R, M, K] implementation level
    desire: F32  # [R, M, K] share of the requirement each member wants to implement
    belief: F32  # [R, M, K] believed alignment of the others
    required: F32  # [R, M, K] last month's requirement
    taste: F32  # [R, M, K] persistent idiosyncratic propensity
    detected: B  # [R, M, K] violations found last month
    fatigue: F32  # [R, M]
    pressure: F32  # [R, M] domestic pressure
    last_loss: F32  # [R, M]
    resolve: F32  # [R, M] political resolve (redrawn at changes of government)
    threat: F32  # [R, M] initial threat perception
    achieved: B  # [R, S] milestones the target has reached
    target_pressure: F32  # [R]


U8 = npt.NDArray[np.uint8]
_UNIFORM_SD = np.float32(np.sqrt(12.0))


@dataclass(frozen=True)
class Draws:
    """One month's random numbers, always drawn in full and in this order.

    The two largest arrays are 8-bit uniforms taken from ``Generator.bytes`` (an eighth
    of the memory traffic of float64 draws): detection compares them with ``p x 256``
    and the perception noise is their centred, unit-variance rescaling. A change of
    government's new resolve reuses the politics uniform, which is itself uniform on
    ``[0, 1)`` once conditioned on the change.
    """

    politics: F32  # [R, M] uniform: election / change of government / new resolve
    perception: U8  # [R, M, K] uniform: noise in observing the others
    detection: U8  # [R, M, K] uniform: verification finds a quiet shortfall
    concession: F32  # [R, S] uniform: the target reaches a milestone

    @staticmethod
    def draw(
        rng: np.random.Generator, runs: int, members: int, measures: int, milestones: int
    ) -> Draws:
        f = np.float32
        politics = rng.random((runs, members), dtype=f)
        n = runs * members * measures
        wide = np.frombuffer(rng.bytes(2 * n), dtype=np.uint8).reshape(2, runs, members, measures)
        return Draws(
            politics=politics,
            perception=wide[0],
            detection=wide[1],
            concession=rng.random((runs, milestones), dtype=f),
        )

    def noise(self, sd: float) -> F32:
        """[R, M, K] perception noise with mean 0 and standard deviation ``sd``."""
        scale = np.float32(sd) * _UNIFORM_SD
        out = self.perception * np.float32(scale / 256.0)
        out -= np.float32(scale * 255.0 / 512.0)
        return out.astype(np.float32, copy=False)

    def found(self, p: float) -> npt.NDArray[np.bool_]:
        """[R, M, K] whether a quiet shortfall is found, with monthly probability ``p``
        (resolved to 1/256)."""
        return np.asarray(self.detection < np.uint16(round(p * 256)))

    def new_resolve(self, change: float, sd: float) -> tuple[npt.NDArray[np.bool_], F32]:
        """[R, M] changes of government (probability ``change``) and the new government's
        resolve, uniform with mean 0 and standard deviation ``sd``."""
        changed = self.politics < change
        u = self.politics / np.float32(max(change, 1e-12))
        return changed, ((u - np.float32(0.5)) * np.float32(sd) * _UNIFORM_SD).astype(np.float32)


@dataclass(frozen=True)
class Month:
    """What happened in one month, per run; the metrics and the trajectories read it."""

    t: int
    level: F32  # [R, M, K]
    required: F32  # [R, M, K] what the framework requires
    reference: F32  # [R, M, K] what matching the lead means (the lead's level if lapsed)
    posture: npt.NDArray[np.int8]  # [R, M, K] 0 mimic, 1 adjust, 2 resist
    loss: F32  # [R, M] net loss after burden sharing, % of output
    quiet: F32  # [R] weighted share of the requirement quietly withheld and not found
    target_pressure: F32  # [R]
    leakage: F32  # [R] share of the target's loss undone by rerouting
    renewed: I32  # [R]
    lapsed: I32  # [R]
    relief: B  # [R] some relief in force
    escalated: I32  # [R]
    conceded: I32  # [R]
    review: bool


def initial(st: Setting, runs: int, rng: np.random.Generator) -> SimState:
    """State before month 0: nothing implemented, everyone believed to align."""
    m, k, s = st.shape
    f = np.float32
    spread = rng.standard_normal((runs, m), dtype=f)
    taste = rng.standard_normal((runs, m, k), dtype=f)
    threat = st.threat_mean + st.threat_spread * (1.0 - st.threat_align) * spread
    zeros3 = np.zeros((runs, m, k), dtype=f)
    zeros2 = np.zeros((runs, m), dtype=f)
    return SimState(
        rules=initial_state(st.cr, runs),
        level=zeros3.copy(),
        desire=np.ones((runs, m, k), dtype=f),
        belief=np.ones((runs, m, k), dtype=f),
        required=zeros3.copy(),
        taste=(taste * f(st.idiosyncratic_sd)).astype(f),
        detected=np.zeros((runs, m, k), dtype=bool),
        fatigue=zeros2.copy(),
        pressure=zeros2.copy(),
        last_loss=zeros2.copy(),
        resolve=zeros2.copy(),
        threat=threat.astype(f),
        achieved=np.zeros((runs, s), dtype=bool),
        target_pressure=np.zeros(runs, dtype=f),
    )


def _matured(st: Setting, t: int) -> F32:
    """[K] how far rerouting around each measure has matured: 1 - exp(-age / tau)."""
    age = np.maximum(t - st.cr.adopted, 0).astype(np.float32)
    return np.where(t >= st.cr.adopted, 1.0 - np.exp(-age / st.leakage_tau), 0.0).astype(np.float32)


def _reference(st: Setting, s: SimState, t: int, r: F32) -> F32:
    """What matching the lead means: the framework's requirement while a measure is in
    force; after a lapse the lead keeps its own measure (its phase-in, with the agreed
    carve-outs), so a member that dropped it no longer matches the lead."""
    in_force = s.rules.in_force
    if in_force.all():
        return r
    lead = phase_level(st.cr, t)[None, :] * (1.0 - exempt_share(st.cr, t))  # [M, K]
    return np.where(in_force[:, None, :], r, lead[None, :, :]).astype(np.float32)


def _wsum_members(x: F32, w: F32) -> F32:
    """[R, K] sum over members weighted by ``w`` (a batched matrix-vector product)."""
    return np.asarray(x.transpose(0, 2, 1) @ w)


def advance(st: Setting, s: SimState, t: int, d: Draws, forced: B | None = None) -> Month:
    """Advance every run by month ``t``; ``forced[M]`` members defect visibly this month.

    Written for the largest arrays: in-place arithmetic on ``[runs, members, measures]``,
    member sums as matrix products, no per-element Python.
    """
    f = np.float32
    runs = s.level.shape[0]
    w = st.weight

    # 1. The target: concession hazard rises with pressure and credible, predictable relief.
    base = st.concession * (s.target_pressure / f(st.reference_pressure)) ** f(st.elasticity)
    hazard = base[:, None] * (1.0 + st.relief_boost[None, :])
    conceded = ~s.achieved & (d.concession < hazard)
    s.achieved |= conceded

    # 2. The framework, through the one rules engine.
    inputs = MonthInputs(
        detected=s.detected,
        in_favour=s.desire >= f(st.vote_threshold),
        lead_in_favour=np.ones((runs, st.shape[1]), dtype=bool),
        certified=conceded,
    )
    s.rules, req = step(st.cr, s.rules, t, inputs)
    r = req.required

    # 3. Decisions. Political cycle: elections are decision moments, changes of government
    # redraw resolve.
    elect = d.politics < st.election
    changed, fresh = d.new_resolve(st.change, st.resolve_sd)
    s.resolve = np.where(changed, fresh, s.resolve)
    threat = s.threat * f(np.exp(-st.threat_decay * t) * st.resolve_boost)
    cost_weight = f(st.cost_weight) * (1.0 + s.fatigue / f(st.fatigue_scale))
    cost_weight += f(st.pressure_weight / st.fatigue_scale) * s.pressure  # [R, M]
    # Deviation: open deviation pays reputation and the next rung of the ladder, less the
    # domestic credit of openly protecting voters; quiet deviation pays them only if found,
    # with a premium for having been caught.
    ladder = st.ladder_next[req.ladder]  # [R, M]
    credit = f(st.pressure_weight) * s.pressure
    open_cost = s.belief * f(st.reputation)
    open_cost += (ladder - credit)[:, :, None]
    caught_cost = s.belief * f(st.detection * (1.0 + st.caught_premium) * st.reputation)
    caught_cost += (f(st.detection) * ladder)[:, :, None]
    quiet = caught_cost < open_cost
    z = np.minimum(open_cost, caught_cost, out=open_cost)
    np.maximum(z, 0.0, out=z)
    # Shared threat: the benefit of a member's contribution scales with how many others
    # it believes contribute (a collective effort), so a visible defection lowers it.
    z += threat[:, :, None] * s.belief
    z += (s.resolve + st.secondary[None, :] + st.affinity[None, :] + f(0.5 / st.slope))[:, :, None]
    z += s.taste
    cost = np.multiply(st.perceived_cost[None, :, :], cost_weight[:, :, None], out=caught_cost)
    z -= cost
    z *= f(st.slope)
    desire = np.clip(z, 0.0, 1.0, out=z)  # 0.5 + slope x propensity, clipped to [0, 1]
    if forced is not None:
        desire[:, forced, :] = 0.0
    s.desire = desire
    aim = desire * r
    revise = r != s.required
    revise |= elect[:, :, None]
    if req.review_due or t == 0:
        revise[:] = True
    if forced is not None:
        revise[:, forced, :] = True
    level = s.level
    step_ = aim - level
    step_ *= f(st.drift)
    level += step_
    np.copyto(level, aim, where=revise)

    # 4. Detection, visibility and beliefs.
    short = level < r * f(1.0 - st.cr.tolerance)
    hidden = short & quiet
    found = d.found(st.detection)
    s.detected = short & ~quiet
    s.detected |= hidden & found
    unseen = hidden & ~found
    positive = r > 0
    # level / r where something is required, 1 where nothing is (there the level is 0:
    # a member never implements more than is required); cheaper than a masked divide.
    visible = np.maximum(r, f(1e-30))
    np.divide(level, visible, out=visible)
    visible += ~positive
    visible[unseen] = 1.0
    if st.beliefs_on:
        total = _wsum_members(visible, w)[:, None, :]
        visible *= w[None, :, None]
        others = np.subtract(total, visible, out=visible)
        others *= (1.0 / np.maximum(1.0 - w, f(1e-6)))[None, :, None].astype(f)
        others += d.noise(st.belief_noise)
        others -= s.belief
        others *= f(st.belief_rate)
        s.belief += others
        np.clip(s.belief, 0.0, 1.0, out=s.belief)

    # 5. Losses, burden sharing, fatigue, domestic pressure.
    effective = 1.0 - level
    effective *= positive
    effective *= f(st.over_compliance)
    effective += level
    loss = np.einsum("rmk,mk->rm", effective, st.unit_cost) + req.penalty
    if st.burden > 0:
        loss = loss - f(st.burden) * (loss - (loss @ w)[:, None])
    fm = f(st.fatigue_memory)
    s.fatigue = fm * s.fatigue + (1 - fm) * loss
    pm = f(st.pressure_memory)
    jump = np.maximum(loss - s.last_loss, 0.0)
    s.pressure = pm * s.pressure + (1 - pm) * loss + f(st.disruption) * jump
    s.last_loss = loss

    # 6. Pressure on the target, net of leakage that matures and grows with gaps.
    cover = _wsum_members(effective, w)
    leak = st.leakage_share * _matured(st, t) * (1.0 + st.leakage_gap * (1.0 - cover))
    np.clip(leak, 0.0, 1.0, out=leak)
    gross = np.einsum("rmk,mk->rk", effective, st.target_unit)
    s.target_pressure = (gross * (1.0 - leak)).sum(axis=1).astype(f)
    total_gross = gross.sum(axis=1)
    leakage = np.divide(
        (gross * leak).sum(axis=1),
        total_gross,
        out=np.zeros_like(total_gross),
        where=total_gross > 0,
    )
    gap = r - level
    gap *= unseen
    withheld = _wsum_members(gap, w).sum(axis=1)
    owed = _wsum_members(r, w).sum(axis=1)
    s.level, s.required = level, r
    reference = _reference(st, s, t, r)
    return Month(
        t=t,
        level=level,
        required=r,
        reference=reference,
        posture=classify(level, reference),
        loss=loss.astype(f),
        quiet=np.divide(withheld, owed, out=np.zeros_like(owed), where=owed > 0),
        target_pressure=s.target_pressure,
        leakage=leakage.astype(f),
        renewed=req.renewed.sum(axis=1, dtype=np.int32),
        lapsed=req.lapsed.sum(axis=1, dtype=np.int32),
        relief=np.asarray(req.relief.max(axis=1, initial=0.0) > 0),
        escalated=req.escalated.sum(axis=1, dtype=np.int32),
        conceded=conceded.sum(axis=1, dtype=np.int32),
        review=req.review_due,
    )


MonthHook = Callable[[Month], None]


def run_months(
    st: Setting,
    runs: int,
    months: int,
    seed: int,
    hooks: tuple[MonthHook, ...] = (),
    forced: dict[int, int] | None = None,
) -> SimState:
    """Run ``months`` months of ``runs`` runs from ``seed``; every hook sees every month.

    ``forced`` maps a member's index to the month from which it defects visibly (an
    experiment's lever, e.g. to measure how one defection spreads).
    """
    if runs < 1 or months < 1:
        raise ValueError("runs and months must be at least 1")
    rng = np.random.default_rng(seed)
    m, k, ms = st.shape
    s = initial(st, runs, rng)
    who = np.zeros(m, dtype=bool)
    for t in range(months):
        d = Draws.draw(rng, runs, m, k, ms)
        if forced:
            who[:] = [forced.get(i, months + 1) <= t for i in range(m)]
        month = advance(st, s, t, d, who if who.any() else None)
        for hook in hooks:
            hook(month)
    return s
