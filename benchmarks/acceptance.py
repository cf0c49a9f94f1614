"""The acceptance figures of the calibrated model at the shipped defaults.

    .venv/bin/python benchmarks/acceptance.py --runs 1000 --seed 0 [--parameters point]
        [--posterior FILE]

prints, with the fitted parameters of ``--parameters`` (default: the shipped posterior,
a draw per run; nothing here is tuned, the test cases are only scored):

- russia-2022 over 46 months (to Dec 2025) and russia-2014 over 95 months (to Feb
  2022): the share of runs in which no act lapses, and which renewal votes fail, with
  the members that vote against (and alone) in the failing runs;
- us-chips-china-2022 at month 15 (Jan 2024): each member's probability of mimicking
  the lead on ``chipmaking_tools`` (applying the tool controls as the US did), with the
  mean terms of its decision that month (``accord.sim.explain``).

The figures and this command are in docs/validation.md, "Acceptance figures at the
shipped defaults".
"""

from __future__ import annotations

import argparse

import numpy as np

import accord
from accord.domain import month_start
from accord.sim.explain import TERMS
from accord.sim.watch import Renewal

RENEWALS = (("russia-2022", 46), ("russia-2014", 95))
CHIPS, CHIPS_MONTH, TOOLS = "us-chips-china-2022", 15, "chipmaking_tools"


def renewals(
    name: str, months: int, runs: int, seed: int, fitted: str, posterior: str | None
) -> None:
    sim = accord.simulate(
        name, runs=runs, months=months, seed=seed, fitted=fitted, posterior=posterior
    )
    lapses = sim.result.series["lapses"].sum(axis=0)
    print(f"{name}, {months} months: runs with no lapse {np.mean(lapses == 0):.3f}")
    print(f"  parameters: {sim.used.describe() if sim.used else '?'}")
    detail = sim.detail
    if detail is None:
        return
    failing: list[Renewal] = [r for r in detail.renewals if r.failed > 0]
    failed = sum(r.failed for r in failing)
    for r in sorted(failing, key=lambda r: -r.failed)[:4]:
        date = month_start(sim.regime.start, r.month)
        top = np.argsort(-r.against)[:3]
        who = ", ".join(
            f"{sim.members[m]} against {r.against[m]:.3f} (alone {r.sole[m]:.3f})" for m in top
        )
        print(
            f"  {date:%b %Y} vote on {detail.acts[r.measure]}: lapsed in {r.failed} of "
            f"{r.held} runs ({r.failed / max(failed, 1):.0%} of all lapses); {who}"
        )


def chips(runs: int, seed: int, fitted: str, posterior: str | None) -> None:
    sim = accord.simulate(
        CHIPS,
        runs=runs,
        months=CHIPS_MONTH + 1,
        seed=seed,
        fitted=fitted,
        posterior=posterior,
    )
    if sim.posture is None:
        return
    k = sim.measures.index(TOOLS)
    mimic = (sim.posture[CHIPS_MONTH, :, :, k] == 0).mean(axis=0)
    resist = (sim.posture[CHIPS_MONTH, :, :, k] == 2).mean(axis=0)
    date = month_start(sim.regime.start, CHIPS_MONTH)
    print(f"{CHIPS}, month {CHIPS_MONTH} ({date:%b %Y}), P(mimic {TOOLS}) per member:")
    print(f"  parameters: {sim.used.describe() if sim.used else '?'}")
    terms = sim.detail.terms.get(CHIPS_MONTH) if sim.detail is not None else None
    keys = [key for key, _, _ in TERMS]
    shown = ("affinity", "secondary", "threat", "reputation", "cost")
    print("  member  mimic  resist  | mean decision terms: " + " ".join(shown))
    for m in np.argsort(-mimic):
        parts = ""
        if terms is not None:
            parts = " ".join(f"{terms[keys.index(t), m, k]:+.2f}" for t in shown)
        print(f"  {sim.members[m]:<6} {mimic[m]:.3f}  {resist[m]:.3f}   | {parts}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=1000)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--parameters", default="posterior")
    parser.add_argument("--posterior", default=None, help="Posterior file (default: shipped).")
    args = parser.parse_args()
    for name, months in RENEWALS:
        renewals(name, months, args.runs, args.seed, args.parameters, args.posterior)
    chips(args.runs, args.seed, args.parameters, args.posterior)


if __name__ == "__main__":
    main()
