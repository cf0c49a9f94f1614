"""Limits and out-of-range input: each probe gets a clear 413 or 422 (or 409 for a damaged
record), never a 500, and nothing is stored."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import text

from accord.api.app import create_app
from accord.ledger.limits import Limits
from accord.ledger.store import Ledger
from accord.ledger.tokens import Role, issue_token
from tests.ledger_support import posture, russia

RID = "russia-2022"


@pytest.fixture
def served(tmp_path: Path) -> Iterator[tuple[Ledger, dict[str, str]]]:
    ledger = Ledger.open(f"sqlite:///{tmp_path / 'l.sqlite'}")
    ledger.define_regime(RID, russia())
    ledger.append(RID, [posture(m) for m in ("FRA", "ITA", "POL")], recorded_by="s")
    tokens = {
        "secretariat": issue_token(ledger, "council", Role.SECRETARIAT),
        "member": issue_token(ledger, "germany", Role.MEMBER, "DEU"),
    }
    yield ledger, tokens
    ledger.close()


def _client(ledger: Ledger, token: str, limits: Limits = Limits()) -> TestClient:
    ledger.limits = limits
    client = TestClient(create_app(ledger, limits=limits))
    client.headers["Authorization"] = f"Bearer {token}"
    return client


def _posture_body(**kw: object) -> dict[str, object]:
    body = posture("DEU", **kw)
    del body["kind"]
    return body


def test_a_50_mb_note_is_refused_unread(served: tuple[Ledger, dict[str, str]]) -> None:
    ledger, tokens = served
    client = _client(ledger, tokens["member"])
    before = ledger.regime_info(RID).events
    r = client.post(f"/api/regimes/{RID}/postures", json=_posture_body(note="x" * 50_000_000))
    assert r.status_code == 413 and "at most 1,048,576 bytes" in r.json()["errors"][0]["expected"]
    assert ledger.regime_info(RID).events == before


def test_a_note_over_the_text_limit_is_a_located_422(served: tuple[Ledger, dict[str, str]]) -> None:
    ledger, tokens = served
    client = _client(ledger, tokens["member"])
    before = ledger.regime_info(RID).events
    r = client.post(f"/api/regimes/{RID}/postures", json=_posture_body(note="x" * 10_001))
    assert r.status_code == 422
    (error,) = r.json()["errors"]
    assert error["loc"] == "body.note" and "at most 10,000 characters" in error["expected"]
    assert ledger.regime_info(RID).events == before
    ok = client.post(f"/api/regimes/{RID}/postures", json=_posture_body(note="x" * 10_000))
    assert ok.status_code == 201


def test_a_batch_over_the_limit_is_refused(served: tuple[Ledger, dict[str, str]]) -> None:
    ledger, tokens = served
    client = _client(ledger, tokens["secretariat"], Limits(batch_events=10))
    before = ledger.regime_info(RID).events
    batch = [posture("DEU", note=f"n{i}") for i in range(11)]
    r = client.post(f"/api/regimes/{RID}/events", json=batch)
    assert (
        r.status_code == 422 and "at most 10 events per batch" in r.json()["errors"][0]["expected"]
    )
    assert ledger.regime_info(RID).events == before
    assert client.post(f"/api/regimes/{RID}/events", json=batch[:10]).status_code == 201


def test_an_invalid_regime_of_many_errors_gets_a_bounded_answer(
    served: tuple[Ledger, dict[str, str]],
) -> None:
    ledger, tokens = served
    client = _client(ledger, tokens["secretariat"])
    definition = russia().model_dump(mode="json")
    definition["members"] = [{"code": i, "name": [i] * 3} for i in range(10_000)]  # ~0.7 MB
    r = client.post("/api/regimes", json={"id": "big", "definition": definition})
    assert r.status_code == 422
    body = r.json()
    assert len(body["errors"]) == 100 and body["total"] > 100
    assert len(r.content) < 100_000
    assert [x.id for x in ledger.regimes()] == [RID]


@pytest.mark.parametrize(
    "path", ["/api/regimes/{rid}/events", "/regimes/{rid}/timeline", "/regimes/{rid}/timeline/rows"]
)
@pytest.mark.parametrize("after", [2**63, 2**31, -1, 10**30])
def test_a_cursor_out_of_range_is_422(
    served: tuple[Ledger, dict[str, str]], path: str, after: int
) -> None:
    ledger, tokens = served
    client = _client(ledger, tokens["member"])
    r = client.get(path.format(rid=RID), params={"after": after})
    assert r.status_code == 422, r.text


def test_a_boolean_level_is_not_a_number(served: tuple[Ledger, dict[str, str]]) -> None:
    ledger, tokens = served
    client = _client(ledger, tokens["member"])
    before = ledger.regime_info(RID).events
    for level in (True, "1"):
        r = client.post(f"/api/regimes/{RID}/postures", json=_posture_body(level=level))
        assert r.status_code == 422 and r.json()["errors"][0]["loc"] == "body.level"
    batch = _client(ledger, tokens["secretariat"])
    r = batch.post(f"/api/regimes/{RID}/events", json=[posture("DEU", level=True)])
    assert r.status_code == 422 and r.json()["errors"][0]["loc"] == "events[0].level"
    assert ledger.regime_info(RID).events == before


def test_a_body_nested_very_deep_is_422(served: tuple[Ledger, dict[str, str]]) -> None:
    ledger, tokens = served
    client = _client(ledger, tokens["member"])
    deep = "[" * 200_000 + "]" * 200_000
    r = client.post(
        f"/api/regimes/{RID}/postures", content=deep, headers={"content-type": "application/json"}
    )
    assert r.status_code == 400 and r.json()["message"]  # not valid JSON to the parser


def test_a_damaged_row_gives_409_not_500(served: tuple[Ledger, dict[str, str]]) -> None:
    ledger, tokens = served
    with ledger.engine.begin() as conn:
        conn.execute(text("UPDATE events SET date = 'garbage', body = '{' WHERE seq = 2"))
    client = _client(ledger, tokens["secretariat"])
    for path in ("events", "projection", "metrics", "chain"):
        r = client.get(f"/api/regimes/{RID}/{path}")
        assert r.status_code in {200, 409}, (path, r.status_code, r.text)
    assert client.get(f"/api/regimes/{RID}/projection").status_code == 409
    chain = client.get(f"/api/regimes/{RID}/chain").json()
    assert chain["ok"] is False and chain["seq"] == 2


def test_an_unknown_regime_names_no_other(served: tuple[Ledger, dict[str, str]]) -> None:
    ledger, tokens = served
    anonymous = TestClient(create_app(ledger))
    r = anonymous.post("/api/regimes/nope/postures", json=_posture_body())
    assert r.status_code == 401 and RID not in r.text
    form = {"measure": "coal_ban", "posture": "mimic", "level": "1", "date": "2022-05-02"}
    site = {"Origin": "http://testserver"}
    r = anonymous.post("/regimes/nope/record", data=form, headers=site)
    assert r.status_code == 401 and RID not in r.text
    signed_in = _client(ledger, tokens["member"])
    r = signed_in.post("/api/regimes/nope/postures", json=_posture_body())
    assert r.status_code == 404 and RID not in r.text
