"""Compare designs on common random numbers: paired differences with confidence intervals.

Every design is simulated on the same run blocks, so run ``i`` of design B meets the
same shocks as run ``i`` of the baseline A. The difference ``B_i - A_i`` then removes
the luck the two share, and its mean's confidence interval (Student's t on the paired
differences) is far narrower than that of two independent samples. A design compared
with itself has every paired difference exactly zero.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np

if TYPE_CHECKING:
    import pandas as pd

CONFIDENCE = 0.95


def paired_differences(
    runs: pd.DataFrame,
    labels: Sequence[str],
    metrics: Sequence[str],
    confidence: float = CONFIDENCE,
) -> pd.DataFrame:
    """One row per (design, metric): its mean and its paired difference from design 0.

    Runs where the metric is undefined (NaN, e.g. no fracture) in either design are left
    out of that pair; ``pairs`` says how many remained.
    """
    import pandas as pd
    from scipy import stats

    base = runs[runs["point"] == 0].set_index("run")
    rows = []
    for point, label in enumerate(labels):
        this = runs[runs["point"] == point].set_index("run")
        for metric in metrics:
            a = base[metric].to_numpy()
            b = this[metric].to_numpy()
            both = np.isfinite(a) & np.isfinite(b)
            diff = b[both] - a[both]
            n = int(both.sum())
            mean_diff = float(diff.mean()) if n else float("nan")
            if n >= 2:
                half = float(
                    stats.t.ppf(0.5 + confidence / 2, n - 1) * diff.std(ddof=1) / np.sqrt(n)
                )
            else:
                half = float("nan")
            values = this[metric].to_numpy()
            finite = values[np.isfinite(values)]
            rows.append(
                {
                    "design": label,
                    "baseline": labels[0],
                    "metric": metric,
                    "mean": float(finite.mean()) if finite.size else float("nan"),
                    "defined_share": float(finite.size / values.size) if values.size else 0.0,
                    "difference": mean_diff,
                    "ci_low": mean_diff - half,
                    "ci_high": mean_diff + half,
                    "pairs": n,
                    "confidence": confidence,
                }
            )
    return pd.DataFrame(rows)


def plot(table: pd.DataFrame, path: Path) -> None:
    """Paired differences from the baseline with their intervals, one panel per metric."""
    from accord.experiments.plots import figure, save

    metrics = list(dict.fromkeys(table["metric"]))
    fig, axes = figure(len(metrics), title=f"Difference from {table['baseline'].iloc[0]}")
    for ax, metric in zip(axes, metrics, strict=False):
        part = table[table["metric"] == metric]
        y = np.arange(len(part))
        diff = part["difference"].to_numpy()
        err = np.vstack([diff - part["ci_low"].to_numpy(), part["ci_high"].to_numpy() - diff])
        ax.errorbar(diff, y, xerr=np.nan_to_num(err), fmt="o", capsize=3)
        ax.axvline(0.0, color="grey", lw=0.8)
        ax.set_yticks(y, list(part["design"]))
        ax.set_ylim(-0.5, len(part) - 0.5)
        ax.locator_params(axis="x", nbins=4)
        ax.set_title(metric, fontsize=9)
    save(fig, path)
