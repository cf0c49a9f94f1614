"""Read endpoints: regimes, events (paged, filtered), chain status, projections, metrics.

Each answer takes time in proportion to what it returns, not to the size of the record:
pages are index range scans; the chain status checks only what was appended since the
head it last found intact; projections and metrics are computed once per chain head and
date (concurrent identical requests wait for the first) from a parsed history that grows
with each new event instead of being parsed again, and served as the bytes encoded then
(:mod:`accord.api.answers`). The endpoints are coroutines: what takes a moment (the
head, a page, a cached answer) is done on the event loop, only what must be computed
goes to a worker thread.
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Annotated, Any

from fastapi import APIRouter, Depends, HTTPException, Query, Request, Response, status
from pydantic import TypeAdapter
from sqlalchemy import func, select
from starlette.concurrency import run_in_threadpool

from accord.api.answers import JSON, Answer, cached, caches_of, send
from accord.api.auth import Reader, ledger_of, sees_confidential
from accord.api.cache import Caches
from accord.api.schemas import (
    ERRORS,
    EventFilter,
    EventOut,
    EventPage,
    MetricsOut,
    RegimeDetail,
    event_json,
    events_json,
)
from accord.api.views import chain_view, info_view
from accord.domain import EVENT_KINDS
from accord.ledger.basis import ProjectionBasis
from accord.ledger.chain import (
    ChainReport,
    Checkpoint,
    check_regime,
    head_state,
    ledger_definition,
)
from accord.ledger.projections import Projection, project_at
from accord.ledger.records import EventQuery, RegimeInfo
from accord.ledger.store import Ledger
from accord.ledger.tables import EventRow
from accord.ledger.tokens import Principal

LedgerDep = Annotated[Ledger, Depends(ledger_of)]
_INFO = TypeAdapter(RegimeInfo)
_INFOS = TypeAdapter(list[RegimeInfo])
_CHAIN = TypeAdapter(ChainReport)
_PROJECTION = TypeAdapter(Projection)


def projection_of(
    request: Request,
    ledger: Ledger,
    regime_id: str,
    at: date | None,
    info: RegimeInfo | None = None,
) -> Projection:
    """The projection as of ``at`` (default today), computed once per chain head and date
    (``info``, the head the caller has just read, spares reading it again)."""
    info = info or ledger.regime_info(regime_id)
    when = at or datetime.now(UTC).date()
    caches = caches_of(request)

    def prepare() -> ProjectionBasis:
        history = caches.history.history(ledger, regime_id, info.head_hash)
        return ProjectionBasis.of(ledger.regime(regime_id), history)

    def compute() -> Projection:
        return project_at(caches.bases.get((regime_id, info.head_hash), prepare), when)

    return caches.projections.get((regime_id, info.head_hash, when), compute)


def chain_of(
    request: Request, ledger: Ledger, regime_id: str, who: Principal | None
) -> ChainReport:
    """The chain's status as ``who`` is shown it, checked from the last head found intact
    (see :func:`accord.ledger.chain.check_regime`) unless nothing it looks at has changed
    since it was last checked (:func:`accord.ledger.chain.head_state`)."""
    info = ledger.regime_info(regime_id)
    caches = caches_of(request)
    state = head_state(ledger, regime_id)
    seen = caches.chain_seen.get(regime_id)
    if seen is not None and seen[0] == state:
        return chain_view(seen[1], info, who)
    with caches.chain_lock:
        return chain_view(_verified(caches, ledger, regime_id, state), info, who)


def _verified(
    caches: Caches, ledger: Ledger, regime_id: str, state: tuple[Any, ...] | None
) -> ChainReport:
    """Check what was appended since the checkpoint (the lock is held); remember the
    outcome with the state read before the check began, so a write that lands during
    it makes the next request check again."""
    since: Checkpoint | None = caches.checkpoints.get(regime_id)
    report, end = check_regime(ledger, regime_id, since=since)
    if end is not None:
        caches.checkpoints[regime_id] = end
    else:
        caches.checkpoints.pop(regime_id, None)
    caches.chain_seen[regime_id] = (state, report)
    return report


async def chain_report(
    request: Request, ledger: Ledger, regime_id: str, who: Principal | None
) -> ChainReport:
    """:func:`chain_of` for a request: on the event loop when nothing changed, or when it
    is a check of what was appended since an intact head and no other check is under way;
    in a worker thread otherwise (a full walk, or waiting for the check under way)."""
    caches = caches_of(request)
    info = ledger.regime_info(regime_id)
    state = head_state(ledger, regime_id)
    seen = caches.chain_seen.get(regime_id)
    if seen is not None and seen[0] == state:
        return chain_view(seen[1], info, who)
    if regime_id in caches.checkpoints and caches.chain_lock.acquire(blocking=False):
        try:
            return chain_view(_verified(caches, ledger, regime_id, state), info, who)
        finally:
            caches.chain_lock.release()
    report: ChainReport = await run_in_threadpool(chain_of, request, ledger, regime_id, who)
    return report


def _kind_counts(ledger: Ledger, regime_id: str, confidential: bool) -> dict[str, int]:
    stmt = select(EventRow.kind, func.count()).where(EventRow.regime_id == regime_id)
    if not confidential:
        stmt = stmt.where(EventRow.confidential.is_(False))
    with ledger.engine.connect() as conn:
        return {k: int(n) for k, n in conn.execute(stmt.group_by(EventRow.kind))}


def _bad(loc: str, msg: str, expected: str) -> HTTPException:
    return HTTPException(
        422,
        {"message": msg, "errors": [{"loc": loc, "msg": msg, "expected": expected}]},
    )


def router() -> APIRouter:
    api = APIRouter(prefix="/api", tags=["read"], responses=ERRORS)

    @api.get("/health", summary="Liveness")
    async def health() -> dict[str, str]:
        return {"status": "ok"}

    @api.get("/regimes", summary="Regimes in the ledger", response_model=list[RegimeInfo])
    async def regimes(request: Request, who: Reader, ledger: LedgerDep) -> Response:
        infos = tuple(info_view(i, who) for i in ledger.regimes())
        return await cached(request, ("regimes", infos), lambda: _INFOS.dump_json(list(infos)))

    @api.get(
        "/regimes/{regime_id}", summary="A regime and its chain head", response_model=RegimeDetail
    )
    async def regime(request: Request, regime_id: str, who: Reader, ledger: LedgerDep) -> Response:
        info = info_view(ledger.regime_info(regime_id), who)

        # The definition is stored as canonical JSON: served as it is, read once per hash.
        def encode() -> bytes:
            ledger.regime(regime_id)  # a definition that no longer parses is a 409
            text = ledger_definition(ledger, regime_id)
            return f'{{"regime":{_INFO.dump_json(info).decode()},"definition":{text}}}'.encode()

        return await cached(request, ("regime", info), encode)

    @api.get(
        "/regimes/{regime_id}/events",
        summary="Events, paged and filtered",
        response_model=EventPage,
    )
    async def events(
        request: Request,
        regime_id: str,
        who: Reader,
        ledger: LedgerDep,
        filters: Annotated[EventFilter, Query()],
    ) -> Response:
        info = ledger.regime_info(regime_id)
        regime = ledger.regime_of(info)
        measure, kind = filters.measure, filters.kind
        if measure is not None and measure not in regime.measure_ids:
            raise _bad("query.measure", f"no measure {measure!r}", ", ".join(regime.measure_ids))
        if kind is not None and kind not in EVENT_KINDS:
            raise _bad("query.kind", f"no event kind {kind!r}", ", ".join(EVENT_KINDS))
        secret = sees_confidential(who)
        # A page is an index range scan of at most ``limit`` rows: served at once, on the
        # event loop; its bodies are stored as JSON, so it is assembled as text.
        page = ledger.events(regime_id, EventQuery(**filters.model_dump(), confidential=secret))
        items = events_json(page.items, not secret)
        nxt = "null" if page.next_after is None else str(page.next_after)
        body = f'{{"items":[{items}],"next_after":{nxt}}}'.encode()
        return send(request, Answer.of(body), JSON)

    @api.get("/regimes/{regime_id}/events/{event_id}", summary="One event", response_model=EventOut)
    async def event(
        request: Request, regime_id: str, event_id: str, who: Reader, ledger: LedgerDep
    ) -> Response:
        s = ledger.event(regime_id, event_id)
        if s is None or (s.confidential and not sees_confidential(who)):
            raise HTTPException(status.HTTP_404_NOT_FOUND, f"no event {event_id[:80]!r}")
        return send(request, Answer.of(event_json(s, not sees_confidential(who)).encode()), JSON)

    @api.get(
        "/regimes/{regime_id}/chain", summary="Verify the hash chain", response_model=ChainReport
    )
    async def chain(request: Request, regime_id: str, who: Reader, ledger: LedgerDep) -> Response:
        report = await chain_report(request, ledger, regime_id, who)
        return send(request, Answer.of(_CHAIN.dump_json(report)), JSON)

    @api.get(
        "/regimes/{regime_id}/projection",
        summary="What the rules say about the record",
        response_model=Projection,
    )
    async def projection(
        request: Request,
        regime_id: str,
        _who: Reader,
        ledger: LedgerDep,
        at: Annotated[date | None, Query(description="As of (default: today)")] = None,
    ) -> Response:
        info = ledger.regime_info(regime_id)
        when = at or datetime.now(UTC).date()

        def encode() -> bytes:
            return _PROJECTION.dump_json(projection_of(request, ledger, regime_id, when, info))

        return await cached(request, ("projection", regime_id, info.head_hash, when), encode)

    @api.get(
        "/regimes/{regime_id}/metrics",
        summary="Counts and cohesion over time",
        response_model=MetricsOut,
    )
    async def metrics(
        request: Request,
        regime_id: str,
        who: Reader,
        ledger: LedgerDep,
        at: Annotated[date | None, Query(description="As of (default: today)")] = None,
    ) -> Response:
        info = ledger.regime_info(regime_id)
        when = at or datetime.now(UTC).date()
        secret = sees_confidential(who)

        def encode() -> bytes:
            p = projection_of(request, ledger, regime_id, when, info)
            kinds: dict[str, int] = caches_of(request).metrics.get(
                (regime_id, info.head_hash, secret),
                lambda: _kind_counts(ledger, regime_id, secret),
            )
            out = MetricsOut(events=sum(kinds.values()), by_kind=kinds, cohesion=p.cohesion)
            return out.model_dump_json().encode()

        key = ("metrics", regime_id, info.head_hash, when, secret)
        return await cached(request, key, encode)

    return api
