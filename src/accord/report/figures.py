"""The report's figures, drawn with matplotlib on explicit Figure objects and returned as
SVG bytes (vector: legible at 800 px and when zoomed).

Each figure answers one question a reader asks of a simulation: does the coalition
hold (cohesion with bands), who drifts and when (posture map), who pays (cost per
member), does it bite (pressure on the target, leakage), and what the framework did
(renewals, lapses, escalations, relief).
"""

from __future__ import annotations

import functools
import io
from collections.abc import Callable
from datetime import date
from typing import Any

import numpy as np

from accord.domain import month_start
from accord.sim.metrics import SimResult, bands

INK = "#1f2933"
BLUE = "#2563eb"
GREEN = "#15803d"
AMBER = "#d97706"
RED = "#b91c1c"
GREY = "#9aa5b1"


RC: dict[str, Any] = {
    "font.size": 10,
    "axes.spines.top": False,
    "axes.spines.right": False,
    "axes.edgecolor": GREY,
    "axes.labelcolor": INK,
    "xtick.color": INK,
    "ytick.color": INK,
    "axes.titleweight": "bold",
    "axes.titlesize": 11,
    "axes.titlelocation": "left",
    "svg.fonttype": "none",  # text stays text: crisp and searchable at any width
    "svg.hashsalt": "accord",  # ids from a fixed salt: the same seed gives the same page
}

Drawing = Callable[..., Any]


def styled(draw: Drawing) -> Callable[..., bytes]:
    """Draw inside the report's style (a local ``rc_context``: no global state, no
    backend switch) and return the figure as SVG bytes."""

    @functools.wraps(draw)
    def wrapper(*args: Any, **kwargs: Any) -> bytes:
        import matplotlib

        with matplotlib.rc_context(RC):  # type: ignore[arg-type]
            fig = draw(*args, **kwargs)
            buf = io.BytesIO()
            fig.tight_layout()
            fig.savefig(buf, format="svg", metadata={"Date": None, "Creator": None})
        return buf.getvalue()

    return wrapper


def _figure(width: float, height: float) -> tuple[Any, Any]:
    """An explicit Figure (no pyplot, so no backend is chosen or switched)."""
    from matplotlib.figure import Figure

    # drawn at about three quarters of the nominal width, so that the text, shown at an
    # 800 px page's width, is about its nominal size
    fig = Figure(figsize=(width * 0.75, height * 0.9), dpi=110)
    return fig, fig.subplots()


def _legend_of_both(ax: Any, ax2: Any, loc: str, ncol: int) -> None:
    """One legend for a chart with two y axes: every series named."""
    handles, labels = ax.get_legend_handles_labels()
    more, more_labels = ax2.get_legend_handles_labels()
    ax.legend(handles + more, labels + more_labels, loc=loc, frameon=False, fontsize=9, ncol=ncol)


def _dates(start: date, months: int) -> list[date]:
    return [month_start(start, t) if t else start for t in range(months)]


def _band_plot(ax, x, series, color: str, label: str) -> None:  # type: ignore[no-untyped-def]
    b = bands(series, axis=1)
    ax.fill_between(x, b["p05"], b["p95"], color=color, alpha=0.15, lw=0, label="5-95 % of runs")
    ax.fill_between(x, b["p25"], b["p75"], color=color, alpha=0.3, lw=0, label="25-75 %")
    ax.plot(x, b["p50"], color=color, lw=2, label=f"{label} (median)")


@styled
def cohesion(res: SimResult, start: date) -> Any:
    fig, ax = _figure(10, 3.6)
    x = _dates(start, res.months)
    _band_plot(ax, x, res.series["cohesion"], BLUE, "cohesion")
    ax.axhline(res.fracture_threshold, color=RED, lw=1, ls="--", label="fracture threshold")
    ax.set_ylim(min(0.5, float(np.nanmin(res.series["cohesion"]))) - 0.02, 1.01)
    ax.set_ylabel("share of coalition weight\nmatching the lead")
    ax.set_title("Cohesion over time")
    ax.legend(loc="lower left", frameon=False, ncol=2, fontsize=9)
    return fig


