"""Economies outside the ICIO, carved out of its rest of the world from bilateral totals.

The ICIO network Accord uses drops the rest-of-the-world region: what an ICIO economy
sells to it sits in its final demand ``z``, what it buys from it in the share of its
costs that is not an intermediate input from the network (``1 - omb``). Iran, Venezuela
and the others are inside that rest of the world. Carving one out (``carve_out``) adds
it as an economy of the network, built from its goods trade with each partner (IMF DOTS
totals, or a user's table in the same format) and from modelling choices documented in
``docs/model.md`` ("Economies outside the ICIO"):

1. **Product split** (not observed: DOTS gives all-goods totals). The economy's imports
   from partner ``p`` take the composition of ``p``'s sales abroad in the network, its
   exports to ``p`` the composition of ``p``'s purchases from abroad; the goods part is
   scaled to the DOTS total and services follow in the partner's own proportion.
2. **Where its exports land**: in ``p``'s sectors, as ``p``'s other foreign purchases of
   the same product do.
3. **Its own economy**: a typical ICIO economy (unweighted mean over the network's
   economies of output shares, domestic and imported input coefficients), sized by the
   cross-country log-log fit of gross output on goods trade; a sector's output is raised
   where its exports and domestic sales would exceed it.
4. **Its partners**: their gross output stays; their sales to it leave their final
   demand (they were exports to the rest of the world) and their purchases from it become
   intermediate inputs (``omb`` up, capped at 0.98 as in the ICIO network).

``fold_into_rest_of_world`` does the reverse for an ICIO economy, so the procedure can be
checked against the full table (``accord.economics.carve_check``).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Final

import numpy as np

from accord.economics.network import F64, Network, f64
from accord.economics.trade_table import BilateralTrade, TradeTable, read_trade_table
from accord.errors import InvalidArgument

BUNDLED: Final = Path(__file__).parent / "data" / "trade" / "imf_dots_bilateral_2016_2018.csv"
"""IMF DOTS bilateral totals, 2016-2018, of IRN, PRK, SYR, VEN, CUB, AFG (see its README)."""

OMB_CAP: Final = 0.98
"""Cap on the intermediate cost share, the ICIO network's own (``BETA_CAP``)."""

USD_PER_MILLION: Final = 1e6


@cache
def bundled_table() -> TradeTable:
    """The bundled DOTS table (read once; it is validated like a user's table)."""
    return read_trade_table(BUNDLED)


def goods_mask(sectors: Sequence[str]) -> F64:
    """1 for the ICIO goods sectors (agriculture, mining, manufacturing: A, B, C), which
    merchandise trade statistics such as DOTS cover."""
    return f64([1.0 if s[0] in "ABC" else 0.0 for s in sectors])


def _network_from_flows(
    economies: tuple[str, ...], sectors: tuple[str, ...], flows: F64, output: F64, source: str
) -> Network:
    """A network from flows ``[S, C, S, C]`` and gross output ``[S, C]``, built as the ICIO
    network itself is: ``omb = inputs / output`` (capped), ``A`` the input shares, and
    final demand the output not sold to the network (clipped at zero)."""
    n = len(economies) * len(sectors)
    flat = flows.reshape(n, n)
    go = output.reshape(n)
    inputs = flat.sum(axis=0)
    omb = np.minimum(np.divide(inputs, go, out=np.zeros(n), where=go > 0), OMB_CAP)
    a = np.divide(flat, inputs[None, :], out=np.zeros_like(flat), where=inputs[None, :] > 0)
    z = np.clip(go - flat.sum(axis=1), 0.0, None)
    return Network.from_arrays(economies, sectors, a, omb, z, source=source)


def fold_into_rest_of_world(network: Network, code: str) -> Network:
    """The network as if ``code`` were part of the rest of the world the ICIO network
    drops: its nodes gone, its partners' sales to it in their final demand and their
    purchases from it outside their intermediate inputs."""
    keep = [u for u, c in enumerate(network.economies) if c != code]
    if len(keep) == network.n_economies:
        raise InvalidArgument(f"{code} is not an economy of the network")
    S, C = network.n_sectors, network.n_economies
    flows = network.flow_tensor()[:, keep][:, :, :, keep]
    output = network.s.reshape(S, C)[:, keep]
    economies = tuple(network.economies[u] for u in keep)
    return _network_from_flows(
        economies, network.sectors, flows, output, f"{network.source} without {code}"
    )


