"""Appending exported records as they were: the same seq, time, author and hashes.

This is how an export is imported into another ledger: each record must continue the
chain exactly, and a record whose id or hash does not match its content is refused, so an
altered export cannot be imported. The head is signed with the importing ledger's key.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from typing import Any

from accord.domain import Event, Regime
from accord.errors import ErrorDetail, EventRejected
from accord.ledger import canonical as c
from accord.ledger.checks import check_event
from accord.ledger.limits import text_problems
from accord.ledger.records import StoredEvent
from accord.ledger.rows import event_row, lock_head, number, store_problems
from accord.ledger.store import Ledger

_FIELDS = "seq, id, prev, hash, recorded_at, recorded_by, event"


def _prepare(
    ledger: Ledger, regime_id: str, regime: Regime, rec: Any, loc: str
) -> tuple[Event, StoredEvent]:
    """One record checked against the regime and its own hashes (EventRejected if not)."""
    if not isinstance(rec, dict):
        raise EventRejected(loc, [{"loc": loc, "msg": "not a record", "expected": _FIELDS}])
    too_long = text_problems(rec, loc, ledger.limits)
    if too_long:
        raise EventRejected(loc, too_long)
    event = check_event(rec.get("event"), regime, f"{loc}.event")
    body = c.event_body(event)
    try:
        stored = StoredEvent(
            seq=int(rec["seq"]),
            id=str(rec["id"]),
            prev=str(rec["prev"]),
            hash=str(rec["hash"]),
            recorded_at=str(rec["recorded_at"]),
            recorded_by=str(rec["recorded_by"]),
            regime_id=regime_id,
            body=body,
        )
    except (KeyError, TypeError, ValueError) as exc:
        raise EventRejected(
            loc, [{"loc": loc, "msg": f"malformed record ({exc})", "expected": _FIELDS}]
        ) from None
    if stored.id != c.event_id(regime_id, body):
        raise EventRejected(
            loc,
            [
                {
                    "loc": f"{loc}.id",
                    "msg": "the id does not match the event",
                    "expected": "the content hash of the event",
                }
            ],
        )
    if stored.hash != stored.chain_hash():
        raise EventRejected(
            loc,
            [
                {
                    "loc": f"{loc}.hash",
                    "msg": "the hash does not match the record",
                    "expected": "the chain hash of the record",
                }
            ],
        )
    return event, stored


def append_records(
    ledger: Ledger,
    regime_id: str,
    records: Sequence[Any],
    *,
    locs: Sequence[str] | None = None,
    define: tuple[Regime, str | None] | None = None,
) -> list[StoredEvent]:
    """Append exported ``records`` to ``regime_id``; all are stored, or none.

    ``define`` (a regime and its creation time) defines the regime in the same transaction.
    """
    regime = define[0] if define is not None else ledger.regime(regime_id)
    places = list(locs) if locs is not None else [f"records[{i}]" for i in range(len(records))]
    prepared: list[tuple[Event, StoredEvent]] = []
    problems: list[ErrorDetail] = []
    for i, rec in enumerate(records):
        try:
            prepared.append(_prepare(ledger, regime_id, regime, rec, places[i]))
        except EventRejected as exc:
            problems.extend(exc.errors)
    if problems:
        raise EventRejected(f"{len(problems)} problem(s); nothing was stored", problems)
    with ledger.writing() as conn:
        head = lock_head(conn, regime_id, define)
        seq, prev = head.head_seq, head.head_hash
        events = [e for e, _ in prepared]
        secret = store_problems(conn, regime_id, events, [s.id for _, s in prepared], places)
        publics, public = number(secret, head.head_public)
        rows, out = [], []
        for i, ((event, s), pub) in enumerate(zip(prepared, publics, strict=True)):
            if s.seq != seq + 1 or s.prev != prev:
                raise EventRejected(
                    "the records do not continue the regime's chain; nothing was stored",
                    [
                        {
                            "loc": places[i],
                            "msg": f"seq {s.seq}, prev {s.prev[:12]}…",
                            "expected": f"seq {seq + 1}, prev {prev[:12]}…",
                        }
                    ],
                )
            rows.append(
                event_row(
                    regime_id,
                    s.seq,
                    s.id,
                    s.body,
                    s.prev,
                    s.hash,
                    s.recorded_at,
                    s.recorded_by,
                    event,
                    pub,
                )
            )
            out.append(replace(s, confidential=pub is None, public_seq=pub))
            seq, prev = s.seq, s.hash
        sealed = ledger.commit_rows(
            conn, regime_id, rows, (seq, prev, public), head.header_hash, define is not None
        )
    ledger.anchor_head(sealed)
    return out
