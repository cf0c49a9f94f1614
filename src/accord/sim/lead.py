"""The lead's own decision, by the members' rule, so that its renewal votes are modelled.

The lead imposes its measures first and keeps them at the level its phase-in sets (the
cost model's ``lead_level``); what it decides is its vote on each act's renewal, where it
is a voter or the rule is ``lead_decides``. It votes as a member does: for an act unless
its desire for one of the act's measures is below ``vote_threshold``; the desire comes
from the same phases (:func:`~accord.sim.phases.weigh`, ``perceive``, ``decide``)
applied to a coalition of one, ``[R, 1, K]``, with the lead's own constants
(:class:`~accord.sim.setting.LeadDisposition`) and memory (:class:`LeadMind`).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from accord.rules import RulesState
from accord.rules.compiled import F32, B
from accord.rules.engine import phase_level
from accord.sim import phases
from accord.sim.broadcast import for_cells
from accord.sim.draws import Draws
from accord.sim.setting import Setting

f = np.float32


@dataclass
class LeadMind:
    """What the lead remembers between months (arrays updated in place)."""

    desire: F32  # [R, 1, K] share of each measure it wants to keep
    belief: F32  # [R, 1, K] believed alignment of the members
    taste: F32  # [R, 1, K] persistent idiosyncratic propensity
    threat: F32  # [R, 1] initial threat perception
    resolve: F32  # [R, 1] political resolve (redrawn at changes of government)
    fatigue: F32  # [R, 1]
    pressure: F32  # [R, 1]
    last_loss: F32  # [R, 1]


def initial_lead(st: Setting, runs: int, rng: np.random.Generator) -> LeadMind:
    """The lead before month 0, drawn as a member is (after the members' draws)."""
    k = st.shape[1]
    spread = rng.standard_normal((runs, 1), dtype=f)
    taste = rng.standard_normal((runs, 1, k), dtype=f)
    threat = st.threat_mean + st.threat_spread * (1.0 - st.threat_align) * spread
    zeros = np.zeros((runs, 1), dtype=f)
    return LeadMind(
        desire=np.ones((runs, 1, k), dtype=f),
        belief=np.ones((runs, 1, k), dtype=f),
        taste=(taste * f(st.idiosyncratic_sd)).astype(f),
        threat=threat.astype(f),
        resolve=zeros.copy(),
        fatigue=zeros.copy(),
        pressure=zeros.copy(),
        last_loss=zeros.copy(),
    )


def act_votes(st: Setting, rules: RulesState, t: int, desire: F32) -> B:
    """[R, N, A] each decider's vote on each act: in favour unless its desire for one of
    the act's measures is below the vote threshold. Computed only in months where some
    act's term ends (the rules read the votes only then)."""
    runs, deciders, _ = desire.shape
    cr = st.cr
    if not (rules.act_expiry == t).any():
        return np.ones((runs, deciders, len(cr.acts.ids)), dtype=bool)
    against = (desire < for_cells(st.vote_threshold)).astype(f)
    return np.asarray((against @ cr.acts.measures.T.astype(f)) == 0)


def lead_votes(st: Setting, rules: RulesState, t: int, lead: LeadMind) -> B:
    """[R, A] the lead's vote on each act, from last month's desire; in favour throughout
    where its vote is not read."""
    if not st.lead_votes:
        return np.ones((rules.runs, len(st.cr.acts.ids)), dtype=bool)
    return act_votes(st, rules, t, lead.desire)[:, 0, :]


def lead_month(st: Setting, lead: LeadMind, t: int, d: Draws, seen: F32 | None) -> None:
    """The lead's month, where its vote is read: its politics, its desire for each of its
    measures at its own level, what it learns of the members (``seen [R, K]``, their
    weighted visible share; None when beliefs are off), its loss and fatigue."""
    if not st.lead_votes:
        return
    runs = lead.desire.shape[0]
    level = phase_level(st.cr, t)  # [K] the lead's own level
    required = np.ascontiguousarray(np.broadcast_to(level[None, None, :], lead.desire.shape))
    lead.resolve, _ = phases.elect(st, lead.resolve, d)
    burden = phases.weigh(st, st.lead, lead, required)
    deviation = phases.perceive(st, lead.belief, np.zeros((runs, 1), dtype=f), burden.credit)
    lead.desire = phases.decide(st, st.lead, lead, t, deviation.value, burden.cost, None)
    if seen is not None:
        lead.belief = phases.learn_lead(st, lead.belief, seen, d)
    loss = np.full((runs, 1), float(st.lead.unit_cost[0] @ level), dtype=f)
    lead.fatigue, lead.pressure = phases.tire(st, lead.fatigue, lead.pressure, lead.last_loss, loss)
    lead.last_loss = loss
