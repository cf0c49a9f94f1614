"""Scores and the baseline: known answers."""

from __future__ import annotations

import numpy as np

from accord.estimate.baseline import fit_baseline
from accord.estimate.rows import Rows
from accord.estimate.scores import Scores, implied_lags, kaplan_meier


def test_brier_log_score_agreement_and_recall_known_answers() -> None:
    p = np.array([[0.7, 0.2, 0.1], [0.2, 0.5, 0.3], [0.6, 0.3, 0.1]])
    y = np.array([0, 1, 1])
    s = Scores.of(p, y)
    brier = [(0.3**2 + 0.2**2 + 0.1**2), (0.2**2 + 0.5**2 + 0.3**2), (0.6**2 + 0.7**2 + 0.1**2)]
    assert np.isclose(s.brier, np.mean(brier))
    assert np.isclose(s.log_score, np.mean(np.log([0.7, 0.5, 0.3])))
    assert np.isclose(s.agreement, 2 / 3)
    assert np.isclose(s.recall_adjust, 0.5)
    assert np.isnan(Scores.of(p[:1], y[:1]).recall_adjust)


def test_kaplan_meier_with_censoring_known_answer() -> None:
    lag = np.array([0.0, 30.0, 200.0, np.nan])
    window = np.array([400.0, 400.0, 400.0, 400.0])
    curve = kaplan_meier(lag, window)
    assert curve is not None
    assert np.isclose(curve.at_late, 0.5)  # two of four adopted by day 92
    assert np.isclose(curve.at_end, 0.25)  # one censored at the end
    assert (curve.adopted, curve.censored) == (3, 1)
    assert kaplan_meier(np.zeros(0), np.zeros(0)) is None
    assert implied_lags(np.array([[0.5, 0.3, 0.2]])) == (0.5, 0.2)


def rows(ties: np.ndarray, posture: np.ndarray) -> Rows:
    n = len(posture)
    return Rows(
        case=("c",) * n,
        economy=tuple(f"E{i}" for i in range(n)),
        measure=("m",) * n,
        posture=posture,
        ties=ties,
        lag_days=np.full(n, np.nan),
        window_days=np.full(n, 1.0),
    )


def test_the_baseline_learns_that_allies_mimic() -> None:
    rng = np.random.default_rng(0)
    n = 400
    ties = np.zeros((n, 2, 3))
    ally = rng.random(n) < 0.5
    ties[ally, 0] = 1.0
    ties[~ally, 1] = 1.0
    posture = np.where(ally, 0, 2)
    flip = rng.random(n) < 0.2
    posture[flip] = 1
    base = fit_baseline(rows(ties, posture))
    p = base.probabilities(rows(ties, posture))
    np.testing.assert_allclose(p.sum(axis=1), 1.0)
    assert p[ally, 0].mean() > 0.6 and p[~ally, 2].mean() > 0.6


def test_a_posture_absent_from_training_is_never_predicted() -> None:
    ties = np.zeros((6, 2, 3))
    ties[:3, 0] = 1.0
    posture = np.array([0, 0, 0, 2, 2, 0])
    p = fit_baseline(rows(ties, posture)).probabilities(rows(ties, posture))
    assert (p[:, 1] < 1e-9).all()
