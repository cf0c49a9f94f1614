"""The cost model's algebra, on the small aggregated fixture (always runs)."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

from accord.domain.measures import MeasureKind
from accord.economics import CostModel, MeasureSpec, Network, embargo
from accord.economics.response import compute_responses
from accord.economics.shocks import EXPORT, IMPORT, TRADE_FINANCE_DRAG, cut_profile
from accord.economics.target import DELTA, RETAINED_CUT, TAU
from accord.errors import InvalidArgument
from tests.economics_support import fixture_network, solve_reference

NET = fixture_network()
RESP = compute_responses(NET)
MEMBERS = ("USA", "EUR", "ROW")


def model(measures: list[MeasureSpec] | None = None, **kw: object) -> CostModel:
    specs = measures if measures is not None else embargo()
    return CostModel.build(NET, "RUS", MEMBERS, specs, responses=RESP, **kw)  # type: ignore[arg-type]


def dense_first_order(net: Network, cut: np.ndarray) -> np.ndarray:
    """Independent first-order solution: the coupled linear system in (d kappa, dx)
    solved as one block system, with the CES derivative written out term by term."""
    n = net.A.shape[0]
    B = net.A * net.omb[None, :]
    cut_sales = cut.sum(axis=1)
    cut_inputs = cut.sum(axis=0)
    f = RETAINED_CUT
    # d kappa_j = omb_j * (-f cut_inputs_j / w_j + sum_i A_ij d kappa_i)
    # dx = d kappa * s - f cut_sales + B dx
    top = np.hstack([np.eye(n) - net.omb[:, None] * net.A.T, np.zeros((n, n))])
    bottom = np.hstack([-np.diag(net.s), np.eye(n) - B])
    rhs = np.concatenate([-f * net.omb * cut_inputs / net.budget, -f * cut_sales])
    sol = np.linalg.solve(np.vstack([top, bottom]), rhs)
    dx = sol[n:]
    S, C = net.n_sectors, net.n_economies
    return -100.0 * dx.reshape(S, C).sum(axis=0) / net.output


def embargo_cut(net: Network, members: list[str], target: str, level: float) -> np.ndarray:
    S, C = net.n_sectors, net.n_economies
    F4 = net.flow_tensor().copy()
    cut = np.zeros_like(F4)
    t = net.index(target)
    for m in members:
        k = net.index(m)
        cut[:, k, :, t] = level * F4[:, k, :, t]
        cut[:, t, :, k] = level * F4[:, t, :, k]
    return cut.reshape(S * C, S * C)


def test_fixture_is_a_consistent_network() -> None:
    B = NET.A * NET.omb[None, :]
    assert np.allclose(NET.s, NET.z + B @ NET.s)
    assert np.allclose(NET.A.sum(axis=0), 1.0)
    assert (NET.output > 0).all()


def test_losses_equal_the_dense_first_order_solution() -> None:
    levels = np.array([[1.0, 1.0], [0.4, 0.4], [0.0, 0.0]], dtype=np.float32)
    got = model().losses(levels).economy_loss
    want = embargo_cut(NET, ["USA"], "RUS", 1.0) + embargo_cut(NET, ["EUR"], "RUS", 0.4)
    assert np.allclose(got, dense_first_order(NET, want), rtol=1e-4, atol=1e-7)


def test_small_cuts_match_the_reference_solver(tmp_path: Path) -> None:
    level = 0.05
    t = NET.index("RUS")
    legs = []
    for m in ("USA", "EUR"):
        k = NET.index(m)
        legs += [(k, t, np.full(3, level)), (t, k, np.full(3, level))]
    peer = solve_reference(NET, legs, tmp_path)
    ours = model().losses(np.array([[level] * 2, [level] * 2, [0, 0]], np.float32))
    assert np.allclose(ours.economy_loss, peer, rtol=0.02, atol=1e-6)


def test_full_embargo_stays_close_to_the_reference_solver(tmp_path: Path) -> None:
    t = NET.index("RUS")
    legs = []
    for m in MEMBERS:
        k = NET.index(m)
        legs += [(k, t, np.ones(3)), (t, k, np.ones(3))]
    peer = solve_reference(NET, legs, tmp_path)
    ours = model().losses(np.ones((3, 2), np.float32)).economy_loss
    assert abs(ours[t] - peer[t]) / peer[t] < 0.10
    assert np.array_equal(np.argsort(ours), np.argsort(peer))


levels_st = arrays(np.float32, (4, 3, 2), elements=st.floats(0, 1, width=32))


@settings(max_examples=40, deadline=None)
@given(levels_st)
def test_losses_are_non_negative_and_zero_without_measures(levels: np.ndarray) -> None:
    m = model()
    assert (m.losses(levels).economy_loss >= -1e-7).all()
    assert np.allclose(m.losses(np.zeros_like(levels)).economy_loss, 0.0)


@settings(max_examples=40, deadline=None)
@given(levels_st, st.floats(0, 1))
def test_losses_are_linear_in_levels_when_measures_do_not_overlap(
    levels: np.ndarray, a: float
) -> None:
    m = model()
    scaled = m.losses((levels * np.float32(a)).astype(np.float32)).economy_loss
    assert np.allclose(scaled, a * m.losses(levels).economy_loss, rtol=1e-4, atol=1e-6)


@settings(max_examples=40, deadline=None)
@given(levels_st, levels_st)
def test_losses_grow_with_levels(a: np.ndarray, b: np.ndarray) -> None:
    m = model()
    low, high = np.minimum(a, b), np.maximum(a, b)
    assert (m.losses(high).economy_loss >= m.losses(low).economy_loss - 1e-6).all()


def test_batch_dimensions_are_free() -> None:
    rng = np.random.default_rng(1)
    lv = rng.uniform(0, 1, (2, 5, 3, 2)).astype(np.float32)
    m = model()
    batched = m.losses(lv)
    single = m.losses(lv[1, 3])
    assert batched.economy_loss.shape == (2, 5, 5)
    assert batched.member_loss.shape == (2, 5, 3)
    assert batched.target_loss.shape == (2, 5)
    assert batched.leakage.shape == (2, 5)
    assert np.allclose(batched.economy_loss[1, 3], single.economy_loss)
    assert np.allclose(batched.member_loss[1, 3], single.economy_loss[[0, 1, 4]])


def test_overlapping_measures_never_remove_more_than_the_flow() -> None:
    double = model([*embargo(), *embargo()])
    single = model()
    assert double.overlapping and not single.overlapping
    both = double.losses(np.ones((3, 4), np.float32)).economy_loss
    assert np.allclose(both, single.losses(np.ones((3, 2), np.float32)).economy_loss)


def test_unit_cost_is_the_members_own_loss_acting_alone() -> None:
    m = model()
    uc = m.unit_cost
    for i in range(3):
        for k in range(2):
            lv = np.zeros((3, 2), np.float32)
            lv[i, k] = 1.0
            assert uc[i, k] == pytest.approx(float(m.losses(lv).member_loss[i]), rel=1e-5)


def test_member_weight_and_exposure() -> None:
    m = model(lead="CHN")
    assert m.member_weight.sum() == pytest.approx(1.0)
    exp = m.exposure_to_lead
    assert exp.shape == (3,)
    assert ((exp > 0) & (exp < 1)).all()
    assert (model().exposure_to_lead == 0).all()


def test_the_lead_is_in_every_evaluation_but_not_in_unit_cost() -> None:
    with_lead = model(lead="CHN")
    without = model()
    zero = np.zeros((3, 2), np.float32)
    assert with_lead.losses(zero).target_loss > 0
    assert np.allclose(with_lead.unit_cost, without.unit_cost)


def test_leakage_falls_as_the_coalition_closes_the_gaps() -> None:
    m = model()
    one = m.losses(np.array([[1, 1], [0, 0], [0, 0]], np.float32)).leakage
    all_ = m.losses(np.ones((3, 2), np.float32)).leakage
    top = DELTA + (1 - DELTA) * (1 - TAU)
    assert DELTA <= all_ < one <= top
    assert m.losses(np.zeros((3, 2), np.float32)).leakage == 0.0


def test_secondary_penalties_lower_leakage_without_cutting_flows() -> None:
    sp = MeasureSpec("sp", MeasureKind.SECONDARY_PENALTY, ("K",), 1.0)
    m = model([*embargo(), sp])
    off = np.array([[1, 1, 0]] * 3, np.float32)
    on = np.array([[1, 1, 1]] * 3, np.float32)
    assert m.losses(on).leakage < m.losses(off).leakage
    assert np.allclose(m.losses(on).economy_loss, m.losses(off).economy_loss)


def test_cut_profiles_of_each_kind() -> None:
    sectors = ("B", "C", "K")

    def prof(kind: MeasureKind, scope: tuple[str, ...] = (), w: float = 1.0) -> np.ndarray:
        return cut_profile(MeasureSpec("m", kind, scope, w), sectors)

    assert prof(MeasureKind.EXPORT_BAN, ("B",)).tolist() == [[1, 0, 0], [0, 0, 0]]
    assert prof(MeasureKind.IMPORT_BAN).tolist() == [[0, 0, 0], [1, 1, 1]]
    # A price cap cuts none of the members' imports; it withholds their services (K here).
    assert prof(MeasureKind.PRICE_CAP, ("B",), 0.3).tolist() == [[0, 0, 0.3], [0, 0, 0]]
    fin = prof(MeasureKind.FINANCIAL_CUTOFF, w=0.5)
    assert fin[EXPORT].tolist() == fin[IMPORT].tolist()
    assert fin[EXPORT].tolist() == pytest.approx([0.5 * TRADE_FINANCE_DRAG] * 2 + [0.5])
    # An asset freeze immobilises a stock: it cuts no flow.
    assert not prof(MeasureKind.ASSET_FREEZE).any()
    assert not prof(MeasureKind.SECONDARY_PENALTY).any()


@pytest.mark.parametrize(
    "levels",
    [np.full((3, 2), 1.5), np.full((3, 2), -0.1), np.full((3, 3), 0.5), np.full((3, 2), np.nan)],
)
def test_bad_levels_are_rejected(levels: np.ndarray) -> None:
    with pytest.raises(InvalidArgument):
        model().losses(levels)


@pytest.mark.parametrize(
    ("target", "members", "lead"),
    [
        ("RUS", ["RUS"], None),
        ("RUS", ["XXX"], None),
        ("RUS", ["USA"], "USA"),
        ("RUS", [], "RUS"),
        ("RUS", ["USA", "USA"], None),
    ],
)
def test_bad_parties_are_rejected(target: str, members: list[str], lead: str | None) -> None:
    with pytest.raises(InvalidArgument):
        CostModel.build(NET, target, members, embargo(), lead=lead, responses=RESP)
