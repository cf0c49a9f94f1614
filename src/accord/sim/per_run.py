"""A Setting with behavioural parameters of their own in every run.

Calibration and parameter uncertainty run many parameter draws at once: draw ``r`` of
the posterior in run ``r``, all advanced together on the run axis. The parameters that
calibration varies are held as per-run arrays, ``[R, 1, 1]`` for a scalar and
``[R, M]`` for a per-member term, and broadcast in the phases
(:func:`~accord.sim.setting.for_cells`, ``for_deciders``, ``by_run``); everything else
(the switches, the safeguards' strengths, the compiled regime) is shared and must be
the same in every set. One set gives the ordinary scalar Setting, bit for bit.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence

import numpy as np
import numpy.typing as npt

from accord.covariates import regime_affinity
from accord.domain import Regime
from accord.domain.parameters import ModelParameters
from accord.sim.costs import SimCosts
from accord.sim.setting import (
    Setting,
    alignment,
    build_setting,
    lead_alignment,
    reputation,
    secondary_fear,
)

VARIED: dict[str, frozenset[str]] = {
    "economic_cost": frozenset({"weight"}),
    "decision": frozenset({"vote_threshold", "slope"}),
    "reputation": frozenset({"weight"}),
    "affinity": frozenset({"weight", "reference", "security", "bloc", "un_voting"}),
    "secondary_penalty": frozenset({"weight", "credibility"}),
}
"""The parameters that may differ from run to run (table -> keys)."""


def _shared(p: ModelParameters) -> dict[str, object]:
    """What must be the same in every run: every parameter but the varied ones."""
    data = p.model_dump()
    for table, keys in VARIED.items():
        data[table] = {k: v for k, v in data[table].items() if k not in keys}
    return data


def _difference(a: dict[str, object], b: dict[str, object]) -> str:
    """The first ``table.key`` where two parameter dumps differ."""
    for table, value in a.items():
        other = b[table]
        if isinstance(value, dict) and isinstance(other, dict):
            for key in value:
                if value[key] != other[key]:
                    return f"{table}.{key}"
        elif value != other:
            return table
    return "?"


def per_run_setting(
    regime: Regime,
    costs: SimCosts,
    months: int,
    parameters: Sequence[ModelParameters],
    *,
    lead_cost: npt.ArrayLike | None = None,
) -> Setting:
    """The Setting of ``regime`` with ``parameters[r]`` in run ``r`` (``len(parameters)``
    runs). Raises ValueError naming the first parameter that differs between sets and
    may not (only those of :data:`VARIED` may)."""
    if not parameters:
        raise ValueError("parameters: expected at least one parameter set")
    first = parameters[0]
    base = build_setting(
        regime.model_copy(update={"model": first}),
        costs,
        months,
        lead_cost=lead_cost,
    )
    if len(parameters) == 1:
        return base
    shared = _shared(first)
    for r, p in enumerate(parameters[1:], start=1):
        mine = _shared(p)
        if mine != shared:
            field = _difference(mine, shared)
            raise ValueError(
                f"parameters[{r}].{field} differs from parameters[0]; only "
                + ", ".join(f"{t}.{k}" for t, keys in VARIED.items() for k in sorted(keys))
                + " may vary from run to run"
            )
    members = base.cr.members
    ties: dict[tuple[float, float, float], np.ndarray] = {}

    def affinity_of(p: ModelParameters) -> np.ndarray:
        if not p.affinity.on:
            return np.zeros(len(members), dtype=np.float32)
        key = (p.affinity.security, p.affinity.bloc, p.affinity.un_voting)
        if key not in ties:
            ties[key] = regime_affinity(regime.model_copy(update={"model": p}), members)
        return ties[key]

    def column(values: list[float]) -> np.ndarray:
        return np.asarray(values, dtype=np.float64).reshape(-1, 1, 1)

    cost_on = first.economic_cost.on
    return dataclasses.replace(
        base,
        cost_weight=column([p.economic_cost.weight if cost_on else 0.0 for p in parameters]),
        vote_threshold=column([p.decision.vote_threshold for p in parameters]),
        slope=column([p.decision.slope for p in parameters]),
        reputation=column([reputation(regime, p) for p in parameters]),
        affinity=np.stack([alignment(p, affinity_of(p)) for p in parameters]),
        secondary=np.stack([secondary_fear(regime, p, costs) for p in parameters]),
        lead=dataclasses.replace(
            base.lead,
            affinity=np.asarray([[lead_alignment(p)] for p in parameters], dtype=np.float32),
        ),
        runs=len(parameters),
    )
