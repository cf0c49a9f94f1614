"""Checking a regime's record: the first altered, missing, damaged or rolled-back part is named.

Each record's id must be the content hash of its event, its hash the hash of all its
columns, its ``prev`` the hash of the record before (the regime definition's hash for the
first), its ``seq`` one more than the one before, its indexed columns and confidentiality
what its body says; the regime's name must be the definition's and its header hash must
cover its name and creation time; the head must point at the last record and carry a
signature by the ledger's key (:mod:`accord.ledger.signing`); and every head written to
the anchor must still be on the chain. Editing rows and recomputing every hash, cutting
the tail off and moving the head back, resetting a chain and deleting a regime are each
found. A damaged row (a value the database cannot even read back) is reported, not raised.

:func:`verify_regime` can start from a :class:`Checkpoint`, the last head it found
intact, so the dashboard's status page checks only what was appended since; ``accord
ledger verify`` always walks everything and reads the anchor.
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field, replace
from typing import Any

from sqlalchemy import String, and_, bindparam, select, type_coerce

from accord.ledger import canonical as c
from accord.ledger.prepared import Prepared
from accord.ledger.records import StoredEvent
from accord.ledger.rows import CONFIDENTIAL_KINDS, indexed
from accord.ledger.signing import AnchoredHead, read_anchor, valid_signature
from accord.ledger.store import Ledger, UnknownRegime
from accord.ledger.tables import EventRow, RegimeRow

CHUNK = 2000


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
        where = "" if self.seq is None else f"event {self.seq}"
        where += f" ({self.event_id})" if self.event_id else ""
        return f"{self.regime_id}: {where + ': ' if where else ''}{self.problem}"


@dataclass(frozen=True, slots=True)
class Checkpoint:
    """A head found intact: its seq and hash, and the ids of confidential events up to it."""

    seq: int
    hash: str
    secret: frozenset[str] = field(default_factory=frozenset)


class _Broken(Exception):
    """The first problem found (internal: turned into a ChainReport)."""

    def __init__(self, seq: int | None, event_id: str | None, problem: str) -> None:
        self.seq, self.event_id, self.problem = seq, event_id, problem


_REGIME = select(
    *[type_coerce(col, String).label(col.key) for col in RegimeRow.__table__.columns]
).where(RegimeRow.id == bindparam("rid"))
"""A regime's row, every column as stored (built once: these run on every status load)."""
_ROWS = (
    select(
        *[
            EventRow.seq if col.key == "seq" else type_coerce(col, String).label(col.key)
            for col in EventRow.__table__.columns
        ]
    )
    .where(EventRow.regime_id == bindparam("rid"), EventRow.seq > bindparam("after"))
    .order_by(EventRow.seq)
    .limit(CHUNK)
)
_HASH_AT = select(type_coerce(EventRow.hash, String)).where(
    EventRow.regime_id == bindparam("rid"), EventRow.seq == bindparam("seq")
)


_STATE = Prepared(
    select(*RegimeRow.__table__.columns, EventRow.hash)
    .select_from(RegimeRow)
    .outerjoin(
        EventRow, and_(EventRow.regime_id == RegimeRow.id, EventRow.seq == RegimeRow.head_seq)
    )
    .where(RegimeRow.id == bindparam("rid"))
)


def head_state(ledger: Ledger, regime_id: str) -> tuple[Any, ...] | None:
    """Everything an incremental check from an intact head looks at, in one read: the
    regime's row as stored (definition, name, creation time, head, signature) and the
    hash of the event at its head. While it is unchanged, so is the outcome of
    :func:`check_regime` from the checkpoint of that head (None for an unknown regime)."""
    with ledger.engine.connect() as conn:
        return _STATE.first(conn, {"rid": regime_id})


def _regime_row(ledger: Ledger, regime_id: str) -> Any:
    with ledger.engine.connect() as conn:
        row = conn.execute(_REGIME, {"rid": regime_id}).first()
    if row is None:
        raise UnknownRegime(f"no regime {regime_id!r} in the ledger", [])
    return row


_CHECKED: dict[tuple[str, str], tuple[str, object]] = {}
"""Definitions found to match their hash, by (regime, hash), with the name they state: the
text need not be parsed again while it is the same text (a string comparison)."""


