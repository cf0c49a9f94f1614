"""Each [model] switch changes only its own mechanism."""

from __future__ import annotations

import itertools

import numpy as np
import pytest

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


def _outputs(regime, params: ModelParameters, runs: int = 40, months: int = 30):  # type: ignore[no-untyped-def]
    res = run(regime=regime, params=params, runs=runs, months=months, seed=3)
    return res.series, res.member_cost


def _same(a, b) -> bool:  # type: ignore[no-untyped-def]
    return all(np.array_equal(a[0][k], b[0][k]) for k in a[0]) and np.array_equal(a[1], b[1])


# The test regime with its technology ban phased in at half, so escalation has room.
PHASED = [
    {"id": "freeze", "kind": "asset_freeze", "adopted": "2022-01-01"},
    {"id": "oil", "kind": "import_ban", "sectors": ["B06"], "adopted": "2022-02-01"},
    {
        "id": "tech",
        "kind": "export_ban",
        "adopted": "2022-02-01",
        "phase_in": {"kind": "tiers", "tiers": [{"start": "2022-02-01", "level": 0.5}]},
    },
]

# Each rules-engine switch, with the safeguards that give it something to do removed: on
# such a regime switching it off must change nothing at all; on the full regime it must.
WITHOUT = {
    "reviews_sunsets": {"review": {"every_months": 1}, "sunset": None},
    "escalation": {"escalation": []},
    "consequence_ladder": {"ladder": None},
    "relief": {"relief": []},
    "verification": {"verification": None, "reporting": None},
    "messaging": {"coordinated_messaging": False},
    "humanitarian": {"humanitarian_channel": False},
    "burden_sharing": {"burden_sharing": 0.0},
}


@pytest.mark.parametrize(("mechanism", "removed"), WITHOUT.items())
def test_a_switch_changes_only_its_own_mechanism(
    mechanism: str, removed: dict[str, object]
) -> None:
    """Switching X off leaves a regime where X has nothing to act on bit-identical, and
    changes the regime where it has. For reviews and sunsets: a review every month and
    no sunset make every month a decision moment already, which is what switching the
    mechanism off does (postures are no longer sticky between decision moments)."""
    off = P.switched(**{mechanism: False})
    bare = sim_regime(removed, measures=PHASED)
    assert _same(_outputs(bare, P), _outputs(bare, off))
    full = sim_regime(measures=PHASED)
    assert not _same(_outputs(full, P), _outputs(full, off))


def test_with_reviews_off_members_do_not_drift() -> None:
    """Reviews and sunsets off: every month is a decision moment, so each member's level
    is its aim, ``desire x required``, every month (no drift between moments)."""
    from accord.sim import Month
    from accord.sim.watch import run_watched

    regime = sim_regime().model_copy(update={"model": P.switched(reviews_sunsets=False)})
    st = build_setting(regime, sim_costs(mean_cost=0.6), 24)
    assert not st.sticky
    gaps: list[float] = []
    desire: list[np.ndarray] = []

    class Aim:
        def before(self, t: int, s: object) -> None: ...

        def after(self, t: int, s, month: Month) -> None:  # type: ignore[no-untyped-def]
            desire.append(s.desire.copy())
            gaps.append(float(np.abs(month.level - s.desire * month.required).max()))

    run_watched(st, 50, 24, 1, watchers=(Aim(),))
    assert max(gaps) < 1e-6
    assert any(not np.array_equal(a, b) for a, b in itertools.pairwise(desire))


def test_ownership_switch_with_no_co_designed_milestone_changes_nothing() -> None:
    bare = sim_regime(milestones=[{"id": "ceasefire"}])
    assert _same(_outputs(bare, P), _outputs(bare, P.switched(ownership=False)))
    assert not _same(_outputs(sim_regime(), P), _outputs(sim_regime(), P.switched(ownership=False)))
