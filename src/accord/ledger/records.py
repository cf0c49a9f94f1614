"""Stored events as plain records: what the store returns, exports and the API serves."""

from __future__ import annotations

import json
from dataclasses import dataclass, fields
from datetime import date
from typing import Any

from accord.domain import EVENT_ADAPTER, Event
from accord.errors import AccordError
from accord.ledger.canonical import record_hash


class CorruptRecord(AccordError):
    """A stored row no longer reads as what the ledger wrote (the API answers 409 and
    ``accord ledger verify`` names the row)."""

    @classmethod
    def at(cls, regime_id: str, seq: int | None) -> CorruptRecord:
        where = f"event {seq}" if seq is not None else "its definition"
        return cls(
            f"the ledger's record of regime {regime_id!r} is damaged at {where}; "
            "run accord ledger verify",
            [{"loc": where, "msg": "damaged record", "expected": "what the ledger wrote"}],
        )


@dataclass(frozen=True, slots=True)
class ChainEntry:
    """An event's place in its chain and who recorded it when: the fields every view of a
    recorded event carries (the store's :class:`StoredEvent`, the API's answer)."""

    seq: int
    id: str
    prev: str
    hash: str
    recorded_at: str
    recorded_by: str


@dataclass(frozen=True, slots=True)
class StoredEvent(ChainEntry):
    """One event as recorded: its chain entry, its regime and its canonical JSON body."""

    regime_id: str
    body: str
    confidential: bool = False
    public_seq: int | None = None

    @property
    def event(self) -> Event:
        """The domain event (parsed from the stored canonical JSON); a stored body that no
        longer parses is a damaged record, reported as :class:`CorruptRecord`."""
        try:
            return EVENT_ADAPTER.validate_json(self.body)
        except ValueError:
            raise CorruptRecord.at(self.regime_id, self.seq) from None

    @property
    def kind(self) -> str:
        kind = self.data().get("kind")
        if not isinstance(kind, str):
            raise CorruptRecord.at(self.regime_id, self.seq)
        return kind

    def data(self) -> dict[str, Any]:
        """The stored body as a plain object (CorruptRecord when it is not one)."""
        try:
            data = json.loads(self.body)
        except (ValueError, RecursionError):
            data = None
        if not isinstance(data, dict):
            raise CorruptRecord.at(self.regime_id, self.seq)
        return data

    def to_record(self) -> dict[str, Any]:
        """The exported form: one JSON object per line of a ledger export."""
        return {
            "seq": self.seq,
            "id": self.id,
            "prev": self.prev,
            "hash": self.hash,
            "recorded_at": self.recorded_at,
            "recorded_by": self.recorded_by,
            "event": self.data(),
        }

    @classmethod
    def from_row(cls, row: Any) -> StoredEvent:
        """From a database row of the events table (its columns bear the same names)."""
        return cls(**{f.name: getattr(row, f.name) for f in fields(cls)})

    def chain_hash(self) -> str:
        """The hash this record must carry, computed from its other fields."""
        return record_hash(
            seq=self.seq,
            id=self.id,
            prev=self.prev,
            body=self.body,
            recorded_at=self.recorded_at,
            recorded_by=self.recorded_by,
        )


@dataclass(frozen=True, slots=True)
class RegimeInfo:
    """A regime known to the ledger and the head of its chain."""

    id: str
    name: str
    hash: str
    created_at: str
    events: int
    head_hash: str
    visible: int
    """How many of the events a reader who may not see confidential ones is shown."""


@dataclass(frozen=True, slots=True)
class EventQuery:
    """Filters and a page of a regime's events; ``after`` is the last ``seq`` already seen."""

    member: str | None = None
    measure: str | None = None
    kind: str | None = None
    since: date | None = None
    until: date | None = None
    after: int = 0
    limit: int = 100
    confidential: bool = True
    """Whether the reader may see confidential events; without, ``after`` and the page's
    cursor count only the events it may see."""


@dataclass(frozen=True, slots=True)
class Page:
    """One page of events and the cursor for the next (``None`` on the last page)."""

    items: list[StoredEvent]
    next_after: int | None
