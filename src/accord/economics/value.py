"""Coalition value: the questions analysts ask of a sanctions coalition.

* **Partners worth courting**: for every economy outside the coalition, the extra loss
  the target would suffer if it joined with the same measures, and its own cost.
* **Horizontal reach**: the target's loss as a share of what a coalition of every
  economy but the target would inflict with the same measures.
* **Vertical reach**: the target's loss as a share of what a full embargo by the same
  members would inflict.
* **Burden sharing**: the transfers (in percent of each member's output) that would
  leave every member with the same loss rate, the coalition's output-weighted mean.

All of it is a single batched call of the cost model (one row per candidate joiner),
so the answer takes milliseconds once the target's response is built.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from accord.economics.cost import CostModel
from accord.economics.network import F64, Network
from accord.economics.response import Responses, responses_for
from accord.economics.shocks import MeasureSpec, embargo


@dataclass(frozen=True)
class Candidate:
    """An economy outside the coalition, if it joined."""

    economy: str
    extra_target_loss: float
    own_cost: float


@dataclass(frozen=True)
class BurdenShare:
    """A member's loss and the transfer (percent of its output; positive = received)
    that brings it to the coalition's common loss rate."""

    economy: str
    loss_pct: float
    transfer_pct: float


@dataclass(frozen=True)
class CoalitionValue:
    target: str
    target_loss: float
    global_target_loss: float
    embargo_target_loss: float
    horizontal: float
    vertical: float
    common_loss_rate: float
    candidates: tuple[Candidate, ...]
    burden: tuple[BurdenShare, ...]


def _ratio(a: float, b: float) -> float:
    return a / b if b > 0 else float("nan")


def coalition_value(
    network: Network,
    target: str,
    coalition: Sequence[str],
    measures: Sequence[MeasureSpec],
    level: float = 1.0,
    responses: Responses | None = None,
) -> CoalitionValue:
    """Value of ``coalition`` applying ``measures`` at ``level`` against ``target``."""
    resp = responses if responses is not None else responses_for(network)
    others = [c for c in network.economies if c != target]
    full = [*measures, *embargo()]
    model = CostModel.build(network, target, others, full, responses=resp)
    K = len(measures)
    inside = np.array([c in coalition for c in others])
    outside = np.flatnonzero(~inside)
    # rows: 0 the coalition, 1 every economy, 2 the members' full embargo, 3.. joiners
    lv = np.zeros((3 + len(outside), len(others), len(full)), dtype=np.float32)
    lv[0, inside, :K] = level
    lv[1, :, :K] = level
    lv[2, inside, K:] = 1.0
    lv[3:, inside, :K] = level
    lv[3 + np.arange(len(outside)), outside, :K] = level
    losses = model.losses(lv)
    tl = losses.target_loss.astype(np.float64)
    econ = losses.economy_loss.astype(np.float64)
    idx = [network.index(c) for c in others]
    cands = [
        Candidate(others[o], float(tl[3 + j] - tl[0]), float(econ[3 + j, idx[o]]))
        for j, o in enumerate(outside)
    ]
    cands.sort(key=lambda c: -c.extra_target_loss)
    burden, rate = burden_sharing(network, coalition, econ[0])
    return CoalitionValue(
        target=target,
        target_loss=float(tl[0]),
        global_target_loss=float(tl[1]),
        embargo_target_loss=float(tl[2]),
        horizontal=_ratio(float(tl[0]), float(tl[1])),
        vertical=_ratio(float(tl[0]), float(tl[2])),
        common_loss_rate=rate,
        candidates=tuple(cands),
        burden=burden,
    )


def burden_sharing(
    network: Network, coalition: Sequence[str], economy_loss: F64
) -> tuple[tuple[BurdenShare, ...], float]:
    """Transfers equalising loss rates: ``t_m = loss_m - sum(loss s) / sum(s)``.

    A transfer of ``t_m`` percent of member ``m``'s output offsets the part of its loss
    above the common rate; the transfers sum to zero in money.
    """
    idx = np.array([network.index(c) for c in coalition])
    out = network.output[idx]
    loss = np.asarray(economy_loss, dtype=np.float64)[idx]
    rate = float((loss * out).sum() / out.sum())
    shares = tuple(
        BurdenShare(c, float(x), float(x - rate)) for c, x in zip(coalition, loss, strict=True)
    )
    return tuple(sorted(shares, key=lambda b: -b.transfer_pct)), rate
