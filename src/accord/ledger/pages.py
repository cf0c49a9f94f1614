"""The statements that read a page of events and the head of a regime, prepared once.

A page is one index range scan: by seq, or by (member | measure | kind, seq) when
filtered so; a restricted reader's cursor (a count of the events it may see) is turned
into a seq inside the same statement. Every variant of the filters is its own
:class:`~accord.ledger.prepared.Prepared` statement, compiled once.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import Select, bindparam, func, select

from accord.ledger.prepared import Prepared, PreparedFamily
from accord.ledger.records import EventQuery, RegimeInfo, StoredEvent
from accord.ledger.tables import EventRow, RegimeRow

STORED = [getattr(EventRow, f) for f in StoredEvent.__dataclass_fields__]
"""The columns a stored event is read from, in its fields' order: not the indexed copies
(a damaged date column then cannot break a read of the event itself)."""

HEADS = select(
    RegimeRow.id,
    RegimeRow.name,
    RegimeRow.hash,
    RegimeRow.created_at,
    RegimeRow.head_seq,
    RegimeRow.head_hash,
    RegimeRow.head_public,
)
"""What :class:`RegimeInfo` is read from, in its fields' order (not the definition: every
read asks for the head, and the definition is the row's one large column)."""

HEAD = Prepared(HEADS.where(RegimeRow.id == bindparam("rid")))
ALL_HEADS = Prepared(HEADS.order_by(RegimeRow.id))
EVENT = Prepared(
    select(*STORED).where(EventRow.regime_id == bindparam("rid"), EventRow.id == bindparam("eid"))
)

_FILTERS = ("member", "measure", "kind", "since", "until")
_PAGES = PreparedFamily()


def info(row: Any) -> RegimeInfo:
    return RegimeInfo(*row)


def stored(row: Any) -> StoredEvent:
    """A stored event from a row of :data:`STORED` as the driver returns it."""
    seq, eid, prev, digest, at, by, regime_id, body, secret, public = row
    return StoredEvent(seq, eid, prev, digest, at, by, regime_id, body, bool(secret), public)


def _page(confidential: bool, filters: tuple[str, ...]) -> Select[Any]:
    stmt = select(*STORED).where(EventRow.regime_id == bindparam("rid"))
    if confidential:
        stmt = stmt.where(EventRow.seq > bindparam("after"))
    else:
        public = (
            select(EventRow.seq)
            .where(
                EventRow.regime_id == bindparam("rid"), EventRow.public_seq <= bindparam("after")
            )
            .order_by(EventRow.public_seq.desc())
            .limit(1)
            .scalar_subquery()
        )
        stmt = stmt.where(EventRow.confidential.is_(False), EventRow.seq > func.coalesce(public, 0))
    for name in filters:
        if name == "since":
            stmt = stmt.where(EventRow.date >= bindparam("since"))
        elif name == "until":
            stmt = stmt.where(EventRow.date <= bindparam("until"))
        else:
            stmt = stmt.where(getattr(EventRow, name) == bindparam(name))
    return stmt.order_by(EventRow.seq).limit(bindparam("rows"))


def page_statement(query: EventQuery) -> tuple[Prepared, dict[str, Any]]:
    """The prepared statement of ``query``'s shape, and its values (one row more than the
    page, to know whether another follows)."""
    used = tuple(name for name in _FILTERS if getattr(query, name) is not None)
    prepared = _PAGES.get((query.confidential, used), lambda: _page(query.confidential, used))
    values: dict[str, Any] = {name: getattr(query, name) for name in used}
    return prepared, values | {"after": query.after, "rows": query.limit + 1}
