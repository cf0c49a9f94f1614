"""Each mechanism of DESIGN.md's table, switched off, changes the model in its direction.

Every test runs the same seed with the mechanism on and off (common random numbers) and
asserts the direction of the effect beyond Monte Carlo error, so it fails when the
mechanism is removed or stops working.
"""

from __future__ import annotations

import numpy as np
import pytest

from accord.domain.parameters import MECHANISMS, ModelParameters
from accord.sim import Month
from tests.sim_support import assert_greater, mean_over, run, sim_costs, sim_regime

P = ModelParameters()


def on_off(mechanism: str, base: ModelParameters = P, **kw: object):  # type: ignore[no-untyped-def]
    return run(params=base, **kw), run(params=base.switched(**{mechanism: False}), **kw)  # type: ignore[arg-type]


# Mechanisms whose whole effect is to raise members' alignment, with the least rise (in
# mean alignment) each must show over the same runs with it switched off.
RAISES_ALIGNMENT = {
    "threat_perception": 0.01,
    "secondary_penalty": 0.005,
    "reputation": 0.005,
    "ownership": 0.003,
    "diversification": 0.002,
}


@pytest.mark.parametrize(("mechanism", "floor"), RAISES_ALIGNMENT.items())
def test_raises_alignment(mechanism: str, floor: float) -> None:
    on, off = on_off(mechanism, costs=sim_costs(mean_cost=0.6))
    assert_greater(mean_over(on, "alignment"), mean_over(off, "alignment"), floor=floor)


@pytest.mark.parametrize("mechanism", MECHANISMS)
def test_every_switch_changes_the_simulation(mechanism: str) -> None:
    """Switching any one mechanism off changes what is simulated (a switch that does
    nothing, or a mechanism the model lost, fails here). Broken once by hand to check it
    fails: learning run whatever ``beliefs_on`` says (in ``sim/engine.py``) fails it for
    ``beliefs``."""
    assert P.enabled(mechanism) and not P.switched(**{mechanism: False}).enabled(mechanism)
    phased = {"kind": "tiers", "tiers": [{"start": "2022-02-01", "level": 0.5}]}
    measures = [
        {"id": "freeze", "kind": "asset_freeze", "adopted": "2022-01-01"},
        {"id": "oil", "kind": "import_ban", "sectors": ["B06"], "adopted": "2022-02-01"},
        {"id": "tech", "kind": "export_ban", "adopted": "2022-02-01", "phase_in": phased},
    ]
    exemptions = [{"id": "hum", "kind": "humanitarian", "measure": "oil", "share": 0.1}]
    regime = sim_regime(measures=measures, exemptions=exemptions)
    kw = {"regime": regime, "costs": sim_costs(mean_cost=0.6), "runs": 60, "months": 36}
    on, off = on_off(mechanism, **kw)
    differs = [name for name in on.series if not np.array_equal(on.series[name], off.series[name])]
    assert differs or not np.array_equal(on.member_cost, off.member_cost)


def test_unknown_mechanism_is_refused() -> None:
    with pytest.raises(KeyError):
        P.switched(telepathy=False)


def test_economic_cost() -> None:
    on, off = on_off("economic_cost", costs=sim_costs(mean_cost=0.6))
    assert_greater(mean_over(off, "alignment"), mean_over(on, "alignment"), floor=0.01)


def test_domestic_pressure() -> None:
    on, off = on_off("domestic_pressure", costs=sim_costs(mean_cost=0.6))
    assert_greater(mean_over(off, "alignment"), mean_over(on, "alignment"), floor=0.005)


def test_political_cycle() -> None:
    # Changes of government redraw a member's resolve: the same member ends up in
    # different places in different runs.
    def final_levels(params: ModelParameters) -> np.ndarray:
        seen: list[np.ndarray] = []

        def keep(mo: Month) -> None:
            if mo.t == 95:
                seen.append(mo.level.copy())

        run(params=params, costs=sim_costs(mean_cost=0.6), months=96, hooks=(keep,))
        return seen[0]

    spread_on = final_levels(P).std(axis=0).mean()
    spread_off = final_levels(P.switched(political_cycle=False)).std(axis=0).mean()
    assert spread_on > 1.05 * spread_off


def test_affinity() -> None:
    # Members written as closer to the target than to the lead align less with the term
    # on; the covariates behind the computed value: tests/test_covariates_affinity.py.
    from tests.sim_support import MEMBERS, WEIGHTS

    far = [
        {"code": c, "weight": w, "affinity": -1.0} for c, w in zip(MEMBERS, WEIGHTS, strict=True)
    ]
    on, off = on_off("affinity", regime=sim_regime(members=far), costs=sim_costs(mean_cost=0.6))
    assert_greater(mean_over(off, "alignment"), mean_over(on, "alignment"), floor=0.01)


def test_beliefs() -> None:
    # Members who watch the others learn of a visible defection and follow it; without
    # beliefs they keep their prior that everyone aligns.
    kw = {"costs": sim_costs(mean_cost=0.5), "forced": {"DEU": 6}}
    on, off = on_off("beliefs", **kw)
    others = [i for i, c in enumerate(on.members) if c != "DEU"]
    a_on = on.member_posture[12:, others, 0].mean()
    a_off = off.member_posture[12:, others, 0].mean()
    assert a_off - a_on > 0.02


