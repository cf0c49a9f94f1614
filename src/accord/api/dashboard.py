"""Dashboard pages, rendered on the server (Jinja2) with htmx for the timeline's filters.

Pages: regimes; a regime's status (measures, chain, what is due, ladder, relief,
cohesion over time); the timeline of events; the compliance matrix of members by measures;
and a form through which a member records its posture. Signing in stores the token in
an HttpOnly, SameSite=Strict cookie (``Secure`` when served over HTTPS); every form post,
login and logout included, must come from this site (:mod:`accord.api.hygiene`).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, date, datetime
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Form, HTTPException, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from accord.api.answers import HTML, cached
from accord.api.assets import templates
from accord.api.auth import COOKIE, Caller, ledger_of, sees_confidential
from accord.api.reads import chain_of, projection_of
from accord.api.schemas import MAX_SEQ
from accord.api.views import TimelineRows, info_view, timeline_row
from accord.api.writes import record
from accord.domain import EVENT_KINDS, Posture
from accord.errors import ErrorDetail, EventRejected
from accord.ledger.records import EventQuery
from accord.ledger.store import Ledger
from accord.ledger.tokens import Principal, Role, authenticate

LedgerDep = Annotated[Ledger, Depends(ledger_of)]


async def viewer(request: Request, who: Caller) -> Principal | None:
    if who is None and not request.app.state.public_read:
        raise HTTPException(303, "sign in", headers={"Location": "/login"})
    return who


Viewer = Annotated[Principal | None, Depends(viewer)]


def _page(request: Request, name: str, who: Principal | None, **ctx: Any) -> HTMLResponse:
    return templates.TemplateResponse(request, name, {"who": who, **ctx})


async def _cached(
    request: Request,
    key: tuple[Any, ...],
    who: Principal | None,
    render: Callable[[], HTMLResponse],
    *,
    inline: bool = False,
) -> Response:
    """A page rendered once per ``key`` (which names the chain head it shows, so a new
    event makes a new key), address and viewer, and served as those bytes; rendering a
    page that is not cached yet is done in a worker thread."""
    viewer = None if who is None else (who.name, who.role, who.member)
    full = ("page", *key, request.url.path, str(request.url.query), viewer)
    return await cached(request, full, lambda: bytes(render().body), HTML, inline=inline)


def _at(at: date | None) -> date:
    return at if at is not None else datetime.now(UTC).date()


def _number(text: str) -> float | str:
    """A form field as the number it spells (left as text, and refused, if it is not one)."""
    try:
        return float(text)
    except ValueError:
        return text


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
    async def index(request: Request, who: Viewer, ledger: LedgerDep) -> Response:
        # Counts as the viewer may see them (no sign of confidential events).
        infos = tuple(info_view(i, who) for i in ledger.regimes())
        return await _cached(
            request, infos, who, lambda: _page(request, "index.html", who, regimes=infos)
        )

    @pages.get("/login", response_class=HTMLResponse)
    def login_form(request: Request, who: Caller) -> HTMLResponse:
        return _page(request, "login.html", who, error="")

    @pages.post("/login", response_model=None)
    def login(request: Request, ledger: LedgerDep, token: Annotated[str, Form()]) -> Response:
        who = authenticate(ledger, token.strip())
        if who is None:
            return _page(request, "login.html", None, error="unknown or revoked token")
        resp = RedirectResponse("/", status_code=303)
        secure = request.url.scheme == "https"
        resp.set_cookie(COOKIE, token.strip(), httponly=True, samesite="strict", secure=secure)
        return resp

    @pages.post("/logout")
    def logout() -> RedirectResponse:
        resp = RedirectResponse("/", status_code=303)
        resp.delete_cookie(COOKIE)
        return resp

    @pages.get("/regimes/{regime_id}", response_class=HTMLResponse)
    async def status(
        request: Request, regime_id: str, who: Viewer, ledger: LedgerDep, at: date | None = None
    ) -> Response:
        head = ledger.regime_info(regime_id)

        def render() -> HTMLResponse:
            p = projection_of(request, ledger, regime_id, _at(at), head)
            return _page(
                request,
                "regime.html",
                who,
                rid=regime_id,
                regime=ledger.regime(regime_id),
                info=info_view(head, who),
                chain=chain_of(request, ledger, regime_id, who),
                p=p,
                spark=_spark(p.cohesion),
            )

        return await _cached(request, (regime_id, head.head_hash), who, render)

    @pages.get("/regimes/{regime_id}/matrix", response_class=HTMLResponse)
    async def matrix(
        request: Request, regime_id: str, who: Viewer, ledger: LedgerDep, at: date | None = None
    ) -> Response:
        head = ledger.regime_info(regime_id)

        def render() -> HTMLResponse:
            p = projection_of(request, ledger, regime_id, _at(at), head)
            cells = {(c.member, c.measure): c for c in p.cells}
            regime = ledger.regime(regime_id)
            return _page(
                request, "matrix.html", who, rid=regime_id, regime=regime, p=p, cells=cells
            )

        return await _cached(request, (regime_id, head.head_hash), who, render)

    def _rows(
        ledger: Ledger, regime_id: str, who: Principal | None, q: dict[str, str]
    ) -> TimelineRows:
        try:
            after = int(q.get("after") or 0)
            if not 0 <= after <= MAX_SEQ:
                raise ValueError(f"after must lie between 0 and {MAX_SEQ}")
            query = EventQuery(
                member=q.get("member") or None,
                measure=q.get("measure") or None,
                kind=q.get("kind") or None,
                since=date.fromisoformat(q["since"]) if q.get("since") else None,
                until=date.fromisoformat(q["until"]) if q.get("until") else None,
                after=after,
                limit=50,
                confidential=sees_confidential(who),
            )
        except ValueError as exc:
            raise HTTPException(422, f"bad filter: {str(exc)[:200]}") from None
        page = ledger.events(regime_id, query)
        return TimelineRows([timeline_row(s, who) for s in page.items], page.next_after)

    @pages.get("/regimes/{regime_id}/timeline", response_class=HTMLResponse)
    async def timeline(
        request: Request, regime_id: str, who: Viewer, ledger: LedgerDep
    ) -> Response:
        head = ledger.regime_info(regime_id)

        def render() -> HTMLResponse:
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

        return await _cached(request, (regime_id, head.head_hash), who, render)

    @pages.get("/regimes/{regime_id}/timeline/rows", response_class=HTMLResponse)
    async def rows(request: Request, regime_id: str, who: Viewer, ledger: LedgerDep) -> Response:
        head = ledger.regime_info(regime_id)

        def render() -> HTMLResponse:
            q = dict(request.query_params)
            page = _rows(ledger, regime_id, who, q)
            return _page(request, "rows.html", who, rid=regime_id, page=page, q=q)

        # A cursor's rows: an index range scan and a short render, on the event loop.
        return await _cached(request, (regime_id, head.head_hash), who, render, inline=True)

    @pages.get("/regimes/{regime_id}/record", response_class=HTMLResponse)
    async def record_form(
        request: Request, regime_id: str, who: Viewer, ledger: LedgerDep
    ) -> Response:
        definition = ledger.regime_info(regime_id).hash

        def render() -> HTMLResponse:
            return _record_page(request, who, ledger, regime_id, [], {})

        return await _cached(request, (regime_id, definition), who, render)

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
        if who is None or who.role != Role.MEMBER:
            raise HTTPException(403 if who else 401, "sign in with a member token to declare")
        ledger.regime(regime_id)  # 404 for an unknown regime, to a signed-in member only
        raw: dict[str, Any] = {
            "kind": "posture_declared",
            "member": who.member,
            "measure": measure,
            "posture": posture,
            "level": _number(level),
            "date": when,
            "note": note,
        }
        try:
            record(ledger, regime_id, raw, who)
        except EventRejected as exc:
            return _record_page(request, who, ledger, regime_id, exc.errors, raw)
        return RedirectResponse(f"/regimes/{regime_id}/matrix?at={when}", status_code=303)

    return pages
