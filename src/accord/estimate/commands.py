"""``accord calibrate`` and ``accord backtest``.

Exit codes: 0 done; 2 bad arguments, a bad case file or posterior file; 3 the
economics data is missing. Nothing is written unless the whole command succeeds.
"""

from __future__ import annotations

import shlex
import sys
from pathlib import Path
from typing import Annotated

import typer

from accord.errors import AccordError, DataUnavailable


def calibrate(
    out: Annotated[Path, typer.Option("--out", help="Posterior file to write (NetCDF).")],
    cases: Annotated[Path | None, typer.Option(help="Case library folder.")] = None,
    walkers: Annotated[int, typer.Option(min=18, max=512, help="Ensemble walkers.")] = 24,
    steps: Annotated[int, typer.Option(min=2, max=100_000, help="Steps per walker.")] = 200,
    burn: Annotated[int, typer.Option(min=1, max=100_000, help="Steps dropped.")] = 100,
    thin: Annotated[
        int, typer.Option(min=1, max=10_000, help="Keep every n-th step after the burn-in.")
    ] = 1,
    runs: Annotated[int, typer.Option(min=1, max=10_000, help="Runs per simulation.")] = 16,
    seed: Annotated[int, typer.Option(min=0, help="Seed of every random draw.")] = 0,
    processes: Annotated[int, typer.Option(min=1, max=64, help="Worker processes.")] = 2,
    simulate: Annotated[
        bool, typer.Option(help="Include the simulated renewal record (off: closed form).")
    ] = True,
) -> None:
    """Fit the behavioural parameters to the training cases (never the test cases) and
    write posterior draws as ArviZ InferenceData; print the identification report."""
    from rich.console import Console
    from rich.table import Table

    from accord.estimate.calibrate import build_target, sample
    from accord.estimate.load import load_library
    from accord.estimate.posterior import identification, write
    from accord.terminal import fail

    console = Console(stderr=True)
    try:
        if burn >= steps:
            raise AccordError(f"--burn {burn} must be below --steps {steps}")
        if not out.resolve().parent.is_dir():
            raise AccordError(f"--out {out}: its directory does not exist")
        library = load_library() if cases is None else load_library(cases)
        target = build_target(library.training, simulate=simulate, runs=runs, seed=seed)
    except DataUnavailable as exc:
        fail(exc, 3)
    except AccordError as exc:
        fail(exc, 2)
    with console.status(f"{walkers} walkers x {steps} steps on {len(target.rows)} rows..."):
        fit = sample(
            target,
            walkers=walkers,
            steps=steps,
            burn=burn,
            thin=thin,
            seed=seed,
            processes=processes,
        )
    command = "accord calibrate " + " ".join(shlex.quote(a) for a in sys.argv[2:])
    write(fit, out, command)
    table = Table(
        "parameter",
        "prior mean",
        "prior sd",
        "post. mean",
        "post. sd",
        "5 %",
        "95 %",
        "contraction",
        "pinned",
        "R-hat",
        "ESS",
        "steps/tau",
        "mixed",
        title=f"Identification ({', '.join(fit.cases)})",
    )
    for row in identification(fit.posterior, fit.prior):
        table.add_row(
            row.name,
            *(
                f"{v:.3g}"
                for v in (
                    row.prior_mean,
                    row.prior_sd,
                    row.posterior_mean,
                    row.posterior_sd,
                    row.low,
                    row.high,
                    row.contraction,
                )
            ),
            "yes" if row.pinned else "no",
            f"{row.rhat:.3f}",
            f"{row.ess:.0f}",
            f"{row.steps_per_tau:.0f}",
            "yes" if row.mixed else "no",
        )
    Console(width=190).print(table)
    typer.echo(f"acceptance {fit.acceptance:.2f}; wrote {out}")


def backtest(
    posterior: Annotated[Path, typer.Option(help="Posterior file from `accord calibrate`.")],
    out: Annotated[Path, typer.Option("--out", help="New directory for the scores.")],
    cases: Annotated[Path | None, typer.Option(help="Case library folder.")] = None,
    runs: Annotated[int, typer.Option(min=1, max=10_000, help="Runs per simulation.")] = 32,
    sim_draws: Annotated[
        int, typer.Option(min=1, max=1000, help="Posterior draws simulated.")
    ] = 16,
    loo_steps: Annotated[int, typer.Option(min=20, max=100_000, help="Steps of each refit.")] = 400,
    seed: Annotated[int, typer.Option(min=0, help="Seed of every random draw.")] = 0,
) -> None:
    """Score every case out of sample (leave-one-case-out on training, the posterior on
    the test cases) beside the multinomial-logit baseline; write scores.json,
    economies.csv and reliability.svg to --out."""
    from accord.estimate.backtest import score_library
    from accord.estimate.load import load_library
    from accord.estimate.posterior import read
    from accord.estimate.report import print_scores, write_scores
    from accord.terminal import fail

    try:
        if out.exists():
            raise AccordError(f"--out {out}: already exists; expected a new directory")
        if not out.resolve().parent.is_dir():
            raise AccordError(f"--out {out}: its parent directory does not exist")
        library = load_library() if cases is None else load_library(cases)
        draws = read(posterior)
        scores = score_library(
            library, draws.draws, runs=runs, seed=seed, sim_draws=sim_draws, loo_steps=loo_steps
        )
    except DataUnavailable as exc:
        fail(exc, 3)
    except AccordError as exc:
        fail(exc, 2)
    command = "accord backtest " + " ".join(shlex.quote(a) for a in sys.argv[2:])
    write_scores(scores, out, command)
    print_scores(scores)
    typer.echo(f"wrote {out}/scores.json, {out}/economies.csv, {out}/reliability.svg")