def _check_header(ledger: Ledger, row: Any) -> None:
    """The definition, the name and the creation time are what was hashed and signed."""
    known = _CHECKED.get((row.id, row.hash))
    if known is not None and known[0] == row.definition:
        name = known[1]
    else:
        try:
            definition = json.loads(row.definition)
            digest = c.sha256(c.canonical({"regime": row.id, "definition": definition}))
        except (ValueError, TypeError, RecursionError):
            raise _Broken(0, None, "the regime definition is damaged (not JSON)") from None
        if digest != row.hash:
            raise _Broken(0, None, "the regime definition was altered")
        name = definition.get("name") if isinstance(definition, dict) else None
        if len(_CHECKED) > 256:
            _CHECKED.clear()
        _CHECKED[(row.id, row.hash)] = (row.definition, name)
    if name != row.name:
        raise _Broken(0, None, "the regime's name was altered (it differs from its definition)")
    header = c.header_hash(
        regime_id=row.id, name=row.name, created_at=row.created_at, definition_hash=row.hash
    )
    if header != row.header_hash:
        raise _Broken(0, None, "the regime's name or creation time was altered")


def _rows(ledger: Ledger, regime_id: str, after: int) -> Iterator[Any]:
    """The regime's event rows after ``after`` in seq order, every column read as stored
    (text), so a damaged value is reported rather than raised by the driver."""
    while True:
        with ledger.engine.connect() as conn:
            rows = list(conn.execute(_ROWS, {"rid": regime_id, "after": after}))
        yield from rows
        if len(rows) < CHUNK:
            return
        after = int(rows[-1].seq)


def _check_row(row: Any, regime_id: str, expected: int, prev: str, secret: set[str]) -> str:
    """Check one row against the one before; returns its hash."""
    seq = int(row.seq)
    if seq != expected:
        raise _Broken(expected, None, f"missing: the next recorded event is {seq}")
    s = StoredEvent(
        seq=seq,
        id=row.id,
        prev=row.prev,
        hash=row.hash,
        recorded_at=row.recorded_at,
        recorded_by=row.recorded_by,
        regime_id=regime_id,
        body=row.body,
    )
    if c.event_id(regime_id, s.body) != s.id:
        raise _Broken(seq, s.id, "altered: content does not match its id")
    if s.prev != prev:
        raise _Broken(
            seq,
            s.id,
            "the link to the event before is broken (an earlier event was altered or removed)",
        )
    if s.chain_hash() != s.hash:
        raise _Broken(seq, s.id, "altered: the record does not match its hash")
    try:
        columns = indexed(s.body)
        body = s.data()
    except (ValueError, KeyError, TypeError, RecursionError):
        raise _Broken(seq, s.id, "damaged: the body is not an event") from None
    stored = {"kind": row.kind, "date": row.date, "member": row.member, "measure": row.measure}
    if any(_text(v) != _text(stored[k]) for k, v in columns.items()):
        raise _Broken(
            seq,
            s.id,
            "altered or damaged: its indexed columns (kind, date, member, measure) differ "
            "from its content",
        )
    hidden = columns["kind"] in CONFIDENTIAL_KINDS or body.get("corrects") in secret
    if hidden:
        secret.add(s.id)
    if _flag(row.confidential) != hidden or (row.public_seq is None) != hidden:
        raise _Broken(seq, s.id, "altered: its confidentiality differs from its content")
    return s.hash


def _text(value: Any) -> str | None:
    """A column's value as text (PostgreSQL hands back a date where SQLite has text)."""
    return None if value is None else str(value)


def _flag(value: Any) -> bool:
    return str(value).lower() in {"1", "true", "t"}


def _walk(
    ledger: Ledger, row: Any, start: Checkpoint, anchored: dict[int, list[AnchoredHead]]
) -> Checkpoint:
    """Walk the rows after ``start``; check each anchored seq's hash as it passes."""
    prev, expected, secret = start.hash, start.seq + 1, set(start.secret)
    for anchor in anchored.get(0, []):
        if anchor.head != row.hash:
            raise _Broken(0, None, f"the definition differs from the anchor (line {anchor.line})")
    for r in _rows(ledger, row.id, start.seq):
        try:
            prev = _check_row(r, row.id, expected, prev, secret)
        except _Broken:
            raise
        except Exception as exc:  # a value the database hands back unreadable
            raise _Broken(expected, None, f"damaged row ({type(exc).__name__})") from None
        for anchor in anchored.get(expected, []):
            if anchor.head != prev:
                raise _Broken(
                    expected,
                    None,
                    f"rewritten: it differs from the head anchored at line {anchor.line} "
                    "(edited and rehashed)",
                )
        expected += 1
    return Checkpoint(expected - 1, prev, frozenset(secret))


def _check_head(ledger: Ledger, row: Any, end: Checkpoint) -> None:
    head_seq = int(row.head_seq)
    if head_seq != end.seq or row.head_hash != end.hash:
        raise _Broken(
            end.seq + 1, None, f"missing: the head says {head_seq} events, {end.seq} are present"
        )
    if ledger.signer is None:
        if row.head_signature:
            raise _Broken(
                None, None, f"the head is signed but there is no key at {ledger.key_path}"
            )
        return
    message = c.head_message(
        regime_id=row.id, header=row.header_hash or "", seq=head_seq, head=row.head_hash
    )
    if not valid_signature(ledger.signer.public, message, row.head_signature):
        raise _Broken(
            None,
            None,
            "the head's signature does not verify (rolled back, rehashed or edited "
            "without the ledger's key)",
        )


