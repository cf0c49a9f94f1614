"""The ordered logit of observed postures: known answers and invariants."""

from __future__ import annotations

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy.special import expit

from accord.estimate.choice import affinity, draw_postures, log_likelihood, probabilities
from accord.estimate.priors import NAMES
from accord.estimate.rows import Rows


def rows_of(ties: list[list[list[float]]], postures: list[int]) -> Rows:
    n = len(postures)
    return Rows(
        case=("c",) * n,
        economy=tuple(f"E{i}" for i in range(n)),
        measure=("m",) * n,
        posture=np.array(postures),
        ties=np.array(ties, dtype=float),
        lag_days=np.full(n, np.nan),
        window_days=np.full(n, 100.0),
    )


def theta(**values: float) -> np.ndarray:
    base = dict(zip(NAMES, [2.0, 0.3, 1.0, 1.0, 1.0, 1.0, 1.0, 0.1], strict=True))
    base.update(values)
    return np.array([base[n] for n in NAMES])


ALLY = [[1.0, 1.0, 0.9], [0.0, 0.0, 0.3]]
RIVAL = [[0.0, 0.0, 0.2], [1.0, 1.0, 0.9]]
UNKNOWN_UN = [[1.0, 0.0, np.nan], [0.0, 0.0, np.nan]]


def test_known_answer_for_one_economy() -> None:
    rows = rows_of([ALLY], [0])
    t = theta(affinity_weight=2.0, affinity_reference=0.3, adjust_band=1.0)
    a = (1 + 1 + 0.9) / 3 - 0.3 / 3
    eta = 2.0 * (a - 0.3)
    expected = [1 - expit(1.0 - eta), expit(1.0 - eta) - expit(-1.0 - eta), expit(-1.0 - eta)]
    np.testing.assert_allclose(probabilities(t, rows)[0], expected, rtol=1e-12)
    np.testing.assert_allclose(log_likelihood(t, rows), np.log(expected[0]), rtol=1e-12)


def test_an_unknown_un_tie_leaves_the_mean_with_weights_renormalised() -> None:
    rows = rows_of([UNKNOWN_UN], [0])
    t = theta(security_weight=3.0, bloc_weight=1.0, un_voting_weight=5.0)
    np.testing.assert_allclose(affinity(t, rows), [3.0 / 4.0])


def test_allies_mimic_more_than_rivals_and_rows_sum_to_one() -> None:
    rows = rows_of([ALLY, RIVAL], [0, 2])
    p = probabilities(theta(), rows)
    np.testing.assert_allclose(p.sum(axis=1), 1.0)
    assert p[0, 0] > p[1, 0] and p[1, 2] > p[0, 2]


@settings(max_examples=50, deadline=None)
@given(st.floats(0.01, 20.0), st.floats(-0.9, 0.9), st.floats(0.05, 5.0), st.floats(0.0, 1.0))
def test_mimic_rises_and_resist_falls_with_affinity(
    weight: float, reference: float, band: float, un: float
) -> None:
    low = [[0.0, 0.0, un * 0.5], [0.0, 0.0, un]]
    high = [[1.0, 0.0, un], [0.0, 0.0, un * 0.5]]
    p = probabilities(
        theta(affinity_weight=weight, affinity_reference=reference, adjust_band=band),
        rows_of([low, high], [0, 0]),
    )
    assert p[1, 0] >= p[0, 0] and p[1, 2] <= p[0, 2]
    np.testing.assert_allclose(p.sum(axis=1), 1.0)


def test_walkers_are_evaluated_in_one_array_call() -> None:
    rows = rows_of([ALLY, RIVAL, UNKNOWN_UN], [0, 2, 1])
    many = np.stack([theta(), theta(affinity_weight=5.0), theta(adjust_band=0.2)])
    together = log_likelihood(many, rows)
    one_by_one = [log_likelihood(t, rows) for t in many]
    np.testing.assert_allclose(together, one_by_one)


def test_drawn_postures_follow_the_probabilities() -> None:
    rows = rows_of([ALLY] * 4000, [0] * 4000)
    t = theta(affinity_weight=1.0, adjust_band=0.5)
    drawn = draw_postures(t, rows, np.random.default_rng(3))
    share = np.bincount(drawn, minlength=3) / len(drawn)
    np.testing.assert_allclose(share, probabilities(t, rows)[0], atol=0.03)
    again = draw_postures(t, rows, np.random.default_rng(3))
    np.testing.assert_array_equal(drawn, again)
