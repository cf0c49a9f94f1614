"""Whatever a client sends, the API answers with a located error or a record, never a 500."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from fastapi.testclient import TestClient
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from accord.api.app import create_app
from accord.ledger.chain import verify_regime
from accord.ledger.store import Ledger
from accord.ledger.tokens import Role, issue_token
from tests.ledger_support import russia

RID = "russia-2022"
scalars = (
    st.none()
    | st.booleans()
    | st.integers()
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.text(max_size=12)
)
values = st.recursive(scalars, lambda v: st.lists(v, max_size=3), max_leaves=6)
field_values = {
    "date": st.sampled_from(["2022-05-01", "2021-01-01", "2099-01-01", "May", ""]) | values,
    "member": st.sampled_from(["DEU", "FRA", "CHN", "XXX", "deu"]) | values,
    "measure": st.sampled_from(["coal_ban", "oil_embargo", "gas"]) | values,
    "posture": st.sampled_from(["mimic", "adjust", "resist", "sulk"]) | values,
    "level": st.sampled_from([0.0, 0.5, 1.0, 1.5, -1]) | values,
    "note": st.text(max_size=20),
    "kind": st.sampled_from(["posture_declared", "lapse", "nope"]),
    "extra": values,
}
bodies = st.fixed_dictionaries({}, optional={k: v for k, v in field_values.items()}) | values


@pytest.fixture(scope="module")
def setup(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[TestClient, Ledger, str]]:
    ledger = Ledger.open(f"sqlite:///{tmp_path_factory.mktemp('fuzz') / 'l.sqlite'}")
    ledger.define_regime(RID, russia())
    token = issue_token(ledger, "germany", Role.MEMBER, "DEU")
    yield TestClient(create_app(ledger)), ledger, token
    ledger.close()


@settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(body=bodies, path=st.sampled_from(["postures", "compliance-reports", "corrections"]))
def test_no_body_makes_the_server_fail(
    setup: tuple[TestClient, Ledger, str], body: Any, path: str
) -> None:
    client, ledger, token = setup
    before = ledger.regime_info(RID).events
    r = client.post(
        f"/api/regimes/{RID}/{path}", json=body, headers={"Authorization": f"Bearer {token}"}
    )
    assert r.status_code in {201, 403, 422}, r.text
    payload = r.json()
    if r.status_code == 422:
        assert payload["errors"] and all(e["loc"] for e in payload["errors"])
        assert ledger.regime_info(RID).events == before
    assert verify_regime(ledger, RID).ok


@settings(
    max_examples=80, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    params=st.dictionaries(
        st.sampled_from(["member", "measure", "kind", "since", "until", "after", "limit"]),
        st.text(max_size=12),
    )
)
def test_no_query_makes_the_server_fail(
    setup: tuple[TestClient, Ledger, str], params: dict[str, str]
) -> None:
    client, _, token = setup
    r = client.get(
        f"/api/regimes/{RID}/events", params=params, headers={"Authorization": f"Bearer {token}"}
    )
    assert r.status_code in {200, 422}, r.text
