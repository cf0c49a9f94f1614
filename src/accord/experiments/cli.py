"""The experiment sub-commands of ``accord``: compare, sweep, sensitivity, discover.

Only typer and the standard library are imported here; the numerical work (scipy,
SALib, pandas, the EMA workbench, Ray) is imported when a command runs. Every user error
exits with code 2 and writes nothing.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Annotated, Any

import typer

from accord.errors import AccordError

Runs = Annotated[int, typer.Option(min=1, help="Monte Carlo runs per design.")]
Seed = Annotated[int, typer.Option(min=0, help="Seed; the same seed gives the same numbers.")]
Months = Annotated[
    int | None, typer.Option(min=1, max=600, help="Months to simulate (default: the horizon).")
]
Out = Annotated[Path, typer.Option(help="Output directory; rerun into it to resume.")]
Executor = Annotated[str, typer.Option(help="local (all cores) or ray.")]
Address = Annotated[
    str | None, typer.Option(help="Ray cluster address (default: start a local one).")
]
Workers = Annotated[int | None, typer.Option(min=1, help="Parallel workers (default: all cores).")]
ChunkRuns = Annotated[int, typer.Option(min=1, help="Runs per chunk (part of the experiment).")]
EvaluatorOpt = Annotated[
    str,
    typer.Option(help="Evaluator as module:attribute (default: Accord's simulator)."),
]
Params = Annotated[
    list[str], typer.Option("--param", help="PATH=LOW:HIGH[:STEPS], e.g. lead.credibility=0.2:1")
]

EVALUATOR = "accord.experiments.simulator:SIMULATOR"


def _study(
    out: Path,
    runs: int,
    seed: int,
    months: int | None,
    chunk_runs: int,
    evaluator: str,
    executor: str,
    address: str | None,
    workers: int | None,
) -> Any:
    """The options every experiment command shares, checked."""
    from accord.errors import InvalidArgument
    from accord.experiments.commands import Execution, Study
    from accord.experiments.executors import EXECUTORS

    if executor == "local" and address is not None:
        raise InvalidArgument("--address is for --executor ray")
    for name in EXECUTORS:
        if executor == name:
            how = Execution(executor=name, workers=workers, address=address)
            return Study(out, runs, seed, months, chunk_runs, evaluator, how)
    raise InvalidArgument(f"--executor {executor!r}: expected one of {', '.join(EXECUTORS)}")


def _report(run: Callable[[], Any], title: str) -> None:
    """Run a command, print its table, notes and files; user errors exit 2."""
    from rich.console import Console
    from rich.table import Table

    from accord.cli import fail

    try:
        outcome = run()
    except AccordError as exc:
        fail(exc, 2)
    console = Console()
    shown = outcome.display if outcome.display is not None else outcome.table
    if shown is not None and not shown.empty:
        table = Table(*[str(c) for c in shown.columns], title=title)
        for row in shown.head(60).itertuples(index=False):
            table.add_row(*[f"{v:.4g}" if isinstance(v, float) else str(v) for v in row])
        console.print(table)
    for note in outcome.notes:
        console.print(f"[yellow]note[/]: {note}")
    for path in outcome.files:
        console.print(f"wrote {path}")


def compare(
    scenarios: Annotated[
        list[Path], typer.Argument(help="Designs (scenario files); the first is the baseline.")
    ],
    runs: Runs = 1000,
    seed: Seed = 0,
    months: Months = None,
    out: Out = Path("out/compare"),
    executor: Executor = "local",
    address: Address = None,
    workers: Workers = None,
    chunk_runs: ChunkRuns = 250,
    evaluator: EvaluatorOpt = EVALUATOR,
) -> None:
    """Compare designs on common random numbers: paired differences with 95% intervals."""
    from accord.experiments import commands

    _report(
        lambda: commands.compare(
            scenarios,
            _study(out, runs, seed, months, chunk_runs, evaluator, executor, address, workers),
        ),
        "Paired differences from the first design",
    )


def sweep(
    scenario: Annotated[Path, typer.Argument(help="Scenario file (TOML).")],
    param: Params,
    runs: Runs = 200,
    seed: Seed = 0,
    design: Annotated[str, typer.Option(help="lhs (Latin hypercube) or grid.")] = "lhs",
    points: Annotated[int, typer.Option(min=1, help="Latin-hypercube points.")] = 32,
    months: Months = None,
    out: Out = Path("out/sweep"),
    executor: Executor = "local",
    address: Address = None,
    workers: Workers = None,
    chunk_runs: ChunkRuns = 250,
    evaluator: EvaluatorOpt = EVALUATOR,
) -> None:
    """Sweep parameters over a Latin hypercube or a grid; one row per design point."""
    from accord.experiments import commands

    _report(
        lambda: commands.sweep(
            scenario,
            param,
            _study(out, runs, seed, months, chunk_runs, evaluator, executor, address, workers),
            design,
            points,
        ),
        "Sweep: mean metrics per design point",
    )


def sensitivity(
    scenario: Annotated[Path, typer.Argument(help="Scenario file (TOML).")],
    param: Params,
    runs: Runs = 100,
    seed: Seed = 0,
    samples: Annotated[int, typer.Option(min=2, help="Sobol base samples (a power of 2).")] = 64,
    months: Months = None,
    out: Out = Path("out/sensitivity"),
    executor: Executor = "local",
    address: Address = None,
    workers: Workers = None,
    chunk_runs: ChunkRuns = 250,
    evaluator: EvaluatorOpt = EVALUATOR,
) -> None:
    """Global Sobol indices (first and total order, 95% intervals) of every metric."""
    from accord.experiments import commands

    _report(
        lambda: commands.sensitivity(
            scenario,
            param,
            _study(out, runs, seed, months, chunk_runs, evaluator, executor, address, workers),
            samples,
        ),
        "Sobol indices",
    )


def discover(
    scenario: Annotated[Path, typer.Argument(help="Scenario file (TOML).")],
    param: Params,
    within: Annotated[int, typer.Option(min=1, help="Fracture within this many months.")] = 24,
    metric: Annotated[str, typer.Option(help="The per-run time metric.")] = "time_to_fracture",
    runs: Runs = 50,
    seed: Seed = 0,
    points: Annotated[int, typer.Option(min=2, help="Latin-hypercube points.")] = 64,
    threshold: Annotated[float, typer.Option(help="Minimum box density.")] = 0.8,
    boxes: Annotated[int, typer.Option(min=1, max=10, help="Boxes to find.")] = 1,
    months: Months = None,
    out: Out = Path("out/discover"),
    executor: Executor = "local",
    address: Address = None,
    workers: Workers = None,
    chunk_runs: ChunkRuns = 250,
    evaluator: EvaluatorOpt = EVALUATOR,
) -> None:
    """PRIM scenario discovery: parameter ranges where runs fracture within N months."""
    from accord.experiments import commands

    _report(
        lambda: commands.discover(
            scenario,
            param,
            _study(out, runs, seed, months, chunk_runs, evaluator, executor, address, workers),
            within,
            metric,
            points,
            threshold,
            boxes,
        ),
        "PRIM boxes",
    )


def register(app: typer.Typer) -> None:
    """Add the experiment commands to the ``accord`` application."""
    for command in (compare, sweep, sensitivity, discover):
        app.command()(command)
