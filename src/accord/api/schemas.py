"""Shapes of the API's answers (what ``/openapi.json`` documents)."""

from __future__ import annotations

import json
from datetime import date
from typing import Any

from pydantic import BaseModel

from accord.domain import Regime
from accord.ledger.chain import ChainReport
from accord.ledger.records import RegimeInfo, StoredEvent


class Problem(BaseModel):
    loc: str
    msg: str
    expected: str


class ErrorOut(BaseModel):
    """Every error: a message and, where it has a place, each located problem."""

    message: str
    errors: list[Problem] = []


class EventOut(BaseModel):
    """A recorded event with its place in the hash chain."""

    seq: int
    id: str
    prev: str
    hash: str
    recorded_at: str
    recorded_by: str
    event: dict[str, Any]

    @classmethod
    def of(cls, s: StoredEvent) -> EventOut:
        return cls(
            seq=s.seq,
            id=s.id,
            prev=s.prev,
            hash=s.hash,
            recorded_at=s.recorded_at,
            recorded_by=s.recorded_by,
            event=json.loads(s.body),
        )


def event_json(s: StoredEvent) -> str:
    """:class:`EventOut` as JSON text, around the stored body that is already JSON."""
    head = json.dumps(
        {
            "seq": s.seq,
            "id": s.id,
            "prev": s.prev,
            "hash": s.hash,
            "recorded_at": s.recorded_at,
            "recorded_by": s.recorded_by,
        }
    )
    return f'{head[:-1]},"event":{s.body}}}'


class EventPage(BaseModel):
    """A page of events; pass ``next_after`` as ``after`` to get the next page."""

    items: list[EventOut]
    next_after: int | None


class RegimeOut(BaseModel):
    id: str
    name: str
    hash: str
    created_at: str
    events: int
    head_hash: str

    @classmethod
    def of(cls, r: RegimeInfo) -> RegimeOut:
        return cls(
            id=r.id,
            name=r.name,
            hash=r.hash,
            created_at=r.created_at,
            events=r.events,
            head_hash=r.head_hash,
        )


class RegimeDetail(RegimeOut):
    definition: Regime


class RegimeIn(BaseModel):
    """A regime to define: a short id and the definition (the scenario format as JSON)."""

    id: str
    definition: Regime


class ChainOut(BaseModel):
    regime_id: str
    ok: bool
    checked: int
    seq: int | None
    event_id: str | None
    problem: str

    @classmethod
    def of(cls, r: ChainReport) -> ChainOut:
        return cls(
            regime_id=r.regime_id,
            ok=r.ok,
            checked=r.checked,
            seq=r.seq,
            event_id=r.event_id,
            problem=r.problem,
        )


class CellOut(BaseModel):
    member: str
    measure: str
    required: float
    level: float | None
    declared: str | None
    posture: str | None
    since: date | None


class DueOut(BaseModel):
    date: date
    kind: str
    detail: str
    overdue: bool


class LadderOut(BaseModel):
    member: str
    step: int
    name: str
    penalty: float


class ProjectionOut(BaseModel):
    """The rules engine's view of the record as of ``at``."""

    at: date
    month: int
    cells: list[CellOut]
    in_force: dict[str, bool]
    next_sunset: dict[str, date | None]
    lapses: list[tuple[date, str]]
    ladder: list[LadderOut]
    relief_owed: dict[str, float]
    relief_granted: dict[str, float]
    due: list[DueOut]


class MetricsOut(BaseModel):
    """Counts of the record and cohesion by month."""

    events: int
    by_kind: dict[str, int]
    cohesion: list[tuple[date, float]]
