"""``accord ledger ...`` and ``accord serve``: the ledger from the command line.

Exit codes: 0 success; 1 a user error (bad file, unknown regime, rejected event), with
a located message and nothing written; 2 ``verify`` found a broken chain.
"""

from __future__ import annotations

import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Annotated, Any

import typer

from accord.errors import AccordError

ledger_app = typer.Typer(
    help="Record what members do in an append-only, hash-chained ledger.",
    no_args_is_help=True,
)
token_app = typer.Typer(help="Issue and revoke API tokens.", no_args_is_help=True)
ledger_app.add_typer(token_app, name="token")


def _option(*flags: str) -> Any:
    """An option from its flags followed by its help: how every ledger command declares one,
    so a command's signature reads one parameter a line."""
    *names, help_ = flags
    return typer.Option(*names, help=help_)


Db = Annotated[
    str | None,
    _option("--db", "Database URL (default: ACCORD_DATABASE_URL or a local SQLite file)."),
]
_SCENARIO_HELP = "Define the regime from this file if new."


@contextmanager
def user_errors() -> Iterator[None]:
    """Turn an AccordError into a located message and exit code 1, without a traceback."""
    try:
        yield
    except AccordError as exc:
        from accord.terminal import fail

        fail(exc, 1)


@ledger_app.command("init")
def init(db: Db = None) -> None:
    """Create or upgrade the ledger's tables."""
    from accord.ledger.engine import database_url
    from accord.ledger.store import Ledger

    with user_errors():
        Ledger.open(db).close()
    typer.echo(f"ledger ready at {database_url(db)}")


@ledger_app.command("define")
def define(
    regime_id: Annotated[str, typer.Argument(help="Short id, e.g. russia-2022.")],
    scenario: Annotated[
        Path, typer.Argument(help="Scenario file (TOML) or bundled name (accord scenarios).")
    ],
    db: Db = None,
) -> None:
    """Define a regime in the ledger from a scenario file."""
    from accord.ledger.store import Ledger
    from accord.scenarios import load as load_scenario

    with user_errors():
        regime = load_scenario(scenario)
        ledger = Ledger.open(db)
        info = ledger.define_regime(regime_id, regime)
    typer.echo(f"{info.id}: {info.name} ({info.events} events) hash {info.hash}")


@ledger_app.command("import")
def import_(
    file: Annotated[Path, typer.Argument(help="JSON Lines: an export, or plain events.")],
    regime_id: Annotated[str | None, _option("--regime", "Regime of plain events.")] = None,
    scenario: Annotated[Path | None, _option("--scenario", _SCENARIO_HELP)] = None,
    db: Db = None,
) -> None:
    """Import events; the whole file is stored, or nothing."""
    from accord.ledger.jsonl import import_jsonl
    from accord.ledger.store import Ledger
    from accord.scenarios import load as load_scenario

    with user_errors():
        regime = load_scenario(scenario) if scenario is not None else None
        ledger = Ledger.open(db)
        result = import_jsonl(ledger, file, regime_id=regime_id, regime=regime)
    typer.echo(f"{result.regime_id}: {result.stored} events stored")


@ledger_app.command("export")
def export(
    regime_id: Annotated[str, typer.Argument(help="Regime to export.")],
    output: Annotated[
        Path | None, _option("-o", "--output", "File (default: standard output).")
    ] = None,
    db: Db = None,
) -> None:
    """Export a regime and its events as JSON Lines (import gives them back exactly)."""
    from accord.ledger.jsonl import export_jsonl, write_export
    from accord.ledger.store import Ledger

    with user_errors():
        ledger = Ledger.open(db)
        if output is None:
            write_export(ledger, regime_id, sys.stdout)
        else:
            n = export_jsonl(ledger, regime_id, output)
            typer.echo(f"{regime_id}: {n} events written to {output}", err=True)


@ledger_app.command("verify")
def verify(
    regime_id: Annotated[str | None, typer.Argument(help="Regime (default: all).")] = None,
    db: Db = None,
) -> None:
    """Check every hash chain; exit 2 and name the first altered or missing event."""
    from accord.ledger.chain import verify as verify_chain
    from accord.ledger.store import Ledger

    with user_errors():
        reports = verify_chain(Ledger.open(db), regime_id)
    for r in reports:
        typer.echo(r.describe(), err=not r.ok)
    if not all(r.ok for r in reports):
        raise typer.Exit(2)


@token_app.command("create")
def token_create(
    name: Annotated[str, typer.Argument(help="Who holds the token.")],
    role: Annotated[str, _option("--role", "secretariat, member, verifier, reporter or observer.")],
    member: Annotated[str | None, _option("--member", "Member state of a member token.")] = None,
    db: Db = None,
) -> None:
    """Issue a token and print it once (only its hash is kept)."""
    from accord.errors import InvalidArgument
    from accord.ledger.store import Ledger
    from accord.ledger.tokens import Role, issue_token

    with user_errors():
        if role not in {r.value for r in Role}:
            raise InvalidArgument(
                f"unknown role {role!r}",
                [{"loc": "--role", "msg": role, "expected": ", ".join(r.value for r in Role)}],
            )
        secret = issue_token(Ledger.open(db), name, Role(role), member)
    typer.echo(secret)


@token_app.command("revoke")
def token_revoke(name: Annotated[str, typer.Argument()], db: Db = None) -> None:
    """Revoke a token by name."""
    from accord.errors import InvalidArgument
    from accord.ledger.store import Ledger
    from accord.ledger.tokens import revoke_token

    with user_errors():
        if not revoke_token(Ledger.open(db), name):
            raise InvalidArgument(
                f"no token named {name!r}", [{"loc": "name", "msg": name, "expected": "a token"}]
            )
    typer.echo(f"revoked {name}")


@token_app.command("list")
def token_list(db: Db = None) -> None:
    """List tokens (names and roles; secrets are never stored)."""
    from accord.ledger.store import Ledger
    from accord.ledger.tokens import list_tokens

    with user_errors():
        rows = list_tokens(Ledger.open(db))
    for name, role, member, revoked in rows:
        typer.echo(f"{name}\t{role}\t{member or '-'}\t{'revoked' if revoked else 'active'}")
