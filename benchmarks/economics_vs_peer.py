"""Accord's cost model against the full equilibrium solver of ``sanction-simulator``.

Solves every scenario below with the package's own solver (``run_scenarios``: two-sided
RAS rerouting and CES capacity rationing, its baseline parameters) and with Accord's
cost model in the same process, then reports per scenario: Spearman correlation of
losses over all non-target economies, median relative error on the ten economies the
solver finds most hurt, the error on the target's loss, and time per scenario of both.

    .venv/bin/python benchmarks/economics_vs_peer.py [--json out.json] [--only RUS]

Takes about fifteen minutes on two cores, almost all of it in the solver.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from accord.domain.codes import EU27, SECTORS
from accord.domain.codes import ICIO_ECONOMIES as ECONOMIES
from accord.domain.measures import MeasureKind
from accord.economics import CostModel, MeasureSpec, load_network
from accord.economics.response import compute_responses
from accord.economics.shocks import EXPORT, IMPORT, cut_profile
from accord.economics.target import DELTA, TAU

G7 = ["USA", "GBR", "FRA", "DEU", "ITA", "JPN", "CAN"]
C2014 = [*EU27, "USA", "GBR", "CAN", "JPN", "AUS", "NOR", "CHE", "NZL"]
C2022 = [*C2014, "KOR", "ISL", "SGP", "TWN"]
ENERGY = ("B05", "B06", "C19")
TECH = ("C26", "C27", "C28", "C29", "C302T309")
ALL = ()


def spec(kind: MeasureKind, sectors: tuple[str, ...] = ALL) -> MeasureSpec:
    return MeasureSpec(f"{kind.value}:{','.join(sectors) or 'all'}", kind, sectors)


EMBARGO = (spec(MeasureKind.EXPORT_BAN), spec(MeasureKind.IMPORT_BAN))


@dataclass
class Scenario:
    """A coalition's measures against a target; ``levels`` per member (default 1)."""

    name: str
    category: str  # embargo | sectoral | partial
    target: str
    members: list[str]
    measures: tuple[MeasureSpec, ...] = EMBARGO
    level: float = 1.0
    levels: dict[str, float] = field(default_factory=dict)

    def level_of(self, member: str) -> float:
        return self.levels.get(member, self.level)


def scenarios() -> list[Scenario]:
    everyone_but_rus = [c for c in ECONOMIES if c != "RUS"]
    asean = ["THA", "SGP", "MYS", "VNM", "IDN"]
    return [
        Scenario("RUS embargo, 2022 coalition", "embargo", "RUS", C2022),
        Scenario("RUS embargo, G7", "embargo", "RUS", G7),
        Scenario("RUS embargo, China alone", "embargo", "RUS", ["CHN"]),
        Scenario("RUS embargo, every economy", "embargo", "RUS", everyone_but_rus),
        Scenario(
            "RUS energy import ban, EU27",
            "sectoral",
            "RUS",
            list(EU27),
            (spec(MeasureKind.IMPORT_BAN, ENERGY),),
        ),
        Scenario(
            "RUS tech export ban, 2022 coalition",
            "sectoral",
            "RUS",
            C2022,
            (spec(MeasureKind.EXPORT_BAN, TECH),),
        ),
        Scenario("RUS embargo at 0.5, 2022 coalition", "partial", "RUS", C2022, level=0.5),
        Scenario(
            "RUS embargo, USA 1 / EU 0.5 / JPN 0.25",
            "partial",
            "RUS",
            ["USA", *EU27, "JPN"],
            level=0.5,
            levels={"USA": 1.0, "JPN": 0.25},
        ),
        Scenario(
            "RUS export ban at 0.8, G7",
            "partial",
            "RUS",
            G7,
            (spec(MeasureKind.EXPORT_BAN),),
            level=0.8,
        ),
        Scenario("CHN embargo, USA", "embargo", "CHN", ["USA"]),
        Scenario(
            "CHN embargo, USA+JPN+KOR+TWN+AUS",
            "embargo",
            "CHN",
            ["USA", "JPN", "KOR", "TWN", "AUS"],
        ),
        Scenario("CHN embargo, EU27", "embargo", "CHN", list(EU27)),
        Scenario(
            "CHN electronics export ban, chip makers",
            "sectoral",
            "CHN",
            ["USA", "JPN", "KOR", "TWN", "NLD"],
            (spec(MeasureKind.EXPORT_BAN, ("C26",)),),
        ),
        Scenario("CHN embargo at 0.3, G7", "partial", "CHN", G7, level=0.3),
        Scenario("BLR embargo, EU27", "embargo", "BLR", list(EU27)),
        Scenario("BLR embargo, neighbours", "embargo", "BLR", ["POL", "LTU", "LVA", "UKR"]),
        Scenario(
            "BLR chemicals+wood import ban, EU27+USA",
            "sectoral",
            "BLR",
            [*EU27, "USA"],
            (spec(MeasureKind.IMPORT_BAN, ("C20", "C16", "B08")),),
        ),
        Scenario("BLR embargo at 0.6, 2022 coalition", "partial", "BLR", C2022, level=0.6),
        Scenario("MMR embargo, USA+EU27+GBR", "embargo", "MMR", ["USA", *EU27, "GBR"]),
        Scenario("MMR embargo, Thailand", "embargo", "MMR", ["THA"]),
        Scenario(
            "MMR textiles import ban, EU27+USA+GBR+JPN",
            "sectoral",
            "MMR",
            [*EU27, "USA", "GBR", "JPN"],
            (spec(MeasureKind.IMPORT_BAN, ("C13T15",)),),
        ),
        Scenario("MMR embargo at 0.5, ASEAN five", "partial", "MMR", asean, level=0.5),
        Scenario(
            "SAU oil import ban, USA+EU27",
            "sectoral",
            "SAU",
            ["USA", *EU27],
            (spec(MeasureKind.IMPORT_BAN, ("B06", "C19")),),
        ),
    ]


