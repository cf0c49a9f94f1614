"""Per-run parameters: one parameter set per run, advanced together on the run axis."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from accord.domain.parameters import ModelParameters
from accord.sim import Month, Setting, build_setting, run_months
from tests.sim_support import sim_costs, sim_regime

MONTHS = 14
REGIME = sim_regime({"sunset": {"months": 6, "renewal": "unanimity"}})
COSTS = sim_costs(unevenness=1.5, mean_cost=0.6)


def paths(setting: Setting, runs: int, seed: int = 5) -> dict[str, np.ndarray]:
    """Every month's levels, desires' postures and lapses, stacked over months."""
    seen: dict[str, list[np.ndarray]] = {"level": [], "lapsed": [], "posture": []}

    def keep(month: Month) -> None:
        seen["level"].append(month.level.copy())
        seen["lapsed"].append(month.lapsed.copy())
        seen["posture"].append(month.posture.copy())

    run_months(setting, runs, MONTHS, seed, hooks=(keep,))
    return {k: np.stack(v) for k, v in seen.items()}


def varied(
    cost: float, threshold: float, slope: float, rep: float, lam: float, sec: float
) -> ModelParameters:
    p = ModelParameters()
    return p.model_copy(
        update={
            "economic_cost": p.economic_cost.model_copy(update={"weight": cost}),
            "decision": p.decision.model_copy(update={"vote_threshold": threshold, "slope": slope}),
            "reputation": p.reputation.model_copy(update={"weight": rep}),
            "affinity": p.affinity.model_copy(update={"weight": lam}),
            "secondary_penalty": p.secondary_penalty.model_copy(update={"weight": sec}),
        }
    )


parameter_sets = st.builds(
    varied,
    st.floats(0.0, 3.0),
    st.floats(0.0, 0.5),
    st.floats(0.3, 3.0),
    st.floats(0.0, 1.0),
    st.floats(0.0, 1.0),
    st.floats(0.0, 2.0),
)


@settings(max_examples=12, deadline=None)
@given(p=parameter_sets, runs=st.integers(2, 5))
def test_identical_sets_in_every_run_equal_the_scalar_run(p: ModelParameters, runs: int) -> None:
    scalar = build_setting(REGIME.model_copy(update={"model": p}), COSTS, MONTHS)
    per_run = build_setting(REGIME, COSTS, MONTHS, parameters=[p] * runs)
    assert per_run.runs == runs and np.ndim(per_run.slope) == 3
    a, b = paths(scalar, runs), paths(per_run, runs)
    for key in a:
        np.testing.assert_array_equal(a[key], b[key], err_msg=key)


def test_each_run_follows_its_own_parameters() -> None:
    """Run r of a per-run Setting is run r of the scalar Setting of parameters[r] (the
    draws of a run do not depend on the parameters), and the runs differ."""
    sets = [varied(0.5, 0.1, 1.0, 0.4, 0.5, 1.0), varied(2.5, 0.3, 2.0, 0.1, 0.0, 0.0)]
    mixed = paths(build_setting(REGIME, COSTS, MONTHS, parameters=sets), 2)
    for r, p in enumerate(sets):
        alone = paths(build_setting(REGIME.model_copy(update={"model": p}), COSTS, MONTHS), 2)
        for key in alone:
            np.testing.assert_array_equal(mixed[key][:, r], alone[key][:, r], err_msg=key)
    assert not np.array_equal(mixed["level"][:, 0], mixed["level"][:, 1])


def test_one_set_is_the_scalar_setting() -> None:
    p = varied(1.5, 0.2, 1.2, 0.3, 0.4, 0.8)
    one = build_setting(REGIME, COSTS, MONTHS, parameters=[p])
    assert one.runs == 0
    scalar = build_setting(REGIME.model_copy(update={"model": p}), COSTS, MONTHS)
    for key, value in paths(scalar, 7).items():
        np.testing.assert_array_equal(paths(one, 7)[key], value, err_msg=key)


def test_parameters_that_may_not_vary_are_refused() -> None:
    p = ModelParameters()
    other = p.model_copy(update={"beliefs": p.beliefs.model_copy(update={"noise_sd": 0.3})})
    with pytest.raises(ValueError, match=r"parameters\[1\]\.beliefs\.noise_sd differs"):
        build_setting(REGIME, COSTS, MONTHS, parameters=[p, other])
    with pytest.raises(ValueError, match="at least one"):
        build_setting(REGIME, COSTS, MONTHS, parameters=[])


def test_the_run_count_must_match_the_parameter_sets() -> None:
    per_run = build_setting(REGIME, COSTS, MONTHS, parameters=[ModelParameters()] * 3)
    with pytest.raises(ValueError, match="parameters for 3 runs, not 4"):
        run_months(per_run, 4, MONTHS, 0)


def test_a_voting_lead_follows_its_runs_parameters() -> None:
    regime = sim_regime({"sunset": {"months": 6, "renewal": "lead_decides"}})
    sets = [varied(0.2, 0.1, 1.0, 0.4, 0.5, 1.0), varied(3.0, 0.4, 1.0, 0.1, 0.0, 0.0)]
    lead = [0.6, 0.6, 0.6]
    mixed = paths(build_setting(regime, COSTS, MONTHS, lead_cost=lead, parameters=sets), 2)
    for r, p in enumerate(sets):
        scalar = build_setting(
            regime.model_copy(update={"model": p}), COSTS, MONTHS, lead_cost=lead
        )
        alone = paths(scalar, 2)
        np.testing.assert_array_equal(mixed["lapsed"][:, r], alone["lapsed"][:, r])
        np.testing.assert_array_equal(mixed["level"][:, r], alone["level"][:, r])


def test_the_decision_terms_add_up_with_per_run_parameters() -> None:
    from accord.sim.watch import TermsWatcher, run_watched

    sets = [varied(0.5 + 0.5 * r, 0.1, 0.8 + 0.2 * r, 0.4, 0.5, 1.0) for r in range(4)]
    setting = build_setting(REGIME, COSTS, MONTHS, parameters=sets)
    watcher = TermsWatcher(setting, (0, 9))
    run_watched(setting, 4, MONTHS, 3, watchers=(watcher,))
    assert watcher.check[0] < 1e-5 and watcher.check[9] < 1e-5
