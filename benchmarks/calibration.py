"""Benchmark: the calibration (`accord calibrate`) with walkers batched along the run
axis, beside peers in the same job at the same walkers, steps and seed.

    .venv/bin/python benchmarks/calibration.py --walkers 20 --steps 20 --burn 10 --mode batched

compares the batched path (each batch of walkers split in halves on two processes, one
engine call per half and simulated case) with the position-by-position path on two
processes (one engine call per walker and case); ``--mode processes`` compares the
position-by-position path on two processes and on one. It prints the wall time of each
and their ratio; results and command in docs/performance.md. All paths use the same
seed and must give the same draws (each walker sees the shocks of its own standalone
run), which the script checks.
"""

from __future__ import annotations

import argparse
import os
import time

import numpy as np

from accord.estimate import load_library
from accord.estimate.calibrate import build_target, sample

PEERS = {
    "batched": (("batched, 2 processes", 2, True), ("per draw, 2 processes", 2, False)),
    "processes": (("per draw, 2 processes", 2, False), ("per draw, 1 process", 1, False)),
}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--walkers", type=int, default=20)
    parser.add_argument("--steps", type=int, default=300)
    parser.add_argument("--burn", type=int, default=150)
    parser.add_argument("--runs", type=int, default=16)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--mode", choices=sorted(PEERS), default="batched")
    args = parser.parse_args()
    target = build_target(load_library().training, runs=args.runs, seed=args.seed)
    settings = {"walkers": args.walkers, "steps": args.steps, "burn": args.burn, "seed": args.seed}
    timings: dict[str, float] = {}
    draws = []
    print(f"load average before: {os.getloadavg()}")
    for name, processes, batched in PEERS[args.mode]:
        start = time.perf_counter()
        fit = sample(target, processes=processes, batched=batched, **settings)
        timings[name] = time.perf_counter() - start
        draws.append(fit.posterior)
    print(f"load average after: {os.getloadavg()}")
    evaluations = args.walkers * (args.steps + 1)
    for name, wall in timings.items():
        print(
            f"{name}: {wall:.1f} s wall, {wall / evaluations * 1e3:.0f} ms per posterior "
            f"evaluation ({evaluations} evaluations of {len(target.simulators)} simulated "
            f"case(s), {args.runs} runs each)"
        )
    first, second = timings.values()
    print(f"ratio {' / '.join(timings)}: {first / second:.2f}")
    print(f"same draws: {bool(np.array_equal(draws[0], draws[1]))}")


if __name__ == "__main__":
    main()
