"""Measures that are not flow cuts: a price cap's revenue, a frozen stock, and the
final-demand (investment) leg of capital-goods export bans. Each expected figure is
recomputed here from the network's flows, independently of the cost model's code."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from accord.domain.measures import MeasureKind
from accord.economics import CostModel, MeasureSpec, Network
from accord.economics.nonflow import DEFAULT_CAP_DISCOUNT, FREEZE_CUSTODY_COST, FREEZE_RETURN
from accord.economics.response import compute_responses
from accord.economics.target import RETAINED_CUT
from tests.economics_support import fixture_network, real_network, solve_reference

NET = fixture_network()
RESP = compute_responses(NET)
MEMBERS = ("USA", "EUR")
T = NET.index("RUS")
S, C = NET.n_sectors, NET.n_economies
F4 = NET.flow_tensor()  # [seller sector, seller, buyer sector, buyer]


def model(specs: list[MeasureSpec], **kw: object) -> CostModel:
    return CostModel.build(NET, "RUS", MEMBERS, specs, responses=RESP, **kw)  # type: ignore[arg-type]


def full(m: CostModel) -> np.ndarray:
    return np.ones((len(m.members), len(m.measures)), np.float32)


def final_over_intermediate() -> np.ndarray:
    """[S, C] each node's final sales per unit of intermediate sales."""
    sales = F4.sum(axis=(2, 3))
    z = NET.z.reshape(S, C)
    return np.where(sales > 0, z / np.where(sales > 0, sales, 1.0), 0.0)


def target_exports(sector: str) -> float:
    """The target's sales of ``sector`` to every other economy, intermediate + final."""
    r = NET.sectors.index(sector)
    to = F4[r, T].sum(axis=0)  # by buyer economy
    foreign = to.sum() - to[T]
    return float(foreign * (1.0 + final_over_intermediate()[r, T]))


def services_reach() -> np.ndarray:
    """Each economy's share of the world's foreign sales of K (the fixture's only
    service sector among H50, H52, K)."""
    k = NET.sectors.index("K")
    by = F4[k].sum(axis=1)  # [seller, buyer]
    foreign = (by.sum(axis=1) - np.diag(by)) * (1.0 + final_over_intermediate()[k])
    foreign[T] = 0.0
    return np.asarray(foreign / foreign.sum())


# ---------------------------------------------------------------- price cap
def cap(discount: float | None = None, weight: float = 0.5) -> MeasureSpec:
    return MeasureSpec("cap", MeasureKind.PRICE_CAP, ("B",), weight, discount)


def test_a_price_cap_takes_the_discount_on_the_exports_it_reaches() -> None:
    deep = model([cap(0.2)]).losses(full(model([cap(0.2)]))).target_loss
    shallow = model([cap(0.1)]).losses(full(model([cap(0.1)]))).target_loss
    reach = services_reach()[[NET.index(m) for m in MEMBERS]].sum()
    # the revenue the extra 0.1 of discount takes, and nothing else changes
    want = 100.0 * 0.1 * 0.5 * target_exports("B") * reach / NET.output[T]
    assert float(deep - shallow) == pytest.approx(want, rel=1e-4)
    default = model([cap(None)]).losses(full(model([cap(None)]))).target_loss
    lower = model([cap(DEFAULT_CAP_DISCOUNT / 2)])
    half = lower.losses(full(lower)).target_loss
    assert float(default - half) == pytest.approx(
        100.0 * DEFAULT_CAP_DISCOUNT / 2 * 0.5 * target_exports("B") * reach / NET.output[T],
        rel=1e-4,
    )


def test_a_price_cap_costs_members_their_withheld_services_not_their_imports() -> None:
    k = NET.sectors.index("K")
    b = NET.sectors.index("B")
    abroad = F4[k, :, :, T].sum(axis=0) - F4[k, T, :, T]  # target's K purchases by sector
    tied = abroad[b] / abroad.sum()  # the part tied to its in-scope (B) sector
    services = MeasureSpec("fin", MeasureKind.EXPORT_BAN, ("K",), 0.5 * tied)
    m = model([cap(0.2), services])
    np.testing.assert_allclose(m.unit_cost[:, 0], m.unit_cost[:, 1], rtol=1e-5)
    # an import ban of the same scope and weight costs members more: the cap leaves
    # their imports alone
    ban = model([MeasureSpec("ban", MeasureKind.IMPORT_BAN, ("B",), 0.5)])
    assert (ban.unit_cost[:, 0] > 5 * m.unit_cost[:, 0]).all()


# ------------------------------------------------------------- asset freeze
def freeze(stock: float = 0.0, weight: float = 0.8) -> MeasureSpec:
    return MeasureSpec("freeze", MeasureKind.ASSET_FREEZE, ("K",), weight, None, stock)


def holding() -> np.ndarray:
    k = NET.sectors.index("K")
    bought = F4[k, :, :, T].sum(axis=1)
    bought[T] = 0.0
    return np.asarray(bought / bought.sum())