def _check_anchored(row: Any, heads: Sequence[AnchoredHead], ledger: Ledger) -> None:
    """Anchored heads not beyond the head, by this header, signed by the key (the
    furthest anchored head is checked first, so a rollback names it)."""
    for a in sorted(heads, key=lambda h: (-h.seq, -h.line)):
        if ledger.signer is not None and not valid_signature(
            ledger.signer.public, a.message(), a.signature
        ):
            raise _Broken(None, None, f"the anchor's line {a.line} is not signed by the key")
        if a.header != row.header_hash:
            raise _Broken(
                0, None, f"the regime's header differs from the one anchored at line {a.line}"
            )
        if a.seq > int(row.head_seq):
            raise _Broken(
                int(row.head_seq) + 1,
                None,
                f"rolled back: the anchor (line {a.line}) records {a.seq} events, "
                f"the ledger holds {row.head_seq}",
            )


def verify_regime(
    ledger: Ledger,
    regime_id: str,
    *,
    since: Checkpoint | None = None,
    anchored: Sequence[AnchoredHead] = (),
) -> ChainReport:
    """Check ``regime_id`` (after ``since`` if given) and stop at the first problem."""
    report, _ = check_regime(ledger, regime_id, since=since, anchored=anchored)
    return report


def check_regime(
    ledger: Ledger,
    regime_id: str,
    *,
    since: Checkpoint | None = None,
    anchored: Sequence[AnchoredHead] = (),
) -> tuple[ChainReport, Checkpoint | None]:
    """:func:`verify_regime`, also returning the checkpoint of an intact head."""
    row = _regime_row(ledger, regime_id)
    start = since or Checkpoint(0, row.hash)
    try:
        _check_header(ledger, row)
        if since is not None and not _still(ledger, regime_id, since):
            start = Checkpoint(0, row.hash)
        by_seq: dict[int, list[AnchoredHead]] = {}
        for a in anchored:
            by_seq.setdefault(a.seq, []).append(a)
        _check_anchored(row, anchored, ledger)
        end = _walk(ledger, row, start, by_seq)
        _check_head(ledger, row, end)
    except _Broken as b:
        n = (b.seq or 1) - 1 if b.seq is not None else int(row.head_seq)
        return ChainReport(regime_id, max(n, 0), False, b.seq, b.event_id, b.problem), None
    return ChainReport(regime_id, end.seq, True), end


def _still(ledger: Ledger, regime_id: str, since: Checkpoint) -> bool:
    """Whether the checkpoint's row still carries the hash it was verified with."""
    if since.seq == 0:
        return True
    with ledger.engine.connect() as conn:
        digest = conn.execute(_HASH_AT, {"rid": regime_id, "seq": since.seq}).scalar_one_or_none()
    return digest == since.hash


def verify(ledger: Ledger, regime_id: str | None = None) -> list[ChainReport]:
    """Verify one regime, or all of them, against the anchor too (``accord ledger verify``):
    a regime the anchor knows but the ledger does not was deleted."""
    heads, bad = read_anchor(ledger.anchor) if ledger.anchor is not None else ([], [])
    by_regime: dict[str, list[AnchoredHead]] = {}
    for h in heads:
        by_regime.setdefault(h.regime_id, []).append(h)
    ids = [regime_id] if regime_id is not None else [r.id for r in ledger.regimes()]
    reports = [verify_regime(ledger, r, anchored=by_regime.get(r, [])) for r in ids]
    known = {r.id for r in ledger.regimes()}
    for rid, hs in sorted(by_regime.items()):
        if rid not in known and (regime_id is None or rid == regime_id):
            reports.append(
                ChainReport(
                    rid, 0, False, None, None, f"deleted: the anchor records it (line {hs[0].line})"
                )
            )
    for n in bad:
        reports.append(
            ChainReport("(anchor)", 0, False, None, None, f"line {n} of {ledger.anchor} is damaged")
        )
    return reports


def restricted(report: ChainReport, visible: int) -> ChainReport:
    """The report as a reader who may not see confidential events is shown it: the count
    of events it sees, no seq or id that could fall on a confidential one."""
    return replace(report, checked=visible if report.ok else 0, seq=None, event_id=None)


def ledger_definition(ledger: Ledger, regime_id: str) -> str:
    """The stored definition text of a regime, as hashed."""
    with ledger.engine.connect() as conn:
        return str(
            conn.execute(select(RegimeRow.definition).where(RegimeRow.id == regime_id)).scalar_one()
        )
