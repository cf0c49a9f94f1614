"""The identification report: prior against posterior spread, and the mixing
diagnostics that say whether the chains can be read at all."""

from __future__ import annotations

import numpy as np

from accord.estimate.posterior import identification
from accord.estimate.priors import NAMES, sample_prior

WALKERS, STEPS = 16, 2000


def independent_chains(rng: np.random.Generator, scale: float = 0.1) -> np.ndarray:
    """[walkers, steps, P] independent draws around the prior's medians."""
    centre = np.median(sample_prior(4000, rng), axis=0)
    return centre + scale * rng.standard_normal((WALKERS, STEPS, len(NAMES)))


def test_independent_well_mixed_chains_are_mixed_and_pinned() -> None:
    rng = np.random.default_rng(0)
    rows = identification(independent_chains(rng), sample_prior(4000, rng))
    for row in rows:
        assert abs(row.rhat - 1.0) < 0.01
        assert row.ess > 0.8 * WALKERS * STEPS
        assert row.steps_per_tau > 1000
        assert row.mixed
    # A spread of 0.1 is pinned for every parameter but the vote threshold (prior sd ~0.1).
    assert all(row.pinned for row in rows if row.name != "vote_threshold")


def test_walkers_stuck_apart_are_not_mixed() -> None:
    rng = np.random.default_rng(1)
    chains = independent_chains(rng)
    chains[: WALKERS // 2, :, 0] += 1.0  # half the walkers in another mode
    rows = identification(chains, sample_prior(4000, rng))
    assert rows[0].rhat > 1.5 and not rows[0].mixed
    assert all(row.mixed for row in rows[1:])


def test_a_slowly_moving_chain_is_too_short() -> None:
    rng = np.random.default_rng(2)
    chains = independent_chains(rng)
    walk = np.cumsum(rng.standard_normal((WALKERS, STEPS)), axis=1) * 0.01
    chains[..., 1] = chains[..., 1] * 0 + walk  # a random walk: tau of the order of STEPS
    rows = identification(chains, sample_prior(4000, rng))
    assert rows[1].steps_per_tau < 50 and not rows[1].mixed


def test_thin_keeps_every_nth_step_after_the_burn_in() -> None:
    from accord.estimate import load_library
    from accord.estimate.calibrate import build_target, sample

    target = build_target(load_library().training, simulate=False)
    full = sample(target, walkers=18, steps=30, burn=10, seed=4, processes=1)
    thinned = sample(target, walkers=18, steps=30, burn=10, thin=4, seed=4, processes=1)
    assert thinned.posterior.shape == (18, 5, len(NAMES))
    np.testing.assert_array_equal(thinned.posterior, full.posterior[:, ::4])
    np.testing.assert_array_equal(thinned.log_probability, full.log_probability[:, ::4])
    assert thinned.settings["thin"] == 4 and full.settings["thin"] == 1
