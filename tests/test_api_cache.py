"""Answers served from the caches: never stale, never another view's, revalidated by ETag.

Every cached answer is keyed by the regime's head, so a new event is seen by the next
read; by what the reader may see, so an observer is never handed what was computed for
the secretariat; the chain status is checked again whenever the regime's row or its
head event changed; and a token is checked on every request, so revoking it takes effect
at once.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import text

from accord.api.app import create_app
from accord.ledger.store import Ledger
from accord.ledger.tokens import Role, issue_token, revoke_token
from tests.ledger_support import posture, russia

RID = "russia-2022"
VIOLATION = {
    "kind": "violation_report",
    "date": "2022-06-01",
    "member": "DEU",
    "measure": "coal_ban",
}
API = f"/api/regimes/{RID}"


@pytest.fixture
def served(tmp_path: Path) -> Iterator[tuple[Ledger, TestClient, dict[str, str]]]:
    ledger = Ledger.open(f"sqlite:///{tmp_path / 'l.sqlite'}")
    ledger.define_regime(RID, russia())
    ledger.append(RID, [posture("DEU", level=0.9, note="first"), VIOLATION], recorded_by="t")
    tokens = {
        "secretariat": issue_token(ledger, "council", Role.SECRETARIAT),
        "observer": issue_token(ledger, "press", Role.OBSERVER),
    }
    with TestClient(create_app(ledger), base_url="http://testserver") as client:
        yield ledger, client, tokens
    ledger.close()


def _as(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


@pytest.mark.parametrize(
    "url",
    [
        f"{API}/metrics?at=2022-12-31",
        f"{API}/projection?at=2022-12-31",
        f"/regimes/{RID}?at=2022-12-31",
        f"/regimes/{RID}/timeline",
        "/api/regimes",
        "/",
    ],
)
def test_a_new_event_is_in_the_next_answer(
    served: tuple[Ledger, TestClient, dict[str, str]], url: str
) -> None:
    ledger, client, tokens = served
    before = client.get(url, headers=_as(tokens["secretariat"]))
    assert before.status_code == 200
    assert client.get(url, headers=_as(tokens["secretariat"])).content == before.content
    ledger.append(RID, [posture("FRA", level=0.2, note="second")], recorded_by="t")
    after = client.get(url, headers=_as(tokens["secretariat"]))
    assert after.status_code == 200 and after.content != before.content
    assert after.headers["etag"] != before.headers["etag"]


def _counted(client: TestClient, token: str) -> int:
    """The metrics' count of events, as the holder of ``token`` is shown it."""
    count: int = client.get(f"{API}/metrics?at=2022-12-31", headers=_as(token)).json()["events"]
    return count


def test_metrics_count_what_the_new_event_adds(
    served: tuple[Ledger, TestClient, dict[str, str]],
) -> None:
    ledger, client, tokens = served
    assert _counted(client, tokens["secretariat"]) == 2
    ledger.append(RID, [posture("FRA", level=0.2)], recorded_by="t")
    assert _counted(client, tokens["secretariat"]) == 3


@pytest.mark.parametrize(
    "url",
    [
        f"{API}/metrics?at=2022-12-31",
        "/api/regimes",
        f"{API}",
        f"{API}/chain",
        "/",
        f"/regimes/{RID}?at=2022-12-31",
        f"/regimes/{RID}/timeline",
        f"/regimes/{RID}/timeline/rows",
    ],
)
def test_an_observer_never_gets_the_secretariats_answer(
    served: tuple[Ledger, TestClient, dict[str, str]], url: str
) -> None:
    _, client, tokens = served
    secret = client.get(url, headers=_as(tokens["secretariat"]))
    seen = client.get(url, headers=_as(tokens["observer"]))
    assert secret.status_code == seen.status_code == 200
    assert secret.content != seen.content
    # Its own tag is not the secretariat's, and presenting the secretariat's gets a full
    # answer of its own view, not a 304 that would confirm the other view's content.
    assert seen.headers["etag"] != secret.headers["etag"]
    again = client.get(
        url, headers=_as(tokens["observer"]) | {"If-None-Match": secret.headers["etag"]}
    )
    assert again.status_code == 200 and again.content == seen.content


