"""Carving economies out of the ICIO's rest of the world (fixture network; real data where
installed)."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest
from typer.testing import CliRunner

from accord.cli import app
from accord.economics import CostModel, embargo
from accord.economics.outside import (
    USD_PER_MILLION,
    bilateral_totals,
    carve_out,
    fold_into_rest_of_world,
    goods_mask,
    with_outside,
)
from accord.economics.trade_table import BilateralTrade
from accord.errors import InvalidArgument
from accord.scenario import load_scenario
from tests.economics_support import fixture_network, real_network

ROOT = Path(__file__).resolve().parents[1]
NET = fixture_network()
runner = CliRunner()


def goods_flows(net: object, seller: str, buyer: str) -> float:
    from accord.economics.network import Network

    assert isinstance(net, Network)
    flows = net.flow_tensor()
    goods = goods_mask(net.sectors).astype(bool)
    return float(flows[goods, net.index(seller)][:, :, net.index(buyer)].sum())


def test_folding_keeps_every_other_economys_output() -> None:
    folded = fold_into_rest_of_world(NET, "RUS")
    assert folded.economies == ("USA", "EUR", "CHN", "ROW")
    keep = [NET.index(c) for c in folded.economies]
    before = NET.s.reshape(NET.n_sectors, NET.n_economies)[:, keep]
    after = folded.s.reshape(folded.n_sectors, folded.n_economies)
    assert np.allclose(after, before, rtol=1e-9)
    # their purchases from RUS left their intermediate inputs
    assert (folded.omb <= NET.omb.reshape(3, 5)[:, keep].reshape(-1) + 1e-12).all()


def test_bilateral_totals_are_the_goods_flows() -> None:
    trade = bilateral_totals(NET, "RUS")
    flows = NET.flow_tensor()
    r, c = NET.index("RUS"), NET.index("CHN")
    # sectors B and C are goods, K is not
    assert trade.exports["CHN"] == pytest.approx(flows[:2, r, :, c].sum() * USD_PER_MILLION)
    assert trade.imports["CHN"] == pytest.approx(flows[:2, c, :, r].sum() * USD_PER_MILLION)
    assert "RUS" not in trade.exports


def test_the_carve_out_places_the_bilateral_totals_exactly() -> None:
    folded = fold_into_rest_of_world(NET, "RUS")
    trade = bilateral_totals(NET, "RUS")
    rebuilt = carve_out(folded, [trade])
    assert rebuilt.economies[-1] == "RUS"
    for partner in folded.economies:
        exports = goods_flows(rebuilt, "RUS", partner) * USD_PER_MILLION
        imports = goods_flows(rebuilt, partner, "RUS") * USD_PER_MILLION
        assert exports == pytest.approx(trade.exports[partner], rel=1e-6)
        assert imports == pytest.approx(trade.imports[partner], rel=1e-6)
    # the network is consistent: output = final demand + intermediate sales
    b = rebuilt.A * rebuilt.omb[None, :]
    assert np.allclose(rebuilt.s, rebuilt.z + b @ rebuilt.s)
    assert (rebuilt.z >= 0).all() and (rebuilt.omb <= 0.98 + 1e-12).all()


def test_services_follow_the_partners_own_proportion() -> None:
    """DOTS has no services: they are added in the proportion the partner's own sales abroad
    have (a modelling choice), so trade in K with the carved-out economy is not zero."""
    folded = fold_into_rest_of_world(NET, "RUS")
    rebuilt = carve_out(folded, [bilateral_totals(NET, "RUS")])
    flows = rebuilt.flow_tensor()
    k, usa, rus = rebuilt.sectors.index("K"), rebuilt.index("USA"), rebuilt.index("RUS")
    sold = folded.flow_tensor()[:, folded.index("USA")].sum(axis=(1, 2))
    sold = sold - folded.flow_tensor()[:, folded.index("USA"), :, folded.index("USA")].sum(axis=1)
    ratio = sold[k] / sold[:2].sum()
    bought = flows[:, usa, :, rus].sum(axis=1)
    assert bought[k] == pytest.approx(ratio * bought[:2].sum(), rel=1e-6)


def test_an_economy_in_the_network_cannot_be_carved_out_again() -> None:
    trade = BilateralTrade("USA", 2018, {"EUR": 1.0}, {}, "test")
    with pytest.raises(InvalidArgument, match="already in the network"):
        carve_out(NET, [trade])
    with pytest.raises(InvalidArgument, match="not an ICIO economy"):
        with_outside(NET, ["XYZ"])


def test_a_bigger_trade_table_means_a_bigger_loss_from_the_same_embargo() -> None:
    folded = fold_into_rest_of_world(NET, "RUS")
    small = BilateralTrade("IRN", 2017, {"USA": 1e9, "EUR": 1e9}, {"USA": 1e9, "EUR": 1e9}, "t")
    large = BilateralTrade("IRN", 2017, {"USA": 9e9, "EUR": 1e9}, {"USA": 9e9, "EUR": 1e9}, "t")
    losses = []
    for trade in (small, large):
        net = carve_out(folded, [trade])
        model = CostModel.build(net, "IRN", ["USA"], embargo())
        losses.append(
            float(model.losses(np.ones((1, 2), np.float32)).economy_loss[net.index("USA")])
        )
    assert 0.0 < losses[0] < losses[1]


def test_iran_scenario_costs_come_from_the_carved_network_of_2017() -> None:
    network = real_network()
    regime = load_scenario(ROOT / "src" / "accord" / "scenarios" / "iran-2018.toml")
    model = CostModel.for_regime(network, regime)
    assert model.network.economies[-1] == "IRN" and model.network.n_economies == 81
    assert "IRN 2017 from" in model.network.source
    assert (model.unit_cost >= 0).all() and model.unit_cost.max() > 0
    full = model.losses(np.ones((len(model.members), len(model.measures)), np.float32))
    assert float(full.target_loss) > 0.5  # every member and the lead cut oil and finance


def test_cli_economics_on_iran() -> None:
    real_network()
    result = runner.invoke(
        app, ["economics", "--coalition", "USA", "--target", "IRN", "--format", "json"]
    )
    assert result.exit_code == 0, result.stderr
    rows = {r["economy"]: r["loss_pct"] for r in json.loads(result.stdout)}
    assert len(rows) == 81
    assert rows["IRN"] == max(rows.values()) > 0


def test_cli_economics_on_a_users_table(tmp_path: Path) -> None:
    real_network()
    table = tmp_path / "eritrea.csv"
    table.write_text(
        "reporter_iso3,partner_iso3,year,flow,value_usd\n"
        "ERI,CHN,2018,export,300000000\nERI,CHN,2018,import,200000000\n"
        "ERI,ITA,2018,import,50000000\nERI,USA,2018,import,20000000\n",
        encoding="utf-8",
    )
    result = runner.invoke(
        app,
        ["economics", "--coalition", "CHN", "--target", "ERI", "--trade-table", str(table)],
    )
    assert result.exit_code == 0, result.stderr
    target_rows = [line.split() for line in result.stdout.splitlines() if line.startswith("T ")]
    assert len(target_rows) == 1 and target_rows[0][1] == "ERI", result.stdout
    assert float(target_rows[0][-1]) > 0  # the target's own loss, in percent of its output
    bad_year = runner.invoke(
        app,
        [
            "economics",
            "--coalition",
            "CHN",
            "--target",
            "ERI",
            "--trade-table",
            str(table),
            "--trade-year",
            "2017",
        ],
    )
    assert bad_year.exit_code == 2 and bad_year.stdout == ""
    assert "no rows for ERI in 2017" in bad_year.stderr
