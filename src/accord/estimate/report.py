"""The backtest's outputs: a table on the terminal, scores.json, economies.csv and a
reliability plot, written into a temporary directory and renamed into place."""

from __future__ import annotations

import csv
import json
import math
import shutil
import tempfile
from dataclasses import asdict
from pathlib import Path
from typing import Any

import numpy as np

from accord.estimate.backtest import CaseScore

SCORES = ("agreement", "brier", "log_score", "recall_adjust")
LAG_POINTS = ("not_by_92_days", "never")


def _clean(value: Any) -> Any:
    if isinstance(value, float) and math.isnan(value):
        return None
    if isinstance(value, dict):
        return {k: _clean(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_clean(v) for v in value]
    return value


def summary(score: CaseScore) -> dict[str, Any]:
    """One case's scores as plain data (no per-row arrays)."""
    out = {
        "case": score.case,
        "split": score.split,
        "model": asdict(score.model),
        "baseline": asdict(score.baseline),
        "engine": None if score.engine is None else asdict(score.engine),
        "observed_lags": None if score.observed_lags is None else asdict(score.observed_lags),
        "model_lags": {"not_by_92_days": score.model_lags[0], "never": score.model_lags[1]},
        "baseline_lags": {
            "not_by_92_days": score.baseline_lags[0],
            "never": score.baseline_lags[1],
        },
        "renewal_votes": score.renewal_votes,
        "model_renewal_record": score.model_renewal,
        "baseline_renewal_record": score.baseline_renewal,
    }
    return dict(_clean(out))


ECONOMY_COLUMNS = (
    "case",
    "split",
    "economy",
    "observed",
    "model",
    "baseline",
    "model_brier",
    "baseline_brier",
)
"""The columns of economies.csv (and of ``accord.backtest``'s economies table)."""


def economy_rows(scores: tuple[CaseScore, ...]) -> list[tuple[str | float, ...]]:
    """One row per (case, economy) in :data:`ECONOMY_COLUMNS` order: the observed and
    predicted postures (``/``-joined over the economy's measures) and both Brier scores."""
    return [
        (
            s.case,
            s.split,
            e.economy,
            e.observed,
            e.model,
            e.baseline,
            e.model_brier,
            e.baseline_brier,
        )
        for s in scores
        for e in s.economies
    ]


CASE_COLUMNS = (
    "case",
    "split",
    "rows",
    *(f"{who}_{score}" for who in ("model", "baseline") for score in SCORES),
    "engine_rows",
    *(f"engine_{score}" for score in SCORES),
    *(f"{who}_{point}" for who in ("observed", "model", "baseline") for point in LAG_POINTS),
    "renewal_votes",
    "model_renewal",
    "baseline_renewal",
)
"""The columns of ``accord.backtest``'s table of cases: scores.json flattened."""


def case_row(score: CaseScore) -> tuple[str | int | float | None, ...]:
    """One case's scores in :data:`CASE_COLUMNS` order; NaN where a score is undefined
    (no simulator, no observed lag, no unanimous renewal record)."""
    nan = float("nan")
    engine = score.engine
    lags = score.observed_lags
    return (
        score.case,
        score.split,
        score.model.rows,
        *(getattr(score.model, name) for name in SCORES),
        *(getattr(score.baseline, name) for name in SCORES),
        nan if engine is None else engine.rows,
        *(nan if engine is None else getattr(engine, name) for name in SCORES),
        *((nan, nan) if lags is None else (lags.at_late, lags.at_end)),
        *score.model_lags,
        *score.baseline_lags,
        score.renewal_votes,
        nan if score.model_renewal is None else score.model_renewal,
        nan if score.baseline_renewal is None else score.baseline_renewal,
    )


def reliability(scores: tuple[CaseScore, ...], path: Path, bins: int = 5) -> None:
    """Reliability plot of the pooled out-of-sample posture probabilities (every class):
    forecast probability against observed frequency, model and baseline."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    fig, ax = plt.subplots(figsize=(4.5, 4.5))
    edges = np.linspace(0.0, 1.0, bins + 1)
    for label, key, marker in (
        ("model", "probabilities", "o"),
        ("baseline", "baseline_probabilities", "s"),
    ):
        p = np.concatenate([getattr(s, key) for s in scores]).reshape(-1)
        y = np.concatenate([np.eye(3)[s.observed] for s in scores]).reshape(-1)
        which = np.clip(np.digitize(p, edges) - 1, 0, bins - 1)
        xs, ys = [], []
        for b in range(bins):
            inside = which == b
            if inside.any():
                xs.append(p[inside].mean())
                ys.append(y[inside].mean())
        ax.plot(xs, ys, marker=marker, label=label)
    ax.plot([0, 1], [0, 1], color="grey", linestyle=":", label="perfect")
    ax.set_xlabel("forecast probability of a posture")
    ax.set_ylabel("observed frequency")
    ax.set_title("Out-of-sample reliability (every case)")
    ax.legend()
    fig.tight_layout()
    fig.savefig(path, format="svg")
    plt.close(fig)


def write_scores(scores: tuple[CaseScore, ...], out: Path, command: str) -> None:
    """scores.json, economies.csv and reliability.svg into the new directory ``out``."""
    tmp = Path(tempfile.mkdtemp(prefix=f".{out.name}.", dir=out.resolve().parent))
    try:
        data = {"command": command, "cases": [summary(s) for s in scores]}
        (tmp / "scores.json").write_text(json.dumps(data, indent=2) + "\n")
        with (tmp / "economies.csv").open("w", newline="") as f:
            writer = csv.writer(f)
            writer.writerow(ECONOMY_COLUMNS)
            for row in economy_rows(scores):
                writer.writerow([f"{v:.4f}" if isinstance(v, float) else v for v in row])
        reliability(scores, tmp / "reliability.svg")
        tmp.chmod(0o755)
        tmp.rename(out)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise


def _f(x: float | None) -> str:
    return "-" if x is None or (isinstance(x, float) and math.isnan(x)) else f"{x:.3f}"


def print_scores(scores: tuple[CaseScore, ...]) -> None:
    """The per-case table: model | baseline for each score."""
    from rich.console import Console
    from rich.table import Table

    table = Table(
        "case",
        "split",
        "rows",
        "agreement",
        "Brier",
        "log score",
        "recall adjust",
        "renewal record",
        title="Backtest: model | baseline",
    )
    for s in scores:
        m, b = s.model, s.baseline
        table.add_row(
            s.case,
            s.split,
            str(m.rows),
            f"{_f(m.agreement)} | {_f(b.agreement)}",
            f"{_f(m.brier)} | {_f(b.brier)}",
            f"{_f(m.log_score)} | {_f(b.log_score)}",
            f"{_f(m.recall_adjust)} | {_f(b.recall_adjust)}",
            f"{_f(s.model_renewal)} | {_f(s.baseline_renewal)}",
        )
    Console(width=160).print(table)
