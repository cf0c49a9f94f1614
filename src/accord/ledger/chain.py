"""Checking a regime's hash chain: the first altered, missing or foreign event is named.

Each record's id must be the content hash of its event, its hash the hash of all its
columns, its ``prev`` the hash of the record before (the regime definition's hash for the
first), its ``seq`` one more than the one before, and the regime's head must point at
the last record, so a deleted tail is found too.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select

from accord.ledger import canonical as c
from accord.ledger.records import StoredEvent
from accord.ledger.rows import indexed
from accord.ledger.store import Ledger
from accord.ledger.tables import EventRow, RegimeRow


@dataclass(frozen=True, slots=True)
class ChainReport:
    """The outcome of verifying one regime's chain."""

    regime_id: str
    checked: int
    ok: bool
    seq: int | None = None
    event_id: str | None = None
    problem: str = ""

    def describe(self) -> str:
        if self.ok:
            return f"{self.regime_id}: chain intact ({self.checked} events)"
        where = f"event {self.seq}" + (f" ({self.event_id})" if self.event_id else "")
        return f"{self.regime_id}: {where}: {self.problem}"


def verify_regime(ledger: Ledger, regime_id: str) -> ChainReport:
    """Walk the chain of ``regime_id`` and stop at the first problem."""
    info = ledger.regime_info(regime_id)
    definition = ledger_definition(ledger, regime_id)
    if c.regime_hash(regime_id, definition) != info.hash:
        return ChainReport(regime_id, 0, False, 0, None, "the regime definition was altered")
    prev, expected, n = info.hash, 1, 0
    for row in _rows(ledger, regime_id):
        s = StoredEvent.from_row(row)
        if s.seq != expected:
            return ChainReport(
                regime_id,
                n,
                False,
                expected,
                None,
                f"missing: the next recorded event is {s.seq}",
            )
        if c.event_id(regime_id, s.body) != s.id:
            return ChainReport(
                regime_id, n, False, s.seq, s.id, "altered: content does not match its id"
            )
        if s.prev != prev:
            return ChainReport(
                regime_id,
                n,
                False,
                s.seq,
                s.id,
                "the link to the event before is broken (an earlier event was altered or removed)",
            )
        if s.chain_hash() != s.hash:
            return ChainReport(
                regime_id, n, False, s.seq, s.id, "altered: the record does not match its hash"
            )
        if any(getattr(row, k) != v for k, v in indexed(s.body).items()):
            return ChainReport(
                regime_id,
                n,
                False,
                s.seq,
                s.id,
                "altered: its indexed "
                "columns (kind, date, member, measure) differ from its content",
            )
        prev, expected, n = s.hash, expected + 1, n + 1
    if info.events != n or info.head_hash != prev:
        return ChainReport(
            regime_id,
            n,
            False,
            n + 1,
            None,
            f"missing: the head says {info.events} events, {n} are present",
        )
    return ChainReport(regime_id, n, True)


def _rows(ledger: Ledger, regime_id: str) -> Iterator[Any]:
    """Every row of the regime's events in seq order, read in chunks."""
    after = 0
    while True:
        with ledger.engine.connect() as conn:
            rows = list(
                conn.execute(
                    select(EventRow)
                    .where(EventRow.regime_id == regime_id, EventRow.seq > after)
                    .order_by(EventRow.seq)
                    .limit(2000)
                )
            )
        yield from rows
        if len(rows) < 2000:
            return
        after = rows[-1].seq


def ledger_definition(ledger: Ledger, regime_id: str) -> str:
    """The stored definition text of a regime, as hashed."""
    with ledger.engine.connect() as conn:
        return str(
            conn.execute(select(RegimeRow.definition).where(RegimeRow.id == regime_id)).scalar_one()
        )


def verify(ledger: Ledger, regime_id: str | None = None) -> list[ChainReport]:
    """Verify one regime, or all of them."""
    ids = [regime_id] if regime_id is not None else [r.id for r in ledger.regimes()]
    return [verify_regime(ledger, r) for r in ids]
