"""Simulation-based calibration (Talts et al. 2018): on synthetic cases made with known
parameters drawn from the prior, the fit recovers them within their intervals and their
ranks are uniform; with a wrong data-generating process the check fails."""

from __future__ import annotations

import numpy as np
import pytest

from accord.estimate import load_library
from accord.estimate.rows import Rows, case_rows, join
from accord.estimate.sbc import run_sbc

QUICK = {"replicates": 16, "draws": 24, "walkers": 20, "steps": 150, "burn": 75}


@pytest.fixture(scope="module")
def rows() -> Rows:
    return join([case_rows(c) for c in load_library().training])


def test_the_sampler_recovers_known_parameters(rows: Rows) -> None:
    result = run_sbc(rows, seed=11, **QUICK)
    uniform = result.uniformity()
    coverage = result.coverage()
    assert min(uniform.values()) > 0.001, uniform
    assert min(coverage.values()) >= 0.6, coverage
    assert result.ranks.min() >= 0 and result.ranks.max() <= QUICK["draws"]


def test_the_check_fails_when_the_data_come_from_another_model(rows: Rows) -> None:
    result = run_sbc(rows, seed=11, shift=3.0, **QUICK)
    assert result.coverage()["affinity_weight"] < 0.5
    assert result.uniformity()["affinity_weight"] < 0.001


def test_sbc_is_reproducible(rows: Rows) -> None:
    small = {**QUICK, "replicates": 2, "steps": 20, "burn": 10}
    a = run_sbc(rows, seed=5, **small)
    b = run_sbc(rows, seed=5, **small)
    np.testing.assert_array_equal(a.ranks, b.ranks)