def bilateral_totals(network: Network, code: str, year: int = 2022) -> BilateralTrade:
    """What DOTS would report for an economy of the network: its goods trade (sectors
    A, B, C) with each partner, in USD; used by the carve-out check."""
    t = network.index(code)
    flows = network.flow_tensor()
    goods = goods_mask(network.sectors).astype(bool)
    exports = flows[goods, t].sum(axis=(0, 1)) * USD_PER_MILLION  # [partner]
    imports = flows[goods][:, :, :, t].sum(axis=(0, 2)) * USD_PER_MILLION
    partners = [(u, c) for u, c in enumerate(network.economies) if u != t]
    return BilateralTrade(
        economy=code,
        year=year,
        exports={c: float(exports[u]) for u, c in partners},
        imports={c: float(imports[u]) for u, c in partners},
        source=f"{network.source}: goods flows aggregated to bilateral totals",
    )


@dataclass(frozen=True)
class TypicalEconomy:
    """What the network says about an economy one knows only by its trade.

    ``share[r]``: mean output share of sector ``r``; ``domestic[r, s]`` and
    ``imported[r, s]``: mean input of product ``r`` from home and from abroad per unit
    of sector ``s``'s output; gross output ``= exp(intercept) * goods_trade ** slope``
    (USD million), the log-log fit across the network's economies.
    """

    share: F64
    domestic: F64
    imported: F64
    intercept: float
    slope: float

    def output(self, goods_trade: float) -> float:
        return float(np.exp(self.intercept) * max(goods_trade, 1e-9) ** self.slope)


def _mean_over_active(values: F64, active: F64) -> F64:
    """Mean over the last axis (economies) of ``values`` where ``active`` (broadcast)."""
    weight = np.broadcast_to(active, values.shape)
    count = weight.sum(axis=-1)
    return f64(
        np.divide((values * weight).sum(axis=-1), count, out=np.zeros(count.shape), where=count > 0)
    )


@dataclass(frozen=True)
class _Baskets:
    sell: F64  # [r, p]: p's sales of product r abroad
    buy: F64  # [r, s, p]: p's sector s purchases of product r from abroad
    typical: TypicalEconomy


def _baskets(network: Network) -> _Baskets:
    S, C = network.n_sectors, network.n_economies
    flows = network.flow_tensor()
    go = network.s.reshape(S, C)
    home = np.einsum("rusu->rsu", flows)  # [r, s, u] domestic flows
    sell = flows.sum(axis=(2, 3)) - home.sum(axis=1)
    buy = flows.sum(axis=1) - home
    active = (go > 0).astype(np.float64)  # [s, u]
    per_unit = np.divide(1.0, go, out=np.zeros_like(go), where=go > 0)
    share = _mean_over_active(go / go.sum(axis=0, keepdims=True), np.ones((1, C)))
    domestic = _mean_over_active(home * per_unit[None], active[None])
    imported = _mean_over_active(buy * per_unit[None], active[None])
    goods = goods_mask(network.sectors).astype(bool)
    trade = sell[goods].sum(axis=0) + buy[goods].sum(axis=(0, 1))
    out = go.sum(axis=0)
    fit = (trade > 0) & (out > 0)
    slope, intercept = np.polyfit(np.log(trade[fit]), np.log(out[fit]), 1)
    typical = TypicalEconomy(share, domestic, imported, float(intercept), float(slope))
    return _Baskets(f64(sell), f64(buy), typical)


def _scaled(total: F64, basket: F64, goods: F64) -> F64:
    """``basket[r, p]`` rescaled so its goods part sums to ``total[p]``."""
    goods_part = (basket * goods[:, None]).sum(axis=0)
    factor = np.divide(total, goods_part, out=np.zeros_like(total), where=goods_part > 0)
    return f64(basket * factor[None, :])


