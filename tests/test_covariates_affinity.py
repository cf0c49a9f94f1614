"""Affinity: known values of its ties, its direction in the decision model, overrides."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from typer.testing import CliRunner

from accord.cli import app
from accord.covariates import CovariateError, affinity, bundled, closeness, regime_affinity
from accord.domain import Regime
from accord.domain.parameters import ModelParameters
from accord.sim import simulate
from accord.sim.costs import synthetic_costs
from tests.conftest import make_regime

MEASURES = [
    {"id": "freeze", "kind": "asset_freeze", "adopted": "2022-02-24"},
    {"id": "tech", "kind": "export_ban", "sectors": ["C26"], "adopted": "2022-02-24"},
]


def russia_type(**top: Any) -> Regime:
    """A US-led regime against Russia from 24 February 2022 with every economy invited."""
    fields = {"start": "2022-02-24", "horizon_months": 24, "invite": "all", "members": []}
    return make_regime(**{**fields, "measures": MEASURES, **top})


def test_closeness_known_values() -> None:
    snap = bundled().before(date(2022, 2, 24))  # memberships of 23 Feb 2022, UN votes of 2021
    # Germany and the US: NATO, G7, UN 0.66 -> (1 + 1 + 0.66) / 3
    assert closeness(snap, ["DEU"], "USA")[0] == pytest.approx((2 + 0.66) / 3, abs=1e-6)
    # China and Russia: no alliance, SCO and BRICS, UN 1 - |0.27 - 0.33|
    assert closeness(snap, ["CHN"], "RUS")[0] == pytest.approx((0 + 1 + 0.94) / 3, abs=1e-6)
    # Taiwan has no UN votes: the two known ties only, both 0
    assert closeness(snap, ["TWN"], "USA")[0] == 0.0
    # weights: only the UN term
    assert closeness(snap, ["CHN"], "USA", (0.0, 0.0, 1.0))[0] == pytest.approx(0.27, abs=1e-6)


def test_affinity_signs_and_bounds() -> None:
    snap = bundled().before(date(2022, 2, 24))
    codes = ["DEU", "JPN", "CHN", "KAZ", "IND"]
    a = dict(zip(codes, affinity(snap, codes, "USA", "RUS"), strict=True))
    assert a["DEU"] > 0.5 and a["JPN"] > 0.5
    assert a["CHN"] < -0.4 and a["KAZ"] < a["CHN"]  # Kazakhstan: CSTO, EAEU, SCO with Russia
    assert all(-1.0 <= v <= 1.0 for v in a.values())


def test_a_regime_reads_memberships_before_its_start() -> None:
    # Finland joined NATO on 4 April 2023: a regime starting that day does not see it.
    on_the_day = regime_affinity(russia_type(start="2023-04-04"), ["FIN"])[0]
    after = regime_affinity(russia_type(start="2023-04-05"), ["FIN"])[0]
    assert after > on_the_day


def test_members_listed_through_a_bloc_are_tied_to_the_coalition() -> None:
    listed = russia_type(invite="listed", members=["EU27"])
    alone = russia_type(invite="listed", members=["AUT"])
    assert regime_affinity(listed, ["AUT"])[0] > regime_affinity(alone, ["AUT"])[0]


def test_scenario_override_replaces_the_computed_value() -> None:
    regime = russia_type(members=[{"code": "DEU", "affinity": -0.9}])
    a = regime_affinity(regime, regime.member_codes)
    codes = list(regime.member_codes)
    assert a[codes.index("DEU")] == pytest.approx(-0.9)
    assert a[codes.index("FRA")] > 0.5  # the others keep their computed value


def test_overrides_for_every_member_need_no_covariates() -> None:
    old = russia_type(
        start="2005-01-01", invite="listed", members=[{"code": "DEU", "affinity": 0.2}]
    )
    assert regime_affinity(old, ["DEU"])[0] == pytest.approx(0.2)
    with pytest.raises(CovariateError, match="2010-01-01"):
        regime_affinity(old.model_copy(update={"members": ()}), ["DEU"])


def _stays_out(regime: Regime, params: ModelParameters, code: str) -> float:
    """Share of months x runs x measures in which ``code`` resists (does not adopt)."""
    m = len(regime.member_codes)
    costs = synthetic_costs(m, 2, np.random.default_rng(0), unevenness=0.0, mean_cost=0.3)
    res = simulate(regime, costs, runs=200, months=24, seed=3, params=params)
    return float(res.member_posture[:, regime.member_codes.index(code), 2].mean())


def test_germany_and_china_differ_only_through_affinity() -> None:
    # Every member pays the same: with affinity off, Germany and China are alike; with
    # it on, staying out is China's choice far more often than Germany's.
    regime = russia_type()
    on, off = ModelParameters(), ModelParameters().switched(affinity=False)
    gap_on = _stays_out(regime, on, "CHN") - _stays_out(regime, on, "DEU")
    gap_off = _stays_out(regime, off, "CHN") - _stays_out(regime, off, "DEU")
    assert abs(gap_off) < 0.05
    assert gap_on > 0.5


def test_run_before_the_covered_period_is_a_located_error(tmp_path: Path) -> None:
    scenario = tmp_path / "old.toml"
    scenario.write_text(
        'name = "old"\nstart = 2005-01-01\n[lead]\ncode = "USA"\n[target]\ncode = "RUS"\n'
        '[[members]]\ncode = "DEU"\n[[measures]]\nid = "freeze"\nkind = "asset_freeze"\n'
        "adopted = 2005-01-01\n",
        encoding="utf-8",
    )
    out = tmp_path / "out"
    result = CliRunner().invoke(app, ["run", str(scenario), "--out", str(out), "--runs", "2"])
    assert result.exit_code == 2
    assert "2010-01-01" in result.output and "[model.affinity] on = false" in result.output
    assert not out.exists() and sorted(p.name for p in tmp_path.iterdir()) == ["old.toml"]
