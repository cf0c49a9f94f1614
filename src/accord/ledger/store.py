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
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, Engine, bindparam, select, update

from accord.domain import Event, Regime
from accord.errors import ErrorDetail, EventRejected, InvalidArgument
from accord.ledger import canonical as c
from accord.ledger.checks import check_event
from accord.ledger.engine import (
    WRITE,
    make_engine,
    migrate,
    require_existing,
    require_schema,
    sidecar_paths,
)
from accord.ledger.limits import DEFAULT_LIMITS, Limits, check_batch_size, text_problems
from accord.ledger.pages import ALL_HEADS, EVENT, HEAD, info, page_statement, stored
from accord.ledger.prepared import Prepared
from accord.ledger.records import CorruptRecord, EventQuery, Page, RegimeInfo, StoredEvent
from accord.ledger.rows import (
    CONFIDENTIAL_KINDS,
    define_in,
    event_row,
    lock_head,
    now,
    number,
    store_problems,
    write_rows,
)
from accord.ledger.signing import Signer, append_anchor, load_signer
from accord.ledger.tables import RegimeRow

__all__ = ["CONFIDENTIAL_KINDS", "Ledger", "UnknownRegime"]

_DIGEST = Prepared(select(RegimeRow.hash).where(RegimeRow.id == bindparam("rid")))


class UnknownRegime(InvalidArgument):
    """The ledger has no regime by that id (the API answers 404)."""


