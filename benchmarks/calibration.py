"""Benchmark: the full calibration (`accord calibrate`) on two worker processes, beside
the same calibration on one process in the same job (the peer).

    .venv/bin/python benchmarks/calibration.py --walkers 20 --steps 300 --burn 150

prints the wall time of each and their ratio; results and command in docs/performance.md.
Both runs use the same seed and must give the same draws (the simulated likelihood is a
deterministic function of the parameters), which the script checks.
"""

from __future__ import annotations

import argparse
import time

import numpy as np

from accord.estimate import load_library
from accord.estimate.calibrate import build_target, sample


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--walkers", type=int, default=20)
    parser.add_argument("--steps", type=int, default=300)
    parser.add_argument("--burn", type=int, default=150)
    parser.add_argument("--runs", type=int, default=16)
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args()
    target = build_target(load_library().training, runs=args.runs, seed=args.seed)
    settings = {"walkers": args.walkers, "steps": args.steps, "burn": args.burn, "seed": args.seed}
    timings = {}
    draws = {}
    for processes in (2, 1):
        start = time.perf_counter()
        fit = sample(target, processes=processes, **settings)
        timings[processes] = time.perf_counter() - start
        draws[processes] = fit.posterior
    evaluations = args.walkers * (args.steps + 1)
    for processes, wall in timings.items():
        print(
            f"{processes} process(es): {wall:.1f} s wall, {wall / evaluations * 1e3:.0f} ms per "
            f"posterior evaluation ({evaluations} evaluations of {len(target.simulators)} "
            f"simulated case(s), {args.runs} runs each)"
        )
    print(f"ratio 2 processes / 1 process: {timings[2] / timings[1]:.2f}")
    print(f"same draws: {bool(np.array_equal(draws[1], draws[2]))}")


if __name__ == "__main__":
    main()
