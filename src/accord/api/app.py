"""The FastAPI application: JSON API under ``/api``, dashboard pages at ``/``."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from fastapi.staticfiles import StaticFiles
from starlette.exceptions import HTTPException

from accord.domain import EVENT_KINDS
from accord.errors import AccordError, EventRejected
from accord.ledger.store import Ledger, UnknownRegime
from accord.scenario.load import format_loc

HERE = Path(__file__).parent
_KINDS = frozenset(EVENT_KINDS)


def _error(status: int, message: str, errors: list[Any], headers: Any = None) -> JSONResponse:
    return JSONResponse({"message": message, "errors": errors}, status, headers=headers)


def create_app(ledger: Ledger, *, public_read: bool = False) -> FastAPI:
    """The application over ``ledger``; ``public_read`` lets anyone read without a token."""
    from accord.api import dashboard, reads, writes

    app = FastAPI(
        title="Accord ledger",
        summary="Record what coalition members do and apply the framework's rules to it.",
        version="0.1.0",
    )
    app.state.ledger = ledger
    app.state.public_read = public_read
    app.state.projections = {}

    @app.exception_handler(AccordError)
    def accord_error(_request: Request, exc: AccordError) -> JSONResponse:
        code = 400
        if isinstance(exc, UnknownRegime):
            code = 404
        elif isinstance(exc, EventRejected):
            code = 422
        return _error(code, exc.message, list(exc.errors))

    @app.exception_handler(RequestValidationError)
    def invalid(_request: Request, exc: RequestValidationError) -> JSONResponse:
        errors = []
        for e in exc.errors():
            parts = tuple(p for p in e["loc"] if not (isinstance(p, str) and p in _KINDS))
            expected = "a value" if e["type"] == "missing" else ""
            msg = "required field is missing" if e["type"] == "missing" else str(e["msg"])
            errors.append({"loc": format_loc(parts), "msg": msg, "expected": expected})
        return _error(422, "the request is not valid", errors)

    @app.exception_handler(HTTPException)
    def http_error(_request: Request, exc: HTTPException) -> JSONResponse:
        if isinstance(exc.detail, dict):
            return JSONResponse(exc.detail, exc.status_code, headers=exc.headers)
        return _error(exc.status_code, str(exc.detail), [], exc.headers)

    app.include_router(reads.router())
    app.include_router(writes.router())
    app.include_router(dashboard.router())
    app.mount("/static", StaticFiles(directory=HERE / "static"), name="static")
    return app
