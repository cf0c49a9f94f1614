"""Experimental designs: which points of the parameter space to run.

Each design maps the unit hypercube onto the parameter ranges and returns a matrix
``[points, parameters]`` in the parameters' own units; every random choice comes from
the seed given.

- Latin hypercube: McKay, Beckman & Conover (1979), doi:10.1080/00401706.1979.10489755,
  via :class:`scipy.stats.qmc.LatinHypercube`.
- Grid: the full factorial of each parameter's ``STEPS`` evenly spaced values.
- Sobol/Saltelli: Saltelli et al. (2010), doi:10.1016/j.cpc.2009.09.018, via SALib.
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from typing import Any

import numpy as np
from numpy.typing import NDArray

from accord.errors import InvalidArgument
from accord.experiments.params import ParamRange

DEFAULT_GRID_STEPS = 5
MAX_POINTS = 1_000_000


def latin_hypercube(params: Sequence[ParamRange], points: int, seed: int) -> NDArray[np.float64]:
    """``points`` Latin-hypercube points (each parameter's range cut into ``points`` strata)."""
    from scipy.stats import qmc

    if points < 1:
        raise InvalidArgument(f"--points must be at least 1, got {points}")
    sampler = qmc.LatinHypercube(d=len(params), rng=np.random.default_rng(seed))
    unit = np.asarray(sampler.random(points), dtype=np.float64)
    return _scaled(params, unit)


def grid(params: Sequence[ParamRange]) -> NDArray[np.float64]:
    """Full factorial: every combination of each parameter's evenly spaced steps."""
    axes = []
    for p in params:
        steps = p.steps if p.steps is not None else DEFAULT_GRID_STEPS
        axis = np.linspace(p.low, p.high, steps)
        axes.append(np.unique(np.round(axis)) if p.integer else axis)
    total = int(np.prod([len(a) for a in axes]))
    if total > MAX_POINTS:
        raise InvalidArgument(f"the grid has {total} points; expected at most {MAX_POINTS}")
    return np.array(list(itertools.product(*axes)), dtype=np.float64).reshape(total, len(axes))


def sweep_points(
    design: str, params: Sequence[ParamRange], points: int, seed: int
) -> NDArray[np.float64]:
    """The points of a sweep: ``"lhs"`` (``points`` Latin-hypercube points) or ``"grid"``."""
    if design == "lhs":
        return latin_hypercube(params, points, seed)
    if design == "grid":
        return grid(params)
    raise InvalidArgument(f"--design {design!r}: expected lhs or grid")


def problem(params: Sequence[ParamRange]) -> dict[str, Any]:
    """SALib's problem description of the parameters."""
    return {
        "num_vars": len(params),
        "names": [p.path for p in params],
        "bounds": [[p.low, p.high] for p in params],
    }


def saltelli(params: Sequence[ParamRange], base_samples: int, seed: int) -> NDArray[np.float64]:
    """Saltelli's extension of the Sobol sequence: ``base_samples * (D + 2)`` points for
    first- and total-order indices. ``base_samples`` must be a power of two (the Sobol
    sequence's balance properties need it)."""
    from SALib.sample import sobol as sobol_sample

    if base_samples < 2 or base_samples & (base_samples - 1):
        raise InvalidArgument(
            f"--samples must be a power of two of at least 2 (Sobol sequence), got {base_samples}"
        )
    x = sobol_sample.sample(
        problem(params), base_samples, calc_second_order=False, scramble=True, seed=seed
    )
    matrix = np.asarray(x, dtype=np.float64)
    for j, p in enumerate(params):
        if p.integer:
            matrix[:, j] = np.round(matrix[:, j])
    return matrix


def _scaled(params: Sequence[ParamRange], unit: NDArray[np.float64]) -> NDArray[np.float64]:
    return np.column_stack([p.scale(unit[:, j]) for j, p in enumerate(params)])
