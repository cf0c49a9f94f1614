"""Accord's leakage against the rerouting the reference solver actually performs.

For each scenario of ``economics_vs_peer.py`` this balances the disrupted network with
the solver's own two-sided RAS (``ScenarioBatch.balance``) and measures, at benchmark
activity, how much of the sanctioned trade the target's foreign trade recovers:

    leakage_solver = 1 - (drop in the target's trade with other economies) / (cut flows)

split into the part that reaches the target through third parties (links nobody cut)
and the part that flows through the sanctioned links themselves (the solver keeps a
share delta of each cut flow and its RAS scales that remainder up with the rest). Accord's
leakage (eqs. 10-11 of ``docs/model.md``) is delta plus its third-party estimate.

    .venv/bin/python benchmarks/economics_leakage_vs_peer.py [--only RUS]
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).parent))

from accord.domain.codes import ICIO_ECONOMIES as ECONOMIES
from accord.economics import CostModel, load_network
from accord.economics.target import DELTA
from economics_vs_peer import (
    Scenario,
    scenarios,
    solver_legs,
    solver_module,
)


def solver_leakage(pte: object, bench: object, sc: Scenario) -> tuple[float, float]:
    legs = solver_legs(sc)
    batch = pte.ScenarioBatch(bench, [legs], pte.TAU_BASE, pte.DELTA_BASE)  # type: ignore[attr-defined]
    batch.balance()
    S, C = bench.S, bench.C  # type: ignore[attr-defined]
    A = bench.A  # type: ignore[attr-defined]
    w = bench.omb * bench.s  # type: ignore[attr-defined]
    t = ECONOMIES.index(sc.target)
    cut = np.zeros((S, C, S, C))
    for seller, buyer, mask in legs:
        cut[:, seller, :, buyer] = mask[:, None]
    cut = cut.reshape(S * C, S * C)
    ahat = A * (1.0 - (1.0 - pte.DELTA_BASE) * cut)  # type: ignore[attr-defined]
    sector = np.repeat(np.arange(S), C)
    a_omega = batch.u[0].reshape(-1)[:, None] * ahat * batch.v[0][sector, :]
    economy = np.tile(np.arange(C), S)
    rows_t, cols_t = economy == t, economy == t
    foreign = (rows_t[:, None] & ~cols_t[None, :]) | (~rows_t[:, None] & cols_t[None, :])
    flows, after = A * w[None, :], a_omega * w[None, :]
    severed = (flows * cut).sum()
    open_ = foreign & (cut == 0)
    third = (after[open_].sum() - flows[open_].sum()) / severed
    evasion = (after * cut)[foreign].sum() / severed
    return float(third), float(evasion)


def accord_leakage(sc: Scenario) -> float:
    net = load_network()
    # the solver reroutes intermediate flows only: compare like with like
    model = CostModel.build(net, sc.target, sc.members, list(sc.measures), final_demand=())
    levels = np.array([[sc.level_of(m)] * len(sc.measures) for m in sc.members], dtype=np.float32)
    return float(model.losses(levels).leakage)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--only", help="only scenarios against this target")
    args = ap.parse_args()
    import sanction_simulator

    pte = solver_module()
    bench = pte.Benchmark(sanction_simulator.data_dir(), cache=sanction_simulator.bench_cache())
    print(
        "| scenario | solver: via third parties | solver: via the sanctioned links "
        "| Accord: via third parties | Accord: leakage (incl. delta) |"
    )
    print("|---|---|---|---|---|")
    for sc in scenarios():
        if args.only not in (None, sc.target):
            continue
        third, evasion = solver_leakage(pte, bench, sc)
        ours = accord_leakage(sc)
        print(f"| {sc.name} | {third:.3f} | {evasion:.3f} | {ours - DELTA:.3f} | {ours:.3f} |")


if __name__ == "__main__":
    main()
