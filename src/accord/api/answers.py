"""Answers served as bytes prepared once per chain head, with an entity tag.

A read's answer depends on the regime's head, the address and query, and what the reader
may see; it is encoded once under a key made of all of them and then served as those
bytes, with an ``ETag`` (a hash of the bytes) so a client that already holds them gets
``304 Not Modified``. The event loop looks the key up without waiting; only a miss goes to
a worker thread, where :class:`~accord.api.cache.ComputeOnce` makes concurrent identical
misses compute it once. A new event moves the head, so an answer is never served for a
record it was not computed from, and a key that names a view (restricted or not, and for
pages who is signed in) is never served to a reader of another view.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Hashable
from dataclasses import dataclass

from fastapi import Request, Response
from starlette.concurrency import run_in_threadpool

from accord.api.cache import MISSING, Caches, ComputeOnce

JSON = "application/json"
HTML = "text/html; charset=utf-8"


@dataclass(frozen=True, slots=True)
class Answer:
    """An encoded answer and its entity tag."""

    body: bytes
    etag: str

    @classmethod
    def of(cls, body: bytes) -> Answer:
        return cls(body, '"' + hashlib.sha256(body).hexdigest()[:32] + '"')


def caches_of(request: Request) -> Caches:
    caches: Caches = request.app.state.caches
    return caches


async def shared(store: ComputeOnce, key: Hashable, compute: Callable[[], bytes]) -> Answer:
    """The answer under ``key``: from the cache at once, else computed in a worker thread
    (once, however many ask together)."""
    hit = store.peek(key)
    if hit is not MISSING:
        answer: Answer = hit
        return answer
    done: Answer = await run_in_threadpool(store.get, key, lambda: Answer.of(compute()))
    return done


def send(request: Request, answer: Answer, media_type: str) -> Response:
    """The answer, or 304 when the client already holds these bytes. The answer depends on
    the token, so shared caches must not keep it and browsers must revalidate it."""
    headers = {
        "ETag": answer.etag,
        "Cache-Control": "private, no-cache",
        "Vary": "Authorization, Cookie",
    }
    held = request.headers.get("if-none-match")
    if held is not None and answer.etag in {t.strip() for t in held.split(",")}:
        return Response(status_code=304, headers=headers)
    return Response(answer.body, media_type=media_type, headers=headers)


async def cached(
    request: Request,
    key: Hashable,
    compute: Callable[[], bytes],
    media_type: str = JSON,
    *,
    inline: bool = False,
) -> Response:
    """:func:`shared` then :func:`send`, from the application's encoded answers.

    ``inline`` answers that take a moment and are rarely asked twice (a page of rows
    after a cursor) are computed on the event loop and not kept: a worker thread and a
    cache entry would cost more than computing them."""
    if inline:
        return send(request, Answer.of(compute()), media_type)
    return send(request, await shared(caches_of(request).encoded, key, compute), media_type)
