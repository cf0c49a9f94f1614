"""Each rule of the framework on its own, against hand-computed answers."""

from __future__ import annotations

import numpy as np
import pytest

from accord.domain import Regime
from accord.rules import (
    classify,
    compile_regime,
    exempt_share,
    initial_state,
    phase_level,
    quiet_inputs,
    review_due,
    step,
)
from accord.rules.state import MonthInputs
from tests.conftest import make_regime


def run_months(regime: Regime, months: int, inputs_for=None):  # type: ignore[no-untyped-def]
    cr = compile_regime(regime)
    state = initial_state(cr, 1)
    out = []
    for t in range(months):
        inputs = inputs_for(cr, t) if inputs_for else quiet_inputs(cr, 1)
        state, req = step(cr, state, t, inputs)
        out.append(req)
    return cr, state, out


def test_phase_in_immediate_wind_down_and_tiers() -> None:
    r = make_regime(
        measures=[
            {"id": "a", "kind": "asset_freeze", "adopted": "2022-02-15"},
            {
                "id": "b",
                "kind": "import_ban",
                "adopted": "2022-01-05",
                "phase_in": {"kind": "wind_down", "wind_down_months": 3, "initial_level": 0.2},
            },
            {
                "id": "c",
                "kind": "export_ban",
                "adopted": "2022-01-01",
                "phase_in": {
                    "kind": "tiers",
                    "tiers": [
                        {"start": "2022-04-01", "level": 0.3},
                        {"start": "2022-07-20", "level": 0.9},
                    ],
                },
            },
        ]
    )
    cr = compile_regime(r)
    assert phase_level(cr, 0).tolist() == pytest.approx([0.0, 0.2, 0.0])
    assert phase_level(cr, 1).tolist() == pytest.approx([1.0, 0.2, 0.0])
    assert phase_level(cr, 3).tolist() == pytest.approx([1.0, 1.0, 0.3])
    assert phase_level(cr, 6).tolist() == pytest.approx([1.0, 1.0, 0.9])
    assert phase_level(cr, 500).tolist() == pytest.approx([1.0, 1.0, 0.9])


def test_member_specific_exemption_applies_only_to_its_members_and_ends() -> None:
    r = make_regime(
        exemptions=[
            {
                "id": "pipeline",
                "kind": "waiver",
                "measure": "oil",
                "members": ["HUN"],
                "share": 0.8,
                "start": "2022-03-01",
                "end": "2023-01-01",
            }
        ]
    )
    cr = compile_regime(r)
    share = exempt_share(cr, 10)
    k = cr.measures.index("oil")
    assert share[cr.members.index("HUN"), k] == pytest.approx(0.8)
    assert share[cr.members.index("DEU"), k] == 0.0
    assert exempt_share(cr, 12).max() == 0.0  # ended in month 12 (2023-01)
    _, _, reqs = run_months(r, 13)
    assert reqs[10].required[0, cr.members.index("HUN"), k] == pytest.approx(0.2)
    assert reqs[10].required[0, cr.members.index("DEU"), k] == pytest.approx(1.0)
    assert reqs[12].required[0, cr.members.index("HUN"), k] == pytest.approx(1.0)


def test_overlapping_exemptions_never_exceed_the_whole_measure() -> None:
    ex = [
        {"id": f"e{i}", "kind": "humanitarian", "measure": "freeze", "share": 0.7} for i in range(3)
    ]
    cr = compile_regime(make_regime(exemptions=ex))
    assert exempt_share(cr, 5).max() == pytest.approx(1.0)


def test_reviews_fall_every_cadence_from_the_first() -> None:
    cr = compile_regime(
        make_regime(safeguards={"review": {"every_months": 6, "first": "2022-04-01"}})
    )
    assert [t for t in range(20) if review_due(cr, t)] == [3, 9, 15]
    cr = compile_regime(make_regime(safeguards={"review": {"every_months": 4}}))
    assert [t for t in range(13) if review_due(cr, t)] == [4, 8, 12]


def _sunset(rule: str, **extra: object) -> Regime:
    return make_regime(safeguards={"sunset": {"months": 6, "renewal": rule, **extra}})


def _votes(cr, against: list[str], month: int):  # type: ignore[no-untyped-def]
    def f(cr2, t):  # type: ignore[no-untyped-def]
        x = quiet_inputs(cr2, 1)
        if t == month:
            for m in against:
                x.in_favour[0, cr2.members.index(m), :] = False
        return x

    return f


def test_unanimity_one_veto_lapses_the_measure_for_everyone() -> None:
    r = _sunset("unanimity")
    cr = compile_regime(r)
    freeze = cr.measures.index("freeze")
    _, state, reqs = run_months(r, 14, _votes(cr, ["HUN"], 6))
    assert reqs[6].sunset_due[0, freeze] and reqs[6].lapsed[0, freeze]
    assert not state.act_in_force[0, freeze]  # one act per measure in the simple form
    assert np.all(reqs[7].required[0, :, freeze] == 0.0)
    assert not reqs[12].sunset_due[0, freeze]  # a lapsed measure has no further sunset


