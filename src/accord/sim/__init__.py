"""The coalition simulator: members mimic, adjust or resist, month by month, in many runs.

``simulate(regime, costs, runs, months, seed)`` runs the decision model of
``docs/model.md`` over arrays ``[runs, members, measures]`` and returns a
:class:`SimResult`; the mechanisms are switched through ``regime.model``.
"""

from accord.sim.costs import (
    CostModelLike,
    SimCosts,
    costs_for_regime,
    from_cost_model,
    synthetic_costs,
)
from accord.sim.engine import Month, MonthHook, SimState
from accord.sim.loop import run_months
from accord.sim.metrics import SERIES, Recorder, SimResult, bands
from accord.sim.run import simulate
from accord.sim.setting import Setting, build_setting

__all__ = [
    "SERIES",
    "CostModelLike",
    "Month",
    "MonthHook",
    "Recorder",
    "Setting",
    "SimCosts",
    "SimResult",
    "SimState",
    "bands",
    "build_setting",
    "costs_for_regime",
    "from_cost_model",
    "run_months",
    "simulate",
    "synthetic_costs",
]
