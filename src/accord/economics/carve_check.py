"""How well the carve-out rebuilds an economy one knows only by its bilateral totals.

Pretend an ICIO economy is outside the table: fold it into the rest of the world, give
the carve-out nothing but its goods trade with each partner (the ICIO flows aggregated
to bilateral totals, as DOTS would report them), rebuild it, and compare what the same
coalition's measures cost everyone in the rebuilt and in the full network. The figures
for RUS, BLR and SAU are in ``docs/model.md`` ("Economies outside the ICIO") and
asserted in ``tests/test_economics_outside_check.py``; ``benchmarks/economics_carve_out.py``
prints them.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Final

import numpy as np
from scipy.stats import spearmanr

from accord.domain.codes import EU27
from accord.economics.cost import CostModel
from accord.economics.network import F64, Network, f64
from accord.economics.outside import bilateral_totals, carve_out, fold_into_rest_of_world
from accord.economics.response import Responses, compute_responses, responses_for
from accord.economics.shocks import MeasureSpec, embargo

COALITION: Final[tuple[str, ...]] = ("USA", *EU27, "GBR", "CAN", "JPN")
"""The coalition of the check: the G7 and the EU's member states, a priori, not tuned."""

MEASURES: Final[dict[str, tuple[MeasureSpec, ...]]] = {
    "embargo": tuple(embargo()),
    "oil import ban": tuple(embargo(("B06", "C19"))[1:]),
}
"""A full bilateral embargo, and an import ban on crude oil, gas and refined products
(where the product split, a modelling choice, matters most)."""


@dataclass(frozen=True)
class CarveCheck:
    """One pretend-outside economy under one set of measures.

    ``spearman``: rank correlation over the other economies of their losses (percent of
    output) in the rebuilt against the full network; ``target_error``: relative error of
    the target's loss, ``(rebuilt - full) / full``; ``output_ratio``: the rebuilt
    economy's gross output over its ICIO gross output.
    """

    economy: str
    measures: str
    spearman: float
    target_full: float
    target_rebuilt: float
    target_error: float
    output_ratio: float


def _losses(
    network: Network,
    target: str,
    coalition: Sequence[str],
    specs: Sequence[MeasureSpec],
    responses: Responses,
) -> F64:
    members = [c for c in coalition if c != target]
    model = CostModel.build(network, target, members, specs, responses=responses)
    levels = np.ones((len(members), len(specs)), dtype=np.float32)
    return f64(model.losses(levels).economy_loss)


def rebuilt_network(network: Network, code: str) -> Network:
    """``code`` folded into the rest of the world, then carved out of it again from its
    bilateral goods totals only."""
    return carve_out(fold_into_rest_of_world(network, code), [bilateral_totals(network, code)])


def check_carve_out(
    network: Network,
    code: str,
    coalition: Sequence[str] = COALITION,
    measures: dict[str, tuple[MeasureSpec, ...]] = MEASURES,
    responses: Responses | None = None,
) -> list[CarveCheck]:
    """Compare the full and the rebuilt network for every set of ``measures``."""
    full_responses = responses if responses is not None else responses_for(network)
    rebuilt = rebuilt_network(network, code)
    rebuilt_responses = compute_responses(rebuilt)
    order = [rebuilt.index(c) for c in network.economies]  # rebuilt values in full order
    others = np.array([c != code for c in network.economies])
    t_full, t_rebuilt = network.index(code), rebuilt.index(code)
    out = []
    for name, specs in measures.items():
        full = _losses(network, code, coalition, specs, full_responses)
        again = _losses(rebuilt, code, coalition, specs, rebuilt_responses)[order]
        rho = float(spearmanr(full[others], again[others]).statistic)
        target_full, target_again = float(full[t_full]), float(again[t_full])
        out.append(
            CarveCheck(
                economy=code,
                measures=name,
                spearman=rho,
                target_full=target_full,
                target_rebuilt=target_again,
                target_error=(target_again - target_full) / target_full,
                output_ratio=float(rebuilt.output[t_rebuilt] / network.output[t_full]),
            )
        )
    return out
