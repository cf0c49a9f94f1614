"""What a reader is shown of the record: everything for the roles that read confidential
events, and for the others a view in which nothing points at what they may not see.

A reader who may not see violation reports (and the corrections of them) gets events
numbered by the sequence of the events it sees, no ``prev`` link, counts of what it sees
and no head hash, so neither a gap nor a count reveals that a confidential event exists.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Any

from accord.api.auth import sees_confidential
from accord.ledger.chain import ChainReport, restricted
from accord.ledger.records import RegimeInfo, StoredEvent
from accord.ledger.tokens import Principal


def info_view(info: RegimeInfo, who: Principal | None) -> RegimeInfo:
    if sees_confidential(who):
        return info
    return replace(info, events=info.visible, head_hash="")


def event_view(s: StoredEvent, who: Principal | None) -> StoredEvent:
    """The event as ``who`` is shown it (its visible seq and no link when restricted)."""
    if sees_confidential(who):
        return s
    return replace(s, seq=s.public_seq if s.public_seq is not None else s.seq, prev="")


def chain_view(report: ChainReport, info: RegimeInfo, who: Principal | None) -> ChainReport:
    return report if sees_confidential(who) else restricted(report, info.visible)


_SHOWN = ("kind", "date", "member", "measure")


@dataclass(frozen=True, slots=True)
class TimelineRow:
    """One event as the timeline shows it: its columns, and its other fields as text."""

    seq: int
    id: str
    date: Any
    kind: Any
    member: Any
    measure: Any
    details: str
    recorded_by: str


@dataclass(frozen=True, slots=True)
class TimelineRows:
    """A page of the timeline and the cursor for the next (None on the last)."""

    items: list[TimelineRow]
    next_after: int | None


def timeline_row(s: StoredEvent, who: Principal | None) -> TimelineRow:
    """The row of ``s`` as ``who`` is shown it (prepared here, not in the template, where
    a loop over every field of every row cost more than the rest of the page)."""
    e = s.data()
    exemption = e.get("exemption")
    measure = e.get("measure", exemption.get("measure", "") if isinstance(exemption, dict) else "")
    details = "; ".join(
        f"{k}: {v}" for k, v in e.items() if k not in _SHOWN and v != "" and v is not None
    )
    seq = s.seq if sees_confidential(who) or s.public_seq is None else s.public_seq
    return TimelineRow(
        seq,
        s.id,
        e.get("date", ""),
        e.get("kind", ""),
        e.get("member", ""),
        measure,
        details,
        s.recorded_by,
    )
