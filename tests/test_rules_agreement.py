"""The batch rules and the single-state rules give the same answers on the same states."""

from __future__ import annotations

import numpy as np
import pytest

from accord.rules import (
    NEVER,
    RulesState,
    SingleInputs,
    compile_regime,
    evaluate,
    from_arrays,
    replay,
    step,
)
from accord.rules.state import MonthInputs
from accord.scenario import load_scenario
from tests.conftest import SCENARIOS

RUNS = 1000


def _random_state(cr, rng: np.random.Generator) -> RulesState:  # type: ignore[no-untyped-def]
    R, M, K = RUNS, len(cr.members), len(cr.measures)
    S, X, A = len(cr.milestones), len(cr.esc_after), len(cr.acts.ids)
    expiry = rng.integers(0, 40, (R, A)).astype(np.int32)
    expiry[rng.random((R, A)) < 0.2] = NEVER
    return RulesState(
        act_in_force=rng.random((R, A)) < 0.85,
        act_expiry=expiry,
        ladder=rng.integers(0, cr.ladder_steps + 1, (R, M)).astype(np.int32),
        clean=rng.integers(0, 10, (R, M)).astype(np.int32),
        certified=np.where(rng.random((R, S)) < 0.3, rng.integers(0, 30, (R, S)), -1).astype(
            np.int32
        ),
        last_escalation=rng.integers(0, 30, (R, X)).astype(np.int32),
        escalation=(rng.random((R, K)) * 0.5).astype(np.float32),
    )


def _random_inputs(cr, rng: np.random.Generator) -> MonthInputs:  # type: ignore[no-untyped-def]
    R, M, K, S = RUNS, len(cr.members), len(cr.measures), len(cr.milestones)
    A = len(cr.acts.ids)
    return MonthInputs(
        detected=rng.random((R, M, K)) < 0.02,
        in_favour=rng.random((R, M, A)) < 0.97,
        lead_in_favour=rng.random((R, A)) < 0.9,
        certified=rng.random((R, S)) < 0.1,
    )


def _single_inputs(cr, x: MonthInputs, r: int) -> SingleInputs:  # type: ignore[no-untyped-def]
    M, K = cr.members, cr.measures
    # A vote against an act is recorded as a vote against one of the measures it holds.
    held = [K[int(np.flatnonzero(row)[0])] for row in cr.acts.measures]
    return SingleInputs(
        violations=frozenset((M[i], K[j]) for i, j in zip(*np.nonzero(x.detected[r]), strict=True)),
        votes_against=frozenset(
            (M[i], held[a]) for i, a in zip(*np.nonzero(~x.in_favour[r]), strict=True)
        ),
        lead_against=frozenset(held[a] for a in np.nonzero(~x.lead_in_favour[r])[0]),
        certified=frozenset(cr.milestones[s] for s in np.nonzero(x.certified[r])[0]),
    )


@pytest.mark.parametrize("scenario", ["russia-2022.toml"])
def test_batch_and_single_state_agree_on_random_states(scenario: str) -> None:
    cr = compile_regime(load_scenario(SCENARIOS / scenario))
    rng = np.random.default_rng(20220224)
    state, inputs = _random_state(cr, rng), _random_inputs(cr, rng)
    t = 14
    new, req = step(cr, state, t, inputs)
    for r in range(RUNS):
        one, single = evaluate(cr, from_arrays(cr, state, r), t, _single_inputs(cr, inputs, r))
        assert one == from_arrays(cr, new, r)
        for (m, k), level in single.required.items():
            assert level == req.required[r, cr.members.index(m), cr.measures.index(k)]
        assert single.lapsed == {k for j, k in enumerate(cr.measures) if req.lapsed[r, j]}
        assert single.renewed == {k for j, k in enumerate(cr.measures) if req.renewed[r, j]}
        assert single.ladder == {m: int(req.ladder[r, i]) for i, m in enumerate(cr.members)}
        assert single.relief == {k: float(req.relief[r, j]) for j, k in enumerate(cr.measures)}
        assert single.review_due == req.review_due


def test_replay_of_a_recorded_history_matches_the_batch_rules() -> None:
    from datetime import date

    from accord.domain import EVENT_ADAPTER
    from accord.rules import initial_state, quiet_inputs

    regime = load_scenario(SCENARIOS / "russia-2022.toml")
    cr = compile_regime(regime)
    events = [
        EVENT_ADAPTER.validate_python(e)
        for e in (
            {
                "kind": "verification_finding",
                "date": "2022-05-10",
                "member": "HUN",
                "measure": "swift_cutoff",
                "finding": "violation",
            },
            {
                "kind": "renewal_vote",
                "date": "2022-07-20",
                "member": "HUN",
                "measure": "cbr_freeze",
                "in_favour": False,
            },
        )
    ]
    final, months = replay(cr, events, date(2023, 2, 24))
    state = initial_state(cr, 1)
    for t, single in enumerate(months):
        x = quiet_inputs(cr, 1)
        if t == 3:  # May 2022
            x.detected[0, cr.members.index("HUN"), cr.measures.index("swift_cutoff")] = True
        if t == 5:  # July 2022: the term of Decision 2014/512/CFSP ends
            x.in_favour[0, cr.members.index("HUN"), cr.acts.ids.index("eu_economic")] = False
        state, req = step(cr, state, t, x)
        assert single.ladder["HUN"] == int(req.ladder[0, cr.members.index("HUN")])
        assert single.lapsed == {k for j, k in enumerate(cr.measures) if req.lapsed[0, j]}
    assert final == from_arrays(cr, state)
    # A single veto under unanimity lapses the whole act, for the EU members it binds only.
    assert months[5].acts_lapsed == {"eu_economic"}
    assert months[5].lapsed == set(regime.acts[0].measures)
    assert not final.in_force["cbr_freeze"]
    assert months[6].required[("DEU", "cbr_freeze")] == 0.0
    assert months[6].required[("GBR", "cbr_freeze")] == 1.0
