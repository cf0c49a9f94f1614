"""First-order loss of every economy when a partner cuts its trade with one target.

For a cut of the flows ``F_cut`` (seller node ``i`` to buyer node ``j``), the reference
solver's equilibrium moves, to first order, by (``docs/model.md``, eqs. 3-6)::

    -dx = f * [ (I - B)^-1 cut_sales + (I - B)^-1 diag(s) (I - B')^-1 (cut_inputs / s) ]

with ``cut_sales_i = sum_j F_cut[i, j]``, ``cut_inputs_j = sum_i F_cut[i, j]`` and
``f = tau * (1 - delta)`` the share of a severed flow that is neither leaked nor
recomposed by rerouting. The rerouting (RAS) itself drops out at first order because it
restores the margins that the equilibrium depends on. The loss is linear in the cut, so
one tensor ``[partner, direction, selling sector, economy]`` per target holds the whole
model; any coalition and level is a contraction of it.

A partner's sales of capital goods to the target also carry a final-demand leg
(:mod:`accord.economics.final_demand`): the partner loses those sales (they travel
upstream like lost intermediate sales) and the target loses the investment they would
have made (its *absorption*, counted in its loss beside the output it loses).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Final

import numpy as np

from accord.economics.final_demand import CAPITAL_GOODS, final_to_intermediate
from accord.economics.network import F64, Network
from accord.economics.response import Responses
from accord.economics.shocks import EXPORT

TAU: Final = 0.30
"""Rerouting friction: share of a severed flow that cannot be recomposed elsewhere
(the reference solver's calibrated baseline, ``TAU_BASE``)."""

DELTA: Final = 0.10
"""Sanction leakage: share of a severed flow that still gets through (``DELTA_BASE``)."""

RETAINED_CUT: Final = TAU * (1.0 - DELTA)
"""``f``: share of a severed flow that is lost to the economy, neither leaked nor rerouted."""


@dataclass(frozen=True, eq=False)
class TargetResponse:
    """Everything the cost model needs about one target.

    ``loss[p, d, r, e]``: percent of economy ``e``'s gross output lost when partner ``p``
    cuts, in direction ``d``, all its flows with the target sold by sector ``r``.
    ``flow[p, d, r]``: those flows (USD million). ``total[d, r]`` and ``foreign[d, r]``:
    the target's purchases (``d = EXPORT``) or sales (``d = IMPORT``) of sector ``r``
    from or to everyone, and from or to other economies only (for leakage); final-demand
    purchases are in all three for the final-demand sectors. ``absorption[p, d, r]``: the
    part of ``loss[p, d, r, target]`` that is forgone final purchases (investment), not
    lost output (zero without a final-demand leg).
    """

    target: int
    loss: F64
    flow: F64
    total: F64
    foreign: F64
    absorption: F64 = field(default_factory=lambda: np.zeros((0, 2, 0)))


def target_response(
    network: Network,
    responses: Responses,
    target: int,
    final_demand: Sequence[str] = CAPITAL_GOODS,
) -> TargetResponse:
    """Contract the multipliers with the target's bilateral flows (vectorised over partners).

    ``final_demand`` are the selling sectors whose sales to the target carry a
    final-demand leg (capital goods by default; empty: intermediate flows only, the
    reference solver's representation).
    """
    S, C = network.n_sectors, network.n_economies
    t = target
    A4 = network.A.reshape(S, C, S, C)
    w = network.budget.reshape(S, C)
    # [r, partner, r2]: partner sells sector r to the target's sector r2
    to_target = A4[:, :, :, t] * w[None, None, :, t]
    # [r, r2, partner]: the target sells sector r to the partner's sector r2
    from_target = A4[:, t, :, :] * w[None, :, :]
    demand = responses.demand.reshape(-1, S, C)  # [e, sector, economy]
    supply = responses.supply.reshape(-1, S, C)
    sales_exp = to_target.sum(axis=2)  # [r, p]
    sales_imp = from_target.sum(axis=1)  # [r, p]
    in_final = np.isin(np.array(network.sectors), list(final_demand)).astype(np.float64)
    final = final_to_intermediate(network) * sales_exp * in_final[:, None]  # [r, p]
    exp = np.einsum("erp,rp->pre", demand, sales_exp + final) + np.einsum(
        "es,rps->pre", supply[:, :, t], to_target
    )
    exp[:, :, t] += final.T  # the target's forgone final purchases (investment)
    imp = np.einsum("er,rp->pre", demand[:, :, t], sales_imp) + np.einsum(
        "esp,rsp->pre", supply, from_target
    )
    output = network.output
    scale = RETAINED_CUT * 100.0 / np.where(output > 0, output, 1.0)
    loss = np.stack([exp, imp], axis=1) * scale  # [p, d, r, e]
    loss[t] = 0.0
    bought = sales_exp + final
    flow = np.stack([bought.T, sales_imp.T], axis=1)  # [p, d, r]
    flow[t] = 0.0
    total = np.stack([bought.sum(axis=1), sales_imp.sum(axis=1)])
    foreign = total - np.stack([bought[:, t], sales_imp[:, t]])
    absorption = np.zeros_like(flow)
    absorption[:, EXPORT, :] = final.T * scale[t]
    absorption[t] = 0.0
    return TargetResponse(t, loss, flow, total, foreign, absorption)
