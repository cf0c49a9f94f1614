"""The four experiment commands as functions: inputs checked, chunks run, results written.

Every input (scenarios, parameter paths and ranges, sizes, the output directory) is
checked before the output directory is created, so a bad argument writes nothing.
Each command writes ``runs.parquet`` (one row per design point and run), its own
result table and a PNG plot into ``out``.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np
from numpy.typing import NDArray

from accord.errors import InvalidArgument
from accord.experiments import compare as compare_mod
from accord.experiments import designs as design_mod
from accord.experiments import discover as discover_mod
from accord.experiments import sensitivity as sensitivity_mod
from accord.experiments import sweep as sweep_mod
from accord.experiments.contract import Design, Evaluator, resolve_evaluator
from accord.experiments.executors import ExecutorName
from accord.experiments.params import ParamRange, check_params, designs_at, parse_param
from accord.experiments.runner import DEFAULT_BLOCK_RUNS, Experiment, prepare, run
from accord.experiments.store import write_parquet
from accord.sim.parameters import ParameterChoice, ParametersUsed, parameter_blocks

if TYPE_CHECKING:
    import pandas as pd

DEFAULT_EVALUATOR = "accord.experiments.simulator:SIMULATOR"


@dataclass(frozen=True)
class Execution:
    """How to run (never what: results do not depend on any of these)."""

    executor: ExecutorName = "local"
    workers: int | None = None
    address: str | None = None
    progress: bool = True


@dataclass(frozen=True)
class Study:
    """What every experiment command shares: where results go, how many runs, the seed,
    the horizon, the chunking, the evaluator, and how to execute."""

    out: Path
    runs: int
    seed: int
    months: int | None = None
    block_runs: int = DEFAULT_BLOCK_RUNS
    evaluator: str = DEFAULT_EVALUATOR
    how: Execution = Execution()
    parameters: ParameterChoice = field(default_factory=ParameterChoice)


@dataclass
class Outcome:
    """What a command wrote and the table it prints."""

    files: list[Path] = field(default_factory=list)
    table: pd.DataFrame | None = None
    display: pd.DataFrame | None = None
    notes: list[str] = field(default_factory=list)


def _base(scenario: Path, evaluator: Evaluator, study: Study) -> Design:
    from accord.scenarios import load as load_scenario

    return Design(
        regime=load_scenario(scenario),
        model=evaluator.default_model(),
        parameters=study.parameters,
    )


def _months(months: int | None, designs: Sequence[Design]) -> list[int]:
    return [months if months is not None else d.regime.horizon_months for d in designs]


def _prepare(
    scenario: Path, params: Sequence[str], study: Study
) -> tuple[Evaluator, Design, list[ParamRange]]:
    """The evaluator, the base design and the checked parameter ranges."""
    ev = resolve_evaluator(study.evaluator)
    base = _base(scenario, ev, study)
    return ev, base, check_params(base, [parse_param(p) for p in params])


def _run(kind: str, designs: Sequence[Design], study: Study, about: dict[str, Any]) -> pd.DataFrame:
    experiment = Experiment(
        kind,
        study.evaluator,
        designs,
        study.runs,
        _months(study.months, designs),
        study.seed,
        study.block_runs,
        about,
    )
    store = prepare(experiment, study.out)
    how = study.how
    table = run(experiment, store, how.executor, how.workers, how.address, how.progress)
    table.attrs["parameters"] = parameters_used(experiment).to_dict()
    return table


def parameters_used(experiment: Experiment) -> ParametersUsed:
    """Which fitted parameters the first design's runs used, over all its chunks (every
    design of the experiment takes the same draws, chunk for chunk)."""
    from accord.experiments.seeds import block_seed

    design = experiment.designs[0]
    if design.parameters.mode != "posterior":
        return parameter_blocks(design.regime.model, experiment.runs, 0, design.parameters)[1]
    draws: set[int] = set()
    used: ParametersUsed | None = None
    for chunk in experiment.chunks():
        if chunk.point != 0:
            break
        seed = block_seed(experiment.seed, chunk.block)
        found, used = parameter_blocks(design.regime.model, chunk.runs, seed, design.parameters)
        draws.update(d for b in found for d in b.draws)
    if used is None:
        raise RuntimeError("an experiment without chunks")
    return replace(used, draws=len(draws), runs=experiment.runs)


def _record_parameters(outcome: Outcome, runs_table: pd.DataFrame, out: Path) -> None:
    """Say which fitted parameters the runs used: a note and ``parameters.json``."""
    used: dict[str, Any] = runs_table.attrs["parameters"]
    outcome.notes.append(f"parameters: {used['describe']}")
    path = out / "parameters.json"
    path.write_text(json.dumps(used, indent=2) + "\n")
    outcome.files.append(path)


def compare(scenarios: Sequence[Path], study: Study) -> Outcome:
    """Paired differences of every metric of each design from the first design."""
    if not scenarios:
        raise InvalidArgument("compare needs at least one scenario")
    ev = resolve_evaluator(study.evaluator)
    designs = [_base(s, ev, study) for s in scenarios]
    labels = _labels(scenarios)
    runs_table = _run("compare", designs, study, {"designs": labels})
    runs_table.insert(1, "design", [labels[p] for p in runs_table["point"]])
    table = compare_mod.paired_differences(runs_table, labels, ev.metrics)
    shown = table[table["design"] != labels[0]] if len(labels) > 1 else table
    outcome = Outcome(
        table=table, display=shown[["design", "metric", "mean", "difference", "ci_low", "ci_high"]]
    )
    _record_parameters(outcome, runs_table, study.out)
    _write(outcome, runs_table, study.out / "runs.parquet")
    _write(outcome, table, study.out / "compare.parquet")
    compare_mod.plot(table, study.out / "compare.png")
    outcome.files.append(study.out / "compare.png")
    return outcome


def _labels(scenarios: Sequence[Path]) -> list[str]:
    """File stems, made unique by their position when two files share a stem."""
    stems = [s.stem for s in scenarios]
    return [f"{s}#{i}" if stems.count(s) > 1 else s for i, s in enumerate(stems)]


def sweep(
    scenario: Path, params: Sequence[str], study: Study, design: str = "lhs", points: int = 32
) -> Outcome:
    """Mean metrics at each point of a Latin-hypercube or grid design."""
    ev, base, ranges = _prepare(scenario, params, study)
    matrix = design_mod.sweep_points(design, ranges, points, study.seed)
    runs_table, outcome = _points("sweep", base, ranges, matrix, study)
    table = sweep_mod.point_summary(runs_table, ranges, matrix, ev.metrics)
    outcome.table = table
    outcome.display = sweep_mod.overview(table, ranges, ev.metrics)
    _write(outcome, table, study.out / "sweep.parquet")
    sweep_mod.plot(table, ranges, ev.metrics, study.out / "sweep.png")
    outcome.files.append(study.out / "sweep.png")
    return outcome


def sensitivity(scenario: Path, params: Sequence[str], study: Study, samples: int = 64) -> Outcome:
    """First- and total-order Sobol indices of every metric to the parameters."""
    ev, base, ranges = _prepare(scenario, params, study)
    matrix = design_mod.saltelli(ranges, samples, study.seed)
    runs_table, outcome = _points("sensitivity", base, ranges, matrix, study)
    points = sweep_mod.point_summary(runs_table, ranges, matrix, ev.metrics)
    table, skipped = sensitivity_mod.indices_table(points, ranges, ev.metrics, study.seed)
    outcome.table = table
    outcome.display = table[["metric", "parameter", "S1", "S1_conf", "ST", "ST_conf"]]
    outcome.notes.extend(f"{m}: no Sobol indices, {why}" for m, why in skipped.items())
    _write(outcome, points, study.out / "points.parquet")
    _write(outcome, table, study.out / "sobol.parquet")
    sensitivity_mod.plot(table, study.out / "sensitivity.png")
    outcome.files.append(study.out / "sensitivity.png")
    return outcome


def discover(
    scenario: Path,
    params: Sequence[str],
    study: Study,
    within: int,
    metric: str = "time_to_fracture",
    points: int = 64,
    threshold: float = discover_mod.DEFAULT_THRESHOLD,
    boxes: int = 1,
) -> Outcome:
    """PRIM boxes of the parameter ranges in which runs fracture within ``within`` months."""
    ev = resolve_evaluator(study.evaluator)
    if metric not in ev.metrics:
        raise InvalidArgument(
            f"--metric {metric!r}: the simulator has no such metric",
            [
                {
                    "loc": "--metric",
                    "msg": "unknown metric",
                    "expected": f"one of {list(ev.metrics)}",
                }
            ],
        )
    if within < 1:
        raise InvalidArgument(f"--within must be at least 1 month, got {within}")
    if not 0.0 < threshold <= 1.0 or boxes < 1:
        raise InvalidArgument("--threshold must be in (0, 1] and --boxes at least 1")
    ev, base, ranges = _prepare(scenario, params, study)
    matrix = design_mod.latin_hypercube(ranges, points, study.seed)
    runs_table, outcome = _points("discover", base, ranges, matrix, study)
    x, y = discover_mod.cases(runs_table, ranges, matrix, metric, within)
    found = discover_mod.find_boxes(x, y, threshold, boxes)
    outcome.table = found.limits
    outcome.display = found.limits[
        ["box", "parameter", "low", "high", "restricted", "coverage", "density"]
    ]
    if found.note:
        outcome.notes.append(found.note)
    outcome.notes.append(
        f"{int(y.sum())} of {len(y)} runs ({y.mean():.1%}) fracture within {within} months"
    )
    _write(outcome, found.limits, study.out / "boxes.parquet")
    _write(outcome, found.trajectory, study.out / "trajectory.parquet")
    title = f"Where runs fracture within {within} months (PRIM, density >= {threshold:g})"
    discover_mod.plot(found, ranges, study.out / "discover.png", title)
    outcome.files.append(study.out / "discover.png")
    return outcome


def _points(
    kind: str,
    base: Design,
    ranges: Sequence[ParamRange],
    matrix: NDArray[np.float64],
    study: Study,
) -> tuple[pd.DataFrame, Outcome]:
    """Run every design point of ``matrix`` and write the runs with their parameters."""
    designs = designs_at(base, ranges, matrix)
    about = {"params": [[p.path, p.low, p.high, p.steps] for p in ranges]}
    runs_table = _run(kind, designs, study, about)
    for j, p in enumerate(ranges):
        runs_table.insert(2 + j, p.path, matrix[runs_table["point"].to_numpy(), j])
    outcome = Outcome()
    _record_parameters(outcome, runs_table, study.out)
    _write(outcome, runs_table, study.out / "runs.parquet")
    return runs_table, outcome


def _write(outcome: Outcome, frame: pd.DataFrame, path: Path) -> None:
    write_parquet(frame, path)
    outcome.files.append(path)
