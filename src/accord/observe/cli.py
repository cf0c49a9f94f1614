"""``accord observe``: link the official lists, align a programme, replay, report.

Exit codes: 0 success; 1 bad input (a malformed list file, located); 2 missing data or a
bad argument. Heavy libraries are imported inside the commands.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Annotated

import typer

app = typer.Typer(
    help="Observe the official sanctions lists: who followed whom, how fully, how late.",
    no_args_is_help=True,
)

ListsOption = Annotated[
    Path | None,
    typer.Option(
        "--lists",
        help="Lists folder (default $ACCORD_LISTS_DIR or ../shared/data/lists from here).",
    ),
]
OutArgument = Annotated[Path, typer.Argument(help="Output folder written by `observe link`.")]


def _exit_code(exc: Exception) -> int:
    from accord.observe.records import ListsError

    return 1 if isinstance(exc, ListsError) else 2


@app.command()
def link(
    out: Annotated[Path, typer.Option("--out", help="Output folder.")],
    lists: ListsOption = None,
    ftm: Annotated[bool, typer.Option(help="Also write entities.ftm.json.")] = True,
) -> None:
    """Read every list, link entities across them, write listings.parquet and friends."""
    from rich.progress import (
        BarColumn,
        MofNCompleteColumn,
        Progress,
        SpinnerColumn,
        TextColumn,
        TimeElapsedColumn,
    )

    from accord.errors import AccordError
    from accord.observe.pipeline import run_link
    from accord.observe.sources import lists_dir
    from accord.terminal import console, fail

    root = lists_dir(lists)
    columns = (SpinnerColumn(), TextColumn("{task.description}"), BarColumn(),
               MofNCompleteColumn(), TimeElapsedColumn())  # fmt: skip
    with Progress(*columns, console=console) as progress:
        task = progress.add_task("observe link", total=None)

        def tick(done: int, total: int) -> None:
            progress.update(task, completed=done, total=total)

        def step(message: str) -> None:
            progress.update(task, description=message, completed=0, total=None)

        try:
            result = run_link(root, out, step, ftm, tick)
        except AccordError as exc:
            progress.stop()
            fail(exc, _exit_code(exc))
    for report in result.reports:
        console.print(report.summary(), highlight=False, markup=False)
    unexplained = sum(r.unexplained for r in result.reports)
    console.print(
        f"{result.designations} designations, {result.entries} list entries -> "
        f"{result.entities} entities; {result.candidate_pairs} candidate pairs, "
        f"{result.linked_pairs} linked; unexplained drops: {unexplained}",
        highlight=False,
    )
    timing = ", ".join(f"{k} {v:.1f} s" for k, v in result.seconds.items())
    console.print(f"time: {timing}; written to {out}", highlight=False, markup=False)


@app.command()
def align(
    out: OutArgument,
    programme: Annotated[str, typer.Option(help="russia, belarus, iran or dprk.")] = "russia",
    since: Annotated[str, typer.Option(help="Start of the window (YYYY-MM-DD).")] = "2022-02-24",
) -> None:
    """Coverage, lag and who moved first for each ordered pair -> alignment.parquet."""
    from accord.errors import AccordError, InvalidArgument
    from accord.observe.pipeline import run_align
    from accord.observe.report_tables import matrix_text
    from accord.terminal import console, fail

    try:
        start = date.fromisoformat(since)
    except ValueError:
        fail(InvalidArgument(f"--since {since!r} is not a date (expected YYYY-MM-DD)"), 2)
    try:
        rows = run_align(out, programme, start)
    except AccordError as exc:
        fail(exc, _exit_code(exc))
    console.print(matrix_text(out, programme), highlight=False, markup=False)
    console.print(f"{rows} rows in {out / 'alignment.parquet'}", highlight=False, markup=False)


@app.command()
def replay(
    out: OutArgument,
    scenario: Annotated[
        Path | None, typer.Option(help="Scenario file or bundled name (default russia-2022).")
    ] = None,
    programme: Annotated[str, typer.Option(help="Programme group.")] = "russia",
) -> None:
    """Replay the observed designations through the rules -> replay.parquet (cohesion)."""
    from accord.errors import AccordError
    from accord.observe.pipeline import run_replay
    from accord.terminal import console, fail

    try:
        months = run_replay(out, scenario, programme)
    except AccordError as exc:
        fail(exc, _exit_code(exc))
    last = months[-1] if months else None
    if last is not None:
        levels = ", ".join(f"{j} {v:.0%}" for j, v in last.levels.items())
        console.print(
            f"{len(months)} months; at {last.month}: levels {levels}, cohesion {last.cohesion:.2f}",
            highlight=False,
            markup=False,
        )


@app.command()
def report(
    out: OutArgument,
    programme: Annotated[str, typer.Option(help="Programme group to plot.")] = "russia",
) -> None:
    """Write OUT/report.html: a self-contained page with plots and a searchable table."""
    from accord.errors import AccordError
    from accord.observe.report_html import write_report
    from accord.terminal import console, fail

    try:
        path = write_report(out, programme)
    except AccordError as exc:
        fail(exc, _exit_code(exc))
    console.print(f"report written to {path}", highlight=False, markup=False)


@app.command()
def evaluate(
    pairs: Annotated[Path, typer.Argument(help="Labelled pairs CSV.")],
    lists: ListsOption = None,
) -> None:
    """Precision and recall of the linking on hand-labelled candidate pairs."""
    from accord.errors import AccordError
    from accord.observe.evaluate import quality, read_labelled
    from accord.observe.keys import build_entries
    from accord.observe.link import link as link_entries
    from accord.observe.sources import lists_dir, load_all
    from accord.terminal import console, fail

    try:
        labelled = read_labelled(pairs)
        loaded = load_all(lists_dir(lists))
    except AccordError as exc:
        fail(exc, _exit_code(exc))
    q = quality(labelled, link_entries(build_entries(loaded.designations)))
    console.print(
        f"{q.pairs} pairs: TP {q.true_positive}, FP {q.false_positive}, "
        f"FN {q.false_negative}, TN {q.true_negative}, not found {q.missing}\n"
        f"precision {q.precision:.3f}, recall {q.recall:.3f} (sample); "
        f"weighted by stratum: precision {q.weighted_precision:.3f}, "
        f"recall {q.weighted_recall:.3f}",
        highlight=False,
    )
