"""Accord's simulator and the Mesa reference, an independent transcription of the model
(benchmarks/mesa_reference.py, benchmarks/mesa_framework.py), agree in distribution, and
each mechanism is needed on both sides for them to agree.

On the benchmark scenario (every mechanism at work: uneven costs and affinities, a phased
measure with room to escalate, a carve-out, reviews, a sunset, verification, a ladder,
relief on a co-designed milestone, burden sharing...), the mean path of a statistic over
many Accord runs and over fewer Mesa runs must agree within Monte Carlo error at every
month. Removing any one mechanism from Accord only, or from the Mesa reference only,
must make that agreement fail. The statistic is cohesion, except for four mechanisms
whose effect shows more strongly elsewhere: leakage is only reported (the target's loss
is net of rerouting already, so it changes no decision) and is checked on the leakage
share; carve-outs lower the requirement and the reference together, so they leave
postures nearly unchanged, and are checked on the pressure on the target, which they
lower; over-compliance raises the trade actually cut, so the pressure on the target,
more than it moves postures; escalation raises a measure's requirement, which members
implement, closing the gaps third parties reroute through (the leakage share).
"""

from __future__ import annotations

import math

import numpy as np
import pytest
from benchmarks.mesa_framework import posture
from benchmarks.mesa_reference import (
    accord_series,
    benchmark_costs,
    benchmark_regime,
    mesa_series,
)
from hypothesis import given, settings
from hypothesis import strategies as st

from accord.domain.parameters import MECHANISMS
from accord.rules import classify

MEMBERS, MEASURES, MONTHS = 6, 3, 30
ACCORD_RUNS, MESA_RUNS = 8000, 160
REMOVED_ACCORD_RUNS = 2000
THRESHOLD = 4.0
"""|z| at which two mean paths disagree; 30 months compared at |z| < 4 each give a
false-alarm rate below 0.2 %."""

STATISTIC = dict.fromkeys(MECHANISMS, "cohesion") | {
    "carve_outs": "target_pressure",
    "over_compliance": "target_pressure",
    "escalation": "leakage",
    "leakage": "leakage",
}
"""The series each mechanism is checked on (see the module's docstring)."""

REMOVED_MESA_RUNS = dict.fromkeys(MECHANISMS, 25) | {
    "economic_cost": 40,
    "domestic_pressure": 45,
    "political_cycle": 100,
    "affinity": 100,
    "secondary_penalty": 110,
    "beliefs": 90,
    "messaging": 100,
}
"""Mesa runs with the mechanism removed, enough for an expected |z| of about 7 given the
size of its effect (measured once, docs/performance.md); more where the effect is small."""


def largest_z(a: np.ndarray, b: np.ndarray) -> float:
    """Largest |difference of mean paths| in standard errors, over months (infinite in a
    month without variance where the two differ). Under agreement both sides have one
    variance, so the smaller sample ``b`` is given the larger of the two estimates: a
    month in which none of b's few runs happened to move (variance 0) does not make a
    small difference look significant."""
    diff = a.mean(axis=1) - b.mean(axis=1)
    var_a, var_b = a.var(axis=1, ddof=1), b.var(axis=1, ddof=1)
    se = np.sqrt(var_a / a.shape[1] + np.maximum(var_a, var_b) / b.shape[1])
    exact = se == 0
    if np.any(np.abs(diff[exact]) > 1e-6):
        return math.inf
    return float(np.max(np.abs(diff[~exact]) / se[~exact], initial=0.0))


@pytest.fixture(scope="module")
def scenario():  # type: ignore[no-untyped-def]
    return benchmark_regime(MEMBERS, MEASURES, MONTHS), benchmark_costs(MEMBERS, MEASURES)


@pytest.fixture(scope="module")
def intact(scenario) -> tuple[dict[str, np.ndarray], dict[str, np.ndarray]]:  # type: ignore[no-untyped-def]
    regime, costs = scenario
    fast = accord_series(regime, costs, ACCORD_RUNS, MONTHS, seed=1)
    slow = mesa_series(regime, costs, MESA_RUNS, MONTHS, seed=1)
    return fast, slow


@pytest.mark.parametrize("name", sorted(set(STATISTIC.values())))
def test_mean_paths_agree_within_monte_carlo_error(intact, name: str) -> None:  # type: ignore[no-untyped-def]
    fast, slow = intact
    assert largest_z(fast[name], slow[name]) < THRESHOLD


def test_cohesion_moves_in_the_benchmark_scenario(intact) -> None:  # type: ignore[no-untyped-def]
    fast, slow = intact
    assert fast["cohesion"].mean(axis=1).min() < 0.85
    assert slow["cohesion"].mean(axis=1).min() < 0.85


@pytest.mark.parametrize("side", ["accord", "mesa"])
@pytest.mark.parametrize("mechanism", MECHANISMS)
def test_removing_a_mechanism_from_one_side_breaks_the_agreement(
    scenario,  # type: ignore[no-untyped-def]
    intact,
    mechanism: str,
    side: str,
) -> None:
    """Accord without the mechanism against the intact Mesa reference, or the Mesa
    reference without it against intact Accord."""
    regime, costs = scenario
    params = regime.model.switched(**{mechanism: False})
    name = STATISTIC[mechanism]
    fast, slow = intact
    if side == "accord":
        fast = accord_series(regime, costs, REMOVED_ACCORD_RUNS, MONTHS, seed=2, params=params)
    else:
        slow = mesa_series(regime, costs, REMOVED_MESA_RUNS[mechanism], MONTHS, 1000, params)
    assert largest_z(fast[name], slow[name]) > THRESHOLD


@settings(max_examples=300, deadline=None)
@given(
    level=st.floats(0.0, 1.0, width=32),
    reference=st.floats(0.0, 1.0, width=32),
)
def test_the_transcribed_posture_is_the_rules_posture(level: float, reference: float) -> None:
    """The Mesa reference's posture, written from docs/rules.md, is ``classify``'s on every
    due measure (where nothing is due it has none; ``classify`` calls that mimic)."""
    code = int(classify(level, reference))
    mine = posture(level, reference)
    if reference > 0:
        assert mine == ("mimic", "adjust", "resist")[code]
    else:
        assert mine == "none" and code == 0
