"""Distribution of lags observed only as intervals: the Turnbull estimator.

A follower's lag after a leader is known exactly (both dates printed), only from above
(the follower's entry was already on a snapshot: "listed before", left-censored), or
only from below (not yet followed when the observation ended: right-censored). The
nonparametric maximum-likelihood estimate for such interval-censored data is
Turnbull's self-consistency algorithm (Turnbull 1976, J. R. Stat. Soc. B 38(3):290-295,
https://doi.org/10.1111/j.2517-6161.1976.tb01597.x); with right censoring only it
equals the Kaplan-Meier estimate, which the tests check.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

INF = float("inf")


@dataclass(frozen=True)
class Distribution:
    """Probability mass on support points (``-inf`` and ``inf`` allowed)."""

    support: NDArray[np.float64]
    mass: NDArray[np.float64]

    def quantile(self, q: float) -> float | None:
        """Smallest support point where the CDF reaches ``q``; None if only at an infinity."""
        if self.support.size == 0:
            return None
        cdf = np.cumsum(self.mass)
        index = int(np.searchsorted(cdf, q - 1e-9))
        index = min(index, self.support.size - 1)
        value = float(self.support[index])
        return value if np.isfinite(value) else None

    def below(self, t: float) -> float:
        """Probability that the lag is strictly below ``t``."""
        return float(self.mass[self.support < t].sum())


def turnbull(
    lower: NDArray[np.float64], upper: NDArray[np.float64], iterations: int = 500, tol: float = 1e-9
) -> Distribution:
    """NPMLE of a distribution from closed intervals ``[lower_i, upper_i]``.

    Exact observations have ``lower == upper``; left-censored ``lower = -inf``;
    right-censored ``upper = inf`` (give a strict bound as ``c + 0.5`` on a day grid).
    Support points are the distinct finite upper ends plus infinity; identical intervals
    are counted once with their weight, and the EM (self-consistency) update is vectorised.
    """
    lo = np.asarray(lower, dtype=np.float64)
    hi = np.asarray(upper, dtype=np.float64)
    if lo.shape != hi.shape or np.any(lo > hi):
        raise ValueError("each interval needs lower <= upper")
    if lo.size == 0:
        return Distribution(np.empty(0), np.empty(0))
    pairs, counts = np.unique(np.stack([lo, hi], axis=1), axis=0, return_counts=True)
    lo, hi = pairs[:, 0], pairs[:, 1]
    share = counts / counts.sum()
    # support: the finite right end points, and infinity for mass no right end bounds.
    # Placing mass at right ends (not inside intervals) gives Kaplan-Meier under right
    # censoring and keeps quantiles conservative (a lag is reported no smaller than known)
    support = np.unique(np.concatenate([hi[np.isfinite(hi)], [INF]]))
    alpha = (support[None, :] >= lo[:, None]) & (support[None, :] <= hi[:, None])
    used = alpha.any(axis=0)
    support, alpha = support[used], alpha[:, used].astype(np.float64)
    mass = np.full(support.size, 1.0 / support.size)
    for _ in range(iterations):
        weights = alpha * mass[None, :]
        weights /= weights.sum(axis=1, keepdims=True)
        new = share @ weights
        if np.max(np.abs(new - mass)) < tol:
            mass = new
            break
        mass = new
    return Distribution(support, mass)
