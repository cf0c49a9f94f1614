"""Designs and Sobol analysis against known answers."""

from __future__ import annotations

import numpy as np
import pytest

from accord.errors import InvalidArgument
from accord.experiments.designs import grid, latin_hypercube, saltelli
from accord.experiments.params import ParamRange
from accord.experiments.sensitivity import sobol_indices
from tests.test_experiments_support import ishigami

PARAMS = [ParamRange("a", 0.0, 1.0), ParamRange("b", 10.0, 20.0)]


def test_latin_hypercube_puts_one_point_in_every_stratum() -> None:
    x = latin_hypercube(PARAMS, 50, seed=3)
    assert x.shape == (50, 2)
    for j, p in enumerate(PARAMS):
        strata = np.floor((x[:, j] - p.low) / (p.high - p.low) * 50).astype(int)
        assert sorted(strata) == list(range(50))


def test_latin_hypercube_depends_on_the_seed_only() -> None:
    assert np.array_equal(latin_hypercube(PARAMS, 8, 1), latin_hypercube(PARAMS, 8, 1))
    assert not np.array_equal(latin_hypercube(PARAMS, 8, 1), latin_hypercube(PARAMS, 8, 2))
    assert not np.array_equal(latin_hypercube(PARAMS, 8, 0), latin_hypercube(PARAMS, 8, 2))


def test_grid_is_the_full_factorial() -> None:
    x = grid([ParamRange("a", 0.0, 1.0, steps=3), ParamRange("n", 1.0, 4.0, steps=4, integer=True)])
    assert x.shape == (12, 2)
    assert sorted(set(x[:, 0])) == [0.0, 0.5, 1.0]
    assert sorted(set(x[:, 1])) == [1.0, 2.0, 3.0, 4.0]


def test_saltelli_needs_a_power_of_two() -> None:
    with pytest.raises(InvalidArgument, match="power of two"):
        saltelli(PARAMS, 48, seed=0)
    assert saltelli(PARAMS, 16, seed=0).shape == (16 * (2 + 2), 2)


def test_sobol_indices_of_the_ishigami_function() -> None:
    """Known answer (as in SALib's own regression test): S1 = (0.314, 0.442, 0),
    ST = (0.558, 0.442, 0.244)."""
    params = [ParamRange(f"x{i}", -np.pi, np.pi) for i in range(3)]
    x = saltelli(params, 2**12, seed=7)
    found = sobol_indices(params, ishigami(x), seed=7)
    assert not isinstance(found, str)
    np.testing.assert_allclose(found["S1"], [0.3139, 0.4424, 0.0], atol=0.05)
    np.testing.assert_allclose(found["ST"], [0.5576, 0.4424, 0.2437], atol=0.05)
    assert np.all(found["S1_conf"] > 0) and np.all(found["S1_conf"] < 0.1)


def test_a_constant_or_undefined_metric_has_no_indices() -> None:
    x = saltelli(PARAMS, 8, seed=0)
    assert sobol_indices(PARAMS, np.ones(len(x)), 0) == "constant across the design points"
    y = np.ones(len(x))
    y[0] = np.nan
    assert "undefined" in str(sobol_indices(PARAMS, y, 0))


def test_prim_finds_the_box_of_a_known_region() -> None:
    """Cases of interest exactly where a > 0.7 and b < 0.3: the box should say so."""
    import pandas as pd

    from accord.experiments.discover import find_boxes

    rng = np.random.default_rng(0)
    x = pd.DataFrame({"a": rng.random(800), "b": rng.random(800), "c": rng.random(800)})
    y = ((x["a"] > 0.7) & (x["b"] < 0.3)).to_numpy()
    found = find_boxes(x, y, threshold=0.9)
    box = found.limits.set_index("parameter")
    assert box.loc["a", "low"] == pytest.approx(0.7, abs=0.03)
    assert box.loc["b", "high"] == pytest.approx(0.3, abs=0.03)
    assert not box.loc["c", "restricted"]
    assert box["density"].iloc[0] >= 0.9 and box["coverage"].iloc[0] > 0.8


def test_prim_says_when_the_threshold_is_below_the_base_rate() -> None:
    import pandas as pd

    from accord.experiments.discover import find_boxes

    rng = np.random.default_rng(1)
    x = pd.DataFrame({"a": rng.random(500)})
    found = find_boxes(x, rng.random(500) < 0.8, threshold=0.6)
    assert "raise --threshold" in found.note
    assert found.limits.empty or bool(found.limits["restricted"].any())
