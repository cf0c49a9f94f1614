"""Read endpoints: regimes, events (paged, filtered), chain status, projections, metrics."""

from __future__ import annotations

from collections import Counter
from datetime import UTC, date, datetime
from typing import Annotated

from fastapi import APIRouter, Depends, HTTPException, Query, Request, Response, status

from accord.api.auth import Reader, ledger_of, sees_confidential
from accord.api.schemas import (
    EventFilter,
    EventOut,
    EventPage,
    MetricsOut,
    RegimeDetail,
    event_json,
)
from accord.domain import EVENT_KINDS
from accord.ledger.chain import ChainReport, verify_regime
from accord.ledger.projections import Projection, project
from accord.ledger.records import EventQuery, RegimeInfo
from accord.ledger.store import CONFIDENTIAL_KINDS, Ledger

LedgerDep = Annotated[Ledger, Depends(ledger_of)]


def projection_of(request: Request, ledger: Ledger, regime_id: str, at: date | None) -> Projection:
    """The projection as of ``at`` (default today), cached per chain head."""
    info = ledger.regime_info(regime_id)
    when = at or datetime.now(UTC).date()
    key = (regime_id, info.head_hash, when)
    cache: dict[tuple[str, str, date], Projection] = request.app.state.projections
    if key not in cache:
        if len(cache) > 64:
            cache.clear()
        cache[key] = project(ledger.regime(regime_id), ledger.history(regime_id), when)
    return cache[key]


def _bad(loc: str, msg: str, expected: str) -> HTTPException:
    return HTTPException(
        422,
        {"message": msg, "errors": [{"loc": loc, "msg": msg, "expected": expected}]},
    )


def router() -> APIRouter:
    api = APIRouter(prefix="/api", tags=["read"])

    @api.get("/health", summary="Liveness")
    def health() -> dict[str, str]:
        return {"status": "ok"}

    @api.get("/regimes", summary="Regimes in the ledger")
    def regimes(_who: Reader, ledger: LedgerDep) -> list[RegimeInfo]:
        return ledger.regimes()

    @api.get("/regimes/{regime_id}", summary="A regime and its chain head")
    def regime(regime_id: str, _who: Reader, ledger: LedgerDep) -> RegimeDetail:
        return RegimeDetail(
            regime=ledger.regime_info(regime_id), definition=ledger.regime(regime_id)
        )

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
        items = ",".join(event_json(s) for s in page.items)
        nxt = "null" if page.next_after is None else str(page.next_after)
        # The bodies are stored as JSON: the page is assembled as text, not re-serialised.
        return Response(f'{{"items":[{items}],"next_after":{nxt}}}', media_type="application/json")

    @api.get("/regimes/{regime_id}/events/{event_id}", summary="One event")
    def event(regime_id: str, event_id: str, who: Reader, ledger: LedgerDep) -> EventOut:
        s = ledger.event(regime_id, event_id)
        if s is None or (s.kind in CONFIDENTIAL_KINDS and not sees_confidential(who)):
            raise HTTPException(status.HTTP_404_NOT_FOUND, f"no event {event_id!r}")
        return EventOut.of(s)

    @api.get("/regimes/{regime_id}/chain", summary="Verify the hash chain")
    def chain(regime_id: str, _who: Reader, ledger: LedgerDep) -> ChainReport:
        return verify_regime(ledger, regime_id)

    @api.get("/regimes/{regime_id}/projection", summary="What the rules say about the record")
    def projection(
        request: Request,
        regime_id: str,
        _who: Reader,
        ledger: LedgerDep,
        at: Annotated[date | None, Query(description="As of (default: today)")] = None,
    ) -> Projection:
        return projection_of(request, ledger, regime_id, at)

    @api.get("/regimes/{regime_id}/metrics", summary="Counts and cohesion over time")
    def metrics(
        request: Request,
        regime_id: str,
        who: Reader,
        ledger: LedgerDep,
        at: Annotated[date | None, Query(description="As of (default: today)")] = None,
    ) -> MetricsOut:
        p = projection_of(request, ledger, regime_id, at)
        kinds = Counter(s.kind for s in ledger.stream(regime_id))
        if not sees_confidential(who):
            for k in CONFIDENTIAL_KINDS:
                kinds.pop(k, None)
        return MetricsOut(events=sum(kinds.values()), by_kind=dict(kinds), cohesion=p.cohesion)

    return api
