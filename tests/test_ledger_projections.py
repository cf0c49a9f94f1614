"""Projections are the rules engine's answers: the ledger and the engine agree exactly."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from accord.domain import EVENT_ADAPTER, Posture, Regime
from accord.ledger.projections import project
from accord.ledger.store import Ledger
from accord.rules import compile_regime, replay
from tests.conftest import make_regime

RID = "test"


def framework() -> Regime:
    return make_regime(
        milestones=[{"id": "ceasefire"}],
        safeguards={
            "review": {"every_months": 4},
            "sunset": {"months": 6, "renewal": "unanimity"},
            "ladder": {
                "steps": [{"name": "warning", "penalty": 0.0}, {"name": "fine", "penalty": 0.5}],
                "remedy_months": 3,
            },
            "relief": [
                {
                    "milestone": "ceasefire",
                    "measures": ["oil"],
                    "relief": 0.5,
                    "certification_delay_months": 2,
                }
            ],
        },
    )


RAW = [
    {
        "kind": "posture_declared",
        "date": "2022-01-15",
        "member": "DEU",
        "measure": "freeze",
        "posture": "mimic",
        "level": 1.0,
    },
    {
        "kind": "posture_declared",
        "date": "2022-01-20",
        "member": "HUN",
        "measure": "freeze",
        "posture": "adjust",
        "level": 0.5,
    },
    {
        "kind": "verification_finding",
        "date": "2022-03-10",
        "member": "HUN",
        "measure": "freeze",
        "finding": "violation",
    },
    {
        "kind": "verification_finding",
        "date": "2022-04-11",
        "member": "HUN",
        "measure": "oil",
        "finding": "violation",
        "level": 0.0,
    },
    {
        "kind": "compliance_report",
        "date": "2022-06-20",
        "member": "FRA",
        "measure": "oil",
        "level": 0.45,
    },
    {
        "kind": "renewal_vote",
        "date": "2022-07-05",
        "member": "HUN",
        "measure": "freeze",
        "in_favour": False,
    },
    {"kind": "milestone_certified", "date": "2022-09-15", "milestone": "ceasefire"},
]
WRONG = {
    "kind": "verification_finding",
    "date": "2022-05-02",
    "member": "FRA",
    "measure": "oil",
    "finding": "violation",
}


@pytest.fixture
def ledger(tmp_path: Path) -> Ledger:
    led = Ledger.open(f"sqlite:///{tmp_path / 'l.sqlite'}")
    led.define_regime(RID, framework())
    led.append(RID, RAW[:4], recorded_by="s")
    (wrong,) = led.append(RID, [WRONG], recorded_by="verifier")
    fix = {"kind": "correction", "date": "2022-05-03", "corrects": wrong.id, "reason": "wrong"}
    led.append(RID, [fix, *RAW[4:]], recorded_by="s")
    return led


@pytest.mark.parametrize("at", [date(2022, 3, 31), date(2022, 7, 31), date(2022, 12, 31)])
def test_ledger_and_rules_engine_give_the_same_answers(ledger: Ledger, at: date) -> None:
    regime = framework()
    events = [EVENT_ADAPTER.validate_python(r) for r in RAW]  # the corrected history
    state, reqs = replay(compile_regime(regime), events, at)
    p = project(ledger.regime(RID), ledger.history(RID), at)
    now = reqs[-1]
    assert p.month == now.month
    assert {(c.member, c.measure): c.required for c in p.cells} == now.required
    assert p.in_force == state.in_force
    assert {x.member: x.step for x in p.ladder} == {
        m: s.ladder for m, s in state.members.items() if s.ladder
    }
    assert p.relief_owed == {k: v for k, v in now.relief.items() if v > 0}
    assert [k for _, k in p.lapses] == [k for r in reqs for k in sorted(r.lapsed)]
    overdue_reviews = [d for d in p.due if d.kind == "review" and d.overdue]
    assert len(overdue_reviews) == sum(r.review_due for r in reqs[:-1])


def test_known_answers(ledger: Ledger) -> None:
    march = project(ledger.regime(RID), ledger.history(RID), date(2022, 3, 31))
    assert [(x.member, x.step, x.name) for x in march.ladder] == [("HUN", 1, "warning")]
    cell = {(c.member, c.measure): c for c in march.cells}
    assert cell[("DEU", "freeze")].posture == Posture.MIMIC
    assert cell[("HUN", "freeze")].posture == Posture.ADJUST
    assert cell[("HUN", "freeze")].declared == Posture.ADJUST
    assert cell[("FRA", "freeze")].level is None

    april = project(ledger.regime(RID), ledger.history(RID), date(2022, 4, 30))
    assert [(x.member, x.step, x.name) for x in april.ladder] == [("HUN", 2, "fine")]

    july = project(ledger.regime(RID), ledger.history(RID), date(2022, 7, 31))
    assert july.in_force["freeze"] is False  # HUN voted against renewal under unanimity
    assert july.lapses == [(date(2022, 7, 1), "freeze")]
    assert all(x.member != "FRA" for x in july.ladder)  # the corrected finding does not count
    assert {(c.member, c.measure): c.posture for c in july.cells}[("FRA", "oil")] == (
        Posture.ADJUST
    )

    missing = [d.detail for d in july.due if d.kind == "report" and d.overdue]
    assert missing == [f"{m}: no compliance report on freeze" for m in ("DEU", "FRA", "HUN")]

    december = project(ledger.regime(RID), ledger.history(RID), date(2022, 12, 31))
    missing = [d.detail for d in december.due if d.kind == "report" and d.overdue]
    assert missing == ["DEU: no compliance report on oil", "HUN: no compliance report on oil"]
    assert december.relief_owed == {"oil": 0.5}  # certified in September, two months' delay
    assert any(d.kind == "relief" and d.overdue for d in december.due)
    assert december.cohesion and all(0.0 <= v <= 1.0 for _, v in december.cohesion)