def carve_out(network: Network, trades: Sequence[BilateralTrade]) -> Network:
    """The network with each economy of ``trades`` added after its own economies.

    Only trade with the network's economies is placed; trade between two carved-out
    economies, and with the rest of the world, stays outside.
    """
    codes = [t.economy for t in trades]
    clash = [c for c in codes if c in network.economies]
    if clash or len(set(codes)) != len(codes):
        raise InvalidArgument(
            f"cannot carve out {', '.join(clash or codes)}: already in the network or repeated"
        )
    S, C, K = network.n_sectors, network.n_economies, len(trades)
    base = _baskets(network)
    typical = base.typical
    goods = goods_mask(network.sectors)
    flows = np.zeros((S, C + K, S, C + K))
    flows[:, :C, :, :C] = network.flow_tensor()
    output = np.zeros((S, C + K))
    output[:, :C] = network.s.reshape(S, C)
    buy_total = base.buy.sum(axis=1)  # [r, p]
    landing = np.divide(  # [r, s, p]: share of p's foreign purchases of r going to s
        base.buy,
        buy_total[:, None, :],
        out=np.zeros_like(base.buy),
        where=buy_total[:, None, :] > 0,
    )
    for k, trade in enumerate(trades):
        x = C + k
        exports = f64([trade.exports.get(c, 0.0) for c in network.economies]) / USD_PER_MILLION
        imports = f64([trade.imports.get(c, 0.0) for c in network.economies]) / USD_PER_MILLION
        bought = _scaled(imports, base.sell, goods)  # [r, p]: it buys product r from p
        sold = _scaled(exports, buy_total, goods)  # [r, p]: it sells product r to p
        flows[:, x, :, :C] = sold[:, None, :] * landing  # [r, s, p]
        size = typical.output(float((exports + imports).sum()))
        go = typical.share * size
        export_sales = sold.sum(axis=1)
        for _ in range(200):  # smallest output covering exports and domestic sales
            nxt = np.maximum(typical.share * size, typical.domestic @ go + export_sales)
            if np.allclose(nxt, go, rtol=1e-10, atol=1e-9):
                break
            go = nxt
        need = typical.imported * go[None, :]  # [r, s]
        rows = need.sum(axis=1, keepdims=True)
        spread = np.where(rows > 0, need / np.where(rows > 0, rows, 1.0), go[None, :] / go.sum())
        flows[:, :C, :, x] = bought[:, :, None] * spread[:, None, :]  # [r, p, s]
        flows[:, x, :, x] = typical.domestic * go[None, :]
        output[:, x] = go
    economies = (*network.economies, *codes)
    added = ", ".join(f"{t.economy} {t.year} from {t.source}" for t in trades)
    return _network_from_flows(
        economies, network.sectors, flows, output, f"{network.source} + {added}"
    )


def year_for(years: Sequence[int], before: int | None) -> int:
    """The latest year of ``years`` before ``before`` (no look-ahead into a regime's own
    start year), the earliest one if none is earlier, the latest if ``before`` is None."""
    if not years:
        raise InvalidArgument("a trade table without years")
    if before is None:
        return max(years)
    earlier = [y for y in years if y < before]
    return max(earlier) if earlier else min(years)


def with_outside(
    network: Network,
    codes: Sequence[str],
    before: int | None = None,
    tables: Sequence[TradeTable] = (),
    year: int | None = None,
) -> Network:
    """``network`` with every code in ``codes`` that is not in it carved out, from the
    first of ``tables`` that has it (then the bundled table). ``year`` picks the table's
    year exactly; otherwise :func:`year_for` picks it from ``before``."""
    missing = list(dict.fromkeys(c for c in codes if c not in network.economies))
    if not missing:
        return network
    sources = [*tables, bundled_table()]
    trades = []
    for code in missing:
        table = next((t for t in sources if code in t.economies), None)
        if table is None:
            raise InvalidArgument(
                f"{code} is not an ICIO economy and no trade table has it (bundled: "
                f"{', '.join(bundled_table().economies)}); supply one in the same format"
            )
        years = table.years(code)
        if year is not None and year not in years:
            raise InvalidArgument(
                f"{table.source}: no rows for {code} in {year} "
                f"(years: {', '.join(map(str, years))})"
            )
        trades.append(table.bilateral(code, year if year is not None else year_for(years, before)))
    return carve_out(network, trades)
