"""What every ``accord`` command shares at the terminal: its consoles and how it stops on
a user's error.

It lives apart from :mod:`accord.cli` so a sub-command can use it without importing the
command that assembles every sub-command (and so without an import cycle).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import NoReturn

import typer
from rich.console import Console

from accord.errors import AccordError

console = Console()
err_console = Console(stderr=True)


def fail(exc: AccordError, code: int) -> NoReturn:
    """Print a user error without a traceback and exit with ``code``."""
    report(exc)
    raise typer.Exit(code)


def report(exc: AccordError) -> None:
    """Print a user error on stderr, without a traceback."""
    from rich.markup import escape

    # no emoji codes: "file.toml:100:" would otherwise print as "file.toml💯"
    err_console.print(
        f"[bold red]error[/]: {escape(str(exc))}",
        markup=True,
        emoji=False,
        highlight=False,
        soft_wrap=True,
    )


def warn(warnings: Sequence[object]) -> None:
    """Print settings that cannot take effect, on stderr (the scenario is still valid)."""
    from rich.markup import escape

    for w in warnings:
        err_console.print(
            f"[bold yellow]warning[/]: {escape(str(w))}",
            emoji=False,
            highlight=False,
            soft_wrap=True,
        )


__all__ = ["console", "err_console", "fail", "report", "warn"]
