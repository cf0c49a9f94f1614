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
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Final

import numpy as np

from accord.economics.network import F64, Network
from accord.economics.response import Responses

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
    from or to everyone, and from or to other economies only (for leakage).
    """

    target: int
    loss: F64
    flow: F64
    total: F64
    foreign: F64


def target_response(network: Network, responses: Responses, target: int) -> TargetResponse:
    """Contract the multipliers with the target's bilateral flows (vectorised over partners)."""
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
    exp = np.einsum("erp,rp->pre", demand, sales_exp) + np.einsum(
        "es,rps->pre", supply[:, :, t], to_target
    )
    imp = np.einsum("er,rp->pre", demand[:, :, t], sales_imp) + np.einsum(
        "esp,rsp->pre", supply, from_target
    )
    output = network.output
    scale = RETAINED_CUT * 100.0 / np.where(output > 0, output, 1.0)
    loss = np.stack([exp, imp], axis=1) * scale  # [p, d, r, e]
    loss[t] = 0.0
    flow = np.stack([sales_exp.T, sales_imp.T], axis=1)  # [p, d, r]
    flow[t] = 0.0
    total = np.stack([sales_exp.sum(axis=1), sales_imp.sum(axis=1)])
    foreign = total - np.stack([sales_exp[:, t], sales_imp[:, t]])
    return TargetResponse(t, loss, flow, total, foreign)
