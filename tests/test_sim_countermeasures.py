"""The target's dated countermeasures enter members' costs."""

from __future__ import annotations

from dataclasses import replace

import numpy as np
import pytest

from accord.domain import RegimeProblems
from accord.sim import build_setting
from tests.sim_support import MEMBERS, run, sim_costs, sim_regime

EMBARGO = {
    "id": "food",
    "flow": "exports",
    "sectors": ["A01", "C10T12"],
    "start": "2022-08-07",
    "end": "2023-08-01",
    "members": ["DEU", "FRA"],
}


def _costs():  # type: ignore[no-untyped-def]
    base = sim_costs()
    cost = np.full((len(MEMBERS), 1), 0.4, dtype=np.float32)
    return replace(base, countermeasure_cost=cost)


def test_a_countermeasure_costs_the_members_it_hits_while_in_force() -> None:
    st = build_setting(sim_regime(countermeasures=[EMBARGO]), _costs(), 24)
    deu, hun = MEMBERS.index("DEU"), MEMBERS.index("HUN")
    assert st.counter_loss[6, deu] == 0.0  # July 2022
    assert st.counter_loss[7, deu] == pytest.approx(0.4)  # August 2022
    assert st.counter_loss[19, deu] == 0.0  # August 2023: ended
    assert not st.counter_loss[:, hun].any()


def test_countermeasures_raise_members_losses() -> None:
    plain = run(costs=_costs(), runs=40, months=24)
    hit = run(regime=sim_regime(countermeasures=[EMBARGO]), costs=_costs(), runs=40, months=24)
    deu = MEMBERS.index("DEU")
    assert (hit.member_cost[:, deu] > plain.member_cost[:, deu] + 1.0).all()


def test_a_countermeasure_on_a_non_member_is_located() -> None:
    with pytest.raises(RegimeProblems) as err:
        sim_regime(countermeasures=[{**EMBARGO, "members": ["DEU", "BRA"]}])
    assert "countermeasures[0].members[1]" in {d["loc"] for d in err.value.errors}


def test_russia_2014_records_the_food_embargo() -> None:
    from accord.scenario import load_scenario
    from tests.conftest import SCENARIOS

    regime = load_scenario(SCENARIOS / "russia-2014.toml")
    food = regime.countermeasures[0]
    assert food.start.isoformat() == "2014-08-07" and "560" in food.reference