def test_qualified_majority_by_count_and_by_weight() -> None:
    r = _sunset("qualified_majority", threshold=0.6, weight_threshold=0.65)
    cr = compile_regime(r)
    freeze = cr.measures.index("freeze")
    # HUN (weight 0.2) against: 2/3 members (>= 0.6) and weight 0.8 (>= 0.65) -> passes
    _, _, reqs = run_months(r, 8, _votes(cr, ["HUN"], 6))
    assert reqs[6].renewed[0, freeze]
    # DEU against: 2/3 by count but weight only 0.5 -> fails the weight threshold
    _, _, reqs = run_months(r, 8, _votes(cr, ["DEU"], 6))
    assert reqs[6].lapsed[0, freeze]
    # two against: 1/3 < 0.6 -> fails by count
    _, _, reqs = run_months(r, 8, _votes(cr, ["FRA", "HUN"], 6))
    assert reqs[6].lapsed[0, freeze]


def test_lead_decides_ignores_members_votes() -> None:
    r = _sunset("lead_decides")
    cr = compile_regime(r)
    _, _, reqs = run_months(r, 8, _votes(cr, ["DEU", "FRA", "HUN"], 6))
    assert reqs[6].renewed[0, cr.measures.index("freeze")]


def test_renewal_moves_the_sunset_by_its_period() -> None:
    r = _sunset("unanimity")
    cr = compile_regime(r)
    _, state, reqs = run_months(r, 13)
    freeze = cr.measures.index("freeze")
    assert [t for t, q in enumerate(reqs) if q.sunset_due[0, freeze]] == [6, 12]
    assert state.act_expiry[0, freeze] == 18


def _ladder_regime() -> Regime:
    return make_regime(
        safeguards={
            "ladder": {
                "remedy_months": 3,
                "steps": [
                    {"name": "notice", "penalty": 0.0},
                    {"name": "suspension", "penalty": 0.5},
                ],
            }
        }
    )


def test_ladder_climbs_one_step_per_violation_and_remedies_down() -> None:
    r = _ladder_regime()
    bad = {2, 3, 4}

    def inputs(cr, t):  # type: ignore[no-untyped-def]
        x = quiet_inputs(cr, 1)
        if t in bad:
            x.detected[0, cr.members.index("HUN"), 0] = True
        return x

    cr, _, reqs = run_months(r, 14, inputs)
    hun = cr.members.index("HUN")
    steps = [int(q.ladder[0, hun]) for q in reqs]
    assert steps == [0, 0, 1, 2, 2, 2, 2, 1, 1, 1, 0, 0, 0, 0]
    assert reqs[3].penalty[0, hun] == pytest.approx(0.5)
    assert all(int(q.ladder[0, cr.members.index("DEU")]) == 0 for q in reqs)


def _relief_regime(delay: int) -> Regime:
    return make_regime(
        milestones=[{"id": "ceasefire"}],
        safeguards={
            "relief": [
                {
                    "milestone": "ceasefire",
                    "measures": ["freeze"],
                    "relief": 0.5,
                    "certification_delay_months": delay,
                }
            ]
        },
    )


def test_relief_comes_after_certification_plus_delay_not_before() -> None:
    def cert(cr, t):  # type: ignore[no-untyped-def]
        x = quiet_inputs(cr, 1)
        x.certified[0, 0] = t == 5
        return x

    cr, _, reqs = run_months(_relief_regime(3), 12, cert)
    freeze = cr.measures.index("freeze")
    owed = [float(q.relief[0, freeze]) for q in reqs]
    assert owed[:8] == [0.0] * 8
    assert owed[8:] == [0.5] * 4
    assert reqs[9].required[0, 0, freeze] == pytest.approx(0.5)


def test_escalation_after_defiance_resets_on_a_certified_milestone() -> None:
    r = make_regime(
        milestones=[{"id": "talks"}],
        measures=[
            {
                "id": "tech",
                "kind": "export_ban",
                "adopted": "2022-01-01",
                "phase_in": {"kind": "tiers", "tiers": [{"start": "2022-01-01", "level": 0.5}]},
            }
        ],
        safeguards={"escalation": [{"after_months": 3, "measures": ["tech"], "step": 0.2}]},
    )

    def cert(cr, t):  # type: ignore[no-untyped-def]
        x = quiet_inputs(cr, 1)
        x.certified[0, 0] = t == 4
        return x

    _, _, reqs = run_months(r, 16, cert)
    escalated = [t for t, q in enumerate(reqs) if q.escalated[0, 0]]
    # month 3 escalates; certification in 4 restarts the clock: 7, 10; then the level is
    # 0.5 + 3 * 0.2 >= 1 and nothing can rise any more
    assert escalated == [3, 7, 10]
    assert reqs[15].required[0, 0, 0] == pytest.approx(1.0)


def test_posture_classification() -> None:
    got = classify([1.0, 0.96, 0.5, 0.05, 0.0, 0.0], [1.0, 1.0, 1.0, 1.0, 1.0, 0.0])
    assert got.tolist() == [0, 0, 1, 2, 2, 0]


def test_month_inputs_shapes_are_checked_by_numpy_broadcasting() -> None:
    cr = compile_regime(make_regime())
    state = initial_state(cr, 4)
    x = quiet_inputs(cr, 4)
    new, req = step(cr, state, 0, x)
    assert req.required.shape == (4, 3, 2)
    assert new.ladder.shape == (4, 3)
    assert isinstance(x, MonthInputs)
