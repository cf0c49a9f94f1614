"""The ledger honours what was recorded: lapses, escalations and granted exemptions."""

from __future__ import annotations

from datetime import date

from accord.domain import EVENT_ADAPTER
from accord.ledger.projections import project
from accord.rules import compile_regime, replay
from tests.conftest import make_regime


def _events(*raw: dict[str, object]):  # type: ignore[no-untyped-def]
    return [EVENT_ADAPTER.validate_python(e) for e in raw]


def test_a_recorded_lapse_ends_the_measure_and_is_flagged_when_unscheduled() -> None:
    regime = make_regime()
    events = _events({"kind": "lapse", "date": "2022-05-20", "measure": "freeze"})
    _, months = replay(compile_regime(regime), events, date(2022, 8, 1))
    assert months[3].required[("DEU", "freeze")] == 1.0
    assert months[4].required[("DEU", "freeze")] == 0.0
    assert months[7].required[("DEU", "freeze")] == 0.0
    assert "freeze" in months[4].lapsed
    assert months[4].disagreements and "not schedule" in months[4].disagreements[0]
    p = project(regime, events, date(2022, 8, 1))
    assert [x for _, x in p.disagreements] == list(months[4].disagreements)
    assert p.in_force["freeze"] is False


def test_a_recorded_escalation_raises_the_requirement() -> None:
    regime = make_regime()
    events = _events({"kind": "escalation", "date": "2022-07-02", "measure": "oil", "step": 0.3})
    _, months = replay(compile_regime(regime), events, date(2022, 8, 1))
    assert months[5].required[("DEU", "oil")] == 0.5  # the June tier
    assert abs(months[6].required[("DEU", "oil")] - 0.8) < 1e-6
    assert months[6].disagreements


def test_a_granted_exemption_lowers_the_requirement_from_its_date() -> None:
    regime = make_regime()
    exemption = {
        "id": "hun_pipeline",
        "kind": "member_specific",
        "measure": "freeze",
        "members": ["HUN"],
        "share": 0.5,
    }
    events = _events({"kind": "exemption_granted", "date": "2022-04-10", "exemption": exemption})
    _, months = replay(compile_regime(regime), events, date(2022, 6, 1))
    assert months[2].required[("HUN", "freeze")] == 1.0
    assert months[3].required[("HUN", "freeze")] == 0.5
    assert months[3].required[("DEU", "freeze")] == 1.0
