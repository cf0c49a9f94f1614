"""Write endpoints: one per kind of fact, each admitting the roles that record it.

The table :data:`WRITES` is the single place that says which role may record what; the
role-matrix test checks every POST route of the application against its own copy of it.
"""

from __future__ import annotations

import inspect
from collections.abc import Callable
from dataclasses import dataclass
from functools import partial
from typing import Annotated, Any

from fastapi import APIRouter, Body, Depends, HTTPException, Request, status
from pydantic import BaseModel
from starlette.concurrency import run_in_threadpool

from accord.api.auth import ledger_of, require, sees_confidential
from accord.api.schemas import ERRORS, EventOut, RegimeIn
from accord.domain import Event
from accord.domain.events import (
    ComplianceReport,
    Correction,
    Escalation,
    ExemptionGranted,
    Lapse,
    MeasureAdopted,
    MilestoneCertified,
    PostureDeclared,
    ReliefGranted,
    RenewalVote,
    ReviewHeld,
    VerificationFinding,
    ViolationReport,
)
from accord.errors import EventRejected
from accord.ledger.records import RegimeInfo, StoredEvent
from accord.ledger.store import Ledger
from accord.ledger.tokens import Principal, Role

S, M, V, R = Role.SECRETARIAT, Role.MEMBER, Role.VERIFIER, Role.REPORTER


@dataclass(frozen=True)
class WriteEndpoint:
    path: str
    model: type[BaseModel]
    roles: tuple[Role, ...]
    summary: str


# Which roles record what, stated once per group of roles, in route order.
_BY_ROLES: dict[tuple[Role, ...], dict[str, tuple[type[BaseModel], str]]] = {
    (S,): {
        "measures": (MeasureAdopted, "Record that a party adopted a measure"),
        "exemptions": (ExemptionGranted, "Record a granted exemption"),
        "reviews": (ReviewHeld, "Record a scheduled review as held"),
        "renewal-votes": (RenewalVote, "Record a renewal vote"),
        "lapses": (Lapse, "Record that a measure lapsed"),
        "relief": (ReliefGranted, "Record relief granted on a measure"),
        "escalations": (Escalation, "Record an escalation"),
    },
    (M,): {
        "postures": (PostureDeclared, "Declare your posture on a measure"),
        "compliance-reports": (ComplianceReport, "File a compliance report"),
    },
    (V,): {
        "findings": (VerificationFinding, "File a verification finding"),
        "milestones": (MilestoneCertified, "Certify a milestone"),
    },
    (R,): {"violation-reports": (ViolationReport, "File a violation report")},
    (S, M, V, R): {"corrections": (Correction, "Correct an event you may record")},
}

WRITES: tuple[WriteEndpoint, ...] = tuple(
    WriteEndpoint(path, model, roles, summary)
    for roles, writes in _BY_ROLES.items()
    for path, (model, summary) in writes.items()
)

KIND_ROLES: dict[str, tuple[Role, ...]] = {
    str(w.model.model_fields["kind"].default): w.roles for w in WRITES
}


MAX_CORRECTIONS = 64
"""How deep a chain of corrections of corrections is followed to the event it is about."""


def corrected_root(ledger: Ledger, regime_id: str, event_id: str) -> StoredEvent | None:
    """The event a correction is ultimately about: corrections of corrections are
    followed back to the first event that is not one (None if there is none)."""
    target = ledger.event(regime_id, event_id)
    for _ in range(MAX_CORRECTIONS):
        if target is None or target.kind != "correction":
            return target
        target = ledger.event(regime_id, str(target.data().get("corrects")))
    return None


def may_correct(who: Principal, root: StoredEvent) -> bool:
    """docs/ledger.md: a correction of an event the caller's role may record, a member's
    only of its own (the secretariat does not correct a member's posture or report, nor
    a reporter or verifier a member's correction)."""
    roles = KIND_ROLES.get(root.kind, ())
    if who.role not in roles:
        return False
    return who.role != Role.MEMBER or root.data().get("member") == who.member


