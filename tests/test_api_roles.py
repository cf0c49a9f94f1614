"""Roles: every write endpoint x every role; tokens are stored only as hashes."""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select

from accord.api.app import create_app
from accord.ledger.store import Ledger
from accord.ledger.tables import TokenRow
from accord.ledger.tokens import Role, issue_token, revoke_token
from tests.ledger_support import posture, russia

RID = "russia-2022"
S, M, V, R, OBS = "secretariat", "member", "verifier", "reporter", "observer"

# The matrix as the framework writes it, independent of the application's own table:
# (path, body that the admitted roles may post, roles admitted).
REGIME = russia().model_dump(mode="json")
EXPECTED: dict[str, tuple[dict[str, Any] | list[Any], set[str]]] = {
    "/api/regimes": ({"id": "second", "definition": REGIME}, {S}),
    "/api/regimes/{regime_id}/events": ([posture("ITA")], {S}),
    "/api/regimes/{regime_id}/measures": (
        {"date": "2022-03-08", "member": "USA", "measure": "coal_ban"},
        {S},
    ),
    "/api/regimes/{regime_id}/exemptions": (
        {
            "date": "2022-08-01",
            "exemption": {
                "id": "lng",
                "kind": "sectoral",
                "measure": "coal_ban",
                "sectors": ["B05"],
                "share": 0.2,
            },
        },
        {S},
    ),
    "/api/regimes/{regime_id}/reviews": ({"date": "2022-09-15"}, {S}),
    "/api/regimes/{regime_id}/renewal-votes": (
        {"date": "2022-08-20", "member": "DEU", "measure": "coal_ban", "in_favour": True},
        {S},
    ),
    "/api/regimes/{regime_id}/lapses": ({"date": "2022-10-01", "measure": "coal_ban"}, {S}),
    "/api/regimes/{regime_id}/relief": (
        {"date": "2022-10-01", "measure": "coal_ban", "relief": 0.5},
        {S},
    ),
    "/api/regimes/{regime_id}/escalations": (
        {"date": "2022-10-01", "measure": "coal_ban", "step": 0.1},
        {S},
    ),
    "/api/regimes/{regime_id}/postures": (
        {
            "date": "2022-05-01",
            "member": "DEU",
            "measure": "coal_ban",
            "posture": "adjust",
            "level": 0.5,
        },
        {M},
    ),
    "/api/regimes/{regime_id}/compliance-reports": (
        {"date": "2022-06-01", "member": "DEU", "measure": "coal_ban", "level": 0.7},
        {M},
    ),
    "/api/regimes/{regime_id}/findings": (
        {"date": "2022-06-01", "member": "DEU", "measure": "coal_ban", "finding": "compliant"},
        {V},
    ),
    "/api/regimes/{regime_id}/milestones": (
        {"date": "2022-06-01", "milestone": "full_withdrawal"},
        {V},
    ),
    "/api/regimes/{regime_id}/violation-reports": (
        {"date": "2022-06-01", "member": "DEU", "measure": "coal_ban"},
        {R},
    ),
    "/api/regimes/{regime_id}/corrections": (
        {"date": "2022-06-02", "reason": "wrong"},
        {S, M, V, R},
    ),
}


@pytest.fixture
def setup(tmp_path: Path) -> Iterator[tuple[TestClient, Ledger, dict[str, str], str]]:
    ledger = Ledger.open(f"sqlite:///{tmp_path / 'l.sqlite'}")
    ledger.define_regime(RID, russia())
    tokens = {
        S: issue_token(ledger, "council", Role.SECRETARIAT),
        M: issue_token(ledger, "germany", Role.MEMBER, "DEU"),
        V: issue_token(ledger, "monitor", Role.VERIFIER),
        R: issue_token(ledger, "whistle", Role.REPORTER),
        OBS: issue_token(ledger, "press", Role.OBSERVER),
    }
    (target,) = ledger.append(RID, [posture("DEU", level=0.9)], recorded_by="germany")
    yield TestClient(create_app(ledger)), ledger, tokens, target.id
    ledger.close()


def _write_routes(client: TestClient) -> set[str]:
    """Every path with a method that changes something, as the OpenAPI document lists it."""
    paths = client.get("/openapi.json").json()["paths"]
    return {p for p, ops in paths.items() if set(ops) & {"post", "put", "patch", "delete"}}


def test_every_write_endpoint_is_in_the_matrix(
    setup: tuple[TestClient, Ledger, dict[str, str], str],
) -> None:
    client = setup[0]
    assert _write_routes(client) == set(EXPECTED)


