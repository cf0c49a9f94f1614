"""What a reader is shown of the record: everything for the roles that read confidential
events, and for the others a view in which nothing points at what they may not see.

A reader who may not see violation reports (and the corrections of them) gets events
numbered by the sequence of the events it sees, no ``prev`` link, counts of what it sees
and no head hash, so neither a gap nor a count reveals that a confidential event exists.
"""

from __future__ import annotations

from dataclasses import replace

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