def record(ledger: Ledger, regime_id: str, raw: Any, who: Principal) -> StoredEvent:
    """Record one event for ``who``: checks a member speaks only for itself and a
    correction is about an event its author's role may record."""
    if not isinstance(raw, dict):
        return ledger.append(regime_id, [raw], recorded_by=who.name, locs=["body"])[0]
    speaks_for = raw.get("member") if raw.get("kind") != "correction" else who.member
    if who.role == Role.MEMBER and speaks_for != who.member:
        raise HTTPException(
            status.HTTP_403_FORBIDDEN, f"a member token of {who.member} speaks only for it"
        )
    if raw.get("kind") == "correction" and isinstance(raw.get("corrects"), str):
        root = corrected_root(ledger, regime_id, raw["corrects"])
        if root is not None and not may_correct(who, root):
            if root.confidential and not sees_confidential(who):
                # what the caller may not read it may not learn exists: as for an unknown id
                raise EventRejected(
                    "1 problem(s); nothing was stored",
                    [
                        {
                            "loc": "body.corrects",
                            "msg": f"no event {raw['corrects'][:80]!r} in regime {regime_id!r}",
                            "expected": "the id of an event recorded earlier",
                        }
                    ],
                )
            raise HTTPException(
                status.HTTP_403_FORBIDDEN, f"role {who.role} may not correct this {root.kind}"
            )
    return ledger.append(regime_id, [raw], recorded_by=who.name, locs=["body"])[0]


async def raw_body(request: Request) -> Any:
    """The request's JSON as sent: the event is checked with strict JSON types (FastAPI's
    own validation, which documents the body, would read ``true`` as the number 1)."""
    return await request.json()


def _endpoint(w: WriteEndpoint) -> Callable[..., Any]:
    """The route function for ``w``, typed so FastAPI validates its body and roles."""
    guard = require(*w.roles)
    kind = str(w.model.model_fields["kind"].default)

    async def endpoint(
        request: Request, regime_id: str, body: Any, who: Any, ledger: Any
    ) -> EventOut:
        raw = await raw_body(request)
        if isinstance(raw, dict):  # the path says the kind; FastAPI has checked it matches
            raw = {**raw, "kind": kind}
        stored = await run_in_threadpool(record, ledger, regime_id, raw, who)
        return EventOut.of(stored)

    endpoint.__doc__ = f"{w.summary}. Roles: {', '.join(r.value for r in w.roles)}."
    return _typed(
        endpoint,
        request=Request,
        body=Annotated[w.model, Body()],
        who=Annotated[Principal, Depends(guard)],
        ledger=Annotated[Ledger, Depends(ledger_of)],
    )


def _typed(fn: Callable[..., Any], **annotations: Any) -> Callable[..., Any]:
    """Give ``fn`` the parameter types FastAPI reads (built per endpoint at run time)."""
    sig = inspect.signature(fn)
    params = [
        p.replace(annotation=annotations.get(p.name, p.annotation)) for p in sig.parameters.values()
    ]
    fn.__signature__ = sig.replace(parameters=params)  # type: ignore[attr-defined]
    return fn


SecretariatDep = Annotated[Principal, Depends(require(S))]
LedgerDep = Annotated[Ledger, Depends(ledger_of)]


def router() -> APIRouter:
    """The write routes, each guarded by its roles."""
    api = APIRouter(prefix="/api", tags=["write"], responses=ERRORS)

    @api.post("/regimes", status_code=201, summary="Define a regime")
    def define(
        body: RegimeIn,
        _who: SecretariatDep,
        ledger: LedgerDep,
    ) -> RegimeInfo:
        return ledger.define_regime(body.id, body.definition)

    @api.post("/regimes/{regime_id}/events", status_code=201, summary="Record a batch")
    async def batch(
        request: Request,
        regime_id: str,
        body: Annotated[list[Event], Body()],
        who: SecretariatDep,
        ledger: LedgerDep,
    ) -> list[EventOut]:
        raws = await raw_body(request)
        most = request.app.state.limits.batch_events
        stored = await run_in_threadpool(
            partial(ledger.append, recorded_by=who.name, max_events=most), regime_id, raws
        )
        return [EventOut.of(s) for s in stored]

    for w in WRITES:
        api.post(
            f"/regimes/{{regime_id}}/{w.path}",
            status_code=201,
            summary=w.summary,
            response_model=EventOut,
            name=f"record_{w.path.replace('-', '_')}",
        )(_endpoint(w))
    return api
