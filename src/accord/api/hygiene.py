"""What every response and every request goes through: bounded bodies, same-origin form
posts, and headers that keep the pages from being framed, sniffed or scripted from elsewhere.

- A request body over the limit (1 MiB by default) is refused with 413 before anything
  reads it (by its ``Content-Length``, or by counting what arrives).
- A ``POST`` that does not carry a bearer token (a dashboard form, login and logout
  included, or any request that would authenticate by the cookie) must come from this
  site: its ``Origin`` header, or failing that its ``Referer``, must name this host, or it
  is refused with 403. Browsers always send ``Origin`` on cross-site posts, and a bearer
  token cannot be attached by another site, so this is the OWASP "verifying origin with
  standard headers" defence without a token field in every form.
- Every answer carries ``Content-Security-Policy`` (scripts and styles only from this
  site, no framing, forms only to this site), ``X-Frame-Options: DENY``,
  ``X-Content-Type-Options: nosniff`` and ``Referrer-Policy: same-origin``.
"""

from __future__ import annotations

import json
from typing import Any
from urllib.parse import urlsplit

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from accord.ledger.limits import Limits

CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "frame-ancestors 'none'; base-uri 'none'; form-action 'self'; object-src 'none'"
)
DOCS_CSP = (
    "default-src 'self'; script-src 'self' 'unsafe-inline' https://cdn.jsdelivr.net; "
    "style-src 'self' 'unsafe-inline' https://cdn.jsdelivr.net; "
    "img-src 'self' data: https://fastapi.tiangolo.com; frame-ancestors 'none'"
)
"""The interactive API docs (Swagger UI, ReDoc) load their scripts from a CDN."""

HEADERS = [
    (b"x-frame-options", b"DENY"),
    (b"x-content-type-options", b"nosniff"),
    (b"referrer-policy", b"same-origin"),
]


def _json(status: int, message: str, loc: str, expected: str) -> tuple[int, bytes]:
    body = {"message": message, "errors": [{"loc": loc, "msg": message, "expected": expected}]}
    return status, json.dumps(body | {"total": 1}).encode()


def _header(scope: Scope, name: bytes) -> str | None:
    for k, v in scope.get("headers", []):
        if k == name:
            return str(v.decode("latin-1"))
    return None


def same_origin(scope: Scope) -> bool:
    """Whether the request's Origin (or Referer) names the host it was sent to."""
    host = _header(scope, b"host")
    source = _header(scope, b"origin") or _header(scope, b"referer")
    if not host or not source or source == "null":
        return False
    return urlsplit(source).netloc.lower() == host.lower()


def needs_origin(scope: Scope) -> bool:
    """A post a browser could send from another site: no bearer token, and either not
    under ``/api`` (a form) or carrying the dashboard's cookie."""
    if scope.get("method") != "POST":
        return False
    auth = _header(scope, b"authorization") or ""
    if auth.lower().startswith("bearer "):
        return False
    cookie = _header(scope, b"cookie") or ""
    return not str(scope.get("path", "")).startswith("/api/") or "accord_token=" in cookie


class Hygiene:
    """ASGI middleware: body limit, origin check, security headers."""

    def __init__(self, app: ASGIApp, limits: Limits) -> None:
        self.app = app
        self.limits = limits

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        csp = DOCS_CSP if str(scope.get("path", "")) in {"/docs", "/redoc"} else CSP

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = [h for h in message.get("headers", [])]
                headers += [(b"content-security-policy", csp.encode()), *HEADERS]
                message = {**message, "headers": headers}
            await send(message)

        if needs_origin(scope) and not same_origin(scope):
            await self._answer(
                send_with_headers,
                *_json(
                    403,
                    "cross-site request refused",
                    "header.origin",
                    "a request from this site (Origin or Referer naming this host)",
                ),
            )
            return
        limit = self.limits.body_bytes
        declared = _header(scope, b"content-length")
        if declared is not None and declared.isdigit() and int(declared) > limit:
            await self._answer(send_with_headers, *self._too_large(limit))
            return
        body, more, total = [], True, 0
        while more:
            message = await receive()
            if message["type"] != "http.request":
                break
            chunk = message.get("body", b"")
            total += len(chunk)
            if total > limit:
                await self._answer(send_with_headers, *self._too_large(limit))
                return
            body.append(chunk)
            more = message.get("more_body", False)
        replay: list[Message] = [
            {"type": "http.request", "body": b"".join(body), "more_body": False}
        ]

        async def replayed() -> Message:
            return replay.pop() if replay else await receive()

        await self.app(scope, replayed, send_with_headers)

    @staticmethod
    def _too_large(limit: int) -> tuple[int, bytes]:
        return _json(413, "the request body is too large", "body", f"at most {limit:,} bytes")

    @staticmethod
    async def _answer(send: Any, status: int, body: bytes) -> None:
        await send(
            {
                "type": "http.response.start",
                "status": status,
                "headers": [(b"content-type", b"application/json")],
            }
        )
        await send({"type": "http.response.body", "body": body})
