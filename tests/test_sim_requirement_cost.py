"""A member weighs the cost of what the framework requires of it, not of the measure in full."""

from __future__ import annotations

from typing import Any

import numpy as np

from accord.sim import build_setting, run_months
from tests.sim_support import MEMBERS, sim_costs, sim_regime

EXEMPT = {
    "id": "pipeline",
    "kind": "member_specific",
    "measure": "freeze",
    "members": ["HUN"],
    "share": 0.9,
}


def _first_month_desire(**top: Any) -> np.ndarray:
    """[R, K] Hungary's desire after the first month's decision (before any loss or
    fatigue can differ between designs)."""
    regime = sim_regime(**top)
    st = build_setting(regime, sim_costs(mean_cost=30.0), 1)
    state = run_months(st, 200, 1, seed=3)
    return state.desire[:, MEMBERS.index("HUN"), :]


def test_an_exempt_member_weighs_only_the_cost_of_what_it_owes() -> None:
    plain = _first_month_desire()
    exempt = _first_month_desire(exemptions=[EXEMPT])
    freeze = 0
    # Same draws, same everything but the 90 % carve-out: the desire for the measure it is
    # almost exempt from rises, the other measures' do not move.
    assert exempt[:, freeze].mean() > plain[:, freeze].mean() + 0.1
    np.testing.assert_array_equal(exempt[:, 1:], plain[:, 1:])


def test_a_measure_not_yet_in_force_costs_nothing_to_weigh() -> None:
    desire = _first_month_desire()
    # oil and tech are adopted in month 1: in month 0 nothing is required of them.
    assert np.all(desire[:, 1:] >= desire[:, :1])