def test_over_compliance() -> None:
    # Firms cut beyond the law where a measure is only partly required (phase-in tiers).
    regime = sim_regime(
        {"relief": [], "escalation": []},
        measures=[
            {
                "id": "freeze",
                "kind": "asset_freeze",
                "adopted": "2022-01-01",
                "phase_in": {"kind": "tiers", "tiers": [{"start": "2022-01-01", "level": 0.5}]},
            },
            {"id": "oil", "kind": "import_ban", "adopted": "2022-02-01"},
            {"id": "tech", "kind": "export_ban", "adopted": "2022-02-01"},
        ],
    )
    strong = ModelParameters(over_compliance={"share": 0.6})
    on, off = on_off("over_compliance", strong, regime=regime)
    assert_greater(mean_over(on, "target_pressure"), mean_over(off, "target_pressure"), floor=0.002)
    assert_greater(on.member_cost.sum(axis=1), off.member_cost.sum(axis=1))


def carve_out_regime():  # type: ignore[no-untyped-def]
    return sim_regime(
        exemptions=[
            {
                "id": "pipeline",
                "kind": "member_specific",
                "measure": "oil",
                "members": ["HUN", "SVK", "EST"],
                "share": 0.9,
            }
        ]
    )


def test_carve_outs() -> None:
    on, off = on_off("carve_outs", regime=carve_out_regime(), costs=sim_costs(mean_cost=0.6))
    exposed = [on.members.index(c) for c in ("HUN", "SVK", "EST")]
    assert_greater(off.member_cost[:, exposed].sum(axis=1), on.member_cost[:, exposed].sum(axis=1))


def test_messaging() -> None:
    on, off = on_off("messaging", costs=sim_costs(mean_cost=0.6))
    assert_greater(mean_over(on, "alignment"), mean_over(off, "alignment"), floor=0.003)


def test_humanitarian() -> None:
    on, off = on_off("humanitarian", costs=sim_costs(mean_cost=0.6))
    assert_greater(mean_over(on, "alignment"), mean_over(off, "alignment"), floor=0.002)


def test_reviews_sunsets() -> None:
    # Sunsets give members a vote; fatigued members block renewal and measures lapse.
    regime = sim_regime({"sunset": {"months": 6, "renewal": "unanimity"}})
    on, off = on_off("reviews_sunsets", regime=regime, costs=sim_costs(mean_cost=0.8))
    assert_greater(on.series["lapses"].sum(axis=0), off.series["lapses"].sum(axis=0))
    assert off.series["lapses"].sum() == 0
    assert on.review.any() and not off.review.any()


def test_verification() -> None:
    on, off = on_off("verification", costs=sim_costs(mean_cost=0.6))
    assert_greater(mean_over(off, "quiet_noncompliance"), mean_over(on, "quiet_noncompliance"))


def test_consequence_ladder() -> None:
    # The next rung's penalty deters open deviation, so members that fall short do so
    # quietly less often found... and those found pay: costs include ladder penalties.
    on, off = on_off("consequence_ladder", costs=sim_costs(mean_cost=0.6))
    assert_greater(mean_over(on, "quiet_noncompliance"), mean_over(off, "quiet_noncompliance"))


def test_relief() -> None:
    on, off = on_off("relief", costs=sim_costs(mean_cost=0.4))
    assert np.isnan(off.time_to_relief).all()
    assert_greater(on.series["concessions"].sum(axis=0), off.series["concessions"].sum(axis=0))


def test_leakage() -> None:
    on, off = on_off("leakage", costs=sim_costs(mean_cost=0.4))
    assert off.series["leakage"].max() == 0
    assert on.series["leakage"].max() > 0
    # Counted once: the target's loss from the cost model is net of rerouting already, so
    # the leakage share is reported, not subtracted from the pressure a second time.
    np.testing.assert_array_equal(on.series["target_pressure"], off.series["target_pressure"])


def test_escalation() -> None:
    phased = {"kind": "tiers", "tiers": [{"start": "2022-02-01", "level": 0.5}]}
    measures = [
        {"id": "freeze", "kind": "asset_freeze", "adopted": "2022-01-01"},
        {"id": "oil", "kind": "import_ban", "sectors": ["B06"], "adopted": "2022-02-01"},
        {"id": "tech", "kind": "export_ban", "adopted": "2022-02-01", "phase_in": phased},
    ]
    regime = sim_regime(measures=measures)
    on = run(regime, params=P, runs=50, months=36)
    off = run(regime, params=P.switched(escalation=False), runs=50, months=36)
    assert on.series["escalations"].sum() > 0
    assert off.series["escalations"].sum() == 0


def test_burden_sharing() -> None:
    on, off = on_off("burden_sharing", costs=sim_costs(mean_cost=0.5, unevenness=1.0))
    assert_greater(off.cost_gini, on.cost_gini, floor=0.05)
