"""What the report's extra recording costs: ``accord run``'s simulation with the report
detail (postures by member x measure, renewal votes, decision terms at three months)
against the plain engine with its metrics recorder, in the same process.

    .venv/bin/python benchmarks/report_detail.py [--runs 2000] [--months 60] [--repeat 3]

Both run the regime of ``sim_throughput.py`` (35 members x 8 measures, every mechanism
on) from the same seed; times are CPU seconds of the process (``time.process_time``),
the best of ``--repeat``.
"""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Callable
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))

from accord.report.detail import simulate_for_report
from accord.sim import Recorder, build_setting, run_months, synthetic_costs
from sim_throughput import benchmark_regime


def best(repeat: int, work: Callable[[], object]) -> float:
    times = []
    for _ in range(repeat):
        start = time.process_time()
        work()
        times.append(time.process_time() - start)
    return min(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=2000)
    parser.add_argument("--months", type=int, default=60)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    regime = benchmark_regime()
    m, k = len(regime.member_codes), len(regime.measures)
    st = build_setting(regime, synthetic_costs(m, k, np.random.default_rng(0)), args.months)

    def plain() -> None:
        rec = Recorder(st, args.runs, args.months)
        run_months(st, args.runs, args.months, 1, hooks=(rec,))

    def detailed() -> None:
        simulate_for_report(st, args.runs, args.months, 1)

    base = best(args.repeat, plain)
    extra = best(args.repeat, detailed)
    print(f"shape: {args.runs} runs x {m} members x {k} measures x {args.months} months")
    print(f"engine + metrics recorder:        {base:6.2f} s CPU")
    print(f"engine + metrics + report detail: {extra:6.2f} s CPU")
    print(f"ratio: {extra / base:.2f}")


if __name__ == "__main__":
    main()
