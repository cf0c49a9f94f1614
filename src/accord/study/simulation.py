"""Simulate a regime from Python and read the results as tables or labelled arrays.

:func:`simulate` runs the same engine, on the same cost inputs and with the same seed
handling, as ``accord run``: the same regime, runs, months and seed give the same
numbers either way. It keeps every run's implementation levels and postures in memory
(``runs x months x members x measures`` values; ask for ``trajectories=False`` when only
the metrics are wanted at very many runs).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np
import numpy.typing as npt

from accord.domain import Regime
from accord.domain.parameters import ModelParameters
from accord.errors import InvalidArgument
from accord.study.regimes import load, with_changes

if TYPE_CHECKING:
    import pandas as pd
    import xarray as xr

    from accord.report.detail import ReportDetail
    from accord.sim import Month, SimResult
    from accord.sim.parameters import ParameterChoice, ParametersUsed

MAX_RUNS = 1_000_000
MAX_MONTHS = 600
POSTURE_NAMES = ("mimic", "adjust", "resist")
"""Posture codes of the simulator (0, 1, 2) by name."""


class TrajectoryKeeper:
    """Month hook that keeps every run's levels and postures, ``[months, runs, m, k]``."""

    def __init__(self, runs: int, months: int, members: int, measures: int) -> None:
        shape = (months, runs, members, measures)
        self.level = np.zeros(shape, dtype=np.float32)
        self.posture = np.zeros(shape, dtype=np.int8)

    def __call__(self, month: Month) -> None:
        self.level[month.t] = month.level
        self.posture[month.t] = month.posture


@dataclass(frozen=True, eq=False)
class Simulation:
    """The results of :func:`simulate`: the regime simulated, the seed, the simulator's
    measurements and, when kept, every run's trajectory."""

    regime: Regime
    seed: int
    result: SimResult
    level: npt.NDArray[np.float32] | None = None
    posture: npt.NDArray[np.int8] | None = None
    detail: ReportDetail | None = None
    """What the report shows beyond the metrics (postures per measure, renewal votes,
    decision terms), recorded in the same simulation."""
    used: ParametersUsed | None = None
    """Which fitted parameters the runs used (``used.describe()``, ``used.to_dict()``)."""
    choice: ParameterChoice | None = None

    @property
    def runs(self) -> int:
        return self.result.runs

    @property
    def months(self) -> int:
        return self.result.months

    @property
    def members(self) -> tuple[str, ...]:
        return self.result.members

    @property
    def measures(self) -> tuple[str, ...]:
        return self.result.measures

    def trajectories(self) -> pd.DataFrame:
        """One row per month x run x member x measure, in that order: ``level``
        (implementation in [0, 1]) and ``posture`` (mimic, adjust or resist), the rows of
        ``accord run``'s ``trajectories.parquet``."""
        import pandas as pd

        level, posture = self._kept()
        t, r, m, k = level.shape
        month, run, member, measure = np.indices((t, r, m, k)).reshape(4, -1)
        return pd.DataFrame(
            {
                "run": run.astype(np.int32),
                "month": month.astype(np.int16),
                "member": pd.Categorical.from_codes(member, categories=list(self.members)),
                "measure": pd.Categorical.from_codes(measure, categories=list(self.measures)),
                "level": level.reshape(-1),
                "posture": pd.Categorical.from_codes(
                    posture.reshape(-1), categories=list(POSTURE_NAMES)
                ),
            }
        )

    def metrics(self) -> pd.DataFrame:
        """The metrics with their bands across runs, as ``metrics.parquet``: one row per
        metric (and member, month), columns ``defined, mean, p05 ... p95``."""
        from accord.sim.output import metrics_table

        frame: pd.DataFrame = metrics_table(self.result).to_pandas()
        return frame

    def per_run(self) -> pd.DataFrame:
        """One row per run: the per-run metrics experiments compare (time to fracture and
        to relief in months, NaN where it never happens; cost Gini; mean and final
        cohesion; mean pressure on the target; final leakage; lapses)."""
        import pandas as pd

        from accord.experiments.simulator import per_run_metrics

        return pd.DataFrame({"run": np.arange(self.runs), **per_run_metrics(self.result)})

    def to_xarray(self) -> xr.Dataset:
        """Everything as one labelled dataset over ``run, month, member, measure``:
        ``level`` and ``posture`` (codes 0 mimic, 1 adjust, 2 resist) per run, month,
        member and measure; each time series per run and month; each member's cumulative
        cost per run; the share of runs in each posture per month and member."""
        import xarray as xr

        from accord.domain import month_start

        res = self.result
        coords: dict[str, Any] = {
            "run": np.arange(self.runs),
            "month": np.arange(self.months),
            "member": list(self.members),
            "measure": list(self.measures),
            "posture_name": list(POSTURE_NAMES),
            "date": (
                "month",
                [np.datetime64(month_start(self.regime.start, t), "D") for t in range(self.months)],
            ),
        }
        data: dict[str, Any] = {
            name: (("run", "month"), np.asarray(series).T) for name, series in res.series.items()
        }
        data["member_cost"] = (("run", "member"), res.member_cost)
        data["posture_share"] = (("month", "member", "posture_name"), res.member_posture)
        if self.level is not None and self.posture is not None:
            dims = ("run", "month", "member", "measure")
            data["level"] = (dims, self.level.transpose(1, 0, 2, 3))
            data["posture"] = (dims, self.posture.transpose(1, 0, 2, 3))
        attrs: dict[str, Any] = {"regime": self.regime.name, "seed": self.seed, "runs": self.runs}
        if self.used is not None:
            attrs["parameters"] = self.used.describe()
        return xr.Dataset(data, coords=coords, attrs=attrs)

    def report(self, path: str | Path) -> Path:
        """Write the self-contained HTML report ``accord run`` writes, with every section
        (regime, postures per measure, observed against simulated where the case library
        has the case, vetoes, decision breakdown); returns its path. A simulation built
        without its detail is simulated again from its seed (same numbers) to get it."""
        from accord.report.html import write_report

        target = Path(path)
        if target.is_dir():
            target = target / "report.html"
        detail = self.detail
        if detail is None:
            detail = _simulate(self.regime, self.runs, self.months, self.seed, None, self.choice)[
                0
            ][1]
        shown = self.used.describe() if self.used is not None else ""
        write_report(
            self.regime, self.result, target, seed=self.seed, detail=detail, parameters=shown
        )
        return target

    def _kept(self) -> tuple[npt.NDArray[np.float32], npt.NDArray[np.int8]]:
        if self.level is None or self.posture is None:
            raise InvalidArgument(
                "this simulation kept no trajectories; run simulate(..., trajectories=True)"
            )
        return self.level, self.posture