# ------------------------------------------------------------------ the peer solver
def solver_module() -> Any:
    import sanction_simulator

    sys.path.insert(0, os.path.dirname(sanction_simulator.__file__))
    import power_trade_estimation as pte

    return pte


def solver_legs(sc: Scenario) -> list[tuple[int, int, np.ndarray]]:
    """Severed legs ``(seller, buyer, selling-sector mask)`` the solver takes."""
    t = ECONOMIES.index(sc.target)
    profile = np.minimum(1.0, sum(cut_profile(m) for m in sc.measures))
    legs = []
    for m in sc.members:
        k, lv = ECONOMIES.index(m), sc.level_of(m)
        if profile[EXPORT].any():
            legs.append((k, t, lv * profile[EXPORT]))
        if profile[IMPORT].any():
            legs.append((t, k, lv * profile[IMPORT]))
    return legs


def run_solver(scs: list[Scenario]) -> tuple[np.ndarray, float, float]:
    """Loss in percent ``[n, E]``, load time and solve time of the reference solver."""
    import sanction_simulator

    pte = solver_module()
    if (pte.TAU_BASE, pte.DELTA_BASE) != (TAU, DELTA):
        raise SystemExit("solver baseline parameters differ from Accord's")
    t0 = time.perf_counter()
    bench = pte.Benchmark(sanction_simulator.data_dir(), cache=sanction_simulator.bench_cache())
    load = time.perf_counter() - t0
    specs = [(sc.name, solver_legs(sc)) for sc in scs]
    t0 = time.perf_counter()
    _, closs, _, _, _ = pte.run_scenarios(
        bench, specs, pte.TAU_BASE, pte.RHO_BASE, pte.DELTA_BASE, log=lambda _msg: None
    )
    solve = time.perf_counter() - t0
    return 100.0 * closs / bench.s_country[None, :], load, solve


# ------------------------------------------------------------------------- Accord
def run_accord(scs: list[Scenario]) -> tuple[np.ndarray, float]:
    """Loss in percent ``[n, E]`` and total time, one batched call per target."""
    network = load_network()
    out = np.zeros((len(scs), len(ECONOMIES)))
    t0 = time.perf_counter()
    for target in dict.fromkeys(sc.target for sc in scs):
        idx = [i for i, sc in enumerate(scs) if sc.target == target]
        specs = list(dict.fromkeys(m for i in idx for m in scs[i].measures))
        members = [c for c in ECONOMIES if c != target]
        # the solver cuts intermediate flows only (its legs); the final-demand leg of
        # capital goods is checked by economics_final_demand_vs_peer.py
        model = CostModel.build(network, target, members, specs, final_demand=())
        levels = np.zeros((len(idx), len(members), len(specs)), dtype=np.float32)
        for row, i in enumerate(idx):
            sc = scs[i]
            for m in sc.members:
                for meas in sc.measures:
                    levels[row, members.index(m), specs.index(meas)] = sc.level_of(m)
        out[idx] = model.losses(levels).economy_loss
    return out, time.perf_counter() - t0