@pytest.mark.parametrize("path", sorted(EXPECTED))
def test_role_matrix(path: str, setup: tuple[TestClient, Ledger, dict[str, str], str]) -> None:
    client, ledger, tokens, target = setup
    body, admitted = EXPECTED[path]
    if path.endswith("corrections"):
        body = {**body, "corrects": target}  # type: ignore[dict-item]
    url = path.replace("{regime_id}", RID)
    before = ledger.regime_info(RID).events
    assert client.post(url, json=body).status_code == 401
    assert client.post(url, json=body, headers={"Authorization": "Bearer nope"}).status_code == 401
    for role, token in tokens.items():
        if role not in admitted:
            r = client.post(url, json=body, headers={"Authorization": f"Bearer {token}"})
            assert r.status_code == 403, (role, r.json())
    assert ledger.regime_info(RID).events == before  # refused requests stored nothing
    role = M if M in admitted else sorted(admitted)[0]
    r = client.post(url, json=body, headers={"Authorization": f"Bearer {tokens[role]}"})
    assert r.status_code == 201, r.json()


def test_a_member_speaks_only_for_itself(
    setup: tuple[TestClient, Ledger, dict[str, str], str],
) -> None:
    client, ledger, tokens, _ = setup
    auth = {"Authorization": f"Bearer {tokens[M]}"}
    r = client.post(f"/api/regimes/{RID}/postures", json=posture("FRA"), headers=auth)
    assert r.status_code == 403
    (french,) = ledger.append(RID, [posture("FRA")], recorded_by="france")
    fix = {"date": "2022-06-02", "reason": "x", "corrects": french.id}
    assert client.post(f"/api/regimes/{RID}/corrections", json=fix, headers=auth).status_code == 403
    verifier = {"Authorization": f"Bearer {tokens[V]}"}
    assert (
        client.post(f"/api/regimes/{RID}/corrections", json=fix, headers=verifier).status_code
        == 403
    )


def test_tokens_are_hashed_at_rest_and_can_be_revoked(
    setup: tuple[TestClient, Ledger, dict[str, str], str],
) -> None:
    client, ledger, tokens, _ = setup
    with ledger.engine.connect() as conn:
        stored = {r.name: r.token_hash for r in conn.execute(select(TokenRow))}
    for token in tokens.values():
        assert token not in stored.values()
        assert hashlib.sha256(token.encode()).hexdigest() in stored.values()
    auth = {"Authorization": f"Bearer {tokens[OBS]}"}
    assert client.get(f"/api/regimes/{RID}/events", headers=auth).status_code == 200
    assert revoke_token(ledger, "press")
    assert client.get(f"/api/regimes/{RID}/events", headers=auth).status_code == 401


def test_reads_need_a_token_unless_public_and_violation_reports_stay_private(
    setup: tuple[TestClient, Ledger, dict[str, str], str],
) -> None:
    client, ledger, tokens, _ = setup
    ledger.append(
        RID,
        [
            {
                "kind": "violation_report",
                "date": "2022-06-01",
                "member": "DEU",
                "measure": "coal_ban",
                "reporter": "a shipping clerk",
            }
        ],
        recorded_by="whistle",
    )
    assert client.get(f"/api/regimes/{RID}/events").status_code == 401
    assert client.get("/api/regimes").status_code == 401

    def kinds(role: str) -> list[str]:
        r = client.get(
            f"/api/regimes/{RID}/events", headers={"Authorization": f"Bearer {tokens[role]}"}
        )
        return [e["event"]["kind"] for e in r.json()["items"]]

    assert "violation_report" in kinds(S) and "violation_report" in kinds(V)
    for role in (M, R, OBS):
        assert "violation_report" not in kinds(role)
    public = TestClient(create_app(ledger, public_read=True))
    items = public.get(f"/api/regimes/{RID}/events").json()["items"]
    assert items and all(e["event"]["kind"] != "violation_report" for e in items)
    assert (
        public.post(f"/api/regimes/{RID}/reviews", json={"date": "2022-09-15"}).status_code == 401
    )


def test_the_dashboard_form_admits_members_only(
    setup: tuple[TestClient, Ledger, dict[str, str], str],
) -> None:
    client, ledger, tokens, _ = setup
    form = {"measure": "coal_ban", "posture": "adjust", "level": "0.4", "date": "2022-07-01"}
    url = f"/regimes/{RID}/record"
    site = {"Origin": "http://testserver"}  # what a browser sends with the form
    before = ledger.regime_info(RID).events
    assert client.post(url, data=form, headers=site, follow_redirects=False).status_code == 401
    for role in (S, V, R, OBS):
        client.cookies.set("accord_token", tokens[role])
        r = client.post(url, data=form, headers=site, follow_redirects=False)
        assert r.status_code == 403
    assert ledger.regime_info(RID).events == before
    client.cookies.set("accord_token", tokens[M])
    r = client.post(url, data=form, headers=site, follow_redirects=False)
    assert r.status_code == 303 and ledger.regime_info(RID).events == before + 1