@styled
def posture_map(res: SimResult, start: date) -> Any:
    from matplotlib.colors import LinearSegmentedColormap

    share = res.member_posture  # [T, M, 3]
    score = share[:, :, 1] * 0.5 + share[:, :, 2]  # 0 mimic ... 1 resist
    order = np.argsort(score.mean(axis=0))[::-1]
    m = len(res.members)
    fig, ax = _figure(10, max(3.0, 0.2 * m + 1.2))
    cmap = LinearSegmentedColormap.from_list("posture", [GREEN, "#fde68a", RED])
    im = ax.imshow(
        score[:, order].T, aspect="auto", cmap=cmap, vmin=0, vmax=0.5, interpolation="nearest"
    )
    ax.set_yticks(range(m), [res.members[i] for i in order], fontsize=8)
    ticks = list(range(0, res.months, 6))
    ax.set_xticks(
        ticks, [f"{month_start(start, t):%Y-%m}" if t else f"{start:%Y-%m}" for t in ticks]
    )
    ax.tick_params(axis="x", labelrotation=45, labelsize=9)
    ax.set_title(
        "Posture map: members x months\n(mean over runs and measures; most drifting on top)"
    )
    bar = fig.colorbar(im, ax=ax, fraction=0.025, pad=0.01)
    bar.set_ticks([0, 0.25, 0.5], labels=["mimic", "adjust", "resist ≥"])
    return fig


@styled
def member_costs(res: SimResult) -> Any:
    b = bands(res.member_cost / res.months, axis=0)
    order = np.argsort(b["mean"])
    m = len(res.members)
    fig, ax = _figure(10, max(3.0, 0.2 * m + 1.0))
    y = np.arange(m)
    mean = b["mean"][order]
    ax.barh(y, mean, color=AMBER, height=0.7)
    err = np.vstack([mean - b["p05"][order], b["p95"][order] - mean])
    ax.errorbar(mean, y, xerr=np.clip(err, 0, None), fmt="none", ecolor=INK, lw=0.8, capsize=2)
    ax.set_yticks(y, [res.members[i] for i in order], fontsize=8)
    ax.set_xlabel("average loss, % of own output (bars: mean; whiskers: 5-95 % of runs)")
    ax.set_title("Who pays: cost per member")
    return fig


@styled
def target_pressure(res: SimResult, start: date) -> Any:
    fig, ax = _figure(10, 3.4)
    x = _dates(start, res.months)
    _band_plot(ax, x, res.series["target_pressure"], RED, "loss of the target")
    ax.set_ylabel("% of the target's output")
    ax2 = ax.twinx()
    ax2.plot(
        x,
        bands(res.series["leakage"], axis=1)["mean"],
        color=GREY,
        lw=1.5,
        ls="--",
        label="leakage (mean, right axis)",
    )
    ax2.set_ylabel("leakage: share rerouted", color=GREY)
    ax2.set_ylim(0, 1)
    ax2.spines["right"].set_visible(True)
    ax.set_title("Pressure on the target, net of leakage")
    _legend_of_both(ax, ax2, "upper left", 2)
    return fig


@styled
def events(res: SimResult, start: date) -> Any:
    fig, ax = _figure(10, 3.2)
    x = np.arange(res.months)
    renewed = res.series["renewals"].mean(axis=1)
    lapsed = res.series["lapses"].mean(axis=1)
    escal = res.series["escalations"].mean(axis=1)
    ax.bar(x, renewed, color=GREEN, label="renewals (measures per run)")
    ax.bar(x, lapsed, bottom=renewed, color=RED, label="lapses")
    ax.bar(x, escal, bottom=renewed + lapsed, color=AMBER, label="escalations")
    ax.set_ylabel("events per run")
    ax2 = ax.twinx()
    ax2.plot(
        x,
        res.series["relief_in_force"].mean(axis=1),
        color=BLUE,
        lw=2,
        label="relief in force (share of runs, right axis)",
    )
    ax2.set_ylim(0, 1)
    ax2.set_ylabel("share of runs with relief in force", color=BLUE)
    ax2.spines["right"].set_visible(True)
    ticks = list(range(0, res.months, 6))
    ax.set_xticks(
        ticks, [f"{month_start(start, t):%Y-%m}" if t else f"{start:%Y-%m}" for t in ticks]
    )
    ax.tick_params(axis="x", labelrotation=45, labelsize=9)
    ax.set_title("What the framework did: renewals, lapses, escalations, relief")
    _legend_of_both(ax, ax2, "upper left", 2)
    return fig


@styled
def posture_shares(res: SimResult, start: date) -> Any:
    fig, ax = _figure(10, 2.8)
    x = _dates(start, res.months)
    shares = [res.series[f"share_{p}"].mean(axis=1) for p in ("mimic", "adjust", "resist")]
    ax.stackplot(x, *shares, colors=[GREEN, "#fbbf24", RED], labels=["mimic", "adjust", "resist"])
    ax.set_ylim(0, 1)
    ax.set_ylabel("share of member x measure\npairs in force")
    ax.set_title("Postures over time (mean over runs)")
    ax.legend(loc="lower left", frameon=False, ncol=3, fontsize=9)
    return fig
