"""Read endpoints: regimes, events (paged, filtered), chain status, projections, metrics.

Each answer takes time in proportion to what it returns, not to the size of the record:
pages are index range scans; the chain status checks only what was appended since the
head it last found intact; projections and metrics are computed once per chain head and
date (concurrent identical requests wait for the first) from a parsed history that grows
with each new event instead of being parsed again.
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Annotated, Any

from fastapi import APIRouter, Depends, HTTPException, Query, Request, Response, status
from pydantic import TypeAdapter
from sqlalchemy import func, select

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
)
from accord.api.views import chain_view, event_view, info_view
from accord.domain import EVENT_KINDS
from accord.ledger.basis import ProjectionBasis
from accord.ledger.chain import ChainReport, Checkpoint, check_regime, ledger_definition
from accord.ledger.projections import Projection, project_at
from accord.ledger.records import EventQuery, RegimeInfo
from accord.ledger.store import Ledger
from accord.ledger.tables import EventRow
from accord.ledger.tokens import Principal

LedgerDep = Annotated[Ledger, Depends(ledger_of)]
JSON = "application/json"
_INFO = TypeAdapter(RegimeInfo)
_PROJECTION = TypeAdapter(Projection)


def _caches(request: Request) -> Caches:
    caches: Caches = request.app.state.caches
    return caches


def projection_of(request: Request, ledger: Ledger, regime_id: str, at: date | None) -> Projection:
    """The projection as of ``at`` (default today), computed once per chain head and date."""
    info = ledger.regime_info(regime_id)
    when = at or datetime.now(UTC).date()
    caches = _caches(request)

    def prepare() -> ProjectionBasis:
        history = caches.history.history(ledger, regime_id, info.head_hash)
        return ProjectionBasis.of(ledger.regime(regime_id), history)

    def compute() -> Projection:
        return project_at(caches.bases.get((regime_id, info.head_hash), prepare), when)

    return caches.projections.get((regime_id, info.head_hash, when), compute)


def chain_of(
    request: Request, ledger: Ledger, regime_id: str, who: Principal | None
) -> ChainReport:
    """The chain's status, checked from the last head found intact (see
    :func:`accord.ledger.chain.check_regime`)."""
    caches = _caches(request)
    info = ledger.regime_info(regime_id)
    with caches.chain_lock:
        since: Checkpoint | None = caches.checkpoints.get(regime_id)
        report, end = check_regime(ledger, regime_id, since=since)
        if end is not None:
            caches.checkpoints[regime_id] = end
        else:
            caches.checkpoints.pop(regime_id, None)
    return chain_view(report, info, who)


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
    def health() -> dict[str, str]:
        return {"status": "ok"}

    @api.get("/regimes", summary="Regimes in the ledger")
    def regimes(who: Reader, ledger: LedgerDep) -> list[RegimeInfo]:
        return [info_view(i, who) for i in ledger.regimes()]

    @api.get(
        "/regimes/{regime_id}", summary="A regime and its chain head", response_model=RegimeDetail
    )
    def regime(request: Request, regime_id: str, who: Reader, ledger: LedgerDep) -> Response:
        info = info_view(ledger.regime_info(regime_id), who)
        head = _INFO.dump_json(info).decode()

        # The definition is stored as canonical JSON: served as it is, read once per hash.
        def read() -> str:
            ledger.regime(regime_id)  # a definition that no longer parses is a 409
            return ledger_definition(ledger, regime_id)

        text = _caches(request).definitions.get((regime_id, info.hash), read)
        return Response(f'{{"regime":{head},"definition":{text}}}', media_type=JSON)

    @api.get(
        "/regimes/{regime_id}/events",
        summary="Events, paged and filtered",
        response_model=EventPage,
    )
    def events(
        regime_id: str,
        who: Reader,
        ledger: LedgerDep,
        filters: Annotated[EventFilter, Query()],
    ) -> Response:
        regime = ledger.regime(regime_id)
        measure, kind = filters.measure, filters.kind
        if measure is not None and measure not in regime.measure_ids:
            raise _bad("query.measure", f"no measure {measure!r}", ", ".join(regime.measure_ids))
        if kind is not None and kind not in EVENT_KINDS:
            raise _bad("query.kind", f"no event kind {kind!r}", ", ".join(EVENT_KINDS))
        q = EventQuery(**filters.model_dump(), confidential=sees_confidential(who))
        page = ledger.events(regime_id, q)
        items = ",".join(event_json(event_view(s, who)) for s in page.items)
        nxt = "null" if page.next_after is None else str(page.next_after)
        # The bodies are stored as JSON: the page is assembled as text, not re-serialised.
        return Response(f'{{"items":[{items}],"next_after":{nxt}}}', media_type="application/json")

    @api.get("/regimes/{regime_id}/events/{event_id}", summary="One event")
    def event(regime_id: str, event_id: str, who: Reader, ledger: LedgerDep) -> EventOut:
        s = ledger.event(regime_id, event_id)
        if s is None or (s.confidential and not sees_confidential(who)):
            raise HTTPException(status.HTTP_404_NOT_FOUND, f"no event {event_id[:80]!r}")
        return EventOut.of(event_view(s, who))

    @api.get("/regimes/{regime_id}/chain", summary="Verify the hash chain")
    def chain(request: Request, regime_id: str, who: Reader, ledger: LedgerDep) -> ChainReport:
        return chain_of(request, ledger, regime_id, who)

    @api.get(
        "/regimes/{regime_id}/projection",
        summary="What the rules say about the record",
        response_model=Projection,
    )
    def projection(
        request: Request,
        regime_id: str,
        _who: Reader,
        ledger: LedgerDep,
        at: Annotated[date | None, Query(description="As of (default: today)")] = None,
    ) -> Response:
        head = ledger.regime_info(regime_id).head_hash
        when = at or datetime.now(UTC).date()

        def encode() -> bytes:
            return _PROJECTION.dump_json(projection_of(request, ledger, regime_id, when))

        body = _caches(request).encoded.get(("projection", regime_id, head, when), encode)
        return Response(body, media_type=JSON)

    @api.get("/regimes/{regime_id}/metrics", summary="Counts and cohesion over time")
    def metrics(
        request: Request,
        regime_id: str,
        who: Reader,
        ledger: LedgerDep,
        at: Annotated[date | None, Query(description="As of (default: today)")] = None,
    ) -> MetricsOut:
        p = projection_of(request, ledger, regime_id, at)
        secret = sees_confidential(who)
        head = ledger.regime_info(regime_id).head_hash

        def compute() -> dict[str, int]:
            return _kind_counts(ledger, regime_id, secret)

        kinds: dict[str, Any] = _caches(request).metrics.get((regime_id, head, secret), compute)
        return MetricsOut(events=sum(kinds.values()), by_kind=dict(kinds), cohesion=p.cohesion)

    return api
