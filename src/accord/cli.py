"""The ``accord`` command. Each part of Accord adds its own sub-command here.

Errors a user can cause are :class:`~accord.errors.AccordError`; they are printed as a
message without a traceback, and the command exits with the code the part documents.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Annotated, NoReturn

import typer
from rich.console import Console

from accord.api.cli import serve
from accord.economics.cli import economics
from accord.errors import AccordError
from accord.experiments.cli import register as register_experiments
from accord.ledger.cli import ledger_app
from accord.observe.cli import app as observe_app
from accord.sim.command import run

app = typer.Typer(
    name="accord",
    help="Design, simulate, monitor and observe sanctions coalitions.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
console = Console()
err_console = Console(stderr=True)


def _version(show: bool) -> None:
    if show:
        from accord import __version__

        typer.echo(f"accord {__version__}")
        raise typer.Exit()


@app.callback()
def _options(
    version: Annotated[
        bool,
        typer.Option("--version", callback=_version, is_eager=True, help="Print the version."),
    ] = False,
) -> None:
    """Design, simulate, monitor and observe sanctions coalitions."""


def warn(warnings: Sequence[object]) -> None:
    """Print settings that cannot take effect (the scenario is still valid)."""
    from rich.markup import escape

    for w in warnings:
        err_console.print(
            f"[bold yellow]warning[/]: {escape(str(w))}",
            emoji=False,
            highlight=False,
            soft_wrap=True,
        )


def fail(exc: AccordError, code: int) -> NoReturn:
    """Print a user error without a traceback and exit with ``code``."""
    from rich.markup import escape

    # no emoji codes: "file.toml:100:" would otherwise print as "file.toml💯"
    err_console.print(
        f"[bold red]error[/]: {escape(str(exc))}",
        markup=True,
        emoji=False,
        highlight=False,
        soft_wrap=True,
    )
    raise typer.Exit(code)


@app.command()
def validate(
    scenario: Annotated[Path, typer.Argument(help="Scenario file (TOML).")],
) -> None:
    """Validate a scenario file and print a short summary (exit 1 on any problem)."""
    from accord.report.summary import print_summary
    from accord.scenario import read_scenario

    try:
        regime, warnings = read_scenario(scenario)
    except AccordError as exc:
        fail(exc, 1)
    print_summary(regime, console, source=str(scenario))
    warn(warnings)


@app.command()
def schema() -> None:
    """Print the JSON Schema (Draft 2020-12) of the scenario format."""
    from accord.scenario import scenario_schema

    sys.stdout.write(json.dumps(scenario_schema(), indent=2) + "\n")


@app.command()
def timeline(
    scenario: Annotated[Path, typer.Argument(help="Scenario file (TOML).")],
    months: Annotated[
        int | None, typer.Option(min=0, max=600, help="Months to show (default: the horizon).")
    ] = None,
) -> None:
    """Print what the framework's rules schedule: phase-ins, exemptions, reviews, renewals."""
    from rich.table import Table

    from accord.rules import compile_regime
    from accord.rules import timeline as rules_timeline
    from accord.scenario import load_scenario

    try:
        regime = load_scenario(scenario)
    except AccordError as exc:
        fail(exc, 1)
    table = Table("month", "when", "rule", "what the framework requires", title="Timeline")
    for e in rules_timeline(compile_regime(regime), months):
        table.add_row(str(e.month), f"{e.date:%Y-%m}", e.kind, e.detail)
    console.print(table)


app.command()(economics)
app.command()(run)
app.add_typer(ledger_app, name="ledger")
app.command()(serve)
app.add_typer(observe_app, name="observe")
register_experiments(app)


def main() -> None:
    """Entry point of the ``accord`` console script."""
    app()
