"""``accord serve``: the HTTP API and dashboard over a ledger."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from accord.errors import AccordError

DEMO_REGIME = "russia-2022"
DEMO_HISTORY = (
    Path(__file__).resolve().parent.parent / "ledger" / "examples" / ("russia-2022.events.jsonl")
)


def load_demo(ledger_url: str | None, scenario: Path) -> int:
    """Define the russia-2022 regime and import its bundled history unless already there."""
    from accord.ledger.jsonl import import_jsonl
    from accord.ledger.store import Ledger
    from accord.scenarios import load as load_scenario

    ledger = Ledger.open(ledger_url)
    if DEMO_REGIME in {r.id for r in ledger.regimes()}:
        return ledger.regime_info(DEMO_REGIME).events
    result = import_jsonl(
        ledger, DEMO_HISTORY, regime_id=DEMO_REGIME, regime=load_scenario(scenario)
    )
    return result.stored


def serve(
    host: Annotated[str, typer.Option(help="Address to listen on.")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="Port.")] = 8000,
    db: Annotated[
        str | None,
        typer.Option("--db", help="Database URL (default: ACCORD_DATABASE_URL or a local file)."),
    ] = None,
    demo: Annotated[
        bool, typer.Option("--demo", help="Load the bundled russia-2022 history first.")
    ] = False,
    scenario: Annotated[
        Path, typer.Option(help="Scenario of the demo regime (a file or a bundled name).")
    ] = Path("russia-2022"),
    public_read: Annotated[
        bool, typer.Option("--public-read", help="Let anyone read without a token.")
    ] = False,
) -> None:
    """Serve the ledger's HTTP API (OpenAPI at /openapi.json) and dashboard."""
    import uvicorn

    from accord.api.app import create_app
    from accord.ledger.store import Ledger
    from accord.terminal import fail

    try:
        if demo:
            n = load_demo(db, scenario)
            typer.echo(f"demo: {DEMO_REGIME} with {n} events", err=True)
        ledger = Ledger.open(db)
    except AccordError as exc:
        fail(exc, 1)
    uvicorn.run(create_app(ledger, public_read=public_read or demo), host=host, port=port)
