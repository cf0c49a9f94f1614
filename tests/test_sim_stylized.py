"""Stylized facts of sanctions coalitions, as regression tests of the simulator.

Each runs paired designs from one seed (common random numbers) and asserts the
direction of the difference beyond Monte Carlo error; where a fact rests on one
mechanism, the test also shows that switching the mechanism off removes it.
"""

from __future__ import annotations

import numpy as np

from accord.domain.parameters import ModelParameters
from accord.sim import Month
from tests.sim_support import assert_greater, mean_over, run, sim_costs, sim_regime

P = ModelParameters()


STEADY = sim_regime({"relief": [], "escalation": []})
"""No relief or escalation: the requirement stays put, so what changes is the members."""
FRACTURE = ModelParameters(decision={"fracture_threshold": 0.9})


def decline(res) -> np.ndarray:  # type: ignore[no-untyped-def]
    """[R] cohesion in the first year after adoption minus cohesion in the fourth."""
    a = res.series["cohesion"]
    return (a[1:12].mean(axis=0) - a[36:48].mean(axis=0)).astype(np.float64)


def test_early_conformity_gives_way_to_fatigue_when_costs_are_uneven() -> None:
    costs = sim_costs(unevenness=1.2, mean_cost=0.3)
    res = run(regime=STEADY, costs=costs)
    assert_greater(decline(res), np.zeros(res.runs), floor=0.03)
    # Without the accumulation of costs into fatigue, nothing wears off.
    flat = ModelParameters(economic_cost={"fatigue_scale": 100.0})
    assert_greater(decline(res), decline(run(regime=STEADY, costs=costs, params=flat)), floor=0.03)


def test_more_uneven_costs_bring_fracture_earlier() -> None:
    even = run(regime=STEADY, costs=sim_costs(unevenness=0.2, mean_cost=0.3), params=FRACTURE)
    uneven = run(regime=STEADY, costs=sim_costs(unevenness=1.2, mean_cost=0.3), params=FRACTURE)
    later = even.censored(even.time_to_fracture)
    earlier = uneven.censored(uneven.time_to_fracture)
    assert_greater(later, earlier, floor=6.0)


def test_credible_secondary_penalties_raise_alignment_of_exposed_members() -> None:
    exposure = np.linspace(0.0, 1.0, 8)  # the most and least exposed pay middling costs
    costs = sim_costs(mean_cost=0.7, exposure=exposure)
    low = run(costs=costs, params=ModelParameters(secondary_penalty={"credibility": 0.1}))
    high = run(costs=costs, params=ModelParameters(secondary_penalty={"credibility": 0.9}))
    gain = high.member_posture[:, :, 0].mean(axis=0) - low.member_posture[:, :, 0].mean(axis=0)
    most, least = int(np.argmax(exposure)), int(np.argmin(exposure))
    assert gain[most] > 0.05
    assert gain[most] > gain[least] + 0.05


def test_unanimity_lapses_more_often_than_qualified_majority() -> None:
    costs = sim_costs(mean_cost=0.6)
    una = run(regime=sim_regime({"sunset": {"months": 6, "renewal": "unanimity"}}), costs=costs)
    qmv = run(
        regime=sim_regime(
            {"sunset": {"months": 6, "renewal": "qualified_majority", "threshold": 0.55}}
        ),
        costs=costs,
    )
    assert_greater(una.series["lapses"].sum(axis=0), qmv.series["lapses"].sum(axis=0), floor=0.2)


def test_independent_verification_lowers_quiet_noncompliance() -> None:
    costs = sim_costs(mean_cost=0.6)
    dependent = run(
        regime=sim_regime({"verification": {"independent": False, "detection": 0.3}}), costs=costs
    )
    independent = run(costs=costs)
    assert_greater(
        mean_over(dependent, "quiet_noncompliance"), mean_over(independent, "quiet_noncompliance")
    )


def test_fast_predictable_certification_shortens_time_to_relief() -> None:
    def design(delay: int):  # type: ignore[no-untyped-def]
        relief = [
            {
                "milestone": "ceasefire",
                "measures": ["freeze", "oil"],
                "certification_delay_months": delay,
            }
        ]
        return run(regime=sim_regime({"relief": relief}), costs=sim_costs(mean_cost=0.4))

    fast, slow = design(0), design(12)
    assert_greater(
        slow.censored(slow.time_to_relief), fast.censored(fast.time_to_relief), floor=3.0
    )


def test_coordinated_messaging_lowers_resistance() -> None:
    costs = sim_costs(mean_cost=0.8)
    loud = run(costs=costs)
    quiet = run(regime=sim_regime({"coordinated_messaging": False}), costs=costs)
    assert_greater(
        mean_over(quiet, "share_resist") + mean_over(quiet, "share_adjust"),
        mean_over(loud, "share_resist") + mean_over(loud, "share_adjust"),
        floor=0.01,
    )


def test_carve_outs_for_the_most_exposed_raise_cohesion_and_lower_pressure() -> None:
    costs = sim_costs(mean_cost=0.6)
    exposed = [
        str(c) for c in np.array(sim_regime().member_codes)[np.argsort(costs.unit_cost[:, 1])[-3:]]
    ]
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
    plain, carve = run(costs=costs), run(regime=carved, costs=costs)
    assert_greater(mean_over(carve, "cohesion"), mean_over(plain, "cohesion"), floor=0.01)
    assert_greater(mean_over(plain, "target_pressure", 6), mean_over(carve, "target_pressure", 6))


def test_one_visible_defection_raises_the_hazard_of_others() -> None:
    def others_leaving(forced: dict[str, int] | None) -> np.ndarray:
        first = np.full((300, 7), np.inf)

        def watch(mo: Month) -> None:
            if mo.t >= 12:
                out = (mo.posture[:, 1:, :] > 0).any(axis=2)  # members other than DEU
                first[:] = np.where(out & np.isinf(first), mo.t, first)

        run(costs=sim_costs(mean_cost=0.5), forced=forced, hooks=(watch,))
        return (first < 36).mean(axis=1)  # [R] share of others who leave within two years

    assert_greater(others_leaving({"DEU": 12}), others_leaving(None), floor=0.05)


def test_leakage_grows_over_time() -> None:
    res = run(costs=sim_costs(mean_cost=0.4))
    leak = res.series["leakage"]
    assert_greater(leak[36:48].mean(axis=0), leak[3:9].mean(axis=0), floor=0.05)
    off = run(costs=sim_costs(mean_cost=0.4), params=P.switched(leakage=False))
    assert off.series["leakage"].max() == 0.0
