"""Tamper evidence: rows altered or removed directly in the database are found."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import delete, update
from typer.testing import CliRunner

from accord.cli import app
from accord.ledger.chain import verify, verify_regime
from accord.ledger.store import Ledger
from accord.ledger.tables import EventRow, RegimeRow
from tests.ledger_support import BACKENDS, database, posture, russia

RID = "russia-2022"
MEMBERS = ["DEU", "FRA", "ITA", "POL", "ESP", "NLD"]


@pytest.fixture(params=BACKENDS)
def url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    return database(request.param, tmp_path)


@pytest.fixture
def ledger(url: str) -> Iterator[Ledger]:
    led = Ledger.open(url)
    led.define_regime(RID, russia())
    led.append(RID, [posture(m) for m in MEMBERS], recorded_by="secretariat")
    yield led
    led.close()


def _tamper(ledger: Ledger, stmt: object) -> None:
    with ledger.engine.begin() as conn:
        conn.execute(stmt)  # type: ignore[call-overload]


def test_an_untouched_chain_verifies(ledger: Ledger) -> None:
    (r,) = verify(ledger)
    assert r.ok and r.checked == len(MEMBERS)


def test_an_altered_event_body_is_found(ledger: Ledger) -> None:
    body = ledger.events(RID).items[2].body.replace('"level":1.0', '"level":0.5')
    _tamper(ledger, update(EventRow).where(EventRow.seq == 3).values(body=body))
    r = verify_regime(ledger, RID)
    assert not r.ok and r.seq == 3 and "altered" in r.problem


def test_an_altered_author_is_found(ledger: Ledger) -> None:
    _tamper(ledger, update(EventRow).where(EventRow.seq == 4).values(recorded_by="someone"))
    r = verify_regime(ledger, RID)
    assert (r.ok, r.seq) == (False, 4) and "hash" in r.problem


def test_an_event_rewritten_with_fresh_hashes_breaks_the_next_link(ledger: Ledger) -> None:
    from accord.ledger import canonical as c

    s = ledger.events(RID).items[1]
    body = s.body.replace('"level":1.0', '"level":0.3')
    eid = c.event_id(RID, body)
    digest = c.record_hash(
        seq=2, id=eid, prev=s.prev, body=body, recorded_at=s.recorded_at, recorded_by=s.recorded_by
    )
    _tamper(
        ledger, update(EventRow).where(EventRow.seq == 2).values(body=body, id=eid, hash=digest)
    )
    r = verify_regime(ledger, RID)
    assert (r.ok, r.seq) == (False, 3) and "link" in r.problem


def test_a_removed_event_is_found(ledger: Ledger) -> None:
    _tamper(ledger, delete(EventRow).where(EventRow.seq == 2))
    r = verify_regime(ledger, RID)
    assert (r.ok, r.seq) == (False, 2) and "missing" in r.problem


def test_a_removed_last_event_is_found(ledger: Ledger) -> None:
    _tamper(ledger, delete(EventRow).where(EventRow.seq == len(MEMBERS)))
    r = verify_regime(ledger, RID)
    assert (r.ok, r.seq) == (False, len(MEMBERS)) and "missing" in r.problem


def test_an_altered_regime_definition_is_found(ledger: Ledger) -> None:
    with ledger.engine.connect() as conn:
        text = conn.execute(RegimeRow.__table__.select()).one().definition
    _tamper(ledger, update(RegimeRow).values(definition=text.replace("Russia 2022", "Other")))
    r = verify_regime(ledger, RID)
    assert not r.ok and "definition" in r.problem


def test_verify_command_exits_2_and_names_the_event(ledger: Ledger, url: str) -> None:
    runner = CliRunner()
    ok = runner.invoke(app, ["ledger", "verify", "--db", url])
    assert ok.exit_code == 0 and "chain intact (6 events)" in ok.output
    _tamper(ledger, update(EventRow).where(EventRow.seq == 5).values(date=date(2022, 5, 3)))
    bad = runner.invoke(app, ["ledger", "verify", RID, "--db", url])
    assert bad.exit_code == 2
    assert f"{RID}: event 5 (" in bad.output and "indexed columns" in bad.output
