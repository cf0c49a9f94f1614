"""The Mesa reference model and Accord's simulator agree in distribution.

On a small scenario whose cohesion moves (uneven, costly measures), the mean cohesion
path of many Accord runs and of fewer Mesa runs must agree within Monte Carlo error at
every month; the same statistic must tell apart a Mesa model given other costs (so the
test can fail).
"""

from __future__ import annotations

import dataclasses

import numpy as np
import pytest
from benchmarks.mesa_reference import accord_cohesion, benchmark_regime, mesa_cohesion

from accord.sim import build_setting, synthetic_costs

MEMBERS, MEASURES, MONTHS = 5, 3, 30
ACCORD_RUNS, MESA_RUNS = 4000, 60


def largest_z(a: np.ndarray, b: np.ndarray) -> float:
    """Largest |difference of mean paths| in standard errors, over months."""
    diff = a.mean(axis=1) - b.mean(axis=1)
    se = np.sqrt(a.var(axis=1, ddof=1) / a.shape[1] + b.var(axis=1, ddof=1) / b.shape[1])
    exact = se == 0
    assert np.all(diff[exact] == 0.0), "months without variance must agree exactly"
    return float(np.max(np.abs(diff[~exact]) / se[~exact]))


@pytest.fixture(scope="module")
def paths() -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    regime = benchmark_regime(MEMBERS, MEASURES, MONTHS)
    costs = synthetic_costs(MEMBERS, MEASURES, np.random.default_rng(2022), mean_cost=0.6)
    setting = build_setting(regime, costs, MONTHS)
    fast = accord_cohesion(regime, costs, ACCORD_RUNS, MONTHS, seed=1)
    slow = mesa_cohesion(setting, MESA_RUNS, MONTHS, seed=1)
    cheaper = dataclasses.replace(
        setting, unit_cost=setting.unit_cost * 0.25, perceived_cost=setting.perceived_cost * 0.25
    )
    other = mesa_cohesion(cheaper, MESA_RUNS // 2, MONTHS, seed=1)
    return fast, slow, other


def test_mean_cohesion_paths_agree_within_monte_carlo_error(paths: tuple[np.ndarray, ...]) -> None:
    fast, slow, _ = paths
    assert fast.mean(axis=1).min() < 0.9  # cohesion does move in this scenario
    # 30 months compared: |z| < 4 at every month has a false-alarm rate below 0.2%.
    assert largest_z(fast, slow) < 4.0


def test_the_comparison_tells_another_model_apart(paths: tuple[np.ndarray, ...]) -> None:
    fast, _, other = paths
    assert largest_z(fast, other) > 6.0
