"""The experiment sub-commands of ``accord``: compare, sweep, sensitivity, discover.

Only typer and the standard library are imported here; the numerical work (scipy,
SALib, pandas, the EMA workbench, Ray) is imported when a command runs. Every user error
exits with code 2 and writes nothing.
"""

from __future__ import annotations

import functools
import inspect
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
ParametersOpt = Annotated[
    str,
    typer.Option(
        help="Fitted parameters: posterior (a draw per run, the same for every "
        "design), point (the posterior median) or defaults (uncalibrated)."
    ),
]
PosteriorOpt = Annotated[
    Path | None,
    typer.Option(help="Posterior file from `accord calibrate` (default: the shipped one)."),
]
Params = Annotated[
    list[str], typer.Option("--param", help="PATH=LOW:HIGH[:STEPS], e.g. lead.credibility=0.2:1")
]

EVALUATOR = "accord.experiments.simulator:SIMULATOR"

ScenarioArg = Annotated[
    Path, typer.Argument(help="Scenario file (TOML) or bundled name (accord scenarios).")
]
StudyOf = Callable[[], Any]
"""What a command receives for its execution options: checks and builds the study."""


def _study(
    runs: Runs = 1000,
    seed: Seed = 0,
    months: Months = None,
    out: Out = Path("out"),
    executor: Executor = "local",
    address: Address = None,
    workers: Workers = None,
    chunk_runs: ChunkRuns = 250,
    evaluator: EvaluatorOpt = EVALUATOR,
    parameters: ParametersOpt = "posterior",
    posterior: PosteriorOpt = None,
) -> Any:
    """The execution options every experiment command shares, declared here once and
    checked; :func:`_experiment` adds them to each command's options."""
    from accord.errors import InvalidArgument
    from accord.experiments.commands import Execution, Study
    from accord.experiments.executors import EXECUTORS
    from accord.sim.parameters import ParameterChoice

    if executor == "local" and address is not None:
        raise InvalidArgument("--address is for --executor ray")
    chosen = ParameterChoice.parse(parameters, posterior)
    for name in EXECUTORS:
        if executor == name:
            how = Execution(executor=name, workers=workers, address=address)
            return Study(out, runs, seed, months, chunk_runs, evaluator, how, chosen)
    raise InvalidArgument(f"--executor {executor!r}: expected one of {', '.join(EXECUTORS)}")


_SHARED = tuple(inspect.signature(_study).parameters)


def _experiment(out: str, runs: int) -> Callable[[Callable[..., None]], Callable[..., None]]:
    """Give a command the shared execution options of :func:`_study`, with its own
    defaults for ``out`` and ``runs``, so they are declared once; the command receives a
    callable that checks them and builds the study."""
    defaults: dict[str, Any] = {"out": Path(out), "runs": runs}

    def decorate(command: Callable[..., None]) -> Callable[..., None]:
        own = [
            p
            for p in inspect.signature(command, eval_str=True).parameters.values()
            if p.name != "study"
        ]
        shared = [
            p.replace(default=defaults[name]) if name in defaults else p
            for name, p in inspect.signature(_study, eval_str=True).parameters.items()
        ]

        @functools.wraps(command)
        def wrapper(**kwargs: Any) -> None:
            options = {name: kwargs.pop(name) for name in _SHARED}
            command(**kwargs, study=lambda: _study(**options))

        hints = {k: v for k, v in command.__annotations__.items() if k != "study"}
        wrapper.__annotations__ = {**hints, **{k: _study.__annotations__[k] for k in _SHARED}}
        setattr(wrapper, "__signature__", inspect.Signature([*own, *shared]))  # noqa: B010
        return wrapper

    return decorate


def _report(run: Callable[[], Any], title: str) -> None:
    """Run a command, print its table, notes and files; user errors exit 2."""
    from rich.console import Console
    from rich.table import Table

    from accord.terminal import fail

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


@_experiment("out/compare", runs=1000)
def compare(
    scenarios: Annotated[
        list[Path], typer.Argument(help="Designs (scenario files); the first is the baseline.")
    ],
    *,
    study: StudyOf,
) -> None:
    """Compare designs on common random numbers: paired differences with 95% intervals."""
    from accord.experiments import commands

    _report(
        lambda: commands.compare(scenarios, study()), "Paired differences from the first design"
    )


@_experiment("out/sweep", runs=200)
def sweep(
    scenario: ScenarioArg,
    param: Params,
    design: Annotated[str, typer.Option(help="lhs (Latin hypercube) or grid.")] = "lhs",
    points: Annotated[int, typer.Option(min=1, help="Latin-hypercube points.")] = 32,
    *,
    study: StudyOf,
) -> None:
    """Sweep parameters over a Latin hypercube or a grid; one row per design point."""
    from accord.experiments import commands

    _report(
        lambda: commands.sweep(scenario, param, study(), design, points),
        "Sweep: mean metrics per design point",
    )


@_experiment("out/sensitivity", runs=100)
def sensitivity(
    scenario: ScenarioArg,
    param: Params,
    samples: Annotated[int, typer.Option(min=2, help="Sobol base samples (a power of 2).")] = 64,
    *,
    study: StudyOf,
) -> None:
    """Global Sobol indices (first and total order, 95% intervals) of every metric."""
    from accord.experiments import commands

    _report(lambda: commands.sensitivity(scenario, param, study(), samples), "Sobol indices")


@_experiment("out/discover", runs=50)
def discover(
    scenario: ScenarioArg,
    param: Params,
    within: Annotated[int, typer.Option(min=1, help="Fracture within this many months.")] = 24,
    metric: Annotated[str, typer.Option(help="The per-run time metric.")] = "time_to_fracture",
    points: Annotated[int, typer.Option(min=2, help="Latin-hypercube points.")] = 64,
    threshold: Annotated[float, typer.Option(help="Minimum box density.")] = 0.8,
    boxes: Annotated[int, typer.Option(min=1, max=10, help="Boxes to find.")] = 1,
    *,
    study: StudyOf,
) -> None:
    """PRIM scenario discovery: parameter ranges where runs fracture within N months."""
    from accord.experiments import commands

    _report(
        lambda: commands.discover(
            scenario, param, study(), within, metric, points, threshold, boxes
        ),
        "PRIM boxes",
    )


def register(app: typer.Typer) -> None:
    """Add the experiment commands to the ``accord`` application."""
    for command in (compare, sweep, sensitivity, discover):
        app.command()(command)
