"""Each [model] switch changes only its own mechanism."""

from __future__ import annotations

import numpy as np

from accord.domain.parameters import ModelParameters
from accord.sim import build_setting
from tests.sim_support import run, sim_costs, sim_regime

P = ModelParameters()


def _regime(**ladder: object):  # type: ignore[no-untyped-def]
    base = sim_regime()
    sg = base.safeguards
    assert sg.ladder is not None
    return base.model_copy(
        update={"safeguards": sg.model_copy(update={"ladder": sg.ladder.model_copy(update=ladder)})}
    )


def test_the_ladder_switch_leaves_the_violation_tolerance() -> None:
    regime = _regime(tolerance=0.3)
    off = regime.model_copy(update={"model": P.switched(consequence_ladder=False)})
    assert build_setting(off, sim_costs(), 12).tolerance == 0.3
    assert build_setting(regime, sim_costs(), 12).tolerance == 0.3


def test_switching_reviews_and_relief_off_removes_their_reversibility_discount() -> None:
    regime = sim_regime()
    on = build_setting(regime, sim_costs(), 12).perceived_cost
    off = regime.model_copy(update={"model": P.switched(reviews_sunsets=False, relief=False)})
    cut = build_setting(off, sim_costs(), 12).perceived_cost
    no_div = regime.model_copy(update={"model": P.switched(diversification=False)})
    full = build_setting(no_div, sim_costs(), 12).perceived_cost
    assert np.all(cut >= on) and np.any(cut > on)
    assert np.all(cut <= full)  # what remains is the partial or phased measures' discount


def test_fatigue_scale_does_not_scale_domestic_pressure() -> None:
    no_cost = P.switched(economic_cost=False)
    wide = no_cost.model_copy(
        update={"economic_cost": no_cost.economic_cost.model_copy(update={"fatigue_scale": 5.0})}
    )
    a = run(params=no_cost, runs=50, months=24)
    b = run(params=wide, runs=50, months=24)
    np.testing.assert_array_equal(a.series["cohesion"], b.series["cohesion"])
