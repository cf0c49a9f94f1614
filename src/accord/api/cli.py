"""``accord serve``: the HTTP API and dashboard over a ledger."""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Annotated, Any

import typer

from accord.errors import AccordError
from accord.ledger.limits import DEFAULT_LIMITS, Limits

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
    max_body: Annotated[int, typer.Option(help="Largest request body (bytes).", min=1)] = (
        DEFAULT_LIMITS.body_bytes
    ),
    max_text: Annotated[int, typer.Option(help="Longest text field (characters).", min=1)] = (
        DEFAULT_LIMITS.text_chars
    ),
    max_batch: Annotated[int, typer.Option(help="Most events in one batch.", min=1)] = (
        DEFAULT_LIMITS.batch_events
    ),
    max_errors: Annotated[int, typer.Option(help="Problems listed per answer.", min=1)] = (
        DEFAULT_LIMITS.errors_shown
    ),
    workers: Annotated[
        int,
        typer.Option(
            help="Server processes sharing the port (each keeps its own caches; 2 on a "
            "2-core machine lets two requests run at once).",
            min=1,
            max=64,
        ),
    ] = 1,
) -> None:
    """Serve the ledger's HTTP API (OpenAPI at /openapi.json) and dashboard."""
    import uvicorn

    from accord.api.app import SERVE_SETTINGS, create_app
    from accord.api.serving import NoDelayHTTP
    from accord.ledger.engine import database_url
    from accord.ledger.store import Ledger
    from accord.terminal import fail

    limits = Limits(max_body, max_text, max_batch, max_errors)
    try:
        if demo:
            n = load_demo(db, scenario)
            typer.echo(f"demo: {DEMO_REGIME} with {n} events", err=True)
        ledger = Ledger.open(db, limits=limits)
    except AccordError as exc:
        fail(exc, 1)
    options: dict[str, Any] = {
        "host": host,
        "port": port,
        "proxy_headers": True,
        "http": NoDelayHTTP,
    }
    if workers > 1:  # each process opens the ledger itself, from these settings
        settings = {
            "db": database_url(db),
            "public_read": public_read or demo,
            "limits": [max_body, max_text, max_batch, max_errors],
        }
        ledger.close()
        os.environ[SERVE_SETTINGS] = json.dumps(settings)
        uvicorn.run("accord.api.app:from_environment", factory=True, workers=workers, **options)
        return
    app = create_app(ledger, public_read=public_read or demo, limits=limits)
    uvicorn.run(app, **options)
