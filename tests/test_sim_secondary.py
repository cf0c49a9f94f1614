"""Fear of secondary penalties starts when the lead adopts or threatens them."""

from __future__ import annotations

import numpy as np

from accord.domain import Regime
from accord.sim import build_setting
from accord.sim.setting import Setting
from tests.sim_support import sim_costs, sim_regime


def _setting(lead: dict[str, object]) -> Setting:
    base = sim_regime()
    data = base.model_dump()
    data["lead"] = {**data["lead"], **lead}
    return build_setting(Regime.model_validate(data), sim_costs(), 24)


def test_the_threat_follows_its_dates() -> None:
    st = _setting(
        {
            "secondary_threat": 0.0,
            "threats": [
                {"date": "2022-06-15", "severity": 0.2, "reference": "discretionary act"},
                {"date": "2023-03-01", "severity": 0.6, "reference": "mandatory act"},
            ],
        }
    )
    # start 2022-01: nothing until June 2022 (month 5), then 0.2, then 0.6 from month 14.
    assert st.secondary_path[:5].tolist() == [0.0] * 5
    assert np.allclose(st.secondary_path[5:14], 0.2)
    assert np.allclose(st.secondary_path[14:], 0.6)
    assert np.all(st.secondary > 0)


def test_without_dated_threats_the_start_threat_holds_throughout() -> None:
    st = _setting({})
    assert np.allclose(st.secondary_path, 0.5)


def test_russia_2014_has_no_threat_before_the_ukraine_freedom_support_act() -> None:
    from accord.scenario import load_scenario
    from tests.conftest import SCENARIOS

    regime = load_scenario(SCENARIOS / "russia-2014.toml")
    st = build_setting(regime, sim_costs_for(regime), regime.horizon_months)
    assert st.secondary_path[0] == 0.0 and st.secondary_path[9] > 0.0  # Dec 2014 = month 9
    assert st.secondary_path[41] > st.secondary_path[40]  # CAATSA, Aug 2017


def sim_costs_for(regime: Regime):  # type: ignore[no-untyped-def]
    from accord.sim import synthetic_costs

    m, k = len(regime.member_codes), len(regime.measures)
    return synthetic_costs(m, k, np.random.default_rng(0))
