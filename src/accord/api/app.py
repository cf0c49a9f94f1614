"""The FastAPI application: JSON API under ``/api``, dashboard pages at ``/``.

Every error is an answer with a status, a message and located ``errors`` (the first
:attr:`~accord.ledger.limits.Limits.errors_shown` of them, with the ``total``): 401/403
for who is asking, 404 for what does not exist, 409 for a damaged record, 413 for a body
over the limit, 422 for anything malformed or out of range. None is a 500.
"""

from __future__ import annotations

from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from fastapi.staticfiles import StaticFiles
from starlette.exceptions import HTTPException

from accord.api import dashboard, reads, writes
from accord.api.assets import STATIC
from accord.api.cache import Caches
from accord.api.hygiene import Hygiene
from accord.domain import EVENT_KINDS
from accord.errors import AccordError, ErrorDetail, EventRejected
from accord.ledger.limits import DEFAULT_LIMITS, Limits, shown
from accord.ledger.records import CorruptRecord
from accord.ledger.store import Ledger, UnknownRegime
from accord.scenario.load import format_loc

_KINDS = frozenset(EVENT_KINDS)
_CLIP = 500
"""Characters of one error's location or message that are sent back (the input is not)."""


def _clip(text: str) -> str:
    return text if len(text) <= _CLIP else text[:_CLIP] + "…"


def _error(
    limits: Limits, status: int, message: str, errors: list[Any], headers: Any = None
) -> JSONResponse:
    first, total = shown(errors, limits)
    clipped = [
        {
            "loc": _clip(str(e["loc"])),
            "msg": _clip(str(e["msg"])),
            "expected": _clip(str(e["expected"])),
        }
        for e in first
    ]
    body = {"message": _clip(message), "errors": clipped, "total": total}
    return JSONResponse(body, status, headers=headers)


def create_app(
    ledger: Ledger, *, public_read: bool = False, limits: Limits = DEFAULT_LIMITS
) -> FastAPI:
    """The application over ``ledger``; ``public_read`` lets anyone read without a token."""
    app = FastAPI(
        title="Accord ledger",
        summary="Record what coalition members do and apply the framework's rules to it.",
        version="0.1.0",
    )
    app.state.ledger = ledger
    app.state.public_read = public_read
    app.state.limits = limits
    app.state.caches = Caches()

    @app.exception_handler(AccordError)
    def accord_error(_request: Request, exc: AccordError) -> JSONResponse:
        code = 400
        if isinstance(exc, UnknownRegime):
            code = 404
        elif isinstance(exc, CorruptRecord):
            code = 409
        elif isinstance(exc, EventRejected):
            code = 422
        return _error(limits, code, exc.message, list(exc.errors))

    @app.exception_handler(RequestValidationError)
    def invalid(_request: Request, exc: RequestValidationError) -> JSONResponse:
        errors: list[ErrorDetail] = []
        for e in exc.errors()[: limits.errors_shown]:
            parts = tuple(p for p in e["loc"] if not (isinstance(p, str) and p in _KINDS))
            expected = "a value" if e["type"] == "missing" else ""
            msg = "required field is missing" if e["type"] == "missing" else str(e["msg"])
            errors.append({"loc": format_loc(parts), "msg": msg, "expected": expected})
        resp = _error(limits, 422, "the request is not valid", errors)
        return resp if len(exc.errors()) <= limits.errors_shown else _with_total(resp, exc)

    @app.exception_handler(RecursionError)
    def too_deep(_request: Request, _exc: RecursionError) -> JSONResponse:
        detail: ErrorDetail = {"loc": "body", "msg": "nested too deeply", "expected": "an event"}
        return _error(limits, 422, "the request is nested too deeply", [detail])

    @app.exception_handler(HTTPException)
    def http_error(_request: Request, exc: HTTPException) -> JSONResponse:
        if isinstance(exc.detail, dict):
            return JSONResponse(exc.detail | {"total": 1}, exc.status_code, headers=exc.headers)
        return _error(limits, exc.status_code, str(exc.detail), [], exc.headers)

    app.include_router(reads.router())
    app.include_router(writes.router())
    app.include_router(dashboard.router())
    app.mount("/static", StaticFiles(directory=STATIC), name="static")
    app.add_middleware(Hygiene, limits=limits)
    return app


SERVE_SETTINGS = "ACCORD_SERVE_SETTINGS"
"""The environment variable through which ``accord serve --workers N`` hands each worker
process its database, reading mode and limits (as JSON)."""


def from_environment() -> FastAPI:
    """The application of one worker of ``accord serve --workers N``."""
    import json
    import os

    settings = json.loads(os.environ[SERVE_SETTINGS])
    limits = Limits(*settings["limits"])
    ledger = Ledger.open(settings["db"], limits=limits)
    return create_app(ledger, public_read=bool(settings["public_read"]), limits=limits)


def _with_total(resp: JSONResponse, exc: RequestValidationError) -> JSONResponse:
    """The answer with the count of every problem, not only of those it lists."""
    import json

    body = json.loads(bytes(resp.body))
    body["total"] = len(exc.errors())
    return JSONResponse(body, resp.status_code)