def batched_throughput(runs: int = 10_000, seed: int = 0) -> float:
    """Seconds per scenario when the 2022 coalition is evaluated ``runs`` times at once."""
    network = load_network()
    model = CostModel.build(network, "RUS", C2022, list(EMBARGO), lead=None, final_demand=())
    rng = np.random.default_rng(seed)
    levels = rng.uniform(0.0, 1.0, (runs, len(C2022), len(EMBARGO))).astype(np.float32)
    model.losses(levels[:10])
    t0 = time.perf_counter()
    model.losses(levels)
    return (time.perf_counter() - t0) / runs


# ------------------------------------------------------------------------ metrics
def ranks(x: np.ndarray) -> np.ndarray:
    """Ranks with ties averaged (Spearman's convention)."""
    order = np.argsort(x, kind="mergesort")
    r = np.empty(len(x))
    r[order] = np.arange(len(x), dtype=float)
    for v in np.unique(x):
        tie = x == v
        if tie.sum() > 1:
            r[tie] = r[tie].mean()
    return r


def spearman(a: np.ndarray, b: np.ndarray) -> float:
    return float(np.corrcoef(ranks(a), ranks(b))[0, 1])


def compare(sc: Scenario, peer: np.ndarray, ours: np.ndarray) -> dict[str, Any]:
    t = ECONOMIES.index(sc.target)
    others = np.arange(len(ECONOMIES)) != t
    p, o = peer[others], ours[others]
    top = np.argsort(-p)[:10]
    rel = np.abs(o[top] - p[top]) / np.abs(p[top])
    return {
        "scenario": sc.name,
        "category": sc.category,
        "target": sc.target,
        "spearman": spearman(p, o),
        "median_rel_err_top10": float(np.median(rel)),
        "target_loss_solver": float(peer[t]),
        "target_loss_accord": float(ours[t]),
        "target_rel_err": float(abs(ours[t] - peer[t]) / abs(peer[t])),
    }


THRESHOLDS = {"embargo": (0.99, 0.10, 0.10), "sectoral": (0.95, 0.20, None)}
THRESHOLDS["partial"] = THRESHOLDS["sectoral"]


def passes(row: dict[str, Any]) -> bool:
    rho, med, tgt = THRESHOLDS[row["category"]]
    ok = row["spearman"] >= rho and row["median_rel_err_top10"] <= med
    return ok and (tgt is None or row["target_rel_err"] <= tgt)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--json", help="also write the results to this file")
    ap.add_argument("--only", help="only scenarios against this target")
    args = ap.parse_args()
    scs = [sc for sc in scenarios() if args.only in (None, sc.target)]

    network = load_network()
    pre = compute_responses(network).seconds
    ours, accord_s = run_accord(scs)
    per_scenario_batched = batched_throughput()
    peer, load_s, solve_s = run_solver(scs)

    rows = [compare(sc, peer[i], ours[i]) for i, sc in enumerate(scs)]
    solver_per = solve_s / len(scs)
    accord_per = accord_s / len(scs)
    print(
        "| scenario | kind | Spearman | median rel. err. top 10 | target loss solver / Accord "
        "(%) | target err. | pass |"
    )
    print("|---|---|---|---|---|---|---|")
    for r in rows:
        print(
            f"| {r['scenario']} | {r['category']} | {r['spearman']:.4f} | "
            f"{100 * r['median_rel_err_top10']:.1f} % | {r['target_loss_solver']:.3f} / "
            f"{r['target_loss_accord']:.3f} | {100 * r['target_rel_err']:.1f} % | "
            f"{'yes' if passes(r) else 'NO'} |"
        )
    timing = {
        "scenarios": len(scs),
        "sectors": len(SECTORS),
        "solver_load_s": load_s,
        "solver_s_per_scenario": solver_per,
        "accord_precompute_s": pre,
        "accord_s_per_scenario_in_run": accord_per,
        "accord_s_per_scenario_batched_10k": per_scenario_batched,
        "speedup_in_run": solver_per / accord_per,
        "speedup_batched": solver_per / per_scenario_batched,
        "all_pass": all(passes(r) for r in rows),
    }
    print()
    for k, v in timing.items():
        print(f"{k}: {v:.6g}" if isinstance(v, float) else f"{k}: {v}")
    if args.json:
        with open(args.json, "w") as fh:
            json.dump({"rows": rows, "timing": timing}, fh, indent=2)


if __name__ == "__main__":
    main()
