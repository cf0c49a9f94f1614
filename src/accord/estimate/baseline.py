"""The baseline every score is set beside: a multinomial logit on the same covariates.

It sees exactly what the model's choice term sees, the pre-period ties of each economy
with the lead and the target (``Rows.ties``, read the day before each case's start),
as three differences lead minus target (security, bloc, UN voting; an unknown UN tie
is 0 with an indicator), and none of the model's structure. It is fitted with
statsmodels' ``MNLogit`` on the training rows only, with a small L1 penalty
(``fit_regularized``), because some training splits are separated (every economy with a
security tie to the lead mimicked) and an unpenalised fit would diverge.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt
import statsmodels.api as sm

from accord.estimate.rows import POSTURES, Rows

F64 = npt.NDArray[np.float64]
PENALTY = 0.5
"""L1 weight of the fit (statsmodels ``alpha``); the constant is not penalised."""


def design(rows: Rows) -> F64:
    """[n, 5] constant, the three lead-minus-target ties, and 'UN tie unknown'."""
    diff = rows.ties[:, 0] - rows.ties[:, 1]
    unknown = np.isnan(diff[:, 2])
    diff = np.nan_to_num(diff)
    return np.column_stack([np.ones(len(rows)), diff, unknown.astype(np.float64)])


@dataclass(frozen=True)
class Baseline:
    """A fitted multinomial logit: ``params[5, 2]`` against the mimic class."""

    params: F64

    def probabilities(self, rows: Rows) -> F64:
        """[n, 3] P(mimic), P(adjust), P(resist)."""
        eta = design(rows) @ self.params
        full = np.column_stack([np.zeros(len(rows)), eta])
        full -= full.max(axis=1, keepdims=True)
        p = np.exp(full)
        return np.asarray(p / p.sum(axis=1, keepdims=True), dtype=np.float64)


def fit_baseline(rows: Rows) -> Baseline:
    """Fit on ``rows`` (training rows only: the caller's split decides)."""
    present = set(rows.posture.tolist())
    if len(present) < 2:
        raise ValueError(f"the baseline needs two postures among {POSTURES}; got {present}")
    classes = sorted(present)  # MNLogit numbers the postures present, in order
    if classes[0] != 0:
        raise ValueError("the baseline needs mimic among the training postures")
    x = design(rows)
    used = _independent_columns(x)
    y = np.searchsorted(classes, rows.posture)
    fitted = _fit(x[:, used], y, len(classes))
    # Against mimic; a posture absent from the training rows gets a very low constant.
    params = np.zeros((x.shape[1], len(POSTURES) - 1))
    params[0] = -30.0
    for j, c in enumerate(classes[1:]):
        params[:, c - 1] = 0.0
        params[used, c - 1] = fitted[:, j]
    return Baseline(params=params)


def _independent_columns(x: F64) -> npt.NDArray[np.int64]:
    """Columns kept, the constant first: each one raises the rank (a column that does
    not vary, or repeats others, carries nothing and makes the fit singular; it gets
    coefficient 0)."""
    kept: list[int] = []
    for j in range(x.shape[1]):
        if np.linalg.matrix_rank(x[:, [*kept, j]]) == len(kept) + 1:
            kept.append(j)
    return np.array(kept, dtype=np.int64)


def _fit(x: F64, y: npt.NDArray[np.int64], classes: int) -> F64:
    """L1-penalised MNLogit coefficients ``[columns, classes - 1]``; a separated split
    whose fit is singular is refitted with a four times larger penalty (up to 64x)."""
    penalty = PENALTY
    for _ in range(4):
        alpha = np.full((x.shape[1], classes - 1), penalty)
        alpha[0] = 0.0
        try:
            res = sm.MNLogit(y, x).fit_regularized(method="l1", alpha=alpha, disp=0, maxiter=500)
        except np.linalg.LinAlgError:
            penalty *= 4.0
            continue
        return np.asarray(res.params, dtype=np.float64).reshape(x.shape[1], -1)
    raise ValueError("the baseline cannot be fitted on these rows (singular at every penalty)")
