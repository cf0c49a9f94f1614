"""The short summary ``accord run`` prints when it is done: the headline figures with
their intervals and where the files are, so a reader need not open the report to know
whether the coalition held."""

from __future__ import annotations

from pathlib import Path

from rich.console import Console
from rich.markup import escape
from rich.table import Table

from accord.domain import Regime
from accord.report.headline import headlines
from accord.sim.metrics import SimResult

OUTPUTS = (
    ("report.html", "the report (open in a browser)"),
    ("runs.parquet", "one row per run: your own statistics"),
    ("metrics.parquet", "every series and its bands"),
    ("trajectories.parquet", "every run x month x member x measure"),
    ("parameters.json", "which fitted parameters the runs used"),
)


def print_run_summary(
    regime: Regime, res: SimResult, out: Path, console: Console, parameters: str = ""
) -> None:
    """Print the headline figures of ``res`` and the files written to ``out``;
    ``parameters`` says which fitted parameters the runs used."""
    console.print(
        f"[bold]{escape(regime.name)}[/]: {res.runs:,} runs x {res.months} months",
        emoji=False,
    )
    if parameters:
        console.print(f"parameters: {escape(parameters)}", emoji=False, highlight=False)
    table = Table("figure", "value", "interval", show_header=False, box=None, pad_edge=False)
    for h in headlines(regime, res):
        interval = h.interval.replace("5-95 % of runs: ", "5-95 %: ").replace(
            "5-95 % of those runs: ", "5-95 %: "
        )
        table.add_row(escape(h.short or h.label), f"[bold]{escape(h.value)}[/]", escape(interval))
    console.print(table)
    console.print(f"results in {escape(str(out))}/", emoji=False, highlight=False)
    for name, what in OUTPUTS:
        console.print(f"  {name:<22} {what}", emoji=False, highlight=False)
