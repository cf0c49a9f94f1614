"""Simulator throughput: 10,000 runs x 35 members x 8 measures x 120 months, every
mechanism on, against a plain per-member Python loop of the same model.

    .venv/bin/python benchmarks/sim_throughput.py [--runs 10000] [--loop-runs 20]

The vectorised engine and the loop peer run in the same process, on the same regime
and cost inputs; the peer is timed on fewer runs and the ratio is per run-month. Peak
memory is the process's maximum resident set size (``resource.getrusage``).
"""

from __future__ import annotations

import argparse
import os
import resource
import sys
import time
from pathlib import Path
from typing import Any

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))

from accord.domain import ECONOMIES, Regime
from accord.sim import Recorder, build_setting, run_months, synthetic_costs
from sim_loop_peer import loop_simulate


def benchmark_regime(members: int = 35, measures: int = 8) -> Regime:
    """A regime with every safeguard written, so every mechanism has work to do."""
    codes = [c for c in ECONOMIES if c not in ("USA", "RUS")][:members]
    kinds = ["asset_freeze", "export_ban", "import_ban", "financial_cutoff", "price_cap"]
    ms: list[dict[str, Any]] = []
    for k in range(measures):
        m: dict[str, Any] = {
            "id": f"m{k}",
            "kind": kinds[k % len(kinds)],
            "adopted": f"2022-{1 + k % 6:02d}-01",
            "weight": 0.5 + 0.5 * (k % 2),
        }
        if k % 3 == 1:
            m["phase_in"] = {
                "kind": "tiers",
                "tiers": [
                    {"start": f"2022-{1 + k % 6:02d}-01", "level": 0.5},
                    {"start": "2023-01-01", "level": 1.0},
                ],
            }
        ms.append(m)
    data: dict[str, Any] = {
        "name": "benchmark",
        "start": "2022-01-01",
        "horizon_months": 120,
        "lead": {"code": "USA", "secondary_threat": 0.5, "credibility": 0.7},
        "target": {"code": "RUS"},
        "members": codes,
        "measures": ms,
        "exemptions": [
            {"id": "hum", "kind": "humanitarian", "measure": "m3", "share": 0.05},
            {
                "id": "pipe",
                "kind": "member_specific",
                "measure": "m2",
                "members": codes[:3],
                "share": 0.9,
            },
        ],
        "milestones": [{"id": "ceasefire", "co_designed": True}, {"id": "withdrawal"}],
        "safeguards": {
            "objectives": ["end the war"],
            "information_sharing": True,
            "joint_threat_assessment": True,
            "coordinated_messaging": True,
            "humanitarian_channel": True,
            "burden_sharing": 0.3,
            "review": {"every_months": 6},
            "sunset": {
                "months": 6,
                "renewal": "qualified_majority",
                "threshold": 0.55,
                "weight_threshold": 0.65,
            },
            "verification": {"independent": True, "detection": 0.3},
            "reporting": {"detection": 0.1},
            "ladder": {
                "steps": [
                    {"name": "notice", "penalty": 0.0},
                    {"name": "listing", "penalty": 0.05},
                    {"name": "tool", "penalty": 0.2},
                ]
            },
            "relief": [
                {
                    "milestone": "ceasefire",
                    "measures": ["m0", "m1"],
                    "relief": 0.5,
                    "certification_delay_months": 2,
                },
                {"milestone": "withdrawal", "measures": ["m0", "m1", "m2", "m3"]},
            ],
            "escalation": [{"after_months": 12, "measures": ["m1"], "step": 0.1}],
        },
    }
    return Regime.model_validate(data)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--runs", type=int, default=10_000)
    ap.add_argument("--months", type=int, default=120)
    ap.add_argument("--loop-runs", type=int, default=20)
    ap.add_argument("--seed", type=int, default=0)
    a = ap.parse_args()
    regime = benchmark_regime()
    m, k = len(regime.member_codes), len(regime.measures)
    costs = synthetic_costs(m, k, np.random.default_rng(a.seed), unevenness=1.0, mean_cost=0.3)
    st = build_setting(regime, costs, a.months)

    t0, c0 = time.perf_counter(), time.process_time()
    rec = Recorder(st, a.runs, a.months)
    run_months(st, a.runs, a.months, a.seed, hooks=(rec,))
    vec, vec_cpu = time.perf_counter() - t0, time.process_time() - c0
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024

    t0, c0 = time.perf_counter(), time.process_time()
    loop_simulate(st, a.loop_runs, a.months, a.seed)
    loop, loop_cpu = time.perf_counter() - t0, time.process_time() - c0

    per_vec = vec / (a.runs * a.months)
    per_loop = loop / (a.loop_runs * a.months)
    print(f"shape: {a.runs} runs x {m} members x {k} measures x {a.months} months")
    print(
        f"vectorised engine: {vec:.2f} s wall, {vec_cpu:.2f} s CPU "
        f"({per_vec * 1e6:.2f} us per run-month)"
    )
    print(
        f"per-member Python loop: {loop:.2f} s wall, {loop_cpu:.2f} s CPU for "
        f"{a.loop_runs} runs ({per_loop * 1e6:.0f} us per run-month)"
    )
    print(f"speed-up per run-month (wall): {per_loop / per_vec:.0f}x")
    print(f"speed-up per run-month (CPU): {loop_cpu / a.loop_runs / (vec_cpu / a.runs):.0f}x")
    print(f"load average during the run: {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs")
    print(f"peak memory (max RSS): {peak:.0f} MiB")
    print(f"mean cohesion at the horizon: {rec.series[0, -1].mean():.3f}")


if __name__ == "__main__":
    main()
