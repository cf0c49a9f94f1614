"""Batched calibration: walkers evaluated together, in halves, one engine call per half
and case, give the chain of the position-by-position path bit for bit."""

from __future__ import annotations

import numpy as np
import pytest

from accord.errors import AccordError
from accord.estimate import calibrate, load_library
from accord.estimate.calibrate import Target, _Halves, build_target, sample
from accord.estimate.priors import sample_prior
from accord.estimate.simulator import CaseSimulator
from accord.sim import synthetic_costs
from tests.sim_support import MEMBERS, sim_regime

RUNS = 16


def tiny_target() -> Target:
    """The training rows with one short synthetic simulated case (seconds to fit)."""
    rows = build_target(load_library().training, simulate=False).rows
    regime = sim_regime({"sunset": {"months": 3, "renewal": "unanimity"}})
    costs = synthetic_costs(len(MEMBERS), 3, np.random.default_rng(0), mean_cost=0.5)
    return Target(rows=rows, simulators=(CaseSimulator(regime, costs, 12),), runs=RUNS, seed=7)


def test_evaluate_equals_the_target_row_by_row() -> None:
    target = tiny_target()
    thetas = sample_prior(5, np.random.default_rng(1))
    thetas[2, 0] = -1e6  # outside the prior's support
    values = target.evaluate(thetas)
    expected = np.array([target(t) for t in thetas])
    np.testing.assert_array_equal(values, expected)
    assert values[2] == -np.inf and np.isfinite(np.delete(values, 2)).all()


def test_halves_cover_batches_smaller_than_the_parts() -> None:
    target = tiny_target()
    theta = sample_prior(1, np.random.default_rng(2))
    np.testing.assert_array_equal(_Halves(target, 2)(theta), [target(theta[0])])


def test_the_batched_two_process_chain_is_the_per_position_chain() -> None:
    target = tiny_target()
    settings = {"walkers": 16, "steps": 5, "burn": 1, "seed": 3}
    batched = sample(target, processes=2, batched=True, **settings)
    alone = sample(target, processes=1, batched=False, **settings)
    np.testing.assert_array_equal(batched.posterior, alone.posterior)
    np.testing.assert_array_equal(batched.log_probability, alone.log_probability)
    assert batched.acceptance == alone.acceptance > 0.0


def test_walkers_start_at_distinct_points_when_the_closed_chain_repeats(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # A chain whose rejected proposals repeat rows: 21 positions, each five times.
    positions = sample_prior(21, np.random.default_rng(4))
    repeated = np.repeat(positions, 5, axis=0)
    monkeypatch.setattr(calibrate, "fit_closed", lambda *args, **kwargs: repeated)
    target = build_target(load_library().training, simulate=False)
    start = calibrate._finite_start(target, 20, np.random.default_rng(5))
    assert len(np.unique(start, axis=0)) == 20
    assert {tuple(row) for row in start} <= {tuple(row) for row in positions}


def test_too_few_distinct_starting_points_is_a_clear_error(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    repeated = np.repeat(sample_prior(3, np.random.default_rng(6)), 10, axis=0)
    monkeypatch.setattr(calibrate, "fit_closed", lambda *args, **kwargs: repeated)
    target = build_target(load_library().training, simulate=False)
    with pytest.raises(AccordError, match="only 3 distinct draws"):
        calibrate._finite_start(target, 20, np.random.default_rng(7))


def test_only_cases_with_a_renewal_record_are_simulated() -> None:
    training = load_library().training
    with_scenario = {c.id for c in training if c.scenario is not None}
    assert {"iran-2018", "venezuela-2019", "russia-2014"} <= with_scenario
    target = build_target(training, runs=4)
    assert [s.regime.name for s in target.simulators] == ["Russia 2014"]


def test_a_recorded_lapse_is_refused_not_scored_as_renewed() -> None:
    training = load_library().training
    russia = next(c for c in training if c.id == "russia-2014")
    first, *rest = russia.renewals
    lapsed = russia.model_copy(
        update={"renewals": (first.model_copy(update={"outcome": "lapsed"}), *rest)}
    )
    with pytest.raises(AccordError, match="records a lapse") as caught:
        build_target([lapsed], runs=4)
    assert caught.value.errors[0]["loc"] == "renewals[0].outcome"
