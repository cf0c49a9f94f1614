"""Effects of measures that are not cuts of a flow: a price cap's revenue, a frozen stock.

A **price cap** leaves volumes flowing: the coalition withholds its shipping, insurance
and finance from the target's sales above the cap, so the target sells what the cap
reaches at a discount. Its loss is revenue,

    loss_t += 100 · discount · weight · reach_p · X_t / s_t,

with ``X_t`` the target's in-scope exports to every other economy (intermediate and
estimated final sales, :mod:`accord.economics.final_demand`), ``reach_p`` partner ``p``'s
share of the world's foreign sales of the cap's services (ICIO H50, H52, K) and
``weight`` the share of ``X_t`` within the cap's reach (seaborne, sold with the
coalition's services). Members' own cost is the business their service sectors turn
away: a cut of their H50/H52/K sales to the target in proportion to the in-scope
sectors' share of the target's purchases of those services
(:func:`scale_cap_profiles`); nothing of their own imports.

An **asset freeze** immobilises a stock. With ``stock`` the target's assets in scope
(``stock_usd_bn`` in the scenario) and ``weight`` the share immobilised, the target loses
the return the stock would earn, a flow equivalent (its user cost),

    loss_t += 100 · FREEZE_RETURN · weight · stock · hold_p / s_t,

``hold_p`` being partner ``p``'s share of the target's purchases of financial services
from abroad (where it keeps its assets, as far as the flows show). The member holding
the assets bears its custodian's costs and lost business, ``FREEZE_CUSTODY_COST`` of the
stock a year, as lost sales of its financial sector (through the demand multiplier). A
reserve currency's reputational risk is real and not quantified. Parameters that are not
data are named below with their source or as assumptions (``docs/model.md``).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Final

import numpy as np

from accord.domain.measures import MeasureKind
from accord.economics.final_demand import final_to_intermediate
from accord.economics.network import F64, Network
from accord.economics.response import Responses
from accord.economics.shocks import CAP_SERVICE_SECTORS, EXPORT, FINANCE_SECTORS, MeasureSpec

DEFAULT_CAP_DISCOUNT: Final = 0.25
"""Share of the market price a cap removes on the sales it reaches, when the scenario
gives no ``discount``. An assumption, not an estimate: no published figure isolates a
cap's own discount from the embargoes it comes with (Babina et al. 2023 find Russia's
realised crude discounts driven by the EU embargo; Kilian et al. 2024 find the G7 cap's
own effect on Russia's export price small). A scenario should state its own."""

FREEZE_RETURN: Final = 0.027
"""Annual return a frozen stock would earn (its user cost to the target). Derived from
published figures: Euroclear earned EUR 4.4 billion of interest in 2023 on the cash
balances of sanctioned Russian assets, which stood at EUR 162 billion at the end of 2023
(Euroclear, annual results 2023, 1 February 2024, reported by Reuters the same day):
4.4 / 162 = 0.027."""

FREEZE_CUSTODY_COST: Final = 0.00053
"""Custodian's cost of holding a frozen stock, a share of the stock a year. Derived from
the same release: EUR 62 million of additional direct costs of managing the sanctions
and EUR 24 million of business income lost in 2023, over EUR 162 billion:
(62 + 24) / 162,000 = 0.00053."""


def _indices(network: Network, chosen: Sequence[str]) -> list[int]:
    return [network.sectors.index(s) for s in chosen if s in network.sectors]


def _to_target(network: Network, target: int) -> F64:
    """``[r, p, r2]``: partner ``p``'s sales of sector ``r`` to the target's sector ``r2``."""
    S, C = network.n_sectors, network.n_economies
    A4 = network.A.reshape(S, C, S, C)
    w = network.budget.reshape(S, C)
    return np.asarray(A4[:, :, :, target] * w[None, None, :, target], dtype=np.float64)