def test_a_freeze_costs_the_target_the_return_on_the_immobilised_stock() -> None:
    stock = 50_000.0  # USD million
    m = model([freeze(stock)])
    got = m.losses(full(m))
    members = [NET.index(c) for c in MEMBERS]
    hold = holding()[members]
    want = 100.0 * FREEZE_RETURN * 0.8 * stock * hold.sum() / NET.output[T]
    # plus the custodians' lost sales, reaching the target through the demand multiplier
    k = NET.sectors.index("K")
    custody = FREEZE_CUSTODY_COST * 0.8 * stock * hold
    want += 100.0 * float(RESP.demand[T, [k * C + e for e in members]] @ custody) / NET.output[T]
    assert float(got.target_loss) == pytest.approx(want, rel=1e-5)
    assert float(got.leakage) == 0.0  # no flow is cut, nothing reroutes


def test_a_freeze_costs_the_custodian_its_custody_and_nothing_else() -> None:
    stock = 50_000.0
    m = model([freeze(stock)])
    k = NET.sectors.index("K")
    for i, code in enumerate(MEMBERS):
        e = NET.index(code)
        lost_sales = FREEZE_CUSTODY_COST * 0.8 * stock * holding()[e]
        want = 100.0 * RESP.demand[e, k * C + e] * lost_sales / NET.output[e]
        assert float(m.unit_cost[i, 0]) == pytest.approx(want, rel=1e-5)


def test_a_freeze_without_a_stated_stock_cuts_no_flow_and_costs_nothing() -> None:
    m = model([freeze()])
    got = m.losses(full(m))
    assert not got.economy_loss.any()
    assert not m.unit_cost.any()


# ------------------------------------------------- capital goods: final demand
def test_a_capital_goods_export_ban_cuts_final_demand_too() -> None:
    ban = [MeasureSpec("tech", MeasureKind.EXPORT_BAN, ("C",), 1.0)]
    with_fd = model(ban, final_demand=("C",))
    without = model(ban, final_demand=())
    extra = with_fd.losses(full(with_fd)).economy_loss - without.losses(full(without)).economy_loss
    # independent: members' final sales of C to the target, by proportionality, lost to
    # the retained share f and travelling upstream through the Leontief inverse
    c = NET.sectors.index("C")
    fd = np.zeros(S * C)
    for code in MEMBERS:
        u = NET.index(code)
        fd[c * C + u] = final_over_intermediate()[c, u] * F4[c, u, :, T].sum()
    leontief = np.linalg.inv(np.eye(S * C) - NET.A * NET.omb[None, :])
    output_loss = (leontief @ fd).reshape(S, C).sum(axis=0)
    want = 100.0 * RETAINED_CUT * output_loss / NET.output
    want[T] += 100.0 * RETAINED_CUT * fd.sum() / NET.output[T]  # forgone investment
    np.testing.assert_allclose(extra, want, rtol=1e-4, atol=1e-9)
    absorption = with_fd.response.absorption
    members = [NET.index(m) for m in MEMBERS]
    assert float(absorption[members].sum()) == pytest.approx(
        100 * RETAINED_CUT * fd.sum() / NET.output[T]
    )


def test_the_final_demand_leg_agrees_with_the_reference_solver(tmp_path: Path) -> None:
    """The solver holds final demand as an exogenous total: a member's lost final sales
    are a lower ``z``. Members' losses (not the target's forgone investment, which the
    solver cannot represent) must agree with the solver's equilibrium."""
    level = 0.5
    c = NET.sectors.index("C")
    mask = np.array([0.0, level, 0.0])
    legs = [(NET.index(m), T, mask) for m in MEMBERS]
    final_cut = np.zeros(S * C)
    for code in MEMBERS:
        u = NET.index(code)
        sold = final_over_intermediate()[c, u] * F4[c, u, :, T].sum()
        final_cut[c * C + u] = RETAINED_CUT * level * sold
    peer = solve_reference(NET, legs, tmp_path, final_cut)
    peer_without = solve_reference(NET, legs, tmp_path)
    ban = [MeasureSpec("tech", MeasureKind.EXPORT_BAN, ("C",), 1.0)]
    ours_model = model(ban, final_demand=("C",))
    lv = np.full((len(MEMBERS), 1), level, np.float32)
    ours = ours_model.losses(lv).economy_loss.astype(np.float64)
    ours[T] -= level * float(ours_model.response.absorption[[NET.index(m) for m in MEMBERS]].sum())
    others = np.arange(C) != T
    np.testing.assert_allclose(ours[others], peer[others], rtol=0.03)
    assert ours[T] == pytest.approx(peer[T], rel=0.03)
    # and the leg is not negligible: the solver itself moves by more than the tolerance
    assert (peer[others] - peer_without[others]).max() > 0.1 * peer[others].max()


def test_on_the_icio_the_coalitions_tech_export_ban_costs_members_more_than_its_inputs() -> None:
    net = real_network()
    tech = [MeasureSpec("tech", MeasureKind.EXPORT_BAN, ("C28", "C29"), 1.0)]
    members = ["DEU", "ITA", "JPN", "USA"]
    with_fd = CostModel.build(net, "RUS", members, tech)
    without = CostModel.build(net, "RUS", members, tech, final_demand=())
    assert (with_fd.unit_cost[:, 0] > 1.2 * without.unit_cost[:, 0]).all()
    a = with_fd.losses(np.ones((4, 1), np.float32)).target_loss
    b = without.losses(np.ones((4, 1), np.float32)).target_loss
    assert float(a) > float(b)


def test_fixture_has_the_sectors_the_tests_rely_on() -> None:
    assert isinstance(NET, Network)
    assert NET.sectors == ("B", "C", "K")
