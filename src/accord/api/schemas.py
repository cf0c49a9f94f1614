"""Shapes of the API's answers that are not the ledger's own records.

Regimes, chain reports and projections are served as the ledger's dataclasses
(:class:`~accord.ledger.records.RegimeInfo`, :class:`~accord.ledger.chain.ChainReport`,
:class:`~accord.ledger.projections.Projection`); FastAPI documents them as they are.
"""

from __future__ import annotations

import json
from datetime import date
from json.encoder import encode_basestring
from typing import Any

from pydantic import BaseModel, Field
from pydantic.dataclasses import dataclass as pydantic_dataclass

from accord.domain import Regime
from accord.ledger.records import ChainEntry, RegimeInfo, StoredEvent


@pydantic_dataclass(frozen=True)
class EventOut(ChainEntry):
    """A recorded event with its place in the hash chain."""

    event: dict[str, Any]

    @classmethod
    def of(cls, s: StoredEvent) -> EventOut:
        return cls(**s.to_record())


def event_json(s: StoredEvent, restricted: bool = False) -> str:
    """:class:`EventOut` as JSON text, around the stored body that is already JSON (checked
    to be an object: a damaged body is a :class:`~accord.ledger.records.CorruptRecord`).

    ``restricted`` is the view of a reader who may not see confidential events (see
    :func:`accord.api.views.event_view`), applied here without copying the record."""
    s.data()
    return _entry(s, restricted)


def events_json(items: list[StoredEvent], restricted: bool = False) -> str:
    """:func:`event_json` of a page's events, as a JSON array's items: the bodies are
    checked in one parse, and one by one (to name a damaged one) only if that fails."""
    bodies = [s.body for s in items]
    try:
        parsed = json.loads("[" + ",".join(bodies) + "]")
    except (ValueError, RecursionError):
        parsed = None
    whole = (
        isinstance(parsed, list)
        and len(parsed) == len(items)
        and all(isinstance(e, dict) for e in parsed)
        and all(b.startswith("{") and b.endswith("}") for b in bodies)
    )
    if not whole:
        return ",".join(event_json(s, restricted) for s in items)
    return ",".join(_entry(s, restricted) for s in items)


def _entry(s: StoredEvent, restricted: bool) -> str:
    seq = s.public_seq if restricted and s.public_seq is not None else s.seq
    prev = "" if restricted else s.prev
    number = seq if type(seq) is int else json.dumps(seq)  # a damaged seq stays JSON
    return (
        f'{{"seq":{number},"id":{_text(s.id)},"prev":{_text(prev)},"hash":{_text(s.hash)},'
        f'"recorded_at":{_text(s.recorded_at)},"recorded_by":{_text(s.recorded_by)},'
        f'"event":{s.body}}}'
    )


def _text(value: str) -> str:
    """A JSON string (the encoder's own escaping, in C)."""
    return encode_basestring(str(value))


MAX_SEQ = 2**31 - 1
"""The largest seq a ledger holds (a 32-bit column on every database): a cursor beyond it
is out of range (422), not a database error."""


class ErrorItem(BaseModel):
    """One located problem."""

    loc: str
    msg: str
    expected: str


class ErrorOut(BaseModel):
    """Every error answer: a message, the first located problems, how many there were."""

    message: str
    errors: list[ErrorItem]
    total: int


ERRORS: dict[int | str, dict[str, Any]] = {
    code: {"model": ErrorOut, "description": text}
    for code, text in {
        400: "The body is not JSON that can be read",
        401: "No token, or an unknown, revoked or expired one",
        403: "The token's role may not do this",
        404: "No such regime or event",
        409: "The stored record is damaged (run accord ledger verify)",
        413: "The request body is over the limit",
        422: "The request is malformed or out of range",
    }.items()
}


class EventFilter(BaseModel):
    """The event list's query parameters: an :class:`~accord.ledger.records.EventQuery`
    less ``confidential``, which the reader's token decides, not the query."""

    member: str | None = Field(None, description="Member code, e.g. DEU")
    measure: str | None = Field(None, description="Measure id")
    kind: str | None = Field(None, description="Event kind")
    since: date | None = Field(None, description="Events dated on or after")
    until: date | None = Field(None, description="Events dated on or before")
    after: int = Field(0, ge=0, le=MAX_SEQ, description="Last seq already seen")
    limit: int = Field(100, ge=1, le=1000)


class EventPage(BaseModel):
    """A page of events; pass ``next_after`` as ``after`` to get the next page."""

    items: list[EventOut]
    next_after: int | None


class RegimeDetail(BaseModel):
    """A regime's chain head and its definition."""

    regime: RegimeInfo
    definition: Regime


class RegimeIn(BaseModel):
    """A regime to define: a short id and the definition (the scenario format as JSON)."""

    id: str
    definition: Regime


class MetricsOut(BaseModel):
    """Counts of the record and cohesion by month."""

    events: int
    by_kind: dict[str, int]
    cohesion: list[tuple[date, float]]
