"""Legal acts: one renewal vote per act on its calendar, lapses for the members it binds."""

from __future__ import annotations

from datetime import date
from typing import Any

import numpy as np
import pytest

from accord.domain import Regime, RegimeProblems
from accord.rules import compile_regime, initial_state, phase_level, quiet_inputs, step, timeline
from accord.rules.state import MonthInputs, Requirements
from accord.scenario import load_scenario
from tests.conftest import SCENARIOS, make_regime

ACT: dict[str, Any] = {
    "id": "economic",
    "name": "Council Decision 2014/512/CFSP",
    "measures": ["freeze", "oil"],
    "members": ["DEU", "FRA", "HUN"],
    "expires": "2015-07-31",  # a first term of twelve months
    "renew_on": ["01-31", "07-31"],
}


def _regime(act: dict[str, Any] | None = None, **sunset: Any) -> Regime:
    return make_regime(
        start="2014-07-31",
        horizon_months=40,
        members=[{"code": "DEU", "weight": 0.5}, {"code": "FRA", "weight": 0.3}, "HUN", "GBR"],
        measures=[
            {"id": "freeze", "kind": "asset_freeze", "adopted": "2014-07-31"},
            {"id": "oil", "kind": "export_ban", "sectors": ["B06"], "adopted": "2014-09-12"},
        ],
        acts=[act or ACT],
        safeguards={"sunset": {"months": 6, "renewal": "unanimity", **sunset}},
    )


def _run(regime: Regime, months: int, inputs_for: Any = None) -> list[Requirements]:
    cr = compile_regime(regime)
    state, out = initial_state(cr, 1), []
    for t in range(months):
        x = inputs_for(cr, t) if inputs_for else quiet_inputs(cr, 1)
        state, req = step(cr, state, t, x)
        out.append(req)
    return out


def test_renewal_votes_fall_on_the_acts_calendar_one_per_act() -> None:
    reqs = _run(_regime(), 40)
    due = [t for t, r in enumerate(reqs) if r.act_due[0].any()]
    # 31 Jul 2015 (month 12), then 31 Jan and 31 Jul: months 18, 24, 30, 36.
    assert due == [12, 18, 24, 30, 36]
    assert all(int(reqs[t].act_due.sum()) == 1 for t in due)
    # Both measures are voted on together, though adopted on different days.
    assert all(reqs[t].sunset_due[0].all() for t in due)


def test_without_renew_on_each_term_lasts_the_sunsets_months() -> None:
    act = {**ACT, "renew_on": [], "expires": "2015-03-17"}
    reqs = _run(_regime(act, months=4), 30)
    assert [t for t, r in enumerate(reqs) if r.act_due[0].any()] == [8, 12, 16, 20, 24, 28]


def test_a_veto_lapses_the_whole_act_only_for_the_members_it_binds() -> None:
    def veto(cr: Any, t: int) -> MonthInputs:
        x = quiet_inputs(cr, 1)
        if t == 18:
            x.in_favour[0, cr.members.index("HUN"), 0] = False
        return x

    reqs = _run(_regime(), 26, veto)
    assert reqs[12].act_renewed[0, 0] and reqs[18].act_lapsed[0, 0]
    assert reqs[18].lapsed[0].all()  # both measures lapse together
    cr = compile_regime(_regime())
    gbr, deu = cr.members.index("GBR"), cr.members.index("DEU")
    assert np.all(reqs[19].required[0, deu] == 0.0)
    assert np.all(reqs[19].required[0, gbr] == 1.0)  # not bound by the act
    assert not any(r.act_due[0].any() for r in reqs[19:])  # a lapsed act is not voted on


def test_the_lead_votes_like_any_voter() -> None:
    def lead_against(cr: Any, t: int) -> MonthInputs:
        x = quiet_inputs(cr, 1)
        x.lead_in_favour[:] = False
        return x

    # Not a voter: its vote does not count.
    assert _run(_regime(), 13, lead_against)[12].act_renewed[0, 0]
    # A voter under unanimity: its vote against lapses the act.
    voting = _regime(voters=["DEU", "FRA", "HUN", "USA"])
    assert _run(voting, 13, lead_against)[12].act_lapsed[0, 0]
    # Under a qualified majority of 0.75 its one vote of five against still renews.
    qmv = _regime(voters=["DEU", "FRA", "HUN", "GBR", "USA"])
    qmv = qmv.model_copy(
        update={
            "safeguards": qmv.safeguards.model_copy(
                update={
                    "sunset": qmv.safeguards.sunset.model_copy(  # type: ignore[union-attr]
                        update={"renewal": "qualified_majority", "threshold": 0.75}
                    )
                }
            )
        }
    )
    assert _run(qmv, 13, lead_against)[12].act_renewed[0, 0]


def test_a_tier_may_loosen_a_measure() -> None:
    regime = make_regime(
        measures=[
            {
                "id": "chips",
                "kind": "export_ban",
                "adopted": "2022-01-01",
                "phase_in": {
                    "kind": "tiers",
                    "tiers": [
                        {"start": "2022-01-01", "level": 1.0},
                        {"start": "2022-06-01", "level": 0.7},
                    ],
                },
            }
        ]
    )
    cr = compile_regime(regime)
    assert phase_level(cr, 4)[0] == pytest.approx(1.0)
    assert phase_level(cr, 5)[0] == pytest.approx(0.7)


@pytest.mark.parametrize(
    ("change", "loc"),
    [
        ({"measures": ["freeze", "gas"]}, "acts[0].measures[1]"),
        ({"members": ["DEU", "ITA"]}, "acts[0].members[1]"),
        ({"expires": "2014-01-31"}, "acts[0].expires"),
    ],
)
def test_broken_acts_are_located(change: dict[str, Any], loc: str) -> None:
    with pytest.raises(RegimeProblems) as err:
        _regime({**ACT, **change})
    assert loc in {d["loc"] for d in err.value.errors}


def test_a_measure_held_twice_for_one_member_and_a_bad_calendar_date_are_errors() -> None:
    second = {"id": "again", "measures": ["oil"], "members": ["HUN"]}
    with pytest.raises(RegimeProblems) as err:
        make_regime(
            acts=[{**ACT, "expires": None}, second],
            safeguards={"sunset": {"months": 6, "renewal": "unanimity"}},
        )
    assert "acts[1].measures[0]" in {d["loc"] for d in err.value.errors}
    with pytest.raises(ValueError, match="real calendar date"):
        _regime({**ACT, "renew_on": ["02-30"]})


def test_russia_2022_timeline_schedules_renewals_only_on_the_acts_calendar() -> None:
    regime = load_scenario(SCENARIOS / "russia-2022.toml")
    renewals = [e for e in timeline(compile_regime(regime)) if e.kind == "renewal"]
    assert renewals, "the EU act is renewed within the horizon"
    assert {(e.date.month, e.date.day) for e in renewals} <= {(1, 31), (7, 31)}
    assert renewals[0].date == date(2022, 7, 31)
    months = [e.month for e in renewals]
    assert len(months) == len(set(months))  # one vote per act and month, not per measure
    assert all(e.detail.startswith("eu_economic") for e in renewals)
