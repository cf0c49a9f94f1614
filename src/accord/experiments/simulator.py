"""Accord's simulator as an experiment evaluator.

Each design's regime (with its ``[model]`` table of mechanism parameters) is simulated
by :func:`accord.sim.simulate` on the cost inputs of the economics model, the fitted
parameters its ``[model]`` does not set taken from the design's parameter choice (the
calibrated posterior by default: a draw per run, the same draws and shocks
for every design of one seed, :mod:`accord.sim.parameters`). The cost
inputs depend only on who takes part and which measures they take (not on the
framework's safeguards or the model parameters an experiment varies), so a worker
builds them once per coalition and reuses them for every design point and chunk.
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING

import numpy as np
from numpy.typing import NDArray
from pydantic import BaseModel

from accord.experiments.contract import Design, Metrics

if TYPE_CHECKING:
    from accord.domain import Regime
    from accord.sim import SimCosts, SimResult

METRICS = (
    "time_to_fracture",
    "time_to_relief",
    "cost_gini",
    "mean_cohesion",
    "final_cohesion",
    "mean_target_pressure",
    "final_leakage",
    "total_lapses",
)


def coalition_key(regime: Regime) -> str:
    """What the cost inputs depend on: target, lead, members and measures."""
    return json.dumps(
        {
            "target": regime.target.code,
            "lead": regime.lead.code,
            "members": list(regime.member_codes),
            "measures": [m.model_dump(mode="json") for m in regime.measures],
        },
        sort_keys=True,
    )


_COSTS: dict[str, SimCosts] = {}
_COSTS_KEPT = 32


def costs_for(regime: Regime) -> SimCosts:
    """The regime's cost inputs, built once per coalition in this process (design points
    that differ only in safeguards or model parameters share them)."""
    from accord.sim import costs_for_regime

    key = coalition_key(regime)
    found = _COSTS.get(key)
    if found is None:
        if len(_COSTS) >= _COSTS_KEPT:
            _COSTS.pop(next(iter(_COSTS)))
        found = _COSTS[key] = costs_for_regime(regime)
    return found


class Simulator:
    """Evaluator running :func:`accord.sim.simulate`; per-run metrics are the simulator's
    scalars plus end-of-horizon cohesion and leakage and the mean pressure on the target."""

    metrics = METRICS

    def default_model(self) -> BaseModel | None:
        """None: the model parameters are part of the regime (``model.…`` paths)."""
        return None

    def __call__(self, design: Design, runs: int, months: int, seed: int) -> Metrics:
        from accord.sim import simulate

        regime = design.regime
        chosen = design.parameters
        return per_run_metrics(
            simulate(regime, costs_for(regime), runs, months, seed, parameters=chosen)
        )


def per_run_metrics(result: SimResult) -> dict[str, NDArray[np.float64]]:
    """The evaluator's metrics of a simulation, one value per run, in :data:`METRICS` order."""
    series = result.series
    out = dict(result.scalars())
    out["final_cohesion"] = series["cohesion"][-1].astype(np.float64)
    out["mean_target_pressure"] = series["target_pressure"].mean(axis=0).astype(np.float64)
    out["final_leakage"] = series["leakage"][-1].astype(np.float64)
    return {name: out[name] for name in METRICS}


SIMULATOR = Simulator()
