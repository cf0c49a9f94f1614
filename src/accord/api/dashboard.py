"""Dashboard pages, rendered on the server (Jinja2) with htmx for the timeline's filters.

Pages: regimes; a regime's status (measures, chain, what is due, ladder, relief,
cohesion over time); the timeline of events; the compliance matrix of members by measures;
and a form through which a member records its posture. Signing in stores the token in
an HttpOnly, SameSite=Strict cookie, so forms need no token field.
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Form, HTTPException, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from fastapi.templating import Jinja2Templates

from accord.api.app import HERE
from accord.api.auth import COOKIE, Caller, ledger_of, sees_confidential
from accord.api.reads import projection_of
from accord.api.writes import record
from accord.domain import EVENT_KINDS, Posture
from accord.errors import ErrorDetail, EventRejected
from accord.ledger.chain import verify_regime
from accord.ledger.records import EventQuery
from accord.ledger.store import Ledger
from accord.ledger.tokens import Principal, Role, authenticate

templates = Jinja2Templates(directory=HERE / "templates")
LedgerDep = Annotated[Ledger, Depends(ledger_of)]


def viewer(request: Request, who: Caller) -> Principal | None:
    if who is None and not request.app.state.public_read:
        raise HTTPException(303, "sign in", headers={"Location": "/login"})
    return who


Viewer = Annotated[Principal | None, Depends(viewer)]


def _page(request: Request, name: str, who: Principal | None, **ctx: Any) -> HTMLResponse:
    return templates.TemplateResponse(request, name, {"who": who, **ctx})


def _at(at: date | None) -> date:
    return at if at is not None else datetime.now(UTC).date()


def _spark(series: list[tuple[date, float]], width: int = 600, height: int = 120) -> str:
    """SVG polyline points of a cohesion series in [0, 1]."""
    if not series:
        return ""
    n = max(len(series) - 1, 1)
    return " ".join(
        f"{i * width / n:.1f},{height - v * height:.1f}" for i, (_, v) in enumerate(series)
    )


def _record_page(
    request: Request,
    who: Principal | None,
    ledger: Ledger,
    regime_id: str,
    errors: list[ErrorDetail],
    form: dict[str, Any],
) -> HTMLResponse:
    """The posture form, with the problems of the last attempt and what was typed."""
    regime = ledger.regime(regime_id)
    postures = list(Posture)
    return _page(
        request,
        "record.html",
        who,
        rid=regime_id,
        regime=regime,
        errors=errors,
        form=form,
        postures=postures,
    )


def router() -> APIRouter:
    pages = APIRouter(include_in_schema=False)

    @pages.get("/", response_class=HTMLResponse)
    def index(request: Request, who: Viewer, ledger: LedgerDep) -> HTMLResponse:
        return _page(request, "index.html", who, regimes=ledger.regimes())

    @pages.get("/login", response_class=HTMLResponse)
    def login_form(request: Request, who: Caller) -> HTMLResponse:
        return _page(request, "login.html", who, error="")

    @pages.post("/login", response_model=None)
    def login(request: Request, ledger: LedgerDep, token: Annotated[str, Form()]) -> Response:
        who = authenticate(ledger, token.strip())
        if who is None:
            return _page(request, "login.html", None, error="unknown or revoked token")
        resp = RedirectResponse("/", status_code=303)
        resp.set_cookie(COOKIE, token.strip(), httponly=True, samesite="strict")
        return resp

    @pages.post("/logout")
    def logout() -> RedirectResponse:
        resp = RedirectResponse("/", status_code=303)
        resp.delete_cookie(COOKIE)
        return resp

    @pages.get("/regimes/{regime_id}", response_class=HTMLResponse)
    def status(
        request: Request, regime_id: str, who: Viewer, ledger: LedgerDep, at: date | None = None
    ) -> HTMLResponse:
        p = projection_of(request, ledger, regime_id, _at(at))
        return _page(
            request,
            "regime.html",
            who,
            rid=regime_id,
            regime=ledger.regime(regime_id),
            info=ledger.regime_info(regime_id),
            chain=verify_regime(ledger, regime_id),
            p=p,
            spark=_spark(p.cohesion),
        )

    @pages.get("/regimes/{regime_id}/matrix", response_class=HTMLResponse)
    def matrix(
        request: Request, regime_id: str, who: Viewer, ledger: LedgerDep, at: date | None = None
    ) -> HTMLResponse:
        p = projection_of(request, ledger, regime_id, _at(at))
        cells = {(c.member, c.measure): c for c in p.cells}
        regime = ledger.regime(regime_id)
        return _page(request, "matrix.html", who, rid=regime_id, regime=regime, p=p, cells=cells)

    def _rows(ledger: Ledger, regime_id: str, who: Principal | None, q: dict[str, str]) -> Any:
        try:
            query = EventQuery(
                member=q.get("member") or None,
                measure=q.get("measure") or None,
                kind=q.get("kind") or None,
                since=date.fromisoformat(q["since"]) if q.get("since") else None,
                until=date.fromisoformat(q["until"]) if q.get("until") else None,
                after=int(q.get("after") or 0),
                limit=50,
                confidential=sees_confidential(who),
            )
        except ValueError as exc:
            raise HTTPException(422, f"bad filter: {exc}") from None
        return ledger.events(regime_id, query)

    @pages.get("/regimes/{regime_id}/timeline", response_class=HTMLResponse)
    def timeline(request: Request, regime_id: str, who: Viewer, ledger: LedgerDep) -> HTMLResponse:
        regime = ledger.regime(regime_id)
        q = dict(request.query_params)
        page = _rows(ledger, regime_id, who, q)
        return _page(
            request,
            "timeline.html",
            who,
            rid=regime_id,
            regime=regime,
            page=page,
            q=q,
            kinds=EVENT_KINDS,
        )

    @pages.get("/regimes/{regime_id}/timeline/rows", response_class=HTMLResponse)
    def rows(request: Request, regime_id: str, who: Viewer, ledger: LedgerDep) -> HTMLResponse:
        q = dict(request.query_params)
        page = _rows(ledger, regime_id, who, q)
        return _page(request, "rows.html", who, rid=regime_id, page=page, q=q)

    @pages.get("/regimes/{regime_id}/record", response_class=HTMLResponse)
    def record_form(
        request: Request, regime_id: str, who: Viewer, ledger: LedgerDep
    ) -> HTMLResponse:
        return _record_page(request, who, ledger, regime_id, [], {})

    @pages.post("/regimes/{regime_id}/record", response_model=None)
    def record_posture(
        request: Request,
        regime_id: str,
        who: Caller,
        ledger: LedgerDep,
        measure: Annotated[str, Form()],
        posture: Annotated[str, Form()],
        level: Annotated[str, Form()],
        when: Annotated[str, Form(alias="date")],
        note: Annotated[str, Form()] = "",
    ) -> Response:
        ledger.regime(regime_id)  # 404 for an unknown regime
        if who is None or who.role != Role.MEMBER:
            raise HTTPException(403 if who else 401, "sign in with a member token to declare")
        raw = {
            "kind": "posture_declared",
            "member": who.member,
            "measure": measure,
            "posture": posture,
            "level": level,
            "date": when,
            "note": note,
        }
        try:
            record(ledger, regime_id, raw, who)
        except EventRejected as exc:
            return _record_page(request, who, ledger, regime_id, exc.errors, raw)
        return RedirectResponse(f"/regimes/{regime_id}/matrix?at={when}", status_code=303)

    return pages
