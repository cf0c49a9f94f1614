"""Parquet output: every run's trajectory, and the metrics with their bands.

``trajectories.parquet`` has one row per run x month x member x measure (columns
``run, month, member, measure, level, posture``); at 10,000 runs it has hundreds of
millions of rows, so it is written a month at a time (one row group each) with compact
types: int32 run, int16 month, dictionary-encoded member, measure and posture, float32
level, zstd compression. Nothing in the files depends on the clock or the machine, so
the same seed gives byte-identical files.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np
import pyarrow as pa
import pyarrow.parquet as pq

from accord.rules import POSTURES
from accord.sim.engine import Month
from accord.sim.metrics import SimResult, bands

TRAJECTORY_SCHEMA = pa.schema(
    [
        ("run", pa.int32()),
        ("month", pa.int16()),
        ("member", pa.dictionary(pa.int16(), pa.string())),
        ("measure", pa.dictionary(pa.int16(), pa.string())),
        ("level", pa.float32()),
        ("posture", pa.dictionary(pa.int8(), pa.string())),
    ]
)

_WRITE: dict[str, Any] = {"compression": "zstd", "use_dictionary": True, "write_statistics": True}


class TrajectoryWriter:
    """Month hook that appends each month's levels and postures to a Parquet file."""

    def __init__(
        self, path: Path, runs: int, members: tuple[str, ...], measures: tuple[str, ...]
    ) -> None:
        m, k = len(members), len(measures)
        self._writer = pq.ParquetWriter(path, TRAJECTORY_SCHEMA, **_WRITE)
        self._run = pa.array(np.repeat(np.arange(runs, dtype=np.int32), m * k))
        self._member = pa.DictionaryArray.from_arrays(
            pa.array(np.tile(np.repeat(np.arange(m, dtype=np.int16), k), runs)),
            pa.array(list(members), pa.string()),
        )
        self._measure = pa.DictionaryArray.from_arrays(
            pa.array(np.tile(np.arange(k, dtype=np.int16), runs * m)),
            pa.array(list(measures), pa.string()),
        )
        self._postures = pa.array([p.value for p in POSTURES], pa.string())
        self._rows = runs * m * k

    def __call__(self, mo: Month) -> None:
        posture = pa.DictionaryArray.from_arrays(pa.array(mo.posture.reshape(-1)), self._postures)
        table = pa.Table.from_arrays(
            [
                self._run,
                pa.array(np.full(self._rows, mo.t, dtype=np.int16)),
                self._member,
                self._measure,
                pa.array(mo.level.reshape(-1)),
                posture,
            ],
            schema=TRAJECTORY_SCHEMA,
        )
        self._writer.write_table(table)

    def close(self) -> None:
        self._writer.close()


def metrics_table(res: SimResult) -> pa.Table:
    """Long table of metrics: ``metric, member, month, defined, mean, p05 ... p95``.

    Time series have a month and no member; per-run scalars neither; members' costs and
    posture shares a member (and a month for postures). ``defined`` is the share of runs
    in which the metric exists (e.g. the share of runs that fracture at all).
    """
    cols: dict[str, list[Any]] = {
        k: []
        for k in ("metric", "member", "month", "defined", "mean", "p05", "p25", "p50", "p75", "p95")
    }

    def add(metric: str, member: str | None, months: list[int | None], b: dict[str, Any]) -> None:
        n = len(months)
        cols["metric"] += [metric] * n
        cols["member"] += [member] * n
        cols["month"] += months
        for key in ("defined", "mean", "p05", "p25", "p50", "p75", "p95"):
            cols[key] += np.broadcast_to(np.asarray(b[key], dtype=np.float64), (n,)).tolist()

    months = list(range(res.months))
    for name, series in res.series.items():
        add(name, None, list(months), bands(series, axis=1))
    for name, values in res.scalars().items():
        add(name, None, [None], {k: np.atleast_1d(v) for k, v in bands(values).items()})
    member_bands = bands(res.member_cost / res.months, axis=0)
    for i, code in enumerate(res.members):
        add("member_cost", code, [None], {k: v[i : i + 1] for k, v in member_bands.items()})
    nan = np.full(res.months, np.nan)
    for j, posture in enumerate(POSTURES):
        for i, code in enumerate(res.members):
            share = res.member_posture[:, i, j].astype(np.float64)
            b = {"defined": np.ones(res.months), "mean": share}
            b.update({q: nan for q in ("p05", "p25", "p50", "p75", "p95")})
            add(f"member_{posture.value}", code, list(months), b)
    return pa.table(
        {
            "metric": pa.array(cols["metric"], pa.string()).dictionary_encode(),
            "member": pa.array(cols["member"], pa.string()).dictionary_encode(),
            "month": pa.array(cols["month"], pa.int16()),
            **{
                k: pa.array(np.asarray(cols[k], dtype=np.float32))
                for k in ("defined", "mean", "p05", "p25", "p50", "p75", "p95")
            },
        }
    )


def write_metrics(res: SimResult, path: Path) -> None:
    """Write :func:`metrics_table` to ``path``."""
    pq.write_table(metrics_table(res), path, **_WRITE)


def runs_table(res: SimResult) -> pa.Table:
    """One row per run, for analysts' own statistics.

    Months are counted from the regime's start; ``fracture_month`` and ``relief_month``
    are null in runs where it never happens. Losses are percent of output: the target's
    at the horizon and on average, and each member's average monthly loss summarised
    across members (mean, largest) with the Gini of their cumulative losses.
    """
    s = res.series
    fracture = res.time_to_fracture
    relief = res.time_to_relief
    monthly_cost = res.member_cost / res.months  # [R, M]

    def month_column(times: np.ndarray) -> pa.Array:
        return pa.array(np.nan_to_num(times, nan=-1).astype(np.int16), mask=np.isnan(times))

    columns: dict[str, pa.Array] = {
        "run": pa.array(np.arange(res.runs, dtype=np.int32)),
        "fracture_month": month_column(fracture),
        "relief_month": month_column(relief),
        "total_renewals": pa.array(s["renewals"].sum(axis=0).astype(np.int32)),
        "total_lapses": pa.array(s["lapses"].sum(axis=0).astype(np.int32)),
        "total_escalations": pa.array(s["escalations"].sum(axis=0).astype(np.int32)),
        "concessions": pa.array(s["concessions"].sum(axis=0).astype(np.int32)),
        "final_cohesion": pa.array(s["cohesion"][-1].astype(np.float32)),
        "mean_cohesion": pa.array(s["cohesion"].mean(axis=0).astype(np.float32)),
        "final_alignment": pa.array(s["alignment"][-1].astype(np.float32)),
        "final_share_resist": pa.array(s["share_resist"][-1].astype(np.float32)),
        "final_target_loss": pa.array(s["target_pressure"][-1].astype(np.float32)),
        "mean_target_loss": pa.array(s["target_pressure"].mean(axis=0).astype(np.float32)),
        "final_leakage": pa.array(s["leakage"][-1].astype(np.float32)),
        "final_quiet_noncompliance": pa.array(s["quiet_noncompliance"][-1].astype(np.float32)),
        "mean_member_cost": pa.array(monthly_cost.mean(axis=1).astype(np.float32)),
        "max_member_cost": pa.array(monthly_cost.max(axis=1).astype(np.float32)),
        "cost_gini": pa.array(res.cost_gini.astype(np.float32)),
    }
    return pa.table(columns)


def write_runs(res: SimResult, path: Path) -> None:
    """Write :func:`runs_table` to ``path``."""
    pq.write_table(runs_table(res), path, **_WRITE)
