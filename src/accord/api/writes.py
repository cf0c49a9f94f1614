"""Write endpoints: one per kind of fact, each admitting the roles that record it.

The table :data:`WRITES` is the single place that says which role may record what; the
role-matrix test checks every POST route of the application against its own copy of it.
"""

from __future__ import annotations

import inspect
from collections.abc import Callable
from dataclasses import dataclass
from typing import Annotated, Any

from fastapi import APIRouter, Body, Depends, HTTPException, status
from pydantic import BaseModel

from accord.api.auth import ledger_of, require
from accord.api.schemas import EventOut, RegimeIn
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


def record(ledger: Ledger, regime_id: str, raw: dict[str, Any], who: Principal) -> StoredEvent:
    """Record one event for ``who``: checks a member speaks only for itself and a
    correction targets an event its author's role may record."""
    speaks_for = raw.get("member") if raw.get("kind") != "correction" else who.member
    if who.role == Role.MEMBER and speaks_for != who.member:
        raise HTTPException(
            status.HTTP_403_FORBIDDEN, f"a member token of {who.member} speaks only for it"
        )
    if raw.get("kind") == "correction":
        target = ledger.event(regime_id, str(raw.get("corrects")))
        if target is not None and who.role != Role.SECRETARIAT:
            kind = target.kind
            member = target.event.model_dump().get("member")
            if who.role not in KIND_ROLES.get(kind, ()) or (
                who.role == Role.MEMBER and member != who.member
            ):
                raise HTTPException(
                    status.HTTP_403_FORBIDDEN, f"role {who.role} may not correct a {kind}"
                )
    return ledger.append(regime_id, [raw], recorded_by=who.name, locs=["body"])[0]


def _endpoint(w: WriteEndpoint) -> Callable[..., Any]:
    """The route function for ``w``, typed so FastAPI validates its body and roles."""
    guard = require(*w.roles)

    def endpoint(regime_id: str, body: Any, who: Any, ledger: Any) -> EventOut:
        return EventOut.of(record(ledger, regime_id, body.model_dump(mode="json"), who))

    endpoint.__doc__ = f"{w.summary}. Roles: {', '.join(r.value for r in w.roles)}."
    return _typed(
        endpoint,
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
    api = APIRouter(prefix="/api", tags=["write"])

    @api.post("/regimes", status_code=201, summary="Define a regime")
    def define(
        body: RegimeIn,
        _who: SecretariatDep,
        ledger: LedgerDep,
    ) -> RegimeInfo:
        return ledger.define_regime(body.id, body.definition)

    @api.post("/regimes/{regime_id}/events", status_code=201, summary="Record a batch")
    def batch(
        regime_id: str,
        body: Annotated[list[Event], Body()],
        who: SecretariatDep,
        ledger: LedgerDep,
    ) -> list[EventOut]:
        raws = [e.model_dump(mode="json") for e in body]
        return [EventOut.of(s) for s in ledger.append(regime_id, raws, recorded_by=who.name)]

    for w in WRITES:
        api.post(
            f"/regimes/{{regime_id}}/{w.path}",
            status_code=201,
            summary=w.summary,
            response_model=EventOut,
            name=f"record_{w.path.replace('-', '_')}",
        )(_endpoint(w))
    return api
