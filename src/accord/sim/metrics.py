"""Metrics of a simulation, per run, and their uncertainty bands across runs.

A :class:`Recorder` is a month hook: it keeps one number per run and month for each
time series (cohesion, pressure on the target, leakage, quiet non-compliance, posture
shares, events) and the members' cumulative losses. :class:`SimResult` derives the
per-run metrics (time to fracture, time to relief, cost Gini) and :func:`bands`
summarises any of them across runs (mean and 5/25/50/75/95th percentiles).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from accord.rules.cohesion import over_due
from accord.rules.compiled import F32
from accord.sim.engine import Month
from accord.sim.setting import Setting

F64 = npt.NDArray[np.float64]
QUANTILES = (0.05, 0.25, 0.5, 0.75, 0.95)

SERIES = (
    "cohesion",
    "alignment",
    "target_pressure",
    "leakage",
    "quiet_noncompliance",
    "share_mimic",
    "share_adjust",
    "share_resist",
    "renewals",
    "lapses",
    "relief_in_force",
    "escalations",
    "concessions",
)
"""Time series kept per run and month, in this order."""


class Recorder:
    """Month hook that keeps the metrics of every run.

    ``cohesion`` and ``alignment`` are :mod:`accord.rules.cohesion`'s: the weighted share
    of the due measures mimicked, and of the referenced level implemented (a finer measure
    of the same thing that moves before postures flip).
    """

    def __init__(self, st: Setting, runs: int, months: int) -> None:
        m = st.shape[0]
        self.weight = st.weight
        self.series = np.zeros((len(SERIES), months, runs), dtype=np.float32)
        self.member_cost = np.zeros((runs, m), dtype=np.float64)
        self.member_posture = np.zeros((months, m, 3), dtype=np.float32)
        self.review = np.zeros(months, dtype=bool)

    def __call__(self, mo: Month) -> None:
        t = mo.t
        runs, _, k = mo.posture.shape
        positive = mo.reference > 0
        mimic = mo.posture == 0
        resist = mo.posture == 2
        n_mimic, n_resist = count_true(mimic), count_true(resist)  # [R, M]
        due, mimic_due = count_true(positive), count_true(mimic & positive)  # [R, M]
        n = due.sum(axis=1)
        in_force_mimic = mimic_due.sum(axis=1)
        in_force_resist = count_true(resist & positive).sum(axis=1)
        safe = np.maximum(n, 1)
        share_mimic = np.where(n > 0, in_force_mimic / safe, 1.0)
        share_resist = np.where(n > 0, in_force_resist / safe, 0.0)
        # level / reference where something is due, 0 where nothing is (the level is 0).
        ratio = np.maximum(mo.reference, np.float32(1e-30))
        np.divide(mo.level, ratio, out=ratio)
        np.minimum(ratio, 1.0, out=ratio)
        values = (
            over_due(mimic_due, due, self.weight),
            over_due(ratio.sum(axis=-1), due, self.weight),
            mo.target_pressure,
            mo.leakage,
            mo.quiet,
            share_mimic,
            1.0 - share_mimic - share_resist,
            share_resist,
            mo.renewed,
            mo.lapsed,
            mo.relief,
            mo.escalated,
            mo.conceded,
        )
        for i, v in enumerate(values):
            self.series[i, t] = v
        self.member_cost += mo.loss
        scale = 1.0 / (runs * k)
        self.member_posture[t, :, 0] = n_mimic.sum(axis=0) * scale
        self.member_posture[t, :, 2] = n_resist.sum(axis=0) * scale
        self.member_posture[t, :, 1] = (
            1.0 - self.member_posture[t, :, 0] - self.member_posture[t, :, 2]
        )
        self.review[t] = mo.review


def count_true(flags: npt.NDArray[np.bool_]) -> npt.NDArray[np.int64]:
    """[R, M] number of True flags along the last axis. The K flags of a member are K
    contiguous bytes: read as wider integers, one bit count gives the sum (much faster
    than a sum over a short last axis)."""
    b = np.ascontiguousarray(flags)
    k = b.shape[-1]
    width = next(n for n in (8, 4, 2, 1) if k % n == 0)
    counts = np.bitwise_count(b.view(f"u{width}"))
    return np.asarray(counts.sum(axis=-1, dtype=np.int64))


def first_month(flags: npt.NDArray[np.bool_]) -> F64:
    """[R] first month (axis 0) a flag is set, NaN where it never is."""
    hit = flags.any(axis=0)
    return np.where(hit, flags.argmax(axis=0), np.nan).astype(np.float64)


def gini(x: F64) -> F64:
    """Gini coefficient along the last axis (0: equal; towards 1: concentrated)."""
    s = np.sort(np.maximum(x, 0.0), axis=-1)
    n = s.shape[-1]
    total = s.sum(axis=-1)
    ranks = np.arange(1, n + 1)
    num = ((2 * ranks - n - 1) * s).sum(axis=-1)
    out: F64 = np.divide(num, n * total, out=np.zeros_like(total), where=total > 0)
    return out


@dataclass(frozen=True)
class SimResult:
    """Everything a simulation measured; ``series[name]`` is ``[months, runs]``."""

    members: tuple[str, ...]
    measures: tuple[str, ...]
    months: int
    runs: int
    fracture_threshold: float
    series: dict[str, F32]
    member_cost: F64  # [R, M] cumulative net loss, % of output-months
    member_posture: F32  # [T, M, 3] share of runs x measures in each posture
    review: npt.NDArray[np.bool_]  # [T]

    @classmethod
    def from_recorder(cls, st: Setting, rec: Recorder) -> SimResult:
        months, runs = rec.series.shape[1:]
        return cls(
            members=st.cr.members,
            measures=st.cr.measures,
            months=int(months),
            runs=int(runs),
            fracture_threshold=st.fracture_threshold,
            series={name: rec.series[i] for i, name in enumerate(SERIES)},
            member_cost=rec.member_cost,
            member_posture=rec.member_posture,
            review=rec.review,
        )

    @property
    def time_to_fracture(self) -> F64:
        """[R] first month cohesion falls below the fracture threshold (NaN: never)."""
        return first_month(self.series["cohesion"] < self.fracture_threshold)

    @property
    def time_to_relief(self) -> F64:
        """[R] first month some relief is in force (NaN: never)."""
        return first_month(self.series["relief_in_force"] > 0)

    @property
    def cost_gini(self) -> F64:
        """[R] Gini of the members' cumulative losses (as % of their own output)."""
        return gini(self.member_cost)

    def censored(self, times: F64) -> F64:
        """Times with 'never' counted as the horizon: a restricted mean compares designs
        without dropping the runs in which nothing happened."""
        return np.where(np.isnan(times), float(self.months), times)

    def scalars(self) -> dict[str, F64]:
        """Per-run metrics that are one number per run."""
        return {
            "time_to_fracture": self.time_to_fracture,
            "time_to_relief": self.time_to_relief,
            "cost_gini": self.cost_gini,
            "mean_cohesion": self.series["cohesion"].mean(axis=0).astype(np.float64),
            "total_lapses": self.series["lapses"].sum(axis=0).astype(np.float64),
        }


def bands(values: npt.NDArray[np.floating], axis: int = -1) -> dict[str, F64]:
    """Mean and quantiles across runs (``axis``), ignoring NaN; ``defined`` is the share of
    runs with a value (e.g. the share of runs that fracture at all)."""
    v = np.moveaxis(np.asarray(values, dtype=np.float64), axis, -1)
    ok = np.asarray(~np.isnan(v))
    any_ok = np.asarray(ok.any(axis=-1))
    filled = np.where(any_ok[..., None], v, 0.0)  # all-NaN rows: no warning, NaN below
    out: dict[str, F64] = {"defined": ok.mean(axis=-1)}
    out["mean"] = np.where(any_ok, np.nanmean(filled, axis=-1), np.nan)
    qs = np.nanquantile(filled, QUANTILES, axis=-1)
    for q, row in zip(QUANTILES, qs, strict=True):
        out[f"p{round(q * 100):02d}"] = np.where(any_ok, row, np.nan)
    return out
