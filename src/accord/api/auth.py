"""Who is asking: bearer tokens (or the dashboard's cookie) mapped to roles.

The dependencies are coroutines: each does a moment's work, which a hop to a worker
thread per dependency would cost several times over.

Every write endpoint declares the roles it admits; a request without a valid token gets
401, one whose role is not admitted 403. Reads need a token of any role unless the
server was started with public reading, and violation reports are shown only to the
secretariat and the verifier.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Annotated

from fastapi import Depends, HTTPException, Request, status

from accord.ledger.store import Ledger
from accord.ledger.tokens import READS_CONFIDENTIAL, Principal, Role, authenticate

COOKIE = "accord_token"


async def ledger_of(request: Request) -> Ledger:
    """The ledger the application serves."""
    ledger: Ledger = request.app.state.ledger
    return ledger


def token_of(request: Request) -> str | None:
    """The token sent as ``Authorization: Bearer ...`` or, from the dashboard, a cookie."""
    header = request.headers.get("authorization")
    if header:
        scheme, _, value = header.partition(" ")
        return value.strip() if scheme.lower() == "bearer" and value.strip() else ""
    return request.cookies.get(COOKIE)


async def principal(request: Request) -> Principal | None:
    """The caller, None without a token; 401 for a token that is unknown or revoked.

    Checked against the database on every request (one indexed lookup, on the event
    loop), so a revocation or an expiry takes effect on the next request."""
    token = token_of(request)
    if token is None:
        return None
    who = authenticate(request.app.state.ledger, token) if token else None
    if who is None:
        raise unauthorized("unknown or revoked token")
    return who


def unauthorized(message: str) -> HTTPException:
    """401 with the challenge a client needs to know a bearer token is expected."""
    return HTTPException(
        status.HTTP_401_UNAUTHORIZED, message, headers={"WWW-Authenticate": "Bearer"}
    )


Caller = Annotated[Principal | None, Depends(principal)]


def require(*roles: Role) -> Callable[[Principal | None], Awaitable[Principal]]:
    """A dependency admitting only ``roles`` (401 without a token, 403 otherwise)."""
    admitted = frozenset(roles)

    async def check(who: Caller) -> Principal:
        if who is None:
            raise unauthorized("a token is required")
        if who.role not in admitted:
            raise HTTPException(
                status.HTTP_403_FORBIDDEN,
                f"role {who.role} may not do this; it needs "
                + " or ".join(sorted(r.value for r in admitted)),
            )
        return who

    return check


async def reader(request: Request, who: Caller) -> Principal | None:
    """Any role may read; without a token only when the server reads publicly."""
    if who is None and not request.app.state.public_read:
        raise unauthorized("a token is required to read this ledger")
    return who


Reader = Annotated[Principal | None, Depends(reader)]


def sees_confidential(who: Principal | None) -> bool:
    return who is not None and who.role in READS_CONFIDENTIAL
