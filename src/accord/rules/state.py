"""What the framework remembers from month to month, and what it is told each month.

All arrays carry a leading runs axis R (R = 1 for a single recorded history), so the
simulator and the ledger pass the same shapes through the same rules.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from accord.rules.compiled import F32, I32, B, CompiledRegime


@dataclass(frozen=True)
class RulesState:
    """The framework's memory for R runs.

    ``act_in_force`` says which acts still hold their measures; ``act_expiry`` is the
    month an act lapses unless renewed (``NEVER`` if it has no sunset or has lapsed);
    ``clean`` counts consecutive months without a detected violation, the remedial
    pathway's clock; ``certified`` is the month each milestone was certified (-1: not
    yet); ``escalation`` is the level added by escalations.
    """

    act_in_force: B  # [R, A]
    act_expiry: I32  # [R, A]
    ladder: I32  # [R, M]
    clean: I32  # [R, M]
    certified: I32  # [R, S]
    last_escalation: I32  # [R, X]
    escalation: F32  # [R, K]

    @property
    def runs(self) -> int:
        return int(self.ladder.shape[0])


@dataclass(frozen=True)
class MonthInputs:
    """What happened in a month, as far as the rules care.

    ``detected``: violations found (by verification or a verified report) per member and
    measure; ``in_favour``: each member's renewal vote on each act, read only where an
    act's term ends; ``lead_in_favour``: the lead's vote on each act (decisive under
    ``lead_decides``, one vote among the others when the lead is a voter);
    ``certified``: milestones certified this month.
    """

    detected: B  # [R, M, K]
    in_favour: B  # [R, M, A]
    lead_in_favour: B  # [R, A]
    certified: B  # [R, S]


@dataclass(frozen=True)
class Requirements:
    """What the framework requires in a month, per run."""

    month: int
    required: F32  # [R, M, K] level each member must implement
    reference: F32  # [R, M, K] what matching the lead means (the lead's level after a lapse)
    review_due: bool
    sunset_due: B  # [R, K] a renewal vote on an act holding the measure held this month
    renewed: B  # [R, K] an act holding the measure renewed this month
    lapsed: B  # [R, K] an act holding the measure lapsed this month (for the members it binds)
    act_due: B  # [R, A] renewal vote on each act held this month
    act_renewed: B  # [R, A]
    act_lapsed: B  # [R, A]
    ladder: I32  # [R, M] consequence-ladder step (0: none)
    penalty: F32  # [R, M] cost of the current step, % of output per month
    relief: F32  # [R, K] share of each measure's level lifted as relief owed
    escalated: B  # [R, K] escalated this month
    exemptions_in_force: B  # [E]


def initial_state(cr: CompiledRegime, runs: int) -> RulesState:
    """The framework's memory before month 0: everything in force, nothing certified."""
    K, M, A = len(cr.measures), len(cr.members), len(cr.acts.ids)
    S, X = len(cr.milestones), len(cr.esc_after)
    return RulesState(
        act_in_force=np.ones((runs, A), dtype=bool),
        act_expiry=np.broadcast_to(cr.acts.first, (runs, A)).copy(),
        ladder=np.zeros((runs, M), dtype=np.int32),
        clean=np.zeros((runs, M), dtype=np.int32),
        certified=np.full((runs, S), -1, dtype=np.int32),
        last_escalation=np.zeros((runs, X), dtype=np.int32),
        escalation=np.zeros((runs, K), dtype=np.float32),
    )


def quiet_inputs(cr: CompiledRegime, runs: int) -> MonthInputs:
    """A month in which nothing is detected, every vote renews and nothing is certified."""
    M, K, S = len(cr.members), len(cr.measures), len(cr.milestones)
    A = len(cr.acts.ids)
    return MonthInputs(
        detected=np.zeros((runs, M, K), dtype=bool),
        in_favour=np.ones((runs, M, A), dtype=bool),
        lead_in_favour=np.ones((runs, A), dtype=bool),
        certified=np.zeros((runs, S), dtype=bool),
    )
