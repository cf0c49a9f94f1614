"""Stylized facts of sanctions coalitions, as regression tests of the simulator.

Each fact is a paired comparison of two designs run from one seed (common random
numbers), asserting the direction of the difference beyond four Monte Carlo standard
errors. Each fact takes the model parameters, so ``test_fact_needs_its_mechanism`` can
run it again with the mechanism it rests on switched off and check that it then fails.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np
import pytest

from accord.domain.parameters import ModelParameters
from accord.sim import Month
from tests.sim_support import assert_greater, mean_over, run, sim_costs, sim_regime

P = ModelParameters()

STEADY = sim_regime({"relief": [], "escalation": []})
"""No relief or escalation: the requirement stays put, so what changes is the members."""


def tune(params: ModelParameters, section: str, **values: Any) -> ModelParameters:
    """``params`` with some values of one section changed."""
    part = getattr(params, section).model_copy(update=values)
    return params.model_copy(update={section: part})


def decline(res) -> np.ndarray:  # type: ignore[no-untyped-def]
    """[R] cohesion in the first year after adoption minus cohesion in the fourth."""
    a = res.series["cohesion"]
    return (a[1:12].mean(axis=0) - a[36:48].mean(axis=0)).astype(np.float64)


def early_conformity_gives_way_to_fatigue(p: ModelParameters) -> None:
    costs = sim_costs(unevenness=1.2, mean_cost=0.3)
    res = run(regime=STEADY, costs=costs, params=p)
    assert_greater(decline(res), np.zeros(res.runs), floor=0.03)
    # Without the accumulation of costs into fatigue, nothing wears off.
    flat = tune(p, "economic_cost", fatigue_scale=10_000.0)
    assert_greater(decline(res), decline(run(regime=STEADY, costs=costs, params=flat)), floor=0.03)


def more_uneven_costs_bring_fracture_earlier(p: ModelParameters) -> None:
    p = tune(p, "decision", fracture_threshold=0.9)
    even = run(regime=STEADY, costs=sim_costs(unevenness=0.2, mean_cost=0.3), params=p)
    uneven = run(regime=STEADY, costs=sim_costs(unevenness=1.2, mean_cost=0.3), params=p)
    later = even.censored(even.time_to_fracture)
    earlier = uneven.censored(uneven.time_to_fracture)
    assert_greater(later, earlier, floor=6.0)


def credible_penalties_align_exposed_members(p: ModelParameters) -> None:
    exposure = np.linspace(0.0, 1.0, 8)  # the most and least exposed pay middling costs
    costs = sim_costs(mean_cost=0.7, exposure=exposure)
    low = run(costs=costs, params=tune(p, "secondary_penalty", credibility=0.1))
    high = run(costs=costs, params=tune(p, "secondary_penalty", credibility=0.9))
    gain = high.member_posture[:, :, 0].mean(axis=0) - low.member_posture[:, :, 0].mean(axis=0)
    most, least = int(np.argmax(exposure)), int(np.argmin(exposure))
    assert gain[most] > 0.05, f"gain {gain[most]:.3g} of the most exposed not above 0.05"
    assert gain[most] > gain[least] + 0.05, "most exposed gain not above the least's + 0.05"


def unanimity_lapses_more_than_qualified_majority(p: ModelParameters) -> None:
    costs = sim_costs(mean_cost=0.6)
    una = run(
        regime=sim_regime({"sunset": {"months": 6, "renewal": "unanimity"}}), costs=costs, params=p
    )
    qmv = run(
        regime=sim_regime(
            {"sunset": {"months": 6, "renewal": "qualified_majority", "threshold": 0.55}}
        ),
        costs=costs,
        params=p,
    )
    assert_greater(una.series["lapses"].sum(axis=0), qmv.series["lapses"].sum(axis=0), floor=0.2)


def independent_verification_lowers_quiet_noncompliance(p: ModelParameters) -> None:
    costs = sim_costs(mean_cost=0.6)
    dependent = run(
        regime=sim_regime({"verification": {"independent": False, "detection": 0.3}}),
        costs=costs,
        params=p,
    )
    independent = run(costs=costs, params=p)
    assert_greater(
        mean_over(dependent, "quiet_noncompliance"), mean_over(independent, "quiet_noncompliance")
    )


def fast_certification_shortens_time_to_relief(p: ModelParameters) -> None:
    def design(delay: int):  # type: ignore[no-untyped-def]
        relief = [
            {
                "milestone": "ceasefire",
                "measures": ["freeze", "oil"],
                "certification_delay_months": delay,
            }
        ]
        return run(regime=sim_regime({"relief": relief}), costs=sim_costs(mean_cost=0.4), params=p)

    fast, slow = design(0), design(12)
    assert_greater(
        slow.censored(slow.time_to_relief), fast.censored(fast.time_to_relief), floor=3.0
    )


def coordinated_messaging_lowers_resistance(p: ModelParameters) -> None:
    costs = sim_costs(mean_cost=0.8)
    loud = run(costs=costs, params=p)
    quiet = run(regime=sim_regime({"coordinated_messaging": False}), costs=costs, params=p)
    assert_greater(
        mean_over(quiet, "share_resist") + mean_over(quiet, "share_adjust"),
        mean_over(loud, "share_resist") + mean_over(loud, "share_adjust"),
        floor=0.01,
    )


def carve_outs_raise_cohesion_and_lower_pressure(p: ModelParameters) -> None:
    costs = sim_costs(mean_cost=0.6)
    members = np.array(sim_regime().member_codes)
    exposed = [str(c) for c in members[np.argsort(costs.unit_cost[:, 1])[-3:]]]
    carved = sim_regime(
        exemptions=[
            {
                "id": f"exposed_{k}",
                "kind": "member_specific",
                "measure": k,
                "members": exposed,
                "share": 0.9,
            }
            for k in ("oil", "tech")
        ]
    )
    plain, carve = run(costs=costs, params=p), run(regime=carved, costs=costs, params=p)
    assert_greater(mean_over(carve, "cohesion"), mean_over(plain, "cohesion"), floor=0.01)
    assert_greater(mean_over(plain, "target_pressure", 6), mean_over(carve, "target_pressure", 6))


def one_defection_raises_the_hazard_of_others(p: ModelParameters) -> None:
    def others_leaving(forced: dict[str, int] | None) -> np.ndarray:
        first = np.full((300, 7), np.inf)

        def watch(mo: Month) -> None:
            if mo.t >= 12:
                out = (mo.posture[:, 1:, :] > 0).any(axis=2)  # members other than DEU
                first[:] = np.where(out & np.isinf(first), mo.t, first)

        run(costs=sim_costs(mean_cost=0.5), forced=forced, hooks=(watch,), params=p)
        return (first < 36).mean(axis=1)  # [R] share of others who leave within two years

    assert_greater(others_leaving({"DEU": 12}), others_leaving(None), floor=0.05)


def leakage_grows_over_time(p: ModelParameters) -> None:
    res = run(costs=sim_costs(mean_cost=0.4), params=p)
    leak = res.series["leakage"]
    assert_greater(leak[36:48].mean(axis=0), leak[3:9].mean(axis=0), floor=0.05)


FACTS: dict[Callable[[ModelParameters], None], str] = {
    early_conformity_gives_way_to_fatigue: "economic_cost",
    more_uneven_costs_bring_fracture_earlier: "economic_cost",
    credible_penalties_align_exposed_members: "secondary_penalty",
    unanimity_lapses_more_than_qualified_majority: "reviews_sunsets",
    independent_verification_lowers_quiet_noncompliance: "verification",
    fast_certification_shortens_time_to_relief: "relief",
    coordinated_messaging_lowers_resistance: "messaging",
    carve_outs_raise_cohesion_and_lower_pressure: "carve_outs",
    one_defection_raises_the_hazard_of_others: "beliefs",
    leakage_grows_over_time: "leakage",
}
"""Each stylized fact and the mechanism it rests on."""


@pytest.mark.parametrize("fact", list(FACTS), ids=lambda f: f.__name__)
def test_stylized_fact(fact: Callable[[ModelParameters], None]) -> None:
    fact(P)


@pytest.mark.parametrize("fact", list(FACTS), ids=lambda f: f.__name__)
def test_fact_needs_its_mechanism(fact: Callable[[ModelParameters], None]) -> None:
    # The fact's own comparison must fail (assert_greater's message), not any assertion.
    with pytest.raises(AssertionError, match="not above"):
        fact(P.switched(**{FACTS[fact]: False}))
