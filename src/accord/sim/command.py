"""``accord run``: simulate a scenario and write trajectories, metrics and a report.

Exit codes: 0 done; 2 bad arguments or a bad scenario; 3 the economics data is missing.
Without ``--out`` the results go to a new folder ``out/<scenario>/<UTC time>`` (a suffix
``-2``, ``-3``... when that name is taken), so two runs never overwrite each other.
Everything is written into a temporary directory next to the output folder and renamed
into place at the end, so a failed run leaves no output directory behind.
"""

from __future__ import annotations

import json
import os
import shutil
import tempfile
from datetime import UTC, datetime
from pathlib import Path
from typing import Annotated

import typer

from accord.errors import AccordError, DataUnavailable, InvalidArgument


def _check_out(out: Path) -> None:
    if out.is_symlink():
        raise InvalidArgument(
            f"--out {out}: is a symbolic link; expected a new directory (results are "
            "renamed into place, which would replace the link, not write where it points)"
        )
    if out.exists() and (not out.is_dir() or any(out.iterdir())):
        raise InvalidArgument(
            f"--out {out}: already exists and is not an empty directory; "
            "expected a new directory (remove it or choose another)"
        )
    parent = out.resolve().parent
    if not parent.is_dir():
        raise InvalidArgument(f"--out {out}: its parent directory {parent} does not exist")


def default_out(scenario: Path, now: datetime, root: Path = Path("out")) -> Path:
    """``root/<scenario stem>/<now as 20250131T120000Z>``, with ``-2``, ``-3``... appended
    while that folder exists: a new folder for every run."""
    base = root / scenario.stem / now.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")
    out, n = base, 1
    while out.exists():
        n += 1
        out = base.with_name(f"{base.name}-{n}")
    return out


def run(
    scenario: Annotated[
        Path, typer.Argument(help="Scenario file (TOML) or bundled name (accord scenarios).")
    ],
    out: Annotated[
        Path | None,
        typer.Option(
            "--out", help="New directory for the results (default: out/<scenario>/<UTC time>)."
        ),
    ] = None,
    runs: Annotated[int, typer.Option(min=1, max=1_000_000, help="Monte Carlo runs.")] = 1000,
    months: Annotated[
        int | None, typer.Option(min=1, max=600, help="Months to simulate (default: horizon).")
    ] = None,
    seed: Annotated[int, typer.Option(min=0, help="Seed of the random generator.")] = 0,
    parameters: Annotated[
        str,
        typer.Option(
            help="Fitted parameters: posterior (a draw per run), point (the "
            "posterior median) or defaults (the model's uncalibrated assumptions)."
        ),
    ] = "posterior",
    posterior: Annotated[
        Path | None,
        typer.Option(help="Posterior file from `accord calibrate` (default: the shipped one)."),
    ] = None,
) -> None:
    """Simulate how members mimic, adjust or resist, month by month, in many runs; write
    report.html, runs.parquet, metrics.parquet, trajectories.parquet and parameters.json
    to a new folder and print the headline figures. Fitted parameters the scenario's
    [model] table does not set come from the calibrated posterior."""
    from rich.console import Console
    from rich.progress import BarColumn, Progress, TextColumn, TimeRemainingColumn

    from accord.report.detail import simulate_plan_for_report
    from accord.report.html import write_report
    from accord.report.terminal import print_run_summary
    from accord.scenario import read_scenario
    from accord.scenarios import locate
    from accord.sim import costs as cost_inputs
    from accord.sim.engine import Month
    from accord.sim.output import TrajectoryWriter, write_metrics, write_runs
    from accord.sim.parameters import ParameterChoice, plan
    from accord.terminal import fail, warn

    console = Console(stderr=True)
    try:
        if out is not None:
            _check_out(out)
        choice = ParameterChoice.parse(parameters, posterior)
        regime, warnings = read_scenario(locate(scenario))
    except AccordError as exc:
        fail(exc, 2)
    warn(warnings)
    horizon = regime.horizon_months if months is None else months
    try:
        with console.status("Costs of the measures from the economics model..."):
            costs = cost_inputs.costs_for_regime(regime)
        planned = plan(regime, costs, runs, horizon, seed, choice)
        st = planned.base
    except DataUnavailable as exc:
        fail(exc, 3)
    except AccordError as exc:
        fail(exc, 2)
    if out is None:
        out = default_out(scenario, datetime.now(UTC))
        out.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=f".{out.name}.", dir=out.resolve().parent))
    try:
        writer = TrajectoryWriter(tmp / "trajectories.parquet", runs, st.cr.members, st.cr.measures)
        with Progress(
            TextColumn("[bold]{task.description}"),
            BarColumn(),
            TextColumn("month {task.completed}/{task.total}"),
            TimeRemainingColumn(),
            console=console,
        ) as progress:
            task = progress.add_task(f"{runs} runs of {regime.name}", total=horizon)

            def advance(_: Month) -> None:
                progress.advance(task)

            result, detail = simulate_plan_for_report(planned, horizon, hooks=(writer, advance))
        writer.close()
        used = planned.used.to_dict() | {"seed": seed, "runs": runs, "months": horizon}
        (tmp / "parameters.json").write_text(json.dumps(used, indent=2) + "\n")
        write_metrics(result, tmp / "metrics.parquet")
        write_runs(result, tmp / "runs.parquet")
        write_report(
            regime,
            result,
            tmp / "report.html",
            seed=seed,
            detail=detail,
            parameters=planned.used.describe(),
        )
        mask = os.umask(0)
        os.umask(mask)
        tmp.chmod(0o777 & ~mask)  # a temporary directory is private; the results are not
        if out.exists():
            out.rmdir()
        os.replace(tmp, out)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    print_run_summary(regime, result, out, Console(soft_wrap=True), planned.used.describe())
