"""The ledger's SQL: the rows it writes, the chain head it locks, the checks that need
the stored events (repeats, corrections of unknown events).

Every function takes an open connection inside the caller's write transaction, so what
they read and what the caller writes are one atomic step.
"""

from __future__ import annotations

import json
import re
from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy import insert, select, update

from accord.domain import Event, Regime
from accord.errors import ErrorDetail, EventRejected, InvalidArgument
from accord.ledger import canonical as c
from accord.ledger.records import RegimeInfo
from accord.ledger.tables import EventRow, RegimeRow

CONFIDENTIAL_KINDS = ("violation_report",)
"""Kinds only the secretariat and the verifier may read (the reporting channel is private);
a correction of a confidential event is confidential too."""

REGIME_ID = re.compile(r"^[a-z0-9][a-z0-9_-]{0,63}$")


def now() -> str:
    """The recording time, UTC to the microsecond."""
    return datetime.now(UTC).isoformat(timespec="microseconds")


def store_problems(
    conn: Any, regime_id: str, events: list[Event], ids: list[str], places: list[str]
) -> list[bool]:
    """Refuse repeats and corrections of unknown events; otherwise say which of ``events``
    are confidential (violation reports, and corrections of confidential events)."""
    problems: list[ErrorDetail] = []
    existing: set[str] = set()
    for chunk in range(0, len(ids), 500):
        part = ids[chunk : chunk + 500]
        existing.update(conn.execute(select(EventRow.id).where(EventRow.id.in_(part))).scalars())
    corrects = [getattr(e, "corrects", None) for e in events]
    targets = {t for t in corrects if t is not None}
    found: dict[str, bool] = {}
    if targets:
        found = {
            r.id: bool(r.confidential)
            for r in conn.execute(
                select(EventRow.id, EventRow.confidential).where(
                    EventRow.regime_id == regime_id, EventRow.id.in_(targets)
                )
            )
        }
    seen: dict[str, int] = {}
    batch_kinds: dict[str, str] = {}
    secret: list[bool] = []
    for i, (event, eid, target) in enumerate(zip(events, ids, corrects, strict=True)):
        loc = places[i]
        if eid in existing:
            problems.append(
                {
                    "loc": loc,
                    "msg": f"already recorded as {eid}",
                    "expected": "a new fact (add a note to tell two apart)",
                }
            )
        elif eid in seen:
            problems.append(
                {
                    "loc": loc,
                    "msg": f"same event as {places[seen[eid]]}",
                    "expected": "each event once",
                }
            )
        seen[eid] = i
        batch_kinds[eid] = event.kind
        if target is not None and target not in found and target not in batch_kinds:
            problems.append(
                {
                    "loc": f"{loc}.corrects",
                    "msg": f"no event {target!r} in regime {regime_id!r}",
                    "expected": "the id of an event recorded earlier",
                }
            )
        confidential = event.kind in CONFIDENTIAL_KINDS or (
            target is not None and found.get(target, False)
        )
        found.setdefault(eid, confidential)
        secret.append(confidential)
    if problems:
        raise EventRejected(f"{len(problems)} problem(s); nothing was stored", problems)
    return secret


def number(secret: list[bool], public: int) -> tuple[list[int | None], int]:
    """The ``public_seq`` of each event of a batch (None for a confidential one) after
    ``public`` visible events, and the new count."""
    out: list[int | None] = []
    for hidden in secret:
        if not hidden:
            public += 1
        out.append(None if hidden else public)
    return out, public


def write_rows(
    conn: Any,
    regime_id: str,
    rows: list[dict[str, Any]],
    head: tuple[int, str, int],
    signature: str | None,
) -> None:
    """Insert ``rows`` and move the head to (seq, hash, visible count), with its signature."""
    if rows:
        conn.execute(insert(EventRow), rows)
        seq, digest, public = head
        conn.execute(
            update(RegimeRow)
            .where(RegimeRow.id == regime_id)
            .values(head_seq=seq, head_hash=digest, head_public=public, head_signature=signature)
        )


def lock_head(conn: Any, regime_id: str, define: tuple[Regime, str | None] | None) -> Any:
    """Define the regime if asked, then lock its chain head for this transaction."""
    if define is not None:
        define_in(conn, regime_id, *define)
    return conn.execute(
        select(
            RegimeRow.head_seq, RegimeRow.head_hash, RegimeRow.head_public, RegimeRow.header_hash
        )
        .where(RegimeRow.id == regime_id)
        .with_for_update()
    ).one()


def info_of(row: Any) -> RegimeInfo:
    return RegimeInfo(
        row.id, row.name, row.hash, row.created_at, row.head_seq, row.head_hash, row.head_public
    )


def define_in(
    conn: Any, regime_id: str, regime: Regime, created_at: str | None
) -> tuple[str, str] | None:
    """Insert a regime definition unless the same one is there (never redefine); returns
    (definition hash, header hash) when it inserted one."""
    if not REGIME_ID.match(regime_id):
        raise InvalidArgument(
            f"not a regime id: {regime_id!r}",
            [
                {
                    "loc": "regime_id",
                    "msg": "bad characters or length",
                    "expected": "lower-case letters, digits, '-' or '_', at most 64",
                }
            ],
        )
    body = c.regime_body(regime)
    digest = c.regime_hash(regime_id, body)
    row = conn.execute(select(RegimeRow.hash).where(RegimeRow.id == regime_id)).first()
    if row is not None:
        if row.hash != digest:
            raise InvalidArgument(
                f"regime {regime_id!r} is already defined differently",
                [
                    {
                        "loc": "regime_id",
                        "msg": "a regime is never redefined",
                        "expected": "a new regime id",
                    }
                ],
            )
        return None
    created = created_at or now()
    header = c.header_hash(
        regime_id=regime_id, name=regime.name, created_at=created, definition_hash=digest
    )
    conn.execute(
        insert(RegimeRow).values(
            id=regime_id,
            name=regime.name,
            definition=body,
            hash=digest,
            created_at=created,
            head_seq=0,
            head_hash=digest,
            header_hash=header,
            head_public=0,
        )
    )
    return digest, header


def indexed(body: str) -> dict[str, Any]:
    """The columns copied out of an event's body for filtering (kind, date, member, measure)."""
    data = json.loads(body)
    measure = data.get("measure")
    if measure is None and "exemption" in data:
        measure = data["exemption"]["measure"]
    return {
        "kind": data["kind"],
        "date": date.fromisoformat(data["date"]),
        "member": data.get("member"),
        "measure": measure,
    }


def _indexed_event(event: Event) -> dict[str, Any]:
    """:func:`indexed` from the parsed event, without reading the body again."""
    measure = getattr(event, "measure", None)
    exemption = getattr(event, "exemption", None)
    return {
        "kind": event.kind,
        "date": event.date,
        "member": getattr(event, "member", None),
        "measure": exemption.measure if exemption is not None else measure,
    }


def event_row(
    regime_id: str,
    seq: int,
    eid: str,
    body: str,
    prev: str,
    digest: str,
    stamp: str,
    recorded_by: str,
    event: Event | None = None,
    public_seq: int | None = None,
) -> dict[str, Any]:
    return {
        "confidential": public_seq is None,
        "public_seq": public_seq,
        "id": eid,
        "regime_id": regime_id,
        "seq": seq,
        **(indexed(body) if event is None else _indexed_event(event)),
        "body": body,
        "prev": prev,
        "hash": digest,
        "recorded_at": stamp,
        "recorded_by": recorded_by,
    }
