"""Member-specific commitments and exemption sectors in what the framework requires."""

from __future__ import annotations

from typing import Any

import numpy as np
import pytest

from accord.domain import RegimeProblems
from accord.rules import compile_regime, initial_state, quiet_inputs, step
from accord.scenario import load_scenario
from tests.conftest import SCENARIOS, make_regime


def _required(regime: Any, t: int) -> np.ndarray:
    cr = compile_regime(regime)
    state = initial_state(cr, 1)
    for month in range(t + 1):
        state, req = step(cr, state, month, quiet_inputs(cr, 1))
    return req.required[0]


def test_a_member_bound_by_some_measures_owes_nothing_of_the_others() -> None:
    members = [{"code": "DEU", "weight": 0.5}, {"code": "FRA", "measures": ["freeze"]}, "HUN"]
    regime = make_regime(members=members)
    cr = compile_regime(regime)
    required = _required(regime, 10)
    fra, oil, freeze = (
        cr.members.index("FRA"),
        cr.measures.index("oil"),
        cr.measures.index("freeze"),
    )
    assert required[fra, oil] == 0.0 and required[fra, freeze] == 1.0
    assert required[cr.members.index("DEU"), oil] == 1.0


def test_a_commitment_to_an_unknown_measure_is_located() -> None:
    with pytest.raises(RegimeProblems) as err:
        make_regime(members=["DEU", {"code": "FRA", "measures": ["gas"]}])
    assert "members[1].measures[0]" in {d["loc"] for d in err.value.errors}


def test_an_exemption_covers_only_its_sectors_share_of_the_measure() -> None:
    exemption = {"id": "crude", "kind": "sectoral", "measure": "oil", "sectors": ["B06"]}
    regime = make_regime(exemptions=[{**exemption, "share": 0.8}])
    cr = compile_regime(regime)
    # The oil measure covers B06 and C19; the carve-out covers B06 only: 0.8 x 1/2.
    assert _required(regime, 10)[0, cr.measures.index("oil")] == pytest.approx(0.6)
    with pytest.raises(RegimeProblems) as err:
        make_regime(exemptions=[{**exemption, "sectors": ["K"], "share": 0.8}])
    assert "exemptions[0].sectors[0]" in {d["loc"] for d in err.value.errors}


def test_russia_2022_binds_korea_singapore_taiwan_to_neither_oil_embargo_nor_price_cap() -> None:
    regime = load_scenario(SCENARIOS / "russia-2022.toml")
    cr = compile_regime(regime)
    required = _required(regime, 14)
    for code in ("KOR", "SGP", "TWN"):
        m = cr.members.index(code)
        for measure in ("oil_embargo", "price_cap"):
            assert required[m, cr.measures.index(measure)] == 0.0
        assert required[m, cr.measures.index("tech_export_controls")] > 0.0
    assert required[cr.members.index("JPN"), cr.measures.index("price_cap")] > 0.0


def test_a_measure_that_cuts_no_flow_is_not_asked_of_members_by_default() -> None:
    measures = [
        {"id": "freeze", "kind": "asset_freeze", "adopted": "2022-01-10"},
        {"id": "fines", "kind": "secondary_penalty", "adopted": "2022-01-10"},
    ]
    regime = make_regime(
        measures=measures, members=["DEU", {"code": "FRA", "measures": ["freeze", "fines"]}]
    )
    cr = compile_regime(regime)
    required = _required(regime, 2)
    fines = cr.measures.index("fines")
    assert required[cr.members.index("DEU"), fines] == 0.0
    assert required[cr.members.index("FRA"), fines] == 1.0
