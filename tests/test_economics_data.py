"""The cost model on the real ICIO 2022 network (skips when the data is absent)."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from accord.domain.codes import EU27
from accord.domain.codes import ICIO_ECONOMIES as ECONOMIES
from accord.domain.measures import MeasureKind
from accord.economics import CostModel, coalition_value, embargo, load_network
from accord.economics.response import SHIPPED, compute_responses, read_responses
from accord.errors import DataUnavailable
from accord.scenario import load_scenario
from tests.economics_support import real_network

ROOT = Path(__file__).resolve().parents[1]

# Recorded with sanction-simulator 0.1.4's solver at its baseline (tau 0.3, delta 0.1,
# rho -1, varrho -1): full bilateral embargo of RUS by USA, DEU, FRA, GBR and JPN,
# percent of gross output lost.
SOLVER_G5_RUS = {"RUS": 2.29796, "DEU": 0.51523, "BLR": 0.44037, "FRA": 0.40655, "KAZ": 0.26971}


def test_missing_or_malformed_network_is_data_unavailable(tmp_path: Path) -> None:
    with pytest.raises(DataUnavailable, match="not found"):
        load_network(tmp_path / "absent.npz")
    bad = tmp_path / "bad.npz"
    np.savez(bad, A=np.eye(2))
    with pytest.raises(DataUnavailable, match="expected arrays"):
        load_network(bad)


def test_network_has_80_economies_and_50_sectors() -> None:
    net = real_network()
    assert net.economies == ECONOMIES
    assert net.A.shape == (4000, 4000)
    assert (net.output > 0).all()


def test_shipped_responses_match_the_network() -> None:
    net = real_network()
    shipped = read_responses(net, SHIPPED)
    assert shipped is not None, "rebuild with: python -m accord.economics.rebuild"
    fresh = compute_responses(net)
    assert np.allclose(shipped.demand, fresh.demand, rtol=1e-5, atol=1e-6)
    assert np.allclose(shipped.supply, fresh.supply, rtol=1e-5, atol=1e-6)


def test_known_solver_answer_for_a_g5_embargo_of_russia() -> None:
    net = real_network()
    members = ["USA", "DEU", "FRA", "GBR", "JPN"]
    # The solver cuts intermediate flows only: compare like with like.
    m = CostModel.build(net, "RUS", members, embargo(), final_demand=())
    loss = m.losses(np.ones((5, 2), np.float32)).economy_loss
    for code, want in SOLVER_G5_RUS.items():
        assert loss[net.index(code)] == pytest.approx(want, rel=0.05), code
    order = [net.economies[i] for i in np.argsort(-loss)[:5]]
    assert order == list(SOLVER_G5_RUS)


def test_cost_model_for_the_bundled_russia_regime() -> None:
    net = real_network()
    regime = load_scenario(ROOT / "src" / "accord" / "scenarios" / "russia-2022.toml")
    m = CostModel.for_regime(net, regime)
    M, K = len(regime.member_codes), len(regime.measures)
    assert m.unit_cost.shape == (M, K)
    assert m.member_weight.shape == (M,) and m.member_weight.sum() == pytest.approx(1.0)
    assert ((m.exposure_to_lead >= 0) & (m.exposure_to_lead <= 1)).all()
    kinds = [x.kind for x in regime.measures]
    sp = kinds.index(MeasureKind.SECONDARY_PENALTY)
    assert (m.unit_cost[:, sp] == 0).all()
    trade = [
        i for i, k in enumerate(kinds) if k in (MeasureKind.EXPORT_BAN, MeasureKind.IMPORT_BAN)
    ]
    assert (m.unit_cost[:, trade] > 0).all()
    rng = np.random.default_rng(0)
    res = m.losses(rng.uniform(0, 1, (64, M, K)).astype(np.float32))
    assert res.economy_loss.shape == (64, 80)
    assert (res.target_loss > m.losses(np.zeros((M, K), np.float32)).target_loss).all()
    assert ((res.leakage > 0) & (res.leakage < 1)).all()


def test_coalition_value_reach_and_burden() -> None:
    net = real_network()
    everyone = [c for c in ECONOMIES if c != "RUS"]
    full = coalition_value(net, "RUS", everyone, embargo())
    assert full.horizontal == pytest.approx(1.0) and full.vertical == pytest.approx(1.0)
    assert not full.candidates
    eu = coalition_value(net, "RUS", list(EU27), embargo(("B06",)), level=0.5)
    assert 0 < eu.horizontal < 1 and 0 < eu.vertical < 1
    extra = [c.extra_target_loss for c in eu.candidates]
    assert extra == sorted(extra, reverse=True) and min(extra) >= 0
    out = net.output[[net.index(b.economy) for b in eu.burden]]
    money = np.array([b.transfer_pct for b in eu.burden]) * out
    assert abs(money.sum()) < 1e-6 * out.sum()
