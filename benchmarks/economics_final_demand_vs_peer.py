"""The final-demand leg of capital-goods export bans against the reference solver.

The solver of ``sanction-simulator`` holds final demand as one exogenous total per node,
so it cannot cut a final sale by partner; but a member's lost final sales to the target
are exactly a lower final demand for the member's node. Each scenario is solved by the
solver twice (its legs alone; its legs plus ``z`` lowered by ``f`` times the members'
estimated final sales to the target, ``f = tau (1 - delta)`` the share neither leaked nor
rerouted) and by Accord with and without the final-demand leg, in the same process.
Reported: Spearman correlation over all non-target economies and median relative error
on the solver's ten most hurt, with the leg; the share of the top ten's loss the leg adds
in each model; the target's output loss (Accord's forgone investment, which the solver
cannot represent, is reported beside it and left out of the comparison).

    .venv/bin/python benchmarks/economics_final_demand_vs_peer.py [--json out.json]

Takes a few minutes on two cores, almost all of it in the solver.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path
from typing import Any

import numpy as np

sys.path.insert(0, str(Path(__file__).parent))

from accord.domain.codes import ICIO_ECONOMIES as ECONOMIES
from accord.domain.measures import MeasureKind
from accord.economics import CostModel, Network, load_network
from accord.economics.final_demand import CAPITAL_GOODS, final_to_intermediate
from accord.economics.shocks import EXPORT
from accord.economics.target import DELTA, RETAINED_CUT, TAU
from economics_vs_peer import G7, Scenario, compare, solver_legs, solver_module, spec
from economics_vs_peer import scenarios as peer_scenarios


def scenarios() -> list[Scenario]:
    """Two capital-goods bans of the intermediate-flow benchmark, and a partial one."""
    peer = {sc.name: sc for sc in peer_scenarios()}
    partial = Scenario(
        "RUS capital-goods export ban at 0.5, G7",
        "partial",
        "RUS",
        G7,
        (spec(MeasureKind.EXPORT_BAN, CAPITAL_GOODS),),
        level=0.5,
    )
    tech, chips = "RUS tech export ban, 2022 coalition", "CHN electronics export ban, chip makers"
    return [peer[tech], partial, peer[chips]]


def final_cut(network: Network, sc: Scenario) -> np.ndarray:
    """``[N]``: final demand the members' ban removes from each node, in the solver's terms."""
    S, C = network.n_sectors, network.n_economies
    t = network.index(sc.target)
    sales = (network.A.reshape(S, C, S, C)[:, :, :, t] * network.budget.reshape(S, C)[:, t]).sum(
        axis=2
    )  # [r, p]: p's intermediate sales of r to the target
    final = final_to_intermediate(network) * sales
    cut = np.zeros((S, C))
    for m in sc.members:
        p = network.index(m)
        for meas in sc.measures:
            for r in meas.sectors:
                if r in CAPITAL_GOODS:
                    i = network.sectors.index(r)
                    cut[i, p] += RETAINED_CUT * sc.level_of(m) * meas.weight * final[i, p]
    return cut.reshape(-1)


def run_peer(scs: list[Scenario], network: Network, with_final: bool) -> tuple[np.ndarray, float]:
    """Solver losses in percent ``[n, E]`` and seconds per scenario."""
    import sanction_simulator

    pte = solver_module()
    bench = pte.Benchmark(sanction_simulator.data_dir(), cache=sanction_simulator.bench_cache())
    z0 = bench.z.copy()
    out = np.zeros((len(scs), len(ECONOMIES)))
    t0 = time.perf_counter()
    for i, sc in enumerate(scs):
        bench.z = z0 - final_cut(network, sc) if with_final else z0
        _, closs, _, _, _ = pte.run_scenarios(
            bench,
            [(sc.name, solver_legs(sc))],
            pte.TAU_BASE,
            pte.RHO_BASE,
            pte.DELTA_BASE,
            log=lambda _msg: None,
        )
        out[i] = 100.0 * closs[0] / bench.s_country
    bench.z = z0
    return out, (time.perf_counter() - t0) / len(scs)


def run_accord(
    scs: list[Scenario], network: Network, with_final: bool
) -> tuple[np.ndarray, np.ndarray]:
    """Accord's losses ``[n, E]`` and the target's forgone investment ``[n]`` (percent)."""
    out = np.zeros((len(scs), len(ECONOMIES)))
    invest = np.zeros(len(scs))
    for i, sc in enumerate(scs):
        model = CostModel.build(
            network,
            sc.target,
            sc.members,
            list(sc.measures),
            final_demand=CAPITAL_GOODS if with_final else (),
        )
        levels = np.array([[sc.level_of(m)] * len(sc.measures) for m in sc.members], np.float32)
        out[i] = model.losses(levels).economy_loss
        cut = np.einsum("mk,kr->mr", levels, model.profile[:, EXPORT])
        invest[i] = float((cut * model.response.absorption[model.member_index, EXPORT]).sum())
    return out, invest


def added_share(with_leg: np.ndarray, without: np.ndarray, top: np.ndarray) -> float:
    """Share of the top economies' loss that the final-demand leg adds."""
    return float((with_leg[top] - without[top]).sum() / with_leg[top].sum())


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--json", help="also write the results to this file")
    args = ap.parse_args()
    if (TAU, DELTA) != (solver_module().TAU_BASE, solver_module().DELTA_BASE):
        raise SystemExit("solver baseline parameters differ from Accord's")
    network = load_network()
    scs = scenarios()
    ours, invest = run_accord(scs, network, True)
    ours_plain, _ = run_accord(scs, network, False)
    peer, per_scenario = run_peer(scs, network, True)
    peer_plain, _ = run_peer(scs, network, False)
    rows: list[dict[str, Any]] = []
    for i, sc in enumerate(scs):
        t = ECONOMIES.index(sc.target)
        output_only = ours[i].copy()
        output_only[t] -= invest[i]
        row = compare(sc, peer[i], output_only)
        others = np.arange(len(ECONOMIES)) != t
        top = np.flatnonzero(others)[np.argsort(-peer[i][others])[:10]]
        row["leg_share_top10_solver"] = added_share(peer[i], peer_plain[i], top)
        row["leg_share_top10_accord"] = added_share(ours[i], ours_plain[i], top)
        row["target_investment_accord"] = float(invest[i])
        rows.append(row)
    print(
        "| scenario | Spearman | median rel. err. top 10 | leg's share of top-10 loss solver "
        "/ Accord | target output loss solver / Accord (%) | target forgone investment, "
        "Accord only (%) |"
    )
    print("|---|---|---|---|---|---|")
    for r in rows:
        print(
            f"| {r['scenario']} | {r['spearman']:.4f} | {100 * r['median_rel_err_top10']:.1f} % | "
            f"{100 * r['leg_share_top10_solver']:.0f} % / {100 * r['leg_share_top10_accord']:.0f} %"
            f" | {r['target_loss_solver']:.3f} / {r['target_loss_accord']:.3f} | "
            f"{r['target_investment_accord']:.3f} |"
        )
    print(f"\nsolver_s_per_scenario: {per_scenario:.3g}")
    if args.json:
        with open(args.json, "w") as fh:
            json.dump({"rows": rows, "solver_s_per_scenario": per_scenario}, fh, indent=2)


if __name__ == "__main__":
    main()
