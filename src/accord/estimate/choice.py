"""Stochastic choice: an ordered logit over mimic / adjust / resist at a case's decision.

The simulator's decision model turns a member's propensity into a level through a
clipped line; observed histories need a likelihood, so the observation model makes
the same propensity stochastic. For economy i in a case with lead L and target T,

    eta_i = lambda * (a_i - a_ref),
    a_i   = k(i, L) - k(i, T),
    k(i, j) = (w_s s_ij + w_b b_ij + w_u u_ij) / (w_s + w_b + w_u)   (known ties only),

which is the engine's affinity term (``accord.covariates.affinity``, Setting.affinity)
with the same parameters ``affinity.weight``, ``affinity.reference``,
``affinity.security``, ``affinity.bloc``, ``affinity.un_voting``. With logistic
noise on the propensity (McKelvey & Zavoina 1975, J. Math. Sociology 4(1),
doi:10.1080/0022250X.1975.9989847; Train 2009, *Discrete Choice Methods with
Simulation*, ch. 7) and cut-points -c < +c,

    P(resist) = F(-c - eta),  P(mimic) = 1 - F(c - eta),  P(adjust) = the rest,

with F the logistic CDF. Every function takes ``theta[..., P]`` with any leading
shape, so all of an ensemble's walkers (or all posterior draws) are evaluated in one
array operation.
"""

from __future__ import annotations

import numpy as np
import numpy.typing as npt
from scipy.special import expit

from accord.estimate.priors import index
from accord.estimate.rows import Rows

F64 = npt.NDArray[np.float64]
_FLOOR = 1e-12


def _closeness(ties: F64, weights: F64) -> F64:
    """[..., n] weighted mean of the known ties; ``ties[n, 3]``, ``weights[..., 3]``."""
    known = ~np.isnan(ties)
    filled = np.nan_to_num(ties)
    num = np.einsum("...j,nj->...n", weights, filled)
    den = np.einsum("...j,nj->...n", weights, known.astype(np.float64))
    return np.asarray(np.divide(num, np.maximum(den, _FLOOR)), dtype=np.float64)


def affinity(theta: F64, rows: Rows) -> F64:
    """[..., n] a_i of every row under the tie weights of ``theta``."""
    t = np.asarray(theta, dtype=np.float64)
    weights = t[..., [index("security_weight"), index("bloc_weight"), index("un_voting_weight")]]
    return _closeness(rows.ties[:, 0], weights) - _closeness(rows.ties[:, 1], weights)


def propensity(theta: F64, rows: Rows) -> F64:
    """[..., n] eta_i = lambda (a_i - a_ref)."""
    t = np.asarray(theta, dtype=np.float64)
    lam = t[..., index("affinity_weight"), None]
    ref = t[..., index("affinity_reference"), None]
    return np.asarray(lam * (affinity(t, rows) - ref), dtype=np.float64)


def probabilities(theta: F64, rows: Rows) -> F64:
    """[..., n, 3] P(mimic), P(adjust), P(resist) of every row."""
    t = np.asarray(theta, dtype=np.float64)
    eta = propensity(t, rows)
    band = t[..., index("adjust_band"), None]
    resist = expit(-band - eta)
    below_mimic = expit(band - eta)
    out = np.stack([1.0 - below_mimic, below_mimic - resist, resist], axis=-1)
    return np.asarray(np.clip(out, _FLOOR, 1.0), dtype=np.float64)


def log_likelihood(theta: F64, rows: Rows) -> F64:
    """[...] log P(observed postures | theta), rows independent given theta."""
    p = probabilities(theta, rows)
    picked = np.take_along_axis(p, np.broadcast_to(rows.posture[:, None], (*p.shape[:-1], 1)), -1)
    return np.asarray(np.log(picked[..., 0]).sum(axis=-1), dtype=np.float64)


def draw_postures(theta: F64, rows: Rows, rng: np.random.Generator) -> npt.NDArray[np.int64]:
    """[n] postures drawn from the model at one ``theta`` (synthetic cases for the
    simulation-based-calibration check)."""
    p = probabilities(np.asarray(theta, dtype=np.float64), rows)
    u = rng.random(len(rows))
    return np.asarray((u[:, None] > np.cumsum(p, axis=-1)).sum(axis=-1), dtype=np.int64).clip(0, 2)
