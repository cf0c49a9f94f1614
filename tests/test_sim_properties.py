"""Invariants of the simulator over random designs (hypothesis)."""

from __future__ import annotations

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from accord.domain.parameters import MECHANISMS, ModelParameters
from accord.rules import classify
from accord.sim import Month, simulate
from tests.sim_support import sim_costs, sim_regime


@settings(max_examples=25, deadline=None)
@given(
    switches=st.fixed_dictionaries({m: st.booleans() for m in MECHANISMS}),
    mean_cost=st.floats(0.0, 3.0),
    unevenness=st.floats(0.0, 2.0),
    seed=st.integers(0, 2**32 - 1),
)
def test_levels_postures_and_metrics_stay_in_range(
    switches: dict[str, bool], mean_cost: float, unevenness: float, seed: int
) -> None:
    params = ModelParameters().switched(**switches)

    def check(mo: Month) -> None:
        assert np.isfinite(mo.level).all()
        assert (mo.level >= 0).all() and (mo.level <= mo.required.max(initial=0.0) + 1e-6).all()
        assert np.array_equal(mo.posture, classify(mo.level, mo.reference))
        assert (mo.loss >= -1e-6).all() or switches["burden_sharing"]

    res = simulate(
        sim_regime(),
        sim_costs(unevenness=unevenness, mean_cost=mean_cost),
        runs=8,
        months=14,
        seed=seed,
        params=params,
        hooks=(check,),
    )
    for name in ("cohesion", "alignment", "share_mimic", "share_adjust", "share_resist", "leakage"):
        v = res.series[name]
        assert (v >= -1e-5).all() and (v <= 1 + 1e-5).all(), name
    assert (res.series["target_pressure"] >= 0).all()
    gini = res.cost_gini
    assert ((gini >= 0) & (gini <= 1)).all()