class Ledger:
    """Event store over one database (see :mod:`accord.ledger.engine`)."""

    def __init__(
        self,
        engine: Engine,
        *,
        signer: Signer | None = None,
        anchor: Path | None = None,
        limits: Limits = DEFAULT_LIMITS,
        key_path: Path | None = None,
    ) -> None:
        self.engine = engine
        self.signer = signer
        self.anchor = anchor
        self.limits = limits
        self.key_path = key_path
        self._regimes: dict[tuple[str, str], Regime] = {}

    @classmethod
    def open(
        cls,
        url: str | None = None,
        *,
        upgrade: bool = True,
        existing: bool = False,
        key: Path | None = None,
        anchor: Path | None = None,
        limits: Limits = DEFAULT_LIMITS,
    ) -> Ledger:
        """Open the ledger at ``url`` (default: ACCORD_DATABASE_URL or the local file).

        ``existing`` (read-only commands) refuses a ledger that is not there and creates
        nothing, not even a signing key. ``key`` and ``anchor`` say where the signing key
        and the anchor are (see :mod:`accord.ledger.signing`); a new key is made on first
        use unless ``existing``.
        """
        if existing:
            require_existing(url)
        engine = make_engine(url)
        if existing:
            require_schema(engine)
        if upgrade:
            migrate(engine)
        key_path, anchor_path = sidecar_paths(url, key, anchor)
        signer = None if key_path is None else load_signer(key_path, create=not existing)
        return cls(engine, signer=signer, anchor=anchor_path, limits=limits, key_path=key_path)

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
            made = define_in(conn, regime_id, regime, created_at)
            sealed = None if made is None else self.seal(conn, regime_id, made[1], (0, made[0], 0))
        self.anchor_head(sealed)
        return self.regime_info(regime_id)

    def seal(
        self, conn: Connection, regime_id: str, header: str | None, head: tuple[int, str, int]
    ) -> tuple[str, str, int, str, str] | None:
        """Sign the new head (seq, hash, visible count) on the regime's row, inside the
        writer's transaction; returns what :meth:`anchor_head` writes once it commits."""
        if self.signer is None or header is None:
            return None
        seq, digest, _ = head
        message = c.head_message(regime_id=regime_id, header=header, seq=seq, head=digest)
        signature = self.signer.sign(message)
        conn.execute(
            update(RegimeRow).where(RegimeRow.id == regime_id).values(head_signature=signature)
        )
        return regime_id, header, seq, digest, signature

    def commit_rows(
        self,
        conn: Connection,
        regime_id: str,
        rows: list[dict[str, Any]],
        head: tuple[int, str, int],
        header: str | None,
        defined: bool,
    ) -> tuple[str, str, int, str, str] | None:
        """Insert ``rows``, move the head and sign it (when anything was written or the
        regime was defined in this transaction); returns what to anchor after commit."""
        write_rows(conn, regime_id, rows, head, None)
        return self.seal(conn, regime_id, header, head) if rows or defined else None

    def anchor_head(self, sealed: tuple[str, str, int, str, str] | None) -> None:
        """Write a committed, signed head to the anchor outside the database."""
        if sealed is not None and self.anchor is not None:
            append_anchor(self.anchor, *sealed)

    def regime(self, regime_id: str) -> Regime:
        """The regime definition (InvalidArgument if unknown)."""
        with self.engine.connect() as conn:
            found = _DIGEST.first(conn, {"rid": regime_id})
            if found is None:
                raise self._unknown(regime_id)
            digest = found[0]
            key = (regime_id, digest)
            if key not in self._regimes:  # read and parse the definition once
                text = conn.execute(
                    select(RegimeRow.definition).where(RegimeRow.id == regime_id)
                ).scalar_one()
                try:
                    self._regimes[key] = Regime.model_validate_json(text)
                except ValueError:
                    raise CorruptRecord.at(regime_id, None) from None
        return self._regimes[key]

    def regime_of(self, info: RegimeInfo) -> Regime:
        """The definition ``info`` names by its hash: no query once it has been parsed
        (a read that has just read the head need not read the definition's hash again)."""
        known = self._regimes.get((info.id, info.hash))
        return known if known is not None else self.regime(info.id)

    def regime_info(self, regime_id: str) -> RegimeInfo:
        with self.engine.connect() as conn:
            row = HEAD.first(conn, {"rid": regime_id})
        if row is None:
            raise self._unknown(regime_id)
        return info(row)

    def regimes(self) -> list[RegimeInfo]:
        with self.engine.connect() as conn:
            rows = ALL_HEADS.rows(conn, {})
        return [info(r) for r in rows]

    def _unknown(self, regime_id: str) -> UnknownRegime:
        """The error for an unknown regime; it names no other regime (an API caller may
        not be allowed to know which exist)."""
        return UnknownRegime(
            f"no regime {regime_id!r} in the ledger",
            [
                {
                    "loc": "regime_id",
                    "msg": "unknown regime",
                    "expected": "the id of a regime defined in the ledger",
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
        max_events: int | None = None,
    ) -> list[StoredEvent]:
        """Check and append a batch of events atomically: all are stored, or none.

        ``max_events`` bounds the batch (the API passes its limit; an import of a file
        does not).

        Problems are located as ``where[i].field``, or by ``locs[i]`` when given (an
        import names the file and line). ``define`` (a regime and its creation time, or
        None for now) defines the regime in the same transaction if it is new.
        """
        if max_events is not None:
            check_batch_size(len(raws), max_events, where)
        regime = define[0] if define is not None else self.regime(regime_id)
        places = list(locs) if locs is not None else [f"{where}[{i}]" for i in range(len(raws))]
        events: list[Event] = []
        problems: list[ErrorDetail] = []
        for i, raw in enumerate(raws):
            too_long = text_problems(raw, places[i], self.limits)
            if too_long:
                problems.extend(too_long)
                continue
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
            secret = store_problems(conn, regime_id, events, ids, places)
            publics, public = number(secret, head.head_public)
            seq, prev = head.head_seq, head.head_hash
            rows: list[dict[str, Any]] = []
            out: list[StoredEvent] = []
            for event, body, eid, pub in zip(events, bodies, ids, publics, strict=True):
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
                    confidential=pub is None,
                    public_seq=pub,
                )
                digest = draft.chain_hash()
                rows.append(
                    event_row(
                        regime_id, seq, eid, body, prev, digest, stamp, recorded_by, event, pub
                    )
                )
                out.append(replace(draft, hash=digest))
                prev = digest
            sealed = self.commit_rows(
                conn, regime_id, rows, (seq, prev, public), head.header_hash, define is not None
            )
        self.anchor_head(sealed)
        return out

    # reading ---------------------------------------------------------------------------

    def events(self, regime_id: str, query: EventQuery = EventQuery()) -> Page:
        """One page of a regime's events in chain order, filtered (empty for an unknown
        regime: callers that must tell the two apart ask :meth:`regime_info` first)."""
        prepared, values = page_statement(query)
        with self.engine.connect() as conn:
            rows = prepared.rows(conn, values | {"rid": regime_id})
        items = [stored(r) for r in rows[: query.limit]]
        more = len(rows) > query.limit
        if not (more and items):
            return Page(items, None)
        last = items[-1]
        return Page(items, last.seq if query.confidential else last.public_seq)

    def event(self, regime_id: str, event_id: str) -> StoredEvent | None:
        with self.engine.connect() as conn:
            row = EVENT.first(conn, {"rid": regime_id, "eid": event_id})
        return None if row is None else stored(row)

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
