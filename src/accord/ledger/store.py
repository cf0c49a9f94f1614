"""The ledger: an append-only, hash-chained event store for regimes.

A batch of events is checked in full before anything is written, then appended in one
transaction while the regime's chain head is locked, so concurrent writers neither lose
nor duplicate events and a writer killed mid-batch leaves no trace. Nothing is ever
updated or deleted: a correction is a new event naming the one it corrects.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import replace
from typing import Any

from sqlalchemy import Connection, Engine, select

from accord.domain import Event, Regime
from accord.errors import ErrorDetail, EventRejected, InvalidArgument
from accord.ledger import canonical as c
from accord.ledger.checks import check_event
from accord.ledger.engine import WRITE, make_engine, migrate
from accord.ledger.records import EventQuery, Page, RegimeInfo, StoredEvent
from accord.ledger.rows import (
    define_in,
    event_row,
    info_of,
    lock_head,
    now,
    store_problems,
    write_rows,
)
from accord.ledger.tables import EventRow, RegimeRow

CONFIDENTIAL_KINDS = ("violation_report",)
"""Kinds only the secretariat and the verifier may read (the reporting channel is private)."""


class UnknownRegime(InvalidArgument):
    """The ledger has no regime by that id (the API answers 404)."""


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
            define_in(conn, regime_id, regime, created_at)
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
        return info_of(row)

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
            head = lock_head(conn, regime_id, define)
            ids = [c.event_id(regime_id, b) for b in bodies]
            store_problems(conn, regime_id, events, ids, places)
            seq, prev = head.head_seq, head.head_hash
            rows: list[dict[str, Any]] = []
            out: list[StoredEvent] = []
            for event, body, eid in zip(events, bodies, ids, strict=True):
                seq += 1
                draft = StoredEvent(
                    seq=seq,
                    id=eid,
                    prev=prev,
                    hash="",
                    recorded_at=stamp,
                    recorded_by=recorded_by,
                    regime_id=regime_id,
                    body=body,
                )
                digest = draft.chain_hash()
                rows.append(
                    event_row(regime_id, seq, eid, body, prev, digest, stamp, recorded_by, event)
                )
                out.append(replace(draft, hash=digest))
                prev = digest
            write_rows(conn, regime_id, rows, seq, prev)
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
                    seq=int(rec["seq"]),
                    id=str(rec["id"]),
                    prev=str(rec["prev"]),
                    hash=str(rec["hash"]),
                    recorded_at=str(rec["recorded_at"]),
                    recorded_by=str(rec["recorded_by"]),
                    regime_id=regime_id,
                    body=body,
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
            head = lock_head(conn, regime_id, define)
            seq, prev = head.head_seq, head.head_hash
            store_problems(
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
                    event_row(
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
            write_rows(conn, regime_id, rows, seq, prev)
        return [s for _, s in prepared]

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
