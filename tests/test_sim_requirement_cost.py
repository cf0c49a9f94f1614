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


def test_the_simulator_weighs_a_price_cap_without_the_members_own_oil_imports() -> None:
    """Slovakia buys Russian oil: an embargo costs it dearly, the price cap (which leaves
    its imports to the embargo) only the services it withholds; a freeze with no stated
    stock costs nobody anything and takes nothing from the target."""
    from importlib.resources import files

    from accord.scenario import load_scenario
    from accord.sim.costs import costs_for_regime
    from tests.economics_support import real_network

    real_network()  # skips when the ICIO network is not installed
    regime = load_scenario(str(files("accord.scenarios") / "russia-2022.toml"))
    costs = costs_for_regime(regime)
    ids = [m.id for m in regime.measures]
    svk = list(regime.member_codes).index("SVK")
    cap, oil, freeze = ids.index("price_cap"), ids.index("oil_embargo"), ids.index("cbr_freeze")
    assert costs.unit_cost[svk, cap] < 0.05 * costs.unit_cost[svk, oil]
    assert costs.target_unit[:, cap].sum() > 0.0
    # the bundled freeze states its stock (USD 300 billion): it takes from the target
    assert costs.target_unit[:, freeze].sum() > 0.0
    unstated = regime.model_copy(
        update={
            "measures": [
                m.model_copy(update={"stock_usd_bn": None, "stock_source": ""})
                if m.id == "cbr_freeze"
                else m
                for m in regime.measures
            ]
        }
    )
    bare = costs_for_regime(unstated)
    assert not bare.unit_cost[:, freeze].any() and not bare.target_unit[:, freeze].any()
