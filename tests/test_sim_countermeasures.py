"""The target's dated countermeasures enter members' costs."""

from __future__ import annotations

import functools
from dataclasses import replace
from datetime import date

import numpy as np
import pytest

from accord.domain import Regime, RegimeProblems, expand, month_index
from accord.sim import SimCosts, build_setting, simulate
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


# The bundled scenarios' countermeasures, on the real cost model.


@functools.cache
def _bundled(name: str):  # type: ignore[no-untyped-def]
    from accord.errors import DataUnavailable
    from accord.scenario import load_scenario
    from accord.sim import costs_for_regime
    from tests.conftest import SCENARIOS

    regime = load_scenario(SCENARIOS / f"{name}.toml")
    try:
        return regime, costs_for_regime(regime)
    except DataUnavailable as exc:
        pytest.skip(f"economics data unavailable: {exc}")


def _cumulative_loss(regime: Regime, costs: SimCosts, months: int) -> np.ndarray:
    """[M] mean over runs of members' loss summed over the first ``months`` months."""
    return simulate(regime, costs, runs=8, months=months, seed=3).member_cost.mean(axis=0)


def _enters_costs_from(name: str, hit: str, spared: str, month: int) -> None:
    """The countermeasures that hit ``hit`` add nothing before ``month``, raise its loss
    from that month by what the setting says they cost, and leave ``spared``'s alone
    (against a copy of the scenario without them, the others kept)."""
    regime, costs = _bundled(name)
    kept = tuple(c for c in regime.countermeasures if c.members and hit not in expand(c.members))
    plain = regime.model_copy(update={"countermeasures": kept})
    costs_plain = replace(
        costs,
        countermeasure_cost=costs.countermeasure_cost[
            :, [regime.countermeasures.index(c) for c in kept]
        ]
        if kept and costs.countermeasure_cost is not None
        else None,
    )
    members = regime.member_codes
    h, s = members.index(hit), members.index(spared)
    counter = build_setting(regime, costs, month + 1).counter_loss
    assert counter[month - 1, h] == 0.0 and counter[month, h] > 0.0
    before = _cumulative_loss(regime, costs, month) - _cumulative_loss(plain, costs_plain, month)
    assert np.allclose(before, 0.0)
    after = _cumulative_loss(regime, costs, month + 1) - _cumulative_loss(
        plain, costs_plain, month + 1
    )
    assert after[h] == pytest.approx(float(counter[month, h]), rel=0.05)
    assert after[s] == pytest.approx(0.0, abs=1e-9)


def test_russia_2022_records_the_gas_cut_offs_each_on_the_members_it_hit() -> None:
    from accord.scenario import load_scenario
    from tests.conftest import SCENARIOS

    regime = load_scenario(SCENARIOS / "russia-2022.toml")
    cuts = {c.id: c for c in regime.countermeasures}
    expected = {
        "gas_poland_bulgaria": (date(2022, 4, 27), {"POL", "BGR"}),
        "gas_finland": (date(2022, 5, 21), {"FIN"}),
        "gas_netherlands": (date(2022, 5, 31), {"NLD"}),
        "gas_denmark": (date(2022, 6, 1), {"DNK"}),
        "gas_shell_germany": (date(2022, 6, 1), {"DEU"}),
        "nord_stream_cut_60": (date(2022, 6, 14), {"DEU", "ITA", "AUT", "FRA"}),
        "nord_stream_cut_80": (date(2022, 7, 27), {"DEU", "ITA", "AUT", "FRA"}),
        "nord_stream_halt": (date(2022, 9, 2), {"DEU", "ITA", "AUT", "FRA"}),
    }
    assert {k: (c.start, set(c.members)) for k, c in cuts.items()} == expected
    for c in cuts.values():
        assert c.flow == "imports" and c.sectors == ("B06",) and c.reference, c.id
    # the Nord Stream steps follow each other without overlap
    assert cuts["nord_stream_cut_60"].end == cuts["nord_stream_cut_80"].start
    assert cuts["nord_stream_cut_80"].end == cuts["nord_stream_halt"].start


def test_polands_gas_cut_off_raises_its_loss_from_april_2022() -> None:
    _enters_costs_from("russia-2022", hit="POL", spared="ESP", month=2)  # April 2022


def test_germanys_gas_cut_offs_raise_its_loss_from_june_2022() -> None:
    _enters_costs_from("russia-2022", hit="DEU", spared="ESP", month=4)  # June 2022


def test_us_chips_records_chinas_gallium_and_germanium_controls() -> None:
    from accord.scenario import load_scenario
    from tests.conftest import SCENARIOS

    regime = load_scenario(SCENARIOS / "us-chips-china-2022.toml")
    (controls,) = regime.countermeasures
    assert controls.start == date(2023, 8, 1) and controls.flow == "imports"
    assert set(controls.sectors) == {"C20", "C24B"} and "No. 23" in controls.reference
    assert controls.members == (), "licensing applies to every destination"


def test_chinas_gallium_controls_raise_japans_loss_from_august_2023() -> None:
    regime, costs = _bundled("us-chips-china-2022")
    month = month_index(regime.start, date(2023, 8, 1))
    counter = build_setting(regime, costs, month + 1).counter_loss
    assert (counter[:month] == 0.0).all() and (counter[month] > 0.0).all()
    japan = regime.member_codes.index("JPN")
    plain = regime.model_copy(update={"countermeasures": ()})
    after = _cumulative_loss(regime, costs, month + 1) - _cumulative_loss(plain, costs, month + 1)
    assert after[japan] == pytest.approx(float(counter[month, japan]), rel=0.05)


def test_russias_food_embargo_raises_members_losses_from_august_2014() -> None:
    _enters_costs_from("russia-2014", hit="DEU", spared="JPN", month=5)  # August 2014
