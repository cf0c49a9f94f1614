"""Confidentiality and the role matrix for corrections, as docs/ledger.md states them.

Violation reports, and the corrections of them, are read only by the secretariat and the
verifier; what any other reader is shown (events, sequence numbers, counts, the chain
status) reveals nothing of them. A correction is of an event the caller's role may record
(a member's only of its own), whoever recorded the event, and a correction of a
correction is judged by the event it is ultimately about.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterator
from typing import Any

import pytest
from fastapi.testclient import TestClient

from accord.api.app import create_app
from accord.ledger.store import Ledger
from accord.ledger.tokens import Role, issue_token
from tests.ledger_support import posture, russia

RID = "russia-2022"
S, M, F, V, R, OBS = "secretariat", "member DEU", "member FRA", "verifier", "reporter", "observer"
ROLES = (S, M, F, V, R, OBS)

# The events to correct, and who may correct each (docs/ledger.md, written out here).
TARGETS: dict[str, tuple[dict[str, Any], set[str]]] = {
    "measure_adopted": (
        {"kind": "measure_adopted", "date": "2022-03-08", "member": "USA", "measure": "coal_ban"},
        {S},
    ),
    "review_held": ({"kind": "review_held", "date": "2022-09-15"}, {S}),
    "lapse": ({"kind": "lapse", "date": "2022-10-01", "measure": "coal_ban"}, {S}),
    "posture DEU": (posture("DEU", level=0.8, note="deu"), {M}),
    "compliance DEU": (
        {
            "kind": "compliance_report",
            "date": "2022-06-01",
            "member": "DEU",
            "measure": "coal_ban",
            "level": 0.7,
        },
        {M},
    ),
    "posture FRA": (posture("FRA", level=0.8, note="fra"), {F}),
    "finding": (
        {
            "kind": "verification_finding",
            "date": "2022-06-01",
            "member": "DEU",
            "measure": "coal_ban",
            "finding": "compliant",
        },
        {V},
    ),
    "milestone": (
        {"kind": "milestone_certified", "date": "2022-06-01", "milestone": "full_withdrawal"},
        {V},
    ),
    "violation": (
        {"kind": "violation_report", "date": "2022-06-01", "member": "DEU", "measure": "coal_ban"},
        {R},
    ),
}
READS_CONFIDENTIAL = {S, V}


@pytest.fixture(scope="module")
def world(
    tmp_path_factory: pytest.TempPathFactory,
) -> Iterator[tuple[TestClient, Ledger, dict[str, str], dict[str, str]]]:
    ledger = Ledger.open(f"sqlite:///{tmp_path_factory.mktemp('conf') / 'l.sqlite'}")
    ledger.define_regime(RID, russia())
    tokens = {
        S: issue_token(ledger, "council", Role.SECRETARIAT),
        M: issue_token(ledger, "germany", Role.MEMBER, "DEU"),
        F: issue_token(ledger, "france", Role.MEMBER, "FRA"),
        V: issue_token(ledger, "monitor", Role.VERIFIER),
        R: issue_token(ledger, "whistle", Role.REPORTER),
        OBS: issue_token(ledger, "press", Role.OBSERVER),
    }
    # recorded by the secretariat's import channel: who recorded an event does not matter
    stored = ledger.append(RID, [body for body, _ in TARGETS.values()], recorded_by="import")
    ids = dict(zip(TARGETS, (s.id for s in stored), strict=True))
    yield TestClient(create_app(ledger)), ledger, tokens, ids
    ledger.close()


_reasons = itertools.count()


def _correct(client: TestClient, token: str, target: str) -> Any:
    body = {"date": "2022-06-02", "corrects": target, "reason": f"r{next(_reasons)}"}
    return client.post(
        f"/api/regimes/{RID}/corrections", json=body, headers={"Authorization": f"Bearer {token}"}
    )


@pytest.mark.parametrize(("target", "role"), list(itertools.product(TARGETS, ROLES)))
def test_who_may_correct_what(
    world: tuple[TestClient, Ledger, dict[str, str], dict[str, str]], target: str, role: str
) -> None:
    client, ledger, tokens, ids = world
    _, allowed = TARGETS[target]
    before = ledger.regime_info(RID).events
    r = _correct(client, tokens[role], ids[target])
    if role in allowed:
        assert r.status_code == 201, r.json()
        # and a correction of that correction follows the same rule, for every role
        second = r.json()["id"]
        for other in ROLES:
            again = _correct(client, tokens[other], second)
            assert (again.status_code == 201) == (other in allowed), (other, again.json())
        return
    hidden = TARGETS[target][0]["kind"] == "violation_report" and role not in READS_CONFIDENTIAL
    expected = 422 if hidden and role != OBS else 403
    assert r.status_code == expected, (role, r.json())
    if hidden and role != OBS:  # as if the id were unknown: nothing says the report exists
        assert "no event" in r.text
    assert ledger.regime_info(RID).events == before


def _get(client: TestClient, token: str, path: str, **params: Any) -> Any:
    r = client.get(
        f"/api/regimes/{RID}{path}", params=params, headers={"Authorization": f"Bearer {token}"}
    )
    assert r.status_code == 200, r.text
    return r.json()


def test_what_a_restricted_reader_is_shown_reveals_no_confidential_event(
    world: tuple[TestClient, Ledger, dict[str, str], dict[str, str]],
) -> None:
    client, ledger, tokens, ids = world
    (fix,) = ledger.append(
        RID,
        [
            {
                "kind": "correction",
                "date": "2022-06-03",
                "corrects": ids["violation"],
                "reason": "named the wrong firm",
            }
        ],
        recorded_by="whistle",
    )
    ledger.append(RID, [posture("ITA")], recorded_by="import")  # something after it
    full = _get(client, tokens[S], "/events", limit=1000)["items"]
    secret: set[str] = set()
    for e in full:  # violation reports, and corrections of anything confidential
        if e["event"]["kind"] == "violation_report" or e["event"].get("corrects") in secret:
            secret.add(e["id"])
    hidden = len(secret)
    assert hidden >= 3
    for role in (M, F, R, OBS):
        page = _get(client, tokens[role], "/events", limit=1000)["items"]
        assert all(e["event"]["kind"] != "violation_report" for e in page)
        assert fix.id not in {e["id"] for e in page}
        assert "named the wrong firm" not in str(page)
        assert [e["seq"] for e in page] == list(range(1, len(page) + 1))  # no gaps
        assert all(e["prev"] == "" for e in page)
        assert len(page) == len(full) - hidden
        paged = [e["seq"] for e in _get(client, tokens[role], "/events", limit=2, after=3)["items"]]
        assert paged == [4, 5]
        info = _get(client, tokens[role], "")["regime"]
        assert info["events"] == len(page) and info["head_hash"] == ""
        chain = _get(client, tokens[role], "/chain")
        assert chain["ok"] and chain["checked"] == len(page)
        metrics = _get(client, tokens[role], "/metrics", at="2023-01-01")
        assert metrics["events"] == len(page) and "violation_report" not in metrics["by_kind"]
        for eid in (ids["violation"], fix.id):
            r = client.get(
                f"/api/regimes/{RID}/events/{eid}",
                headers={"Authorization": f"Bearer {tokens[role]}"},
            )
            assert r.status_code == 404
    for role in (S, V):
        assert len(_get(client, tokens[role], "/events", limit=1000)["items"]) == len(full)
        assert _get(client, tokens[role], "/events/" + fix.id)["event"]["reason"]


def test_the_timeline_numbers_what_the_reader_sees(
    world: tuple[TestClient, Ledger, dict[str, str], dict[str, str]],
) -> None:
    client, _, tokens, _ = world
    pages = TestClient(client.app)
    pages.cookies.set("accord_token", tokens[OBS])
    html = pages.get(f"/regimes/{RID}/timeline/rows").text
    assert "violation_report" not in html
    seqs = [int(x.split("</td>")[0].split(">")[-1]) for x in html.split("<tr><td title=")[1:]]
    assert seqs == list(range(1, len(seqs) + 1))
