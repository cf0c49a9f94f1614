"""Per-run parameters: what one parameter set per run costs against one set for all.

    .venv/bin/python benchmarks/sim_per_run.py [--runs 2000] [--months 60] [--repeat 2]

The regime of ``benchmarks/sim_throughput.py`` (35 members x 8 measures, every mechanism
on). The peer is the same engine with one scalar Setting, in the same process: the
ratio is the cost of holding the calibrated scalars (cost weight, vote threshold, slope,
reputation, affinity, secondary-penalty fear) as per-run arrays, each run with its own
draw. Building the per-run Setting is timed apart (it reads the covariates once per
distinct set of affinity tie weights).
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))

from accord.domain.parameters import ModelParameters
from accord.sim import Recorder, build_setting, run_months, synthetic_costs
from sim_throughput import benchmark_regime


def draws(runs: int, rng: np.random.Generator) -> list[ModelParameters]:
    """``runs`` parameter sets with the calibrated scalars drawn around the defaults."""
    base = ModelParameters()
    out = []
    for cost, threshold, slope, rep in rng.uniform(0.5, 1.5, size=(runs, 4)):
        out.append(
            base.model_copy(
                update={
                    "economic_cost": base.economic_cost.model_copy(update={"weight": cost}),
                    "decision": base.decision.model_copy(
                        update={"vote_threshold": 0.1 * threshold, "slope": slope}
                    ),
                    "reputation": base.reputation.model_copy(update={"weight": 0.4 * rep}),
                }
            )
        )
    return out


def cpu(fn) -> float:  # type: ignore[no-untyped-def]
    start = time.process_time()
    fn()
    return time.process_time() - start


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    for name, default in (("--runs", 2000), ("--months", 60), ("--repeat", 2)):
        ap.add_argument(name, type=int, default=default)
    a = ap.parse_args()
    regime = benchmark_regime()
    m, k = len(regime.member_codes), len(regime.measures)
    costs = synthetic_costs(m, k, np.random.default_rng(0), unevenness=1.0, mean_cost=0.3)
    sets = draws(a.runs, np.random.default_rng(1))
    scalar = build_setting(regime, costs, a.months)
    built = time.process_time()
    per_run = build_setting(regime, costs, a.months, parameters=sets)
    built = time.process_time() - built

    def go(st) -> None:  # type: ignore[no-untyped-def]
        run_months(st, a.runs, a.months, 0, hooks=(Recorder(st, a.runs, a.months),))

    one = min(cpu(lambda: go(scalar)) for _ in range(a.repeat))
    each = min(cpu(lambda: go(per_run)) for _ in range(a.repeat))
    print(f"shape: {a.runs} runs x {m} members x {k} measures x {a.months} months")
    print(f"one parameter set: {one:.2f} s CPU (best of {a.repeat})")
    print(f"a parameter set per run: {each:.2f} s CPU; building its Setting {built:.2f} s")
    print(f"ratio per run / one set: {each / one:.3f}")


if __name__ == "__main__":
    main()
