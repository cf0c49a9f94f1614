"""One definition of posture, package posture and cohesion, shared by every driver."""

from __future__ import annotations

import numpy as np
import pytest

from accord.domain import Posture, month_start
from accord.domain.events import MeasureAdopted
from accord.ledger.projections import cohesion_series
from accord.rules import compile_regime, replay
from accord.rules.cohesion import alignment, cohesion, package_posture, recorded_posture
from accord.sim import SimCosts, build_setting, run_months
from accord.sim.engine import Month
from accord.sim.metrics import Recorder
from tests.conftest import make_regime

W = np.array([0.6, 0.4], dtype=np.float32)


def test_cohesion_counts_only_the_measures_due_from_each_member() -> None:
    level = np.array([[1.0, 1.0], [1.0, 0.5]])
    # Both due from both: 0.6 x 1 + 0.4 x 1/2.
    assert cohesion(level, np.ones((2, 2)), W) == pytest.approx(0.8)
    # The second measure not due from the second member (not bound): it mimics all it owes.
    assert cohesion(level, np.array([[1.0, 1.0], [1.0, 0.0]]), W) == pytest.approx(1.0)
    # No record of a due measure is not a match.
    assert cohesion(np.array([[1.0, 1.0], [np.nan, 1.0]]), np.ones((2, 2)), W) == pytest.approx(0.8)
    # Nothing due from anyone: nothing to deviate from.
    assert cohesion(level, np.zeros((2, 2)), W) == pytest.approx(1.0)


def test_alignment_is_coverage_based() -> None:
    level = np.array([[0.55], [0.67]])
    assert alignment(level, np.ones((2, 1)), W) == pytest.approx(0.6 * 0.55 + 0.4 * 0.67)
    assert cohesion(level, np.ones((2, 1)), W) == pytest.approx(0.0)


def test_package_posture_and_recorded_posture() -> None:
    due = np.ones((3, 3), dtype=bool)
    posture = np.array([[0, 0, 0], [0, 2, 2], [0, 1, 2]], dtype=np.int8)
    assert package_posture(posture, due).tolist() == [0, 2, 1]
    assert package_posture(posture, np.zeros((3, 3), bool)).tolist() == [-1, -1, -1]
    assert recorded_posture(None, 1.0) is Posture.RESIST
    assert recorded_posture(None, 0.0) is None
    assert recorded_posture(0.5, 1.0) is Posture.ADJUST


def test_simulated_and_recorded_cohesion_are_the_same_number() -> None:
    """The simulator's cohesion series equals the ledger's on the simulated levels."""
    regime = make_regime()
    weight = np.array([0.5, 0.3, 0.2], dtype=np.float32)
    costs = SimCosts(
        unit_cost=np.array([[0.3, 2.0], [0.2, 4.0], [0.1, 9.0]], dtype=np.float32),
        target_unit=np.full((3, 2), 0.3, dtype=np.float32),
        leakage_share=np.full(2, 0.2, dtype=np.float32),
        member_weight=weight,
        exposure_to_lead=np.full(3, 0.4, dtype=np.float32),
    )
    months = 14
    st = build_setting(regime, costs, months)
    recorder = Recorder(st, 1, months)
    levels: list[np.ndarray] = []

    def keep(month: Month) -> None:
        levels.append(month.level[0].copy())

    run_months(st, 1, months, seed=11, hooks=(recorder, keep))
    cr = compile_regime(regime)
    events = [
        MeasureAdopted(
            date=month_start(regime.start, t), member=m, measure=k, level=float(levels[t][i, j])
        )
        for t in range(months)
        for i, m in enumerate(cr.members)
        for j, k in enumerate(cr.measures)
    ]
    _, reqs = replay(cr, events, month_start(regime.start, months - 1))
    recorded = dict(cohesion_series(cr, events, reqs))
    simulated = recorder.series[0, :, 0]
    assert len(recorded) == months
    for t in range(months):
        when = regime.start if t == 0 else month_start(regime.start, t)
        assert recorded[when] == pytest.approx(float(simulated[t]), abs=1e-6)
    assert min(recorded.values()) < 1.0  # something to agree on
