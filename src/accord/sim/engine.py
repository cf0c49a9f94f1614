"""The vectorised engine: every run, member and measure advanced together, month by month.

State is held as float32 arrays shaped ``[runs, members, measures]`` (or
``[runs, members]``); the only Python loop is over months. Each month the engine
1. lets the target concede milestones (hazard rising with pressure and relief),
2. asks the one rules engine (:func:`accord.rules.step`) what the framework requires,
   counting the members' and the lead's renewal votes (:mod:`accord.sim.lead`),
3. lets every member choose a level (the decision model of ``docs/model.md``),
4. settles detection, beliefs, losses, fatigue, domestic pressure, pressure on the
   target (net of rerouting, once) and the leakage share.

Randomness: one ``numpy.random.Generator``; every month draws the same arrays in the
same order whatever the design's switches, so two designs run with one seed see the
same shocks (common random numbers).

This module advances one month (:func:`advance`); the loop over months, with its draws,
watchers, hooks and forced defections, is written once, in :mod:`accord.sim.loop`.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from accord.rules import (
    RulesState,
    classify,
    initial_state,
)
from accord.rules.compiled import F32, I32, B
from accord.sim import phases
from accord.sim.draws import Draws
from accord.sim.lead import LeadMind, act_votes, initial_lead, lead_month, lead_votes
from accord.sim.setting import Setting

__all__ = [
    "Draws",
    "Month",
    "MonthHook",
    "SimState",
    "act_votes",
    "advance",
    "check_runs",
    "initial",
]


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
    lead: LeadMind  # the lead's own decision terms, for its renewal votes


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
    lead = initial_lead(st, runs, rng)
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
        lead=lead,
    )


def advance(st: Setting, s: SimState, t: int, d: Draws, forced: B | None = None) -> Month:
    """Advance every run by month ``t``; ``forced[M]`` members defect visibly this month.

    The month is a sequence of named phases (``accord.sim.phases``), each a function of
    arrays: the target concedes, the framework votes and requires, members perceive and
    decide, implement, are detected, learn, tire, and press on the target; the lead
    decides too, by the same rule, where its renewal vote is read.
    """
    conceded = phases.concede(st, s.target_pressure, s.achieved, d)
    s.achieved = s.achieved | conceded
    votes = act_votes(st, s.rules, t, s.desire)
    lead_in_favour = lead_votes(st, s.rules, t, s.lead)
    s.rules, req = phases.vote(st, s.rules, t, s.detected, votes, lead_in_favour, conceded)
    r = req.required
    s.resolve, elect = phases.elect(st, s.resolve, d)
    burden = phases.weigh(st, st, s, r)
    deviation = phases.perceive(st, s.belief, st.ladder_next[req.ladder], burden.credit)
    desire = phases.decide(st, st, s, t, deviation.value, burden.cost, forced)
    s.desire = desire
    level = phases.implement(st, s.level, desire, r, s.required, elect, t, req.review_due, forced)
    s.detected, unseen = phases.detect(st, level, r, deviation.quiet, d)
    seen = None
    if st.beliefs_on:
        s.belief, seen = phases.learn(st, s.belief, level, r, unseen, d)
    if d.lead is not None:
        lead_month(st, s.lead, t, d.lead, seen)
    effective, loss = phases.lose(st, t, level, r, req.penalty)
    s.fatigue, s.pressure = phases.tire(st, s.fatigue, s.pressure, s.last_loss, loss)
    s.last_loss = loss
    s.target_pressure, leakage = phases.press(st, t, effective)
    quiet = phases.withheld(st, level, r, unseen)
    s.level, s.required = level, r
    reference = req.reference
    return Month(
        t=t,
        level=level,
        required=r,
        reference=reference,
        posture=classify(level, reference),
        loss=loss.astype(np.float32),
        quiet=quiet,
        target_pressure=s.target_pressure,
        leakage=leakage,
        renewed=req.act_renewed.sum(axis=1, dtype=np.int32),
        lapsed=req.act_lapsed.sum(axis=1, dtype=np.int32),
        relief=np.asarray(req.relief.max(axis=1, initial=0.0) > 0),
        escalated=req.escalated.sum(axis=1, dtype=np.int32),
        conceded=conceded.sum(axis=1, dtype=np.int32),
        review=req.review_due,
    )


MonthHook = Callable[[Month], None]


def check_runs(st: Setting, runs: int, months: int) -> None:
    """Refuse a run count the Setting cannot serve (per-run parameters fix it)."""
    if runs < 1 or months < 1:
        raise ValueError("runs and months must be at least 1")
    if st.runs and runs != st.runs:
        raise ValueError(f"runs: the Setting holds parameters for {st.runs} runs, not {runs}")
