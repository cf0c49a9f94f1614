"""Scores of posture probabilities against observed postures, and adoption-lag curves.

Every score takes ``probabilities[n, 3]`` (mimic, adjust, resist) and the observed
class of each row, so the model and the baseline are scored by the same code:

- agreement: share of rows whose most likely posture is the observed one;
- Brier score: mean over rows of sum_k (p_k - 1[y = k])^2 (Brier 1950, Monthly Weather
  Review 78(1)); 0 is perfect, 2 the worst, 2/3 a uniform guess;
- log score: mean log p_y (Good 1952), higher is better;
- recall of adjust: share of the observed *adjust* rows predicted *adjust*.

Adoption lags are compared with the Kaplan-Meier estimate (statsmodels
``SurvfuncRight``) of the observed days from the lead's adoption to the economy's,
never-adopted rows censored at the case's end: its survival at 92 days (the posture
rule's late threshold) and at the end are set beside the model's 1 - P(mimic) and
P(resist), the two points of the lag distribution a posture model implies.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt
from statsmodels.duration.survfunc import SurvfuncRight

from accord.estimate.case import LATE_AFTER_DAYS

F64 = npt.NDArray[np.float64]
I64 = npt.NDArray[np.int64]


def brier_rows(p: F64, y: I64) -> F64:
    """[n] each row's Brier score."""
    onehot = np.eye(3)[y]
    return np.asarray(((p - onehot) ** 2).sum(axis=1), dtype=np.float64)


@dataclass(frozen=True)
class Scores:
    """The four posture scores of one set of predictions."""

    rows: int
    agreement: float
    brier: float
    log_score: float
    recall_adjust: float  # NaN when no row was observed adjust

    @classmethod
    def of(cls, p: F64, y: I64) -> Scores:
        if len(y) == 0:
            nan = float("nan")
            return cls(0, nan, nan, nan, nan)
        guess = p.argmax(axis=1)
        adjust = y == 1
        recall = float((guess[adjust] == 1).mean()) if adjust.any() else float("nan")
        return cls(
            rows=len(y),
            agreement=float((guess == y).mean()),
            brier=float(brier_rows(p, y).mean()),
            log_score=float(np.log(np.clip(p[np.arange(len(y)), y], 1e-12, 1.0)).mean()),
            recall_adjust=recall,
        )


@dataclass(frozen=True)
class LagCurve:
    """Observed Kaplan-Meier survival (not yet adopted) at 92 days and at the end."""

    at_late: float
    at_end: float
    adopted: int
    censored: int


def kaplan_meier(lag_days: F64, window_days: F64) -> LagCurve | None:
    """The observed lag curve; None when there is no row to estimate it from."""
    if len(lag_days) == 0:
        return None
    adopted = ~np.isnan(lag_days)
    time = np.where(adopted, lag_days, window_days)
    time = np.maximum(time, 0.5)  # same-day adoption: an event just after the lead's
    km = SurvfuncRight(time, adopted.astype(int))
    end = float(np.max(window_days))
    return LagCurve(
        at_late=_survival_at(km, LATE_AFTER_DAYS),
        at_end=_survival_at(km, end),
        adopted=int(adopted.sum()),
        censored=int((~adopted).sum()),
    )


def _survival_at(km: SurvfuncRight, day: float) -> float:
    times = np.asarray(km.surv_times)
    probs = np.asarray(km.surv_prob)
    before = times <= day
    return float(probs[before][-1]) if before.any() else 1.0


def implied_lags(p: F64) -> tuple[float, float]:
    """(share not adopted by 92 days, share never adopted) a posture model implies."""
    return float(1.0 - p[:, 0].mean()), float(p[:, 2].mean())