def test_observer_counts_leave_out_confidential_events_when_cached_first_for_the_secretariat(
    served: tuple[Ledger, TestClient, dict[str, str]],
) -> None:
    _, client, tokens = served
    assert _counted(client, tokens["secretariat"]) == 2
    shown = client.get(f"{API}/metrics?at=2022-12-31", headers=_as(tokens["observer"])).json()
    assert shown["events"] == 1 and "violation_report" not in shown["by_kind"]
    regimes = client.get("/api/regimes", headers=_as(tokens["observer"])).json()
    assert regimes[0]["events"] == 1 and regimes[0]["head_hash"] == ""
    index = client.get("/", headers=_as(tokens["observer"])).text
    assert "<td>1</td>" in index and "<td>2</td>" not in index


def test_an_unchanged_answer_is_revalidated_with_304(
    served: tuple[Ledger, TestClient, dict[str, str]],
) -> None:
    ledger, client, tokens = served
    url = f"{API}/projection?at=2022-12-31"
    first = client.get(url, headers=_as(tokens["observer"]))
    tag = first.headers["etag"]
    assert first.headers["cache-control"] == "private, no-cache"
    held = _as(tokens["observer"]) | {"If-None-Match": tag}
    unchanged = client.get(url, headers=held)
    assert unchanged.status_code == 304 and unchanged.content == b""
    assert unchanged.headers["etag"] == tag
    ledger.append(RID, [posture("FRA", level=0.2)], recorded_by="t")
    changed = client.get(url, headers=held)
    assert changed.status_code == 200 and changed.headers["etag"] != tag


def test_a_revoked_token_is_refused_at_once_even_for_a_cached_answer(
    served: tuple[Ledger, TestClient, dict[str, str]],
) -> None:
    ledger, client, tokens = served
    url = f"{API}/projection?at=2022-12-31"
    assert client.get(url, headers=_as(tokens["observer"])).status_code == 200
    assert revoke_token(ledger, "press")
    assert client.get(url, headers=_as(tokens["observer"])).status_code == 401


@pytest.mark.parametrize(
    ("edit", "problem"),
    [
        ("UPDATE regimes SET name = 'Renamed' WHERE id = :r", "name"),  # the regime row
        (f"UPDATE events SET hash = '{'0' * 64}' WHERE regime_id = :r AND seq = 2", "hash"),
    ],
)
def test_the_chain_status_is_checked_again_when_the_regime_row_or_head_event_changes(
    served: tuple[Ledger, TestClient, dict[str, str]], edit: str, problem: str
) -> None:
    ledger, client, tokens = served
    url = f"{API}/chain"
    assert client.get(url, headers=_as(tokens["secretariat"])).json()["ok"] is True
    assert client.get(url, headers=_as(tokens["secretariat"])).json()["ok"] is True
    with ledger.engine.begin() as conn:  # an edit outside the ledger, no new event
        conn.execute(text(edit), {"r": RID})
    report = client.get(url, headers=_as(tokens["secretariat"])).json()
    assert report["ok"] is False and problem in report["problem"]


def test_pages_of_events_follow_the_cursor_for_both_views(
    served: tuple[Ledger, TestClient, dict[str, str]],
) -> None:
    ledger, client, tokens = served
    ledger.append(
        RID, [posture("FRA", level=0.1 * i, note=f"n{i}") for i in range(1, 6)], recorded_by="t"
    )
    for role, expected in (
        ("secretariat", [1, 2, 3, 4, 5, 6, 7]),
        ("observer", [1, 2, 3, 4, 5, 6]),
    ):
        seqs, after = [], 0
        while True:
            page = client.get(
                f"{API}/events?limit=2&after={after}", headers=_as(tokens[role])
            ).json()
            seqs += [e["seq"] for e in page["items"]]
            if page["next_after"] is None:
                break
            after = page["next_after"]
        assert seqs == expected, role