def simulate(
    regime: Regime | str | Path,
    runs: int = 1000,
    months: int | None = None,
    seed: int = 0,
    parameters: ModelParameters | Mapping[str, Any] | None = None,
    trajectories: bool = True,
    fitted: str = "posterior",
    posterior: str | Path | None = None,
) -> Simulation:
    """Simulate ``runs`` runs of ``months`` months (default: the regime's horizon) from
    ``seed``, on the cost inputs of the economics model.

    ``parameters`` replaces the decision model's parameters: a whole
    :class:`~accord.domain.parameters.ModelParameters`, or changes to the regime's own
    (``{"reputation.weight": 0.8}``; paths as in the scenario's ``[model]`` table).
    ``fitted`` says where the fitted parameters neither sets come from, as
    ``accord run --parameters``: ``"posterior"`` (a draw of ``posterior``, the shipped
    posterior by default, per run), ``"point"`` (its median) or
    ``"defaults"`` (the uncalibrated assumptions); ``Simulation.used`` records it.
    """
    from accord.sim.parameters import ParameterChoice

    choice = ParameterChoice.parse(fitted, None if posterior is None else Path(posterior))
    design = _with_parameters(load(regime), parameters)
    horizon = design.horizon_months if months is None else months
    _check_sizes(runs, horizon, seed)
    keeper = (
        TrajectoryKeeper(runs, horizon, len(design.member_codes), len(design.measures))
        if trajectories
        else None
    )
    (result, detail), used = _simulate(design, runs, horizon, seed, keeper, choice)
    if keeper is None:
        return Simulation(design, seed, result, detail=detail, used=used, choice=choice)
    return Simulation(
        design, seed, result, keeper.level, keeper.posture, detail, used=used, choice=choice
    )


def _simulate(
    design: Regime,
    runs: int,
    months: int,
    seed: int,
    keeper: TrajectoryKeeper | None,
    choice: ParameterChoice | None,
) -> tuple[tuple[SimResult, ReportDetail], ParametersUsed]:
    """The engine run of ``accord run``: metrics and the report's detail in one pass."""
    from accord.experiments.simulator import costs_for
    from accord.report.detail import simulate_plan_for_report
    from accord.sim.parameters import plan

    planned = plan(design, costs_for(design), runs, months, seed, choice)
    hooks = (keeper,) if keeper else ()
    return simulate_plan_for_report(planned, months, hooks=hooks), planned.used


def _with_parameters(
    regime: Regime, parameters: ModelParameters | Mapping[str, Any] | None
) -> Regime:
    if parameters is None:
        return regime
    if isinstance(parameters, ModelParameters):
        return regime.model_copy(update={"model": parameters})
    if not isinstance(parameters, Mapping):
        raise InvalidArgument(
            f"parameters must be ModelParameters or a mapping of [model] paths, got "
            f"{parameters!r} (posterior, point or defaults go to fitted=)"
        )
    changes = {k if k.startswith("model.") else f"model.{k}": v for k, v in parameters.items()}
    return with_changes(regime, changes)


def _check_sizes(runs: int, months: int, seed: int) -> None:
    for name, value, low, high in (
        ("runs", runs, 1, MAX_RUNS),
        ("months", months, 1, MAX_MONTHS),
        ("seed", seed, 0, None),
    ):
        if isinstance(value, bool) or not isinstance(value, int | np.integer):
            raise InvalidArgument(f"{name} must be an integer, got {value!r}")
        if value < low or (high is not None and value > high):
            span = f"between {low} and {high}" if high is not None else f"at least {low}"
            raise InvalidArgument(
                f"{name} must be {span}, got {value}",
                [{"loc": name, "msg": f"got {value}", "expected": span}],
            )


__all__ = ["Simulation", "TrajectoryKeeper", "simulate"]
