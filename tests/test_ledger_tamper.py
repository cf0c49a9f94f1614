"""Tamper evidence that survives rollback and rehashing: each probe an attacker with write
access to the database (but not to the signing key or the anchor) tried is found.

Every probe passed ``accord ledger verify`` before heads were signed and anchored.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import delete, select, text, update
from typer.testing import CliRunner

from accord.cli import app
from accord.ledger import canonical as c
from accord.ledger.chain import verify
from accord.ledger.store import Ledger
from accord.ledger.tables import EventRow, RegimeRow
from tests.ledger_support import BACKENDS, database, posture, russia

RID = "russia-2022"
MEMBERS = ["DEU", "FRA", "ITA", "POL", "ESP", "NLD", "BEL", "AUT", "SWE", "FIN", "DNK", "PRT"]


@pytest.fixture(params=BACKENDS)
def ledger(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Ledger]:
    url = database(request.param, tmp_path)
    led = Ledger.open(url, key=tmp_path / "ledger.key", anchor=tmp_path / "ledger.anchor")
    led.define_regime(RID, russia())
    for m in MEMBERS:  # one head per event: each is signed and anchored
        led.append(RID, [posture(m)], recorded_by="secretariat")
    yield led
    led.close()


def _sql(ledger: Ledger, *statements: Any) -> None:
    with ledger.engine.begin() as conn:
        for stmt in statements:
            conn.execute(stmt)


def _head(ledger: Ledger) -> Any:
    with ledger.engine.connect() as conn:
        return conn.execute(select(RegimeRow).where(RegimeRow.id == RID)).one()


def _broken(ledger: Ledger) -> list[str]:
    return [r.describe() for r in verify(ledger) if not r.ok]


def test_an_untouched_ledger_verifies(ledger: Ledger) -> None:
    reports = verify(ledger)
    assert [r.ok for r in reports] == [True] and reports[0].checked == len(MEMBERS)


def test_deleting_the_last_events_and_moving_the_head_back_is_found(ledger: Ledger) -> None:
    kept = len(MEMBERS) - 10
    new_head = ledger.events(RID).items[kept - 1].hash
    _sql(
        ledger,
        delete(EventRow).where(EventRow.seq > kept),
        update(RegimeRow).values(head_seq=kept, head_hash=new_head, head_public=kept),
    )
    (problem,) = _broken(ledger)
    assert f"event {kept + 1}: rolled back" in problem
    assert ledger.anchor is not None
    ledger.anchor.unlink()  # and without the anchor, the head's signature does not verify
    (problem,) = _broken(ledger)
    assert "signature does not verify" in problem


def test_a_rollback_to_an_old_genuinely_signed_head_is_found(ledger: Ledger) -> None:
    kept = 2
    anchor = ledger.anchor
    assert anchor is not None
    old = [json.loads(line) for line in anchor.read_text().splitlines()]
    signed = next(a for a in old if a["seq"] == kept)  # the attacker kept an old signature
    _sql(
        ledger,
        delete(EventRow).where(EventRow.seq > kept),
        update(RegimeRow).values(
            head_seq=kept,
            head_hash=signed["head"],
            head_public=kept,
            head_signature=signed["signature"],
        ),
    )
    (problem,) = _broken(ledger)
    assert f"rolled back: the anchor (line {len(old)}) records {len(MEMBERS)} events" in problem
    assert f"the ledger holds {kept}" in problem


def test_deleting_every_event_and_resetting_the_head_is_found(ledger: Ledger) -> None:
    digest = _head(ledger).hash
    _sql(ledger, delete(EventRow), update(RegimeRow).values(head_seq=0, head_hash=digest))
    (problem,) = _broken(ledger)
    assert f"rolled back: the anchor (line {len(MEMBERS) + 1}) records {len(MEMBERS)}" in problem


def test_deleting_a_whole_regime_is_found(ledger: Ledger) -> None:
    _sql(ledger, delete(EventRow), delete(RegimeRow))
    (problem,) = _broken(ledger)
    assert problem.startswith(f"{RID}: deleted: the anchor records it")


def _rehash_from(ledger: Ledger, seq: int, edit: dict[str, Any]) -> None:
    """Edit event ``seq`` and recompute its id, every later hash and the head, as an
    attacker who knows the hash scheme (but not the key) would."""
    rows = ledger.events(RID).items
    prev = rows[seq - 2].hash if seq > 1 else _head(ledger).hash
    statements: list[Any] = []
    for s in rows[seq - 1 :]:
        body = c.canonical({**json.loads(s.body), **edit}) if s.seq == seq else s.body
        eid = c.event_id(RID, body) if s.seq == seq else s.id
        digest = c.record_hash(
            seq=s.seq,
            id=eid,
            prev=prev,
            body=body,
            recorded_at=s.recorded_at,
            recorded_by=s.recorded_by,
        )
        statements.append(
            update(EventRow)
            .where(EventRow.id == s.id)
            .values(id=eid, body=body, prev=prev, hash=digest)
        )
        prev = digest
    statements.append(update(RegimeRow).values(head_hash=prev))
    _sql(ledger, *statements)


def test_an_edit_followed_by_rehashing_is_found(ledger: Ledger) -> None:
    _rehash_from(ledger, 3, {"level": 0.2})
    (problem,) = _broken(ledger)
    assert "rewritten: it differs from the head anchored" in problem and "event 3" in problem


def test_an_edit_of_the_last_event_rehashed_is_found_by_the_signature(ledger: Ledger) -> None:
    assert ledger.anchor is not None
    ledger.anchor.write_text("")  # even with the anchor lost, the signature holds
    _rehash_from(ledger, len(MEMBERS), {"level": 0.2})
    (problem,) = _broken(ledger)
    assert "signature does not verify" in problem


@pytest.mark.parametrize(
    ("column", "value"), [("name", "Nothing happened"), ("created_at", "2020-01-01T00:00:00+00:00")]
)
def test_editing_the_regime_name_or_creation_time_is_found(
    ledger: Ledger, column: str, value: str
) -> None:
    _sql(ledger, update(RegimeRow).values({column: value}))
    (problem,) = _broken(ledger)
    assert "name" in problem


@pytest.mark.parametrize("column", ["name", "created_at"])
def test_editing_the_header_and_recomputing_its_hash_is_found(ledger: Ledger, column: str) -> None:
    row = _head(ledger)
    fields = {"name": row.name, "created_at": row.created_at, column: "x"}
    if column == "name":  # the definition says the name too: edit and rehash both
        definition = json.loads(row.definition) | {"name": "x"}
        body = c.canonical(definition)
        digest = c.regime_hash(RID, body)
        first = ledger.events(RID).items[0]
        _sql(ledger, update(RegimeRow).values(definition=body, hash=digest))
        _rehash_prev(ledger, first, digest)
    else:
        digest = row.hash
    header = c.header_hash(
        regime_id=RID, name=fields["name"], created_at=fields["created_at"], definition_hash=digest
    )
    _sql(ledger, update(RegimeRow).values(header_hash=header, **fields))
    problems = _broken(ledger)
    assert problems and ("header" in problems[0] or "signature" in problems[0])


def _rehash_prev(ledger: Ledger, first: Any, digest: str) -> None:
    prev = digest
    statements: list[Any] = []
    for s in ledger.events(RID).items:
        h = c.record_hash(
            seq=s.seq,
            id=s.id,
            prev=prev,
            body=s.body,
            recorded_at=s.recorded_at,
            recorded_by=s.recorded_by,
        )
        statements.append(update(EventRow).where(EventRow.id == s.id).values(prev=prev, hash=h))
        prev = h
    statements.append(update(RegimeRow).values(head_hash=prev))
    _sql(ledger, *statements)


def test_a_head_signed_by_another_key_is_found(ledger: Ledger, tmp_path: Path) -> None:
    other = Ledger.open(
        ledger.engine.url.render_as_string(hide_password=False),
        key=tmp_path / "other.key",
        anchor=tmp_path / "other.anchor",
        upgrade=False,
    )
    row = _head(ledger)
    assert other.signer is not None
    message = c.head_message(
        regime_id=RID, header=row.header_hash, seq=row.head_seq, head=row.head_hash
    )
    _sql(ledger, update(RegimeRow).values(head_signature=other.signer.sign(message)))
    (problem,) = _broken(ledger)
    assert "signature does not verify" in problem
    other.close()


def _damaged(db: Path, sql: str) -> Ledger:
    """A SQLite ledger of three events, then ``sql`` run on it directly."""
    led = Ledger.open(f"sqlite:///{db}")
    led.define_regime(RID, russia())
    led.append(RID, [posture(m) for m in MEMBERS[:3]], recorded_by="s")
    with led.engine.begin() as conn:
        conn.execute(text(sql))
    return led


def test_a_damaged_date_column_is_reported_not_raised(tmp_path: Path) -> None:
    db = tmp_path / "l.sqlite"
    led = _damaged(db, "UPDATE events SET date = 'not a date' WHERE seq = 2")
    (report,) = verify(led)
    assert not report.ok and report.seq == 2 and "indexed columns" in report.problem
    out = CliRunner().invoke(app, ["ledger", "verify", "--db", f"sqlite:///{db}"])
    assert out.exit_code == 2 and "event 2" in out.output and "Traceback" not in out.output
    assert len(led.events(RID).items) == 3  # reads no longer parse the damaged column
    led.close()


def test_a_damaged_body_is_reported_not_raised(tmp_path: Path) -> None:
    led = _damaged(tmp_path / "l.sqlite", "UPDATE events SET body = '[[[' WHERE seq = 1")
    (report,) = verify(led)
    assert not report.ok and report.seq == 1


def test_verify_refuses_a_ledger_that_does_not_exist(tmp_path: Path) -> None:
    missing = tmp_path / "typo.sqlite"
    for command in (["verify"], ["export", RID], ["token", "list"]):
        out = CliRunner().invoke(app, ["ledger", *command, "--db", f"sqlite:///{missing}"])
        assert out.exit_code == 2 and "no ledger at" in out.output, out.output
    assert list(tmp_path.iterdir()) == []  # nothing created: no database, no key


def test_verify_exits_2_on_a_tampered_ledger(ledger: Ledger, tmp_path: Path) -> None:
    _sql(ledger, delete(EventRow).where(EventRow.seq == len(MEMBERS)))
    url = ledger.engine.url.render_as_string(hide_password=False)
    args = [
        "--db",
        url,
        "--key",
        str(tmp_path / "ledger.key"),
        "--anchor",
        str(tmp_path / "ledger.anchor"),
    ]
    out = CliRunner().invoke(app, ["ledger", "verify", *args])
    assert out.exit_code == 2 and "missing" in out.output
