"""Scenario discovery: which parameter ranges lead to fracture within N months.

PRIM (Friedman & Fisher 1999, doi:10.1023/A:1008894516817), as implemented by the EMA
workbench (Kwakkel 2017, doi:10.1016/j.envsoft.2017.06.054), peels the parameter space
down to boxes where the case of interest (a run that fractures within N months) is
dense. Every run is one case, with its design point's parameter values, so a box's
*density* is the share of runs inside it that fracture and its *coverage* the share of
all fracturing runs it holds. Of a box's peeling trajectory we keep the step with the
highest coverage among those whose density reaches the threshold.
"""

from __future__ import annotations

import logging
import warnings
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np
from numpy.typing import NDArray

from accord.experiments.params import ParamRange

if TYPE_CHECKING:
    import pandas as pd

DEFAULT_THRESHOLD = 0.8


@dataclass(frozen=True)
class Boxes:
    """PRIM's result: box limits (one row per box and parameter), every box's peeling
    trajectory, and a note when nothing could be described."""

    limits: pd.DataFrame
    trajectory: pd.DataFrame
    note: str = ""


def cases(
    runs: pd.DataFrame,
    params: Sequence[ParamRange],
    matrix: NDArray[np.float64],
    metric: str,
    within: float,
) -> tuple[pd.DataFrame, NDArray[np.bool_]]:
    """Each run's parameter values and whether ``metric`` (a time) is at most ``within``."""
    import pandas as pd

    points = runs["point"].to_numpy()
    x = pd.DataFrame({p.path: matrix[points, j] for j, p in enumerate(params)})
    values = runs[metric].to_numpy(dtype=np.float64)
    return x, np.isfinite(values) & (values <= within)


def find_boxes(
    x: pd.DataFrame, y: NDArray[np.bool_], threshold: float = DEFAULT_THRESHOLD, boxes: int = 1
) -> Boxes:
    """Up to ``boxes`` PRIM boxes whose density reaches ``threshold``."""
    import pandas as pd

    limit_cols = ["box", "parameter", "low", "high", "coverage", "density", "mass", "restricted"]
    empty = pd.DataFrame(columns=limit_cols)
    hits = int(y.sum())
    if hits == 0:
        return Boxes(empty, pd.DataFrame(), "no run fractured: there is nothing to describe")
    if hits == len(y):
        return Boxes(empty, pd.DataFrame(), "every run fractured: no parameter range avoids it")
    prim = _prim_module()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # pandas deprecations inside the workbench
        search = prim.Prim(x, y.astype(int), threshold=threshold, peel_alpha=0.05, mass_min=0.05)
    limits: list[dict[str, Any]] = []
    trajectories = []
    for number in range(boxes):
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # pandas deprecations inside the workbench
            box = search.find_box()
        if box is None:
            break
        trajectory = box.peeling_trajectory.copy()
        trajectory.insert(0, "box", number)
        trajectories.append(trajectory)
        # A box must restrict some parameter: when the share of fracturing runs already
        # reaches the threshold, the whole space would qualify and say nothing.
        good = trajectory[(trajectory["density"] >= threshold) & (trajectory["res_dim"] > 0)]
        if good.empty:
            break
        best = good.sort_values(["coverage", "density"], ascending=False).index[0]
        box.select(int(best))
        chosen = trajectory.loc[best]
        lims = box.box_lims[int(best)]
        for name in x.columns:
            low, high = float(lims[name].iloc[0]), float(lims[name].iloc[1])
            limits.append(
                {
                    "box": number,
                    "parameter": name,
                    "low": low,
                    "high": high,
                    "coverage": float(chosen["coverage"]),
                    "density": float(chosen["density"]),
                    "mass": float(chosen["mass"]),
                    "restricted": bool(low > x[name].min() or high < x[name].max()),
                }
            )
    trajectory_table = (
        pd.concat(trajectories, ignore_index=True) if trajectories else pd.DataFrame()
    )
    note = "" if limits else f"no box reaches a density of {threshold:g}"
    if y.mean() >= threshold:
        note = (
            f"{y.mean():.1%} of all runs fracture, above the density threshold {threshold:g}: "
            "raise --threshold to find where fracture is more likely than on average"
        )
    return Boxes(pd.DataFrame(limits, columns=limit_cols), trajectory_table, note)


def _prim_module() -> Any:
    """ema_workbench's PRIM, imported quietly (it warns about optional parallel back-ends
    it does not need here and logs every peel)."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        from ema_workbench.analysis import prim
    logging.getLogger("EMA").setLevel(logging.WARNING)
    return prim


def plot(found: Boxes, params: Sequence[ParamRange], path: Path, title: str) -> None:
    """Peeling trajectory (coverage against density) and the chosen box's limits, drawn
    within each parameter's range."""
    from accord.experiments.plots import figure, save

    fig, (trade, lims) = figure(2, title=title, columns=2)
    if found.trajectory.empty:
        trade.text(0.5, 0.5, found.note or "no trajectory", ha="center", wrap=True)
    else:
        for number, part in found.trajectory.groupby("box"):
            trade.plot(part["coverage"], part["density"], marker=".", label=f"box {number}")
        chosen = found.limits.drop_duplicates("box")
        trade.scatter(
            chosen["coverage"],
            chosen["density"],
            s=80,
            facecolors="none",
            edgecolors="red",
            label="chosen",
        )
        trade.set_xlabel("coverage")
        trade.set_ylabel("density")
        trade.legend(fontsize=7)
    y = np.arange(len(params))
    first = found.limits[found.limits["box"] == 0] if not found.limits.empty else found.limits
    for j, p in enumerate(params):
        lims.plot([0, 1], [j, j], color="lightgrey", lw=6)
        row = first[first["parameter"] == p.path]
        if not row.empty:
            lo = (float(row["low"].iloc[0]) - p.low) / (p.high - p.low)
            hi = (float(row["high"].iloc[0]) - p.low) / (p.high - p.low)
            lims.plot([lo, hi], [j, j], color="tab:red", lw=6)
            lims.text(
                hi, j + 0.2, f"{row['low'].iloc[0]:.3g} to {row['high'].iloc[0]:.3g}", fontsize=7
            )
    lims.set_yticks(y, [p.path for p in params], fontsize=8)
    lims.set_xlim(-0.02, 1.15)
    lims.set_xlabel("share of the parameter's range")
    lims.set_title("box 0 limits", fontsize=9)
    save(fig, path)
