"""Web hygiene: form posts only from this site (login and logout included), a Secure
cookie over HTTPS, security headers on every answer, token member codes and expiry."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from typer.testing import CliRunner

from accord.api.app import create_app
from accord.cli import app
from accord.ledger.store import Ledger
from accord.ledger.tokens import Role, authenticate, issue_token
from tests.ledger_support import RUSSIA, russia

RID = "russia-2022"
SITE = {"Origin": "http://testserver"}
EVIL = {"Origin": "https://evil.example"}
FORM = {"measure": "coal_ban", "posture": "adjust", "level": "0.5", "date": "2022-07-01"}


@pytest.fixture
def served(tmp_path: Path) -> Iterator[tuple[Ledger, str]]:
    ledger = Ledger.open(f"sqlite:///{tmp_path / 'l.sqlite'}")
    ledger.define_regime(RID, russia())
    yield ledger, issue_token(ledger, "germany", Role.MEMBER, "DEU")
    ledger.close()


def test_login_needs_a_post_from_this_site(served: tuple[Ledger, str]) -> None:
    ledger, token = served
    client = TestClient(create_app(ledger))
    for headers in ({}, EVIL, {"Referer": "https://evil.example/login"}, {"Origin": "null"}):
        r = client.post("/login", data={"token": token}, headers=headers, follow_redirects=False)
        assert r.status_code == 403 and "accord_token" not in r.headers.get("set-cookie", "")
    referer = {"Referer": "http://testserver/login"}
    r = client.post("/login", data={"token": token}, headers=referer, follow_redirects=False)
    assert r.status_code == 303 and "accord_token=" in r.headers["set-cookie"]


def test_logout_and_the_posture_form_need_a_post_from_this_site(
    served: tuple[Ledger, str],
) -> None:
    ledger, token = served
    client = TestClient(create_app(ledger))
    client.cookies.set("accord_token", token)
    before = ledger.regime_info(RID).events
    assert client.post(f"/regimes/{RID}/record", data=FORM, headers=EVIL).status_code == 403
    assert client.post("/logout", headers=EVIL, follow_redirects=False).status_code == 403
    # an API write authenticated by the cookie alone is a form post too
    body = {k: v for k, v in FORM.items()} | {"member": "DEU", "level": 0.5}
    assert client.post(f"/api/regimes/{RID}/postures", json=body, headers=EVIL).status_code == 403
    assert ledger.regime_info(RID).events == before
    r = client.post(f"/regimes/{RID}/record", data=FORM, headers=SITE, follow_redirects=False)
    assert r.status_code == 303 and ledger.regime_info(RID).events == before + 1
    r = client.post("/logout", headers=SITE, follow_redirects=False)
    assert r.status_code == 303 and 'accord_token=""' in r.headers["set-cookie"]


def test_a_bearer_token_needs_no_origin(served: tuple[Ledger, str]) -> None:
    ledger, token = served
    client = TestClient(create_app(ledger))
    body = {k: v for k, v in FORM.items()} | {"member": "DEU", "level": 0.5}
    r = client.post(
        f"/api/regimes/{RID}/postures", json=body, headers={"Authorization": f"Bearer {token}"}
    )
    assert r.status_code == 201


def test_the_cookie_is_secure_over_https(served: tuple[Ledger, str]) -> None:
    ledger, token = served
    for base, secure in (("https://testserver", True), ("http://testserver", False)):
        client = TestClient(create_app(ledger), base_url=base)
        r = client.post(
            "/login", data={"token": token}, headers={"Origin": base}, follow_redirects=False
        )
        cookie = r.headers["set-cookie"].lower()
        assert "httponly" in cookie and "samesite=strict" in cookie
        assert ("secure" in cookie.replace("samesite", "")) is secure


@pytest.mark.parametrize("path", ["/login", "/api/health", f"/api/regimes/{RID}", "/nowhere"])
def test_every_answer_carries_the_security_headers(served: tuple[Ledger, str], path: str) -> None:
    ledger, _ = served
    r = TestClient(create_app(ledger)).get(path)
    assert r.headers["x-frame-options"] == "DENY"
    assert r.headers["x-content-type-options"] == "nosniff"
    csp = r.headers["content-security-policy"]
    assert "frame-ancestors 'none'" in csp and "script-src 'self'" in csp
    assert "unsafe-inline" not in csp


def test_pages_need_no_inline_script_or_style(served: tuple[Ledger, str]) -> None:
    ledger, token = served
    client = TestClient(create_app(ledger), headers=SITE)
    client.post("/login", data={"token": token})
    for page in ("/", f"/regimes/{RID}", f"/regimes/{RID}/timeline", f"/regimes/{RID}/record"):
        html = client.get(page).text
        assert "style=" not in html and "<script>" not in html, page


def test_token_create_validates_the_member_code(tmp_path: Path) -> None:
    db = f"sqlite:///{tmp_path / 'l.sqlite'}"
    runner = CliRunner()
    assert runner.invoke(app, ["ledger", "define", RID, str(RUSSIA), "--db", db]).exit_code == 0
    for code in ("ZZZZZ", "CHN", "deu"):
        out = runner.invoke(
            app,
            ["ledger", "token", "create", "x", "--role", "member", "--member", code, "--db", db],
        )
        assert out.exit_code == 1 and "is not a member" in out.output, code
    out = runner.invoke(app, ["ledger", "token", "list", "--db", db])
    assert out.output == ""


def test_tokens_can_expire(served: tuple[Ledger, str], monkeypatch: pytest.MonkeyPatch) -> None:
    import accord.ledger.tokens as tokens

    ledger, _ = served
    secret = issue_token(ledger, "temp", Role.OBSERVER, expires_in=1)
    assert authenticate(ledger, secret) is not None
    real = tokens.datetime

    class Later(real):  # type: ignore[misc, valid-type]
        @classmethod
        def now(cls, tz: object = None) -> real:  # type: ignore[valid-type, override]
            return real.now(tokens.UTC) + tokens.timedelta(days=2)

    monkeypatch.setattr(tokens, "datetime", Later)
    assert authenticate(ledger, secret) is None
    r = TestClient(create_app(ledger)).get(
        "/api/regimes", headers={"Authorization": f"Bearer {secret}"}
    )
    assert r.status_code == 401
