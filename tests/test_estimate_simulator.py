"""The adapter between estimation and the engine: a vector in, outcomes out."""

from __future__ import annotations

import numpy as np

from accord.estimate.priors import NAMES, sample_prior
from accord.estimate.simulator import CaseSimulator, renewal_log_likelihood
from accord.sim import synthetic_costs
from tests.sim_support import MEMBERS, sim_regime


def simulator() -> CaseSimulator:
    regime = sim_regime()
    costs = synthetic_costs(len(MEMBERS), 3, np.random.default_rng(0), mean_cost=0.5)
    return CaseSimulator(regime, costs, 24)


def theta(**values: float) -> np.ndarray:
    t = sample_prior(1, np.random.default_rng(2))[0]
    for name, value in values.items():
        t[NAMES.index(name)] = value
    return t


def test_same_vector_and_seed_give_the_same_outcome() -> None:
    sim = simulator()
    a, b = sim.run(theta(), 40, 3), sim.run(theta(), 40, 3)
    assert a.lapse_free == b.lapse_free
    np.testing.assert_array_equal(a.posture, b.posture)
    assert a.posture.shape == (len(MEMBERS), 3)
    np.testing.assert_allclose(a.posture.sum(axis=1), 1.0, rtol=1e-6)
    assert sim.members == tuple(MEMBERS)


def test_a_higher_vote_threshold_never_renews_more_under_common_shocks() -> None:
    sim = simulator()
    easy = sim.run(theta(vote_threshold=0.01, cost_weight=5.0), 60, 1)
    hard = sim.run(theta(vote_threshold=0.95, cost_weight=5.0), 60, 1)
    assert easy.lapse_free > hard.lapse_free


def test_draws_run_one_by_one_match_run_many() -> None:
    sim = simulator()
    draws = sample_prior(3, np.random.default_rng(4))
    many = sim.run_many(draws, 20, 5)
    loop = [sim.run(d, 20, 5) for d in draws]
    assert [o.lapse_free for o in many] == [o.lapse_free for o in loop]
    for batched, alone in zip(many, loop, strict=True):
        np.testing.assert_array_equal(batched.posture, alone.posture)
    assert len({o.lapse_free for o in loop}) > 1 or not np.array_equal(
        loop[0].posture, loop[1].posture
    )


def test_the_renewal_term_stays_finite_when_no_run_renews() -> None:
    assert renewal_log_likelihood(0.0, 16) == np.log(0.5 / 17)
    assert renewal_log_likelihood(1.0, 16) == np.log(16.5 / 17)
