"""The vectorised engine: shapes, bounds, reproducibility, and agreement with a plain loop."""

from __future__ import annotations

import sys
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from accord.rules import (
    MIMIC_SHARE,
    RESIST_SHARE,
    MonthInputs,
    classify,
    compile_regime,
    renewal_passes,
)
from accord.rules.engine import _any_measure
from accord.sim import Month, build_setting, run_months
from accord.sim.metrics import count_true
from tests.sim_support import run, sim_costs, sim_regime

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "benchmarks"))
from sim_loop_peer import loop_simulate


def levels(seed: int, runs: int = 4, months: int = 18) -> np.ndarray:
    st = build_setting(sim_regime(), sim_costs(mean_cost=0.6), months)
    seen: list[np.ndarray] = []

    def keep(mo: Month) -> None:
        assert mo.level.shape == (runs, 8, 3) and mo.level.dtype == np.float32
        assert (mo.level >= 0).all() and (mo.level <= 1 + 1e-6).all()
        assert np.array_equal(mo.posture, classify(mo.level, mo.reference))
        seen.append(mo.level.copy())

    run_months(st, runs, months, seed, hooks=(keep,))
    return np.stack(seen)


def test_vectorised_engine_matches_the_per_member_loop() -> None:
    st = build_setting(sim_regime(), sim_costs(mean_cost=0.6), 18)
    looped = loop_simulate(st, 4, 18, seed=11)
    np.testing.assert_allclose(levels(11), looped, atol=1e-5)


def test_same_seed_same_results_and_seed_zero_is_a_seed() -> None:
    assert np.array_equal(levels(0), levels(0))
    assert not np.array_equal(levels(0), levels(1))


def test_runs_never_mix() -> None:
    """Each run's draws depend on the run count (arrays are drawn whole), but the model
    never mixes runs: two runs given the same state and draws stay identical, and
    changing one run's state leaves the other's path unchanged."""
    import dataclasses

    from accord.sim.engine import Draws, advance, initial
    from accord.sim.lead import LeadMind

    st = build_setting(sim_regime(), sim_costs(), 18)
    m, k, ms = st.shape

    def twin(a: np.ndarray) -> np.ndarray:
        return np.ascontiguousarray(np.repeat(a[:1], 2, axis=0))

    def twin_all(x: object) -> None:
        """Every array of x (and of the lead's state within it) copied from run 0."""
        for field in dataclasses.fields(x):  # type: ignore[arg-type]
            value = getattr(x, field.name)
            if isinstance(value, np.ndarray):
                setattr(x, field.name, twin(value))
            elif isinstance(value, LeadMind):
                twin_all(value)

    def twin_draws(d: Draws | None) -> Draws | None:
        if d is None:
            return None
        arrays = [twin(getattr(d, f.name)) for f in dataclasses.fields(d) if f.name != "lead"]
        return Draws(*arrays, lead=twin_draws(d.lead))

    def paths(perturb: bool) -> np.ndarray:
        rng = np.random.default_rng(5)
        s = initial(st, 2, rng)
        twin_all(s)
        if perturb:
            s.taste[1] += 1.0
        out = []
        for t in range(18):
            d = twin_draws(Draws.draw(rng, 2, m, k, ms))
            assert d is not None
            out.append(advance(st, s, t, d).level.copy())
        return np.stack(out)

    same = paths(perturb=False)
    np.testing.assert_array_equal(same[:, 0], same[:, 1])
    changed = paths(perturb=True)
    np.testing.assert_array_equal(changed[:, 0], same[:, 0])
    assert not np.array_equal(changed[:, 1], same[:, 1])


@settings(max_examples=60, deadline=None)
@given(
    shape=st.tuples(st.integers(1, 6), st.integers(1, 9), st.integers(1, 11)),
    seed=st.integers(0, 2**32 - 1),
)
def test_fast_paths_in_the_rules_engine_equal_the_plain_formulas(
    shape: tuple[int, int, int], seed: int
) -> None:
    """The simulator made three rules cheaper on large arrays; each equals its plain form."""
    rng = np.random.default_rng(seed)
    flags = rng.random(shape) < 0.2
    assert np.array_equal(_any_measure(flags), flags.any(axis=2))
    assert np.array_equal(count_true(flags), flags.sum(axis=2))
    level = rng.choice([0.0, 0.05, 0.1, 0.5, 0.95, 1.0], size=shape).astype(np.float32)
    required = rng.choice([0.0, 0.5, 1.0], size=shape).astype(np.float32)
    ratio = np.where(required > 0, level / np.where(required > 0, required, 1.0), 1.0)
    plain = np.where(ratio >= MIMIC_SHARE, 0, np.where(ratio < RESIST_SHARE, 2, 1))
    assert np.array_equal(classify(level, required), plain)


@settings(max_examples=40, deadline=None)
@given(seed=st.integers(0, 2**32 - 1), rule=st.sampled_from(["unanimity", "qmv"]))
def test_renewal_vote_count_equals_the_plain_count(seed: int, rule: str) -> None:
    sunset = (
        {"months": 6, "renewal": "unanimity"}
        if rule == "unanimity"
        else {
            "months": 6,
            "renewal": "qualified_majority",
            "threshold": 0.55,
            "weight_threshold": 0.65,
        }
    )
    cr = compile_regime(sim_regime({"sunset": sunset}))
    rng = np.random.default_rng(seed)
    runs, m, k = 7, len(cr.members), len(cr.measures)
    favour = rng.random((runs, m, k)) < rng.random()
    inputs = MonthInputs(
        detected=np.zeros((runs, m, k), bool),
        in_favour=favour,
        lead_in_favour=np.ones((runs, k), bool),
        certified=np.zeros((runs, len(cr.milestones)), bool),
    )
    yes = favour & cr.voter_mask[None, :, None]
    if rule == "unanimity":
        plain = np.all(yes | ~cr.voter_mask[None, :, None], axis=1)
    else:
        n = int(cr.voter_mask.sum())
        by_count = yes.sum(axis=1) >= np.ceil(0.55 * n - 1e-9)
        w = cr.weight.astype(np.float64) * cr.voter_mask
        by_weight = np.einsum("rmk,m->rk", yes, w) / w.sum() >= 0.65 - 1e-12
        plain = by_count & by_weight
    assert np.array_equal(renewal_passes(cr, inputs), plain)


def test_designs_share_their_random_numbers(monkeypatch: pytest.MonkeyPatch) -> None:
    """Common random numbers: whatever the switches, every month draws the same arrays
    from the same generator state, so two designs run with one seed see the same shocks."""
    from accord.domain.parameters import MECHANISMS, ModelParameters
    from accord.sim import engine

    original = engine.Draws.draw

    def record(states: list[object]):  # type: ignore[no-untyped-def]
        def draw(rng: np.random.Generator, *shape: int) -> engine.Draws:
            states.append(rng.bit_generator.state["state"]["state"])
            return original(rng, *shape)

        return draw

    seen: list[list[object]] = []
    for params in (
        ModelParameters(),
        ModelParameters().switched(**dict.fromkeys(MECHANISMS, False)),
    ):
        states: list[object] = []
        monkeypatch.setattr(engine.Draws, "draw", staticmethod(record(states)))
        run(params=params, runs=5, months=10)
        seen.append(states)
    assert len(seen[0]) == 10 and seen[0] == seen[1]
