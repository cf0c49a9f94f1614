"""``accord codes``: the economies Accord knows, with names and their covariates.

Lists every ICIO economy and every economy outside the ICIO that the covariates cover,
with its blocs and alliances on a date and its latest UN voting coincidence with the
United States known by then. A user's memberships or coincidence table (same columns as
the bundled ones) is checked in full first: on any problem the command prints each
located error, exits 1 and writes nothing.

Exit codes: 0 success, 1 a bad table, 2 a bad argument.
"""

from __future__ import annotations

import io
import json
import os
import sys
import tempfile
from datetime import date
from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any

import typer

from accord.covariates.store import OUTSIDE_ICIO
from accord.domain.codes import ICIO_ECONOMIES


class Format(StrEnum):
    table = "table"
    json = "json"


def listing(
    day: date, memberships: Path | None = None, coincidence: Path | None = None
) -> list[dict[str, Any]]:
    """One record per economy: code, name, whether in the ICIO, blocs on ``day`` and the
    UN coincidence (value and year) known on ``day``; raises on a bad table or date.

    Listed: the ICIO economies, those outside it with bundled covariates, and any
    economy a user's table adds."""
    from accord.covariates.store import bundled, with_user_tables

    base = bundled()
    cov = with_user_tables(base, memberships, coincidence)
    snap = cov.as_of(day)
    added = {m.economy for m in set(cov.memberships) - set(base.memberships)}
    added |= {c.economy for c in set(cov.coincidence) - set(base.coincidence)}
    icio = set(ICIO_ECONOMIES)
    gaps = {g.economy: g.reason for g in cov.gaps}
    out = []
    for code in sorted(icio | set(OUTSIDE_ICIO) | added):
        un = snap.coincidence.get(code)
        out.append(
            {
                "code": code,
                "name": cov.names.get(code, ""),
                "icio": code in icio,
                "blocs": sorted(snap.blocs_of(code)),
                "un_coincidence": snap.un_coincidence(code),
                "un_year": None if un is None else un[0],
                "un_gap": gaps.get(code),
            }
        )
    return out


def _write_atomically(text: str, out: Path) -> None:
    """Write ``text`` to ``out`` through a temporary file in the same folder, so a
    failure leaves no partial file."""
    fd, tmp = tempfile.mkstemp(dir=out.parent, prefix=f".{out.name}.")
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as f:
            f.write(text)
        os.replace(tmp, out)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def codes(
    as_of: Annotated[
        str | None,
        typer.Option("--as-of", help="Date the covariates are read on (default: today)."),
    ] = None,
    memberships: Annotated[
        Path | None, typer.Option(help="A memberships table (CSV) to add to the bundled one.")
    ] = None,
    coincidence: Annotated[
        Path | None, typer.Option(help="A UN voting coincidence table (CSV) to add.")
    ] = None,
    format: Annotated[Format, typer.Option("--format", help="table or json.")] = Format.table,
    out: Annotated[
        Path | None, typer.Option(help="Write the listing here instead of printing.")
    ] = None,
) -> None:
    """List the economies Accord knows, with names and which covariates each has."""
    from accord.cli import fail
    from accord.errors import AccordError, InvalidArgument

    try:
        day = date.fromisoformat(as_of) if as_of else date.today()
    except ValueError:
        fail(InvalidArgument(f"--as-of: {as_of!r} is not a date (expected YYYY-MM-DD)"), 2)
    try:
        rows = listing(day, memberships, coincidence)
    except AccordError as exc:
        fail(exc, 1)
    text = json.dumps(rows, indent=2) + "\n" if format is Format.json else _table(rows, day)
    if out is None:
        sys.stdout.write(text)
    else:
        _write_atomically(text, out)


def _table(rows: list[dict[str, Any]], day: date) -> str:
    from rich.console import Console
    from rich.table import Table

    table = Table(
        "code", "name", "ICIO", f"blocs on {day}", "UN coincidence with US", title="Economies"
    )
    for r in rows:
        if r["un_year"] is not None:
            un = f"{r['un_coincidence']:.2f} ({r['un_year']})"
        elif r["un_coincidence"] is not None:
            un = "1 (the reference)"
        else:
            un = f"none: {r['un_gap']}" if r["un_gap"] else "none on this date"
        table.add_row(r["code"], r["name"], "yes" if r["icio"] else "no", " ".join(r["blocs"]), un)
    console = Console(width=160, record=True, file=io.StringIO())
    console.print(table)
    return console.export_text()
