"""The ``accord`` command. Each part of Accord adds its own sub-command here.

Errors a user can cause are :class:`~accord.errors.AccordError`; they are printed as a
message without a traceback, and the command exits with the code the part documents.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Annotated

import typer

from accord.api.cli import serve
from accord.covariates.cli import codes
from accord.economics.cli import economics
from accord.economics.codes_cli import sectors
from accord.errors import AccordError
from accord.estimate.commands import backtest, calibrate
from accord.experiments.cli import register as register_experiments
from accord.extras import missing_extra
from accord.ledger.cli import ledger_app
from accord.observe.cli import app as observe_app
from accord.sim.command import run
from accord.terminal import console, err_console, fail, report, warn

app = typer.Typer(
    name="accord",
    help="Design, simulate, monitor and observe sanctions coalitions.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
SCENARIO_HELP = "Scenario file (TOML) or the name of a bundled scenario (accord scenarios)."


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


@app.command()
def validate(
    scenario: Annotated[Path, typer.Argument(help=SCENARIO_HELP)],
) -> None:
    """Validate a scenario file and print a short summary (exit 1 on any problem)."""
    from accord.report.summary import print_summary
    from accord.scenario import read_scenario
    from accord.scenarios import locate

    try:
        regime, warnings = read_scenario(locate(scenario))
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
    scenario: Annotated[Path, typer.Argument(help=SCENARIO_HELP)],
    months: Annotated[
        int | None, typer.Option(min=0, max=600, help="Months to show (default: the horizon).")
    ] = None,
) -> None:
    """Print what the framework's rules schedule: phase-ins, exemptions, reviews, renewals."""
    from rich.table import Table

    from accord.rules import compile_regime
    from accord.rules import timeline as rules_timeline
    from accord.scenarios import load as load_scenario

    try:
        regime = load_scenario(scenario)
    except AccordError as exc:
        fail(exc, 1)
    table = Table("month", "when", "rule", "what the framework requires", title="Timeline")
    for e in rules_timeline(compile_regime(regime), months):
        table.add_row(str(e.month), f"{e.date:%Y-%m}", e.kind, e.detail)
    console.print(table)


@app.command()
def scenarios() -> None:
    """List the bundled scenarios: their names (for accord run NAME) and what they hold."""
    from rich.table import Table

    from accord.scenarios import bundled, load

    table = Table("name", "regime", "start", "members", "measures", title="Bundled scenarios")
    for name in bundled():
        try:
            regime = load(name)
        except AccordError as exc:
            fail(exc, 1)
        members, measures = len(regime.member_codes), len(regime.measures)
        table.add_row(name, regime.name, f"{regime.start}", str(members), str(measures))
    console.print(table)


app.command()(economics)
app.command()(sectors)
app.command()(run)
app.add_typer(ledger_app, name="ledger")
app.command()(serve)
app.add_typer(observe_app, name="observe")
register_experiments(app)
app.command()(codes)
app.command()(calibrate)
app.command()(backtest)


def main() -> None:
    """Entry point of the ``accord`` console script.

    A command of an optional part whose packages are not installed stops with exit 2
    and names the extra to install (each part imports its packages only when one of its
    commands runs, so the rest of the command works without them).
    """
    try:
        app()
    except ModuleNotFoundError as exc:
        found = missing_extra(exc, " ".join(["accord", *sys.argv[1:2]]))
        if found is None:
            raise
        report(found)
        raise SystemExit(2) from None


__all__ = ["app", "err_console", "fail", "main"]
