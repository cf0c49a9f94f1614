"""The headline figures of a simulation, each with its statistic and interval.

One definition serves the terminal summary of ``accord run`` and the cards of the HTML
report, so the two never disagree. Every figure says which statistic it is (median,
mean or share of runs) and carries the 5-95 % interval across runs where one exists.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from accord.domain import Regime, month_start
from accord.sim.metrics import SimResult


@dataclass(frozen=True)
class Headline:
    """One headline figure: ``value`` in words, ``label`` saying what it is, ``interval``
    the 5-95 % range across runs (empty when the figure is a share of runs)."""

    key: str
    value: str
    label: str
    interval: str
    short: str = ""


def when(regime: Regime, months: float) -> str:
    """A month index as a calendar month (``Mar 2023``), ``never`` for NaN."""
    if np.isnan(months):
        return "never"
    d = month_start(regime.start, round(months))
    return f"{d:%b %Y}"


def _range(values: np.ndarray, fmt: str) -> str:
    lo, hi = np.quantile(values, (0.05, 0.95))
    return f"5-95 % of runs: {format(lo, fmt)} to {format(hi, fmt)}"


def _timing(regime: Regime, times: np.ndarray) -> str:
    hit = times[~np.isnan(times)]
    if not hit.size:
        return ""
    lo, hi = np.quantile(hit, (0.05, 0.95))
    return (
        f"median {when(regime, float(np.median(hit)))}; 5-95 % of those runs: "
        f"{when(regime, float(lo))} to {when(regime, float(hi))}"
    )


def headlines(regime: Regime, res: SimResult) -> list[Headline]:
    """The figures a reader wants first, in the order they are shown."""
    cohesion = res.series["cohesion"][-1]
    fracture = res.time_to_fracture
    relief = res.time_to_relief
    lapses = res.series["lapses"].sum(axis=0)
    pressure = res.series["target_pressure"][-1]
    leakage = res.series["leakage"][-1]
    gini = res.cost_gini
    return [
        Headline(
            "cohesion",
            f"{np.median(cohesion):.0%}",
            "cohesion at the horizon (median): share of the coalition's economic weight "
            "whose posture matches the lead's",
            _range(cohesion, ".0%"),
            short="cohesion at the horizon (median)",
        ),
        Headline(
            "fracture",
            f"{np.mean(~np.isnan(fracture)):.0%}",
            f"of runs fracture (cohesion falls below {res.fracture_threshold:.0%})",
            _timing(regime, fracture),
            short="runs that fracture",
        ),
        Headline(
            "relief",
            f"{np.mean(~np.isnan(relief)):.0%}",
            "of runs reach relief (a certified milestone lifts a measure)",
            _timing(regime, relief),
            short="runs that reach relief",
        ),
        Headline(
            "lapses",
            f"{np.mean(lapses > 0):.0%}",
            "of runs see a measure lapse (its renewal vote fails)",
            f"mean {np.mean(lapses):.2f} lapses per run; " + _range(lapses, ".0f"),
            short="runs with a lapse",
        ),
        Headline(
            "target_loss",
            f"{np.median(pressure):.2f} %",
            "loss of the target's output at the horizon (median), net of leakage",
            _range(pressure, ".2f"),
            short="target's output loss at the horizon (median)",
        ),
        Headline(
            "leakage",
            f"{np.median(leakage):.0%}",
            "of the target's loss undone by rerouting through third parties (median)",
            _range(leakage, ".0%"),
            short="leakage at the horizon (median)",
        ),
        Headline(
            "cost_gini",
            f"{np.median(gini):.2f}",
            "Gini of members' cumulative losses (median; 0 = shared evenly, 1 = one pays all)",
            _range(gini, ".2f"),
            short="Gini of members' losses (median)",
        ),
    ]
