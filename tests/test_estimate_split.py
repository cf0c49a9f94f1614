"""Test cases never enter fitting: the guard, the fit's rows and the backtest's split."""

from __future__ import annotations

import numpy as np
import pytest

from accord.estimate import load_library
from accord.estimate.backtest import score_case
from accord.estimate.calibrate import HeldOutCaseInFit, build_target, training_only
from accord.estimate.priors import sample_prior

TEST_CASES = {"russia-2022", "us-chips-2022"}


def test_the_library_flags_exactly_the_two_test_cases() -> None:
    library = load_library()
    assert {c.id for c in library.test} == TEST_CASES
    assert not TEST_CASES & {c.id for c in library.training}


@pytest.mark.parametrize("case_id", sorted(TEST_CASES))
def test_a_test_case_passed_to_fitting_is_refused_by_name(case_id: str) -> None:
    library = load_library()
    with pytest.raises(HeldOutCaseInFit) as err:
        training_only((*library.training, library[case_id]))
    assert case_id in str(err.value)
    with pytest.raises(HeldOutCaseInFit):
        build_target(tuple(library.values()), simulate=False)


def test_the_fit_sees_rows_of_training_cases_only() -> None:
    library = load_library()
    target = build_target(library.training, simulate=False)
    assert set(target.rows.case) == {c.id for c in library.training}
    assert not TEST_CASES & set(target.rows.case)


def test_the_backtest_never_scores_a_case_against_a_fit_that_holds_it() -> None:
    library = load_library()
    draws = sample_prior(8, np.random.default_rng(0))
    case = library["iran-2018"]
    with pytest.raises(ValueError, match="iran-2018"):
        score_case(case, draws, library.training, simulator=None, runs=1, seed=0, sim_draws=1)
    with pytest.raises(HeldOutCaseInFit):
        score_case(
            case,
            draws,
            (*[c for c in library.training if c.id != case.id], library["russia-2022"]),
            simulator=None,
            runs=1,
            seed=0,
            sim_draws=1,
        )
