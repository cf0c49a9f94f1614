"""Behavioural scalars that are one value for every run, or one value per run.

With per-run parameters (``accord.sim.per_run``) the scalars calibration varies are
``[R, 1, 1]`` arrays; these helpers let the phases write one expression for both cases,
and keep the scalar case's arithmetic exactly what it was.
"""

from __future__ import annotations

import numpy as np
import numpy.typing as npt

from accord.rules.compiled import F32

PerRun = float | npt.NDArray[np.float64]
"""A behavioural scalar: one value for every run, or one per run shaped ``[R, 1, 1]``
(``accord.sim.per_run``)."""


def for_cells(x: PerRun) -> np.float32 | F32:
    """``x`` for ``[R, N, K]`` arithmetic: a float32 scalar, or ``[R, 1, 1]``."""
    return np.float32(x) if np.ndim(x) == 0 else np.asarray(x, dtype=np.float32)


def scaled(x: F32, factor: PerRun, out: F32 | None = None) -> F32:
    """``[R, N, K]`` cells times a scalar or a per-run ``[R, 1, 1]`` factor; per run, the
    product runs over each run's N x K cells as one row (a long inner loop, where
    broadcasting over the short measures axis would be slow)."""
    if np.ndim(factor) == 0:
        return np.multiply(x, np.float32(factor), out=out)
    if not x.flags.c_contiguous or (out is not None and not out.flags.c_contiguous):
        return np.multiply(x, np.asarray(factor, dtype=np.float32), out=out)
    runs = x.shape[0]
    rows = np.asarray(factor, dtype=np.float32).reshape(runs, 1)
    flat = None if out is None else out.reshape(runs, -1)
    return np.multiply(x.reshape(runs, -1), rows, out=flat).reshape(x.shape)


def for_deciders(x: PerRun) -> np.float32 | F32:
    """``x`` for ``[R, N]`` arithmetic: a float32 scalar, or ``[R, 1]``."""
    return np.float32(x) if np.ndim(x) == 0 else np.asarray(x, dtype=np.float32)[:, :, 0]


def by_run(x: F32) -> F32:
    """A per-decider constant as ``[1, N]`` (one for every run) or ``[R, N]`` (per run)."""
    return x[None, :] if x.ndim == 1 else x
