"""Compare designs, sweep parameters and measure sensitivity from Python.

These are the experiment commands (``accord compare``, ``sweep``, ``sensitivity``)
without files: the same evaluator, the same run blocks and seeds (common random
numbers: run ``i`` of every design meets the same shocks), the same tables, returned as
pandas DataFrames. ``workers=1`` computes in this process; ``None`` uses every core.
``fitted`` (``"posterior"``, ``"point"`` or ``"defaults"``) and ``posterior`` (a file;
default the shipped one) choose the fitted parameters as ``--parameters`` and
``--posterior`` do; every design takes the same draws, run for run, and each
table's ``attrs["parameters"]`` records what was used.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from accord.domain import Regime
from accord.errors import InvalidArgument
from accord.study.regimes import load

if TYPE_CHECKING:
    import pandas as pd

    from accord.experiments.contract import Design
    from accord.experiments.params import ParamRange
    from accord.sim.parameters import ParameterChoice

EVALUATOR = "accord.experiments.simulator:SIMULATOR"
Range = tuple[float, float] | tuple[float, float, int]
"""A parameter's range: ``(low, high)``, or ``(low, high, steps)`` for a grid."""


def compare(
    *regimes: Regime | str | Path,
    runs: int = 1000,
    seed: int = 0,
    months: int | None = None,
    labels: Sequence[str] | None = None,
    confidence: float = 0.95,
    workers: int | None = 1,
    fitted: str = "posterior",
    posterior: str | Path | None = None,
) -> pd.DataFrame:
    """Paired differences of every metric of each design from the first, on common
    random numbers: one row per (design, metric) with the design's ``mean``, its mean
    paired ``difference`` from the first design and the ``ci_low``/``ci_high`` interval
    at ``confidence`` (Student's t on the paired differences).

    ``months`` defaults to each design's horizon; ``labels`` to the regimes' names.
    """
    from accord.experiments.compare import paired_differences
    from accord.experiments.simulator import METRICS

    if not regimes:
        raise InvalidArgument("compare needs at least one regime")
    if not 0.0 < confidence < 1.0:
        raise InvalidArgument(f"confidence must be in (0, 1), got {confidence}")
    chosen = _choice(fitted, posterior)
    designs = [_design(r, chosen) for r in regimes]
    names = list(labels) if labels is not None else [d.regime.name for d in designs]
    if len(names) != len(designs):
        raise InvalidArgument(f"{len(names)} labels for {len(designs)} regimes")
    names = [f"{n}#{i}" if names.count(n) > 1 else n for i, n in enumerate(names)]
    table = _run("compare", designs, runs, seed, months, workers)
    return _recorded(paired_differences(table, names, METRICS, confidence), table)


def sweep(
    regime: Regime | str | Path,
    parameters: Mapping[str, Range],
    runs: int = 200,
    seed: int = 0,
    months: int | None = None,
    design: str = "lhs",
    points: int = 32,
    workers: int | None = 1,
    fitted: str = "posterior",
    posterior: str | Path | None = None,
) -> pd.DataFrame:
    """Mean metrics at each point of a Latin-hypercube (``design="lhs"``, ``points``
    points) or full-factorial (``"grid"``) design over ``parameters``: one row per point
    with its parameter values, each metric's mean over the runs where it is defined,
    ``<metric>_se`` and ``<metric>_defined`` (e.g. the share of runs that fracture)."""
    from accord.experiments import designs as design_mod
    from accord.experiments.params import designs_at
    from accord.experiments.simulator import METRICS
    from accord.experiments.sweep import point_summary

    base, ranges = _ranges(regime, parameters, _choice(fitted, posterior))
    matrix = design_mod.sweep_points(design, ranges, points, seed)
    table = _run("sweep", designs_at(base, ranges, matrix), runs, seed, months, workers)
    return _recorded(point_summary(table, ranges, matrix, METRICS), table)


def sensitivity(
    regime: Regime | str | Path,
    parameters: Mapping[str, tuple[float, float]],
    runs: int = 100,
    seed: int = 0,
    months: int | None = None,
    samples: int = 64,
    workers: int | None = 1,
    fitted: str = "posterior",
    posterior: str | Path | None = None,
) -> pd.DataFrame:
    """First- and total-order Sobol indices (``S1``, ``ST`` with their ``_conf``
    half-widths) of every metric to ``parameters``, on Saltelli's design of
    ``samples x (parameters + 2)`` points (``samples`` a power of two). Metrics without
    indices (undefined somewhere, or constant) are listed in ``.attrs["skipped"]``.
    Needs ``accord[experiments]`` (SALib)."""
    from accord.experiments import designs as design_mod
    from accord.experiments.params import designs_at
    from accord.experiments.sensitivity import indices_table
    from accord.experiments.simulator import METRICS
    from accord.experiments.sweep import point_summary
    from accord.extras import require

    require("experiments", "accord.sensitivity")
    base, ranges = _ranges(regime, parameters, _choice(fitted, posterior))
    matrix = design_mod.saltelli(ranges, samples, seed)
    table = _run("sensitivity", designs_at(base, ranges, matrix), runs, seed, months, workers)
    points = point_summary(table, ranges, matrix, METRICS)
    indices, skipped = indices_table(points, ranges, METRICS, seed)
    indices.attrs["skipped"] = skipped
    return _recorded(indices, table)


def _choice(fitted: str, posterior: str | Path | None) -> ParameterChoice:
    from accord.sim.parameters import ParameterChoice

    return ParameterChoice.parse(fitted, None if posterior is None else Path(posterior))


def _design(regime: Regime | str | Path, chosen: ParameterChoice) -> Design:
    from accord.experiments.contract import Design

    return Design(regime=load(regime), parameters=chosen)


def _recorded(result: pd.DataFrame, runs: pd.DataFrame) -> pd.DataFrame:
    """``result`` with ``attrs["parameters"]``: which fitted parameters the runs used."""
    result.attrs["parameters"] = runs.attrs["parameters"]
    return result


def _ranges(
    regime: Regime | str | Path, parameters: Mapping[str, Range], chosen: ParameterChoice
) -> tuple[Design, list[ParamRange]]:
    """The base design and the parameter ranges, checked on it (both ends valid)."""
    from accord.experiments.params import check_params, parse_param

    base = _design(regime, chosen)
    specs = []
    for path, bounds in parameters.items():
        if not isinstance(bounds, tuple | list) or len(bounds) not in (2, 3):
            raise InvalidArgument(
                f"parameter {path!r}: expected (low, high) or (low, high, steps), got {bounds!r}",
                [{"loc": path, "msg": f"got {bounds!r}", "expected": "(low, high[, steps])"}],
            )
        ends = [repr(float(b)) for b in bounds[:2]] + [str(int(b)) for b in bounds[2:]]
        specs.append(parse_param(f"{path}=" + ":".join(ends)))
    return base, check_params(base, specs)


def _run(
    kind: str,
    designs: Sequence[Design],
    runs: int,
    seed: int,
    months: int | None,
    workers: int | None,
) -> pd.DataFrame:
    from accord.experiments.commands import parameters_used
    from accord.experiments.runner import Experiment, run_in_memory

    horizons = [months if months is not None else d.regime.horizon_months for d in designs]
    experiment = Experiment(kind, EVALUATOR, designs, runs, horizons, seed)
    table = run_in_memory(experiment, workers=workers)
    table.attrs["parameters"] = parameters_used(experiment).to_dict()
    return table


__all__ = ["compare", "sensitivity", "sweep"]
