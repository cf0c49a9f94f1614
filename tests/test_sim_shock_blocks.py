"""Shock blocks: ``run_months(..., shock_runs=R)`` gives every block of R runs the shocks
of a standalone R-run call, so parameter sets batched along the run axis keep common
random numbers with their unbatched runs.

Blocks of at least 2 runs are compared: a standalone 1-run call was measured to differ
from a block of 1 in the last float32 bit of a level (numpy takes another summation path
for an axis of length one), so the estimators' blocks are always of many runs."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from accord.domain.parameters import ModelParameters
from accord.sim import Month, Setting, build_setting, run_months
from tests.test_sim_per_run import COSTS, MONTHS, REGIME, parameter_sets


def paths(
    setting: Setting, runs: int, seed: int, shock_runs: int | None = None
) -> dict[str, np.ndarray]:
    """Every month's levels, postures, losses, lapses and target pressure, by month."""
    seen: dict[str, list[np.ndarray]] = {
        "level": [],
        "posture": [],
        "loss": [],
        "lapsed": [],
        "target_pressure": [],
    }

    def keep(month: Month) -> None:
        for key, value in seen.items():
            value.append(np.array(getattr(month, key)))

    run_months(setting, runs, MONTHS, seed, hooks=(keep,), shock_runs=shock_runs)
    return {key: np.stack(value) for key, value in seen.items()}


@settings(max_examples=10, deadline=None)
@given(
    sets=st.lists(parameter_sets, min_size=1, max_size=3),
    runs=st.integers(2, 4),
    seed=st.integers(0, 2**32 - 1),
)
def test_each_block_equals_its_standalone_call(
    sets: list[ModelParameters], runs: int, seed: int
) -> None:
    per_run = [p for p in sets for _ in range(runs)]
    batched = paths(
        build_setting(REGIME, COSTS, MONTHS, parameters=per_run), len(per_run), seed, runs
    )
    for block, p in enumerate(sets):
        alone = paths(
            build_setting(REGIME.model_copy(update={"model": p}), COSTS, MONTHS), runs, seed
        )
        for key, value in alone.items():
            np.testing.assert_array_equal(
                batched[key][:, block * runs : (block + 1) * runs], value, err_msg=key
            )


def test_one_block_is_the_ordinary_call() -> None:
    setting = build_setting(REGIME, COSTS, MONTHS)
    a, b = paths(setting, 4, 9), paths(setting, 4, 9, shock_runs=4)
    for key in a:
        np.testing.assert_array_equal(a[key], b[key], err_msg=key)


def test_blocks_differ_from_unblocked_draws() -> None:
    """Without the option every run has shocks of its own, so runs 0 and 2 differ;
    with blocks of 2 they are the same run."""
    setting = build_setting(REGIME, COSTS, MONTHS)
    own, blocked = paths(setting, 4, 3), paths(setting, 4, 3, shock_runs=2)
    assert not np.array_equal(own["level"][:, 0], own["level"][:, 2])
    np.testing.assert_array_equal(blocked["level"][:, 0], blocked["level"][:, 2])


@pytest.mark.parametrize("shock_runs", [0, -1, 3, 5])
def test_shock_runs_must_divide_runs(shock_runs: int) -> None:
    with pytest.raises(ValueError, match="shock_runs: expected a positive divisor of runs"):
        run_months(build_setting(REGIME, COSTS, MONTHS), 4, MONTHS, 1, shock_runs=shock_runs)
