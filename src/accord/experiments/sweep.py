"""Sweeps: one row per design point with its parameter values and mean metrics.

The per-point mean is taken over the runs where the metric is defined; ``<metric>_se``
is its standard error and ``<metric>_defined`` the share of runs where it is defined
(for time to fracture: the share of runs that fractured).
"""

from __future__ import annotations

import warnings
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np
from numpy.typing import NDArray

from accord.experiments.params import ParamRange

if TYPE_CHECKING:
    import pandas as pd


def point_summary(
    runs: pd.DataFrame,
    params: Sequence[ParamRange],
    matrix: NDArray[np.float64],
    metrics: Sequence[str],
) -> pd.DataFrame:
    """Mean, standard error and defined share of every metric at every design point."""
    import pandas as pd

    grouped = runs.groupby("point", sort=True)
    table = pd.DataFrame({"point": np.arange(len(matrix), dtype=np.int64)})
    for j, p in enumerate(params):
        table[p.path] = matrix[:, j]
    for metric in metrics:
        finite = runs[metric].where(np.isfinite(runs[metric]))
        g = finite.groupby(runs["point"], sort=True)
        table[metric] = g.mean().reindex(table["point"]).to_numpy()
        count = g.count().reindex(table["point"]).to_numpy()
        std = g.std(ddof=1).reindex(table["point"]).to_numpy()
        with np.errstate(invalid="ignore", divide="ignore"):
            table[f"{metric}_se"] = std / np.sqrt(count)
        table[f"{metric}_defined"] = count / grouped.size().reindex(table["point"]).to_numpy()
    return table


def overview(
    table: pd.DataFrame, params: Sequence[ParamRange], metrics: Sequence[str]
) -> pd.DataFrame:
    """Per metric: its lowest and highest point mean and the parameter it follows most
    closely (largest absolute rank correlation across the design points)."""
    import pandas as pd

    rows = []
    for metric in metrics:
        values = table[metric]
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # a constant metric has no correlation: NaN
            ranks = {p.path: abs(table[p.path].corr(values, method="spearman")) for p in params}
        known = {k: v for k, v in ranks.items() if v == v}
        top = max(known, key=lambda k: known[k]) if known else ""
        rows.append(
            {
                "metric": metric,
                "lowest": float(values.min()),
                "highest": float(values.max()),
                "follows": top,
                "rank_correlation": float(known.get(top, float("nan"))),
            }
        )
    return pd.DataFrame(rows)


def plot(
    table: pd.DataFrame, params: Sequence[ParamRange], metrics: Sequence[str], path: Path
) -> None:
    """Each metric against each parameter (one panel per pair), points coloured by the
    first parameter so interactions show."""
    from accord.experiments.plots import figure, save

    pairs = [(m, p) for m in metrics for p in params]
    fig, axes = figure(
        len(pairs), title="Sweep: mean metric at each design point", columns=max(1, len(params))
    )
    colour = table[params[0].path].to_numpy()
    for ax, (metric, p) in zip(axes, pairs, strict=False):
        ax.scatter(table[p.path], table[metric], c=colour, s=12, cmap="viridis")
        if table[metric].isna().all():
            ax.text(0.5, 0.5, "undefined in every run", ha="center", transform=ax.transAxes)
        ax.set_xlabel(p.path, fontsize=8)
        ax.set_ylabel(metric, fontsize=8)
    save(fig, path)
