"""Global sensitivity: Sobol indices with confidence intervals, through SALib.

First-order ``S1`` is the share of a metric's variance due to one parameter alone,
total-order ``ST`` the share it takes part in with any interaction (Sobol 2001,
doi:10.1016/S0378-4754(00)00270-6; estimators of Saltelli et al. 2010,
doi:10.1016/j.cpc.2009.09.018). The design points come from
:func:`accord.experiments.designs.saltelli`; each point's value of a metric is its mean
over the runs (all points on the same run blocks, so the noise they share does not
masquerade as sensitivity). Confidence intervals are SALib's bootstrap intervals.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np
from numpy.typing import NDArray

from accord.experiments.designs import problem
from accord.experiments.params import ParamRange

if TYPE_CHECKING:
    import pandas as pd

CONFIDENCE = 0.95
BOOTSTRAP = 200


def sobol_indices(
    params: Sequence[ParamRange], y: NDArray[np.float64], seed: int
) -> dict[str, NDArray[np.float64]] | str:
    """S1, S1_conf, ST, ST_conf per parameter, or the reason the metric has none
    (undefined values, or no variance to apportion)."""
    from SALib.analyze import sobol as sobol_analyze

    if not np.all(np.isfinite(y)):
        return "undefined at some design points (e.g. no run fractured there)"
    if float(np.var(y)) == 0.0:
        return "constant across the design points"
    result: Any = sobol_analyze.analyze(
        problem(params),
        y,
        calc_second_order=False,
        num_resamples=BOOTSTRAP,
        conf_level=CONFIDENCE,
        print_to_console=False,
        seed=seed,
    )
    return {k: np.asarray(result[k], dtype=np.float64) for k in ("S1", "S1_conf", "ST", "ST_conf")}


def indices_table(
    points: pd.DataFrame, params: Sequence[ParamRange], metrics: Sequence[str], seed: int
) -> tuple[pd.DataFrame, dict[str, str]]:
    """Sobol indices of every metric (long table) and, for metrics without, why."""
    import pandas as pd

    rows = []
    skipped: dict[str, str] = {}
    for metric in metrics:
        found = sobol_indices(params, points[metric].to_numpy(dtype=np.float64), seed)
        if isinstance(found, str):
            skipped[metric] = found
            continue
        for j, p in enumerate(params):
            rows.append(
                {
                    "metric": metric,
                    "parameter": p.path,
                    **{k: float(v[j]) for k, v in found.items()},
                    "confidence": CONFIDENCE,
                }
            )
    columns = ["metric", "parameter", "S1", "S1_conf", "ST", "ST_conf", "confidence"]
    return pd.DataFrame(rows, columns=columns), skipped


def plot(table: pd.DataFrame, path: Path) -> None:
    """First- and total-order indices with their intervals, one panel per metric."""
    from accord.experiments.plots import figure, save

    metrics = list(dict.fromkeys(table["metric"]))
    fig, axes = figure(max(1, len(metrics)), title="Sobol indices (bars: 95% interval)")
    if not metrics:
        axes[0].text(0.5, 0.5, "no metric varies across the design", ha="center")
    for ax, metric in zip(axes, metrics, strict=False):
        part = table[table["metric"] == metric]
        x = np.arange(len(part))
        ax.bar(x - 0.2, part["S1"], 0.4, yerr=part["S1_conf"], capsize=3, label="first order")
        ax.bar(x + 0.2, part["ST"], 0.4, yerr=part["ST_conf"], capsize=3, label="total order")
        names = [".".join(p.split(".")[-2:]) for p in part["parameter"]]
        ax.set_xticks(x, names, fontsize=7, rotation=15)
        ax.set_title(metric, fontsize=9)
        values = part[["S1", "ST"]].to_numpy()
        ax.set_ylim(min(0.0, float(values.min()) - 0.05), max(1.05, float(values.max()) + 0.05))
        ax.legend(fontsize=7)
    save(fig, path)
