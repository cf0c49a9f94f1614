"""The ledger: an append-only, hash-chained event store for regimes.

A batch of events is checked in full before anything is written, then appended in one
transaction while the regime's chain head is locked, so concurrent writers neither lose
nor duplicate events and a writer killed mid-batch leaves no trace. Nothing is ever
updated or deleted: a correction is a new event naming the one it corrects.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy import Connection, Engine, insert, select, update

from accord.domain import Event, Regime
from accord.errors import ErrorDetail, EventRejected, InvalidArgument
from accord.ledger import canonical as c
from accord.ledger.checks import check_event
from accord.ledger.engine import WRITE, make_engine, migrate
from accord.ledger.records import EventQuery, Page, RegimeInfo, StoredEvent
from accord.ledger.tables import EventRow, RegimeRow

REGIME_ID = re.compile(r"^[a-z0-9][a-z0-9_-]{0,63}$")
CONFIDENTIAL_KINDS = ("violation_report",)
"""Kinds only the secretariat and the verifier may read (the reporting channel is private)."""


class UnknownRegime(InvalidArgument):
    """The ledger has no regime by that id (the API answers 404)."""


def now() -> str:
    """The recording time, UTC to the microsecond."""
    return datetime.now(UTC).isoformat(timespec="microseconds")


class Ledger:
    """Event store over one database (see :mod:`accord.ledger.engine`)."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        self._regimes: dict[tuple[str, str], Regime] = {}

    @classmethod
    def open(cls, url: str | None = None, *, upgrade: bool = True) -> Ledger:
        """Open the ledger at ``url`` (default: ACCORD_DATABASE_URL or the local file)."""
        engine = make_engine(url)
        if upgrade:
            migrate(engine)
        return cls(engine)

    def close(self) -> None:
        self.engine.dispose()

    @contextmanager
    def writing(self) -> Iterator[Connection]:
        """A write transaction (on SQLite it holds the write lock from its start)."""
        with self.engine.connect().execution_options(**WRITE) as conn, conn.begin():
            yield conn

    # regimes ---------------------------------------------------------------------------

    def define_regime(
        self, regime_id: str, regime: Regime, *, created_at: str | None = None
    ) -> RegimeInfo:
        """Record a regime definition; defining the same one again changes nothing."""
        with self.writing() as conn:
            _define(conn, regime_id, regime, created_at)
        return self.regime_info(regime_id)

    def regime(self, regime_id: str) -> Regime:
        """The regime definition (InvalidArgument if unknown)."""
        with self.engine.connect() as conn:
            digest = conn.execute(
                select(RegimeRow.hash).where(RegimeRow.id == regime_id)
            ).scalar_one_or_none()
            if digest is None:
                raise self._unknown(regime_id)
            key = (regime_id, digest)
            if key not in self._regimes:  # read and parse the definition once
                text = conn.execute(
                    select(RegimeRow.definition).where(RegimeRow.id == regime_id)
                ).scalar_one()
                self._regimes[key] = Regime.model_validate_json(text)
        return self._regimes[key]

    def regime_info(self, regime_id: str) -> RegimeInfo:
        with self.engine.connect() as conn:
            row = conn.execute(select(RegimeRow).where(RegimeRow.id == regime_id)).first()
        if row is None:
            raise self._unknown(regime_id)
        return _info(row)

    def regimes(self) -> list[RegimeInfo]:
        with self.engine.connect() as conn:
            rows = conn.execute(select(RegimeRow).order_by(RegimeRow.id)).all()
        return [
            RegimeInfo(r.id, r.name, r.hash, r.created_at, r.head_seq, r.head_hash) for r in rows
        ]

    def _unknown(self, regime_id: str) -> UnknownRegime:
        known = [r.id for r in self.regimes()]
        return UnknownRegime(
            f"no regime {regime_id!r} in the ledger",
            [
                {
                    "loc": "regime_id",
                    "msg": "unknown regime",
                    "expected": "one of " + (", ".join(known) or "(none defined yet)"),
                }
            ],
        )

    # writing ---------------------------------------------------------------------------

    def append(
        self,
        regime_id: str,
        raws: Sequence[Any],
        *,
        recorded_by: str,
        where: str = "events",
        locs: Sequence[str] | None = None,
        define: tuple[Regime, str | None] | None = None,
    ) -> list[StoredEvent]:
        """Check and append a batch of events atomically: all are stored, or none.

        Problems are located as ``where[i].field``, or by ``locs[i]`` when given (an
        import names the file and line). ``define`` (a regime and its creation time, or
        None for now) defines the regime in the same transaction if it is new.
        """
        regime = define[0] if define is not None else self.regime(regime_id)
        places = list(locs) if locs is not None else [f"{where}[{i}]" for i in range(len(raws))]
        events: list[Event] = []
        problems: list[ErrorDetail] = []
        for i, raw in enumerate(raws):
            try:
                events.append(check_event(raw, regime, places[i]))
            except EventRejected as exc:
                problems.extend(exc.errors)
        if problems:
            raise EventRejected(f"{len(problems)} problem(s); nothing was stored", problems)
        bodies = [c.event_body(e) for e in events]
        stamp = now()
        with self.writing() as conn:
            head = _lock_head(conn, regime_id, define)
            ids = [c.event_id(regime_id, b) for b in bodies]
            self._check_against_store(conn, regime_id, events, ids, places)
            seq, prev = head.head_seq, head.head_hash
            rows: list[dict[str, Any]] = []
            out: list[StoredEvent] = []
            for event, body, eid in zip(events, bodies, ids, strict=True):
                seq += 1
                draft = StoredEvent(regime_id, seq, eid, prev, "", stamp, recorded_by, body)
                digest = draft.chain_hash()
                rows.append(
                    _row(regime_id, seq, eid, body, prev, digest, stamp, recorded_by, event)
                )
                out.append(StoredEvent(regime_id, seq, eid, prev, digest, stamp, recorded_by, body))
                prev = digest
            self._write(conn, regime_id, rows, seq, prev)
        return out

    def append_records(
        self,
        regime_id: str,
        records: Sequence[dict[str, Any]],
        *,
        where: str = "records",
        locs: Sequence[str] | None = None,
        define: tuple[Regime, str | None] | None = None,
    ) -> list[StoredEvent]:
        """Append exported records as they were (same seq, time, author and hashes).

        Each record must continue the chain exactly; a record whose hash does not match its
        content is rejected, so an export that was altered cannot be imported. ``define``
        (a regime and its creation time) defines the regime in the same transaction.
        """
        regime = define[0] if define is not None else self.regime(regime_id)
        places = list(locs) if locs is not None else [f"{where}[{i}]" for i in range(len(records))]
        prepared: list[tuple[Event, StoredEvent]] = []
        problems: list[ErrorDetail] = []
        for i, rec in enumerate(records):
            loc = places[i]
            try:
                event = check_event(rec.get("event"), regime, f"{loc}.event")
                body = c.event_body(event)
                stored = StoredEvent(
                    regime_id,
                    int(rec["seq"]),
                    str(rec["id"]),
                    str(rec["prev"]),
                    str(rec["hash"]),
                    str(rec["recorded_at"]),
                    str(rec["recorded_by"]),
                    body,
                )
            except EventRejected as exc:
                problems.extend(exc.errors)
                continue
            except (KeyError, TypeError, ValueError) as exc:
                problems.append(
                    {
                        "loc": loc,
                        "msg": f"malformed record ({exc})",
                        "expected": "seq, id, prev, hash, recorded_at, recorded_by, event",
                    }
                )
                continue
            if stored.id != c.event_id(regime_id, body):
                problems.append(
                    {
                        "loc": f"{loc}.id",
                        "msg": "the id does not match the event",
                        "expected": "the content hash of the event",
                    }
                )
            elif stored.hash != stored.chain_hash():
                problems.append(
                    {
                        "loc": f"{loc}.hash",
                        "msg": "the hash does not match the record",
                        "expected": "the chain hash of the record",
                    }
                )
            prepared.append((event, stored))
        if problems:
            raise EventRejected(f"{len(problems)} problem(s); nothing was stored", problems)
        with self.writing() as conn:
            head = _lock_head(conn, regime_id, define)
            seq, prev = head.head_seq, head.head_hash
            self._check_against_store(
                conn,
                regime_id,
                [e for e, _ in prepared],
                [s.id for _, s in prepared],
                places,
            )
            rows = []
            for i, (_, s) in enumerate(prepared):
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
                    _row(
                        regime_id,
                        s.seq,
                        s.id,
                        s.body,
                        s.prev,
                        s.hash,
                        s.recorded_at,
                        s.recorded_by,
                    )
                )
                seq, prev = s.seq, s.hash
            self._write(conn, regime_id, rows, seq, prev)
        return [s for _, s in prepared]

    def _check_against_store(
        self, conn: Any, regime_id: str, events: list[Event], ids: list[str], places: list[str]
    ) -> None:
        problems: list[ErrorDetail] = []
        existing: set[str] = set()
        for chunk in range(0, len(ids), 500):
            part = ids[chunk : chunk + 500]
            existing.update(
                conn.execute(select(EventRow.id).where(EventRow.id.in_(part))).scalars()
            )
        corrects = [getattr(e, "corrects", None) for e in events]
        targets = {t for t in corrects if t is not None}
        found: dict[str, str] = {}
        if targets:
            found = dict(
                conn.execute(
                    select(EventRow.id, EventRow.kind).where(
                        EventRow.regime_id == regime_id, EventRow.id.in_(targets)
                    )
                ).all()
            )
        seen: dict[str, int] = {}
        batch_kinds: dict[str, str] = {}
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
        if problems:
            raise EventRejected(f"{len(problems)} problem(s); nothing was stored", problems)

    def _write(
        self, conn: Any, regime_id: str, rows: list[dict[str, Any]], seq: int, head: str
    ) -> None:
        if rows:
            conn.execute(insert(EventRow), rows)
            conn.execute(
                update(RegimeRow)
                .where(RegimeRow.id == regime_id)
                .values(head_seq=seq, head_hash=head)
            )

    # reading ---------------------------------------------------------------------------

    def events(self, regime_id: str, query: EventQuery = EventQuery()) -> Page:
        """One page of a regime's events in chain order, filtered (empty for an unknown
        regime: callers that must tell the two apart ask :meth:`regime_info` first)."""
        stmt = select(EventRow).where(EventRow.regime_id == regime_id, EventRow.seq > query.after)
        if query.member is not None:
            stmt = stmt.where(EventRow.member == query.member)
        if query.measure is not None:
            stmt = stmt.where(EventRow.measure == query.measure)
        if query.kind is not None:
            stmt = stmt.where(EventRow.kind == query.kind)
        if query.since is not None:
            stmt = stmt.where(EventRow.date >= query.since)
        if query.until is not None:
            stmt = stmt.where(EventRow.date <= query.until)
        if not query.confidential:
            stmt = stmt.where(EventRow.kind.not_in(CONFIDENTIAL_KINDS))
        stmt = stmt.order_by(EventRow.seq).limit(query.limit + 1)
        with self.engine.connect() as conn:
            rows = list(conn.execute(stmt))
        items = [StoredEvent.from_row(r) for r in rows[: query.limit]]
        more = len(rows) > query.limit
        return Page(items, items[-1].seq if more and items else None)

    def event(self, regime_id: str, event_id: str) -> StoredEvent | None:
        with self.engine.connect() as conn:
            row = conn.execute(
                select(EventRow).where(EventRow.regime_id == regime_id, EventRow.id == event_id)
            ).first()
        return None if row is None else StoredEvent.from_row(row)

    def stream(self, regime_id: str) -> Iterator[StoredEvent]:
        """Every event of a regime in chain order, read in chunks (for verify and export)."""
        after = 0
        while True:
            page = self.events(regime_id, EventQuery(after=after, limit=2000))
            yield from page.items
            if page.next_after is None:
                return
            after = page.next_after

    def history(self, regime_id: str) -> list[Event]:
        """The regime's events in order, with corrected events and corrections left out."""
        stored = list(self.stream(regime_id))
        parsed = [(s.id, s.event) for s in stored]
        corrected = {getattr(e, "corrects", None) for _, e in parsed} - {None}
        return [e for eid, e in parsed if eid not in corrected and e.kind != "correction"]


def _lock_head(conn: Any, regime_id: str, define: tuple[Regime, str | None] | None) -> Any:
    """Define the regime if asked, then lock its chain head for this transaction."""
    if define is not None:
        _define(conn, regime_id, *define)
    return conn.execute(
        select(RegimeRow.head_seq, RegimeRow.head_hash)
        .where(RegimeRow.id == regime_id)
        .with_for_update()
    ).one()


def _info(row: Any) -> RegimeInfo:
    return RegimeInfo(row.id, row.name, row.hash, row.created_at, row.head_seq, row.head_hash)


def _define(conn: Any, regime_id: str, regime: Regime, created_at: str | None) -> None:
    """Insert a regime definition unless the same one is there (never redefine)."""
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
        return
    conn.execute(
        insert(RegimeRow).values(
            id=regime_id,
            name=regime.name,
            definition=body,
            hash=digest,
            created_at=created_at or now(),
            head_seq=0,
            head_hash=digest,
        )
    )


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


def _row(
    regime_id: str,
    seq: int,
    eid: str,
    body: str,
    prev: str,
    digest: str,
    stamp: str,
    recorded_by: str,
    event: Event | None = None,
) -> dict[str, Any]:
    return {
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