def foreign_sales(network: Network) -> F64:
    """``[S, C]``: each node's sales to other economies, intermediate plus estimated final."""
    S, C = network.n_sectors, network.n_economies
    A4 = network.A.reshape(S, C, S, C)
    w = network.budget.reshape(S, C)
    domestic = np.einsum("rusu,su->ru", A4, w)
    intermediate = (network.s - network.z).reshape(S, C)
    foreign = np.clip(intermediate - domestic, 0.0, None)
    return np.asarray(foreign * (1.0 + final_to_intermediate(network)), dtype=np.float64)


def _shares(values: F64, target: int) -> F64:
    out = np.asarray(values, dtype=np.float64).copy()
    out[target] = 0.0
    total = out.sum()
    return out / total if total > 0 else out


def cap_reach(network: Network, target: int) -> F64:
    """``[C]``: each economy's share of the world's foreign sales of the cap's services
    (the target's own left out)."""
    rows = _indices(network, CAP_SERVICE_SECTORS)
    return _shares(foreign_sales(network)[rows].sum(axis=0), target)


def freeze_holding(network: Network, target: int, sectors: Sequence[str]) -> F64:
    """``[C]``: each economy's share of the target's purchases of ``sectors`` from abroad."""
    rows = _indices(network, sectors)
    return _shares(_to_target(network, target)[rows].sum(axis=(0, 2)), target)


def cap_service_scale(network: Network, target: int, sectors: Sequence[str]) -> F64:
    """``[S]``: share of the in-scope sectors (all if empty) in the target's purchases of
    each selling sector from abroad: the part of the coalition's services tied to them."""
    to_t = _to_target(network, target)
    abroad = to_t.sum(axis=1) - to_t[:, target, :]  # [r, r2]
    scope = _indices(network, sectors) if sectors else list(range(network.n_sectors))
    total = abroad.sum(axis=1)
    tied = np.divide(abroad[:, scope].sum(axis=1), total, out=np.zeros_like(total), where=total > 0)
    return np.asarray(tied, dtype=np.float64)


def scale_cap_profiles(
    profile: F64, specs: Sequence[MeasureSpec], network: Network, target: int
) -> F64:
    """Cut profiles ``[K, 2, S]`` with each price cap's service cut scaled to the services
    tied to its in-scope sectors."""
    out = np.array(profile, dtype=np.float64, copy=True)
    for k, spec in enumerate(specs):
        if spec.kind == MeasureKind.PRICE_CAP:
            out[k, EXPORT] *= cap_service_scale(network, target, spec.sectors)
    return out


def nonflow_loss(
    network: Network, responses: Responses, target: int, specs: Sequence[MeasureSpec]
) -> F64:
    """``[P, K, E]``: percent of economy ``e``'s output lost when partner ``p`` implements
    measure ``k`` fully, from the effects that are not flow cuts (zero for other kinds)."""
    C = network.n_economies
    out = np.zeros((C, len(specs), C))
    output = network.output
    scale = 100.0 / np.where(output > 0, output, 1.0)
    for k, spec in enumerate(specs):
        if spec.kind == MeasureKind.PRICE_CAP:
            scope = _indices(network, spec.sectors) if spec.sectors else slice(None)
            exports = float(foreign_sales(network)[scope, target].sum())
            discount = spec.discount if spec.discount is not None else DEFAULT_CAP_DISCOUNT
            revenue = discount * spec.weight * exports * cap_reach(network, target)
            out[:, k, target] += revenue * scale[target]
        elif spec.kind == MeasureKind.ASSET_FREEZE and spec.stock > 0:
            held = (
                spec.weight
                * spec.stock
                * freeze_holding(network, target, spec.sectors or FINANCE_SECTORS)
            )
            out[:, k, target] += FREEZE_RETURN * held * scale[target]
            rows = _indices(network, FINANCE_SECTORS)
            if rows:
                r = rows[0]
                demand = responses.demand[:, r * C : (r + 1) * C]  # [e, p]
                out[:, k, :] += (FREEZE_CUSTODY_COST * held)[:, None] * demand.T * scale
    out[target] = 0.0
    return out
