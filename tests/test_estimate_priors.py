"""The parameter vector: priors, bounds and the map into ModelParameters."""

from __future__ import annotations

import numpy as np
import pytest
from pydantic import ValidationError

from accord.domain.parameters import ModelParameters
from accord.estimate.priors import NAMES, PARAMETERS, log_prior, sample_prior, to_parameters


def test_every_simulator_entry_lands_in_its_field() -> None:
    theta = np.array([3.5, -0.2, 0.7, 1.3, 2.1, 0.9, 0.4, 0.25])
    params = to_parameters(theta)
    assert params.affinity.weight == 3.5
    assert params.affinity.reference == -0.2
    assert (params.affinity.security, params.affinity.bloc, params.affinity.un_voting) == (
        0.7,
        1.3,
        2.1,
    )
    assert params.economic_cost.weight == 0.4
    assert params.decision.vote_threshold == 0.25
    untouched = ModelParameters()
    assert params.reputation == untouched.reputation and params.beliefs == untouched.beliefs


def test_a_base_keeps_its_other_fields() -> None:
    base = ModelParameters().switched(beliefs=False)
    params = to_parameters(sample_prior(1, np.random.default_rng(0))[0], base)
    assert not params.beliefs.on


def test_out_of_bounds_vectors_are_refused_by_the_field() -> None:
    theta = sample_prior(1, np.random.default_rng(0))[0]
    theta[NAMES.index("vote_threshold")] = 1.5
    with pytest.raises(ValidationError, match="vote_threshold"):
        to_parameters(theta)
    with pytest.raises(ValueError, match="shape"):
        to_parameters(theta[:3])


def test_log_prior_is_minus_infinity_outside_the_support_and_finite_inside() -> None:
    draws = sample_prior(500, np.random.default_rng(1))
    assert np.isfinite(log_prior(draws)).all()
    outside = draws[:3].copy()
    outside[0, 0] = -1.0
    outside[1, 1] = 1.5
    outside[2, 7] = 0.0
    assert np.isneginf(log_prior(outside)).all()


def test_prior_draws_are_seeded_and_follow_the_priors() -> None:
    a = sample_prior(4000, np.random.default_rng(7))
    np.testing.assert_array_equal(a, sample_prior(4000, np.random.default_rng(7)))
    for i, p in enumerate(PARAMETERS):
        assert abs(np.median(a[:, i]) - p.prior.median()) < 0.1 * (p.prior.std() + 1e-9) + 0.02
