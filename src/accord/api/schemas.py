"""Shapes of the API's answers that are not the ledger's own records.

Regimes, chain reports and projections are served as the ledger's dataclasses
(:class:`~accord.ledger.records.RegimeInfo`, :class:`~accord.ledger.chain.ChainReport`,
:class:`~accord.ledger.projections.Projection`); FastAPI documents them as they are.
"""

from __future__ import annotations

import json
from datetime import date
from typing import Any

from pydantic import BaseModel

from accord.domain import Regime
from accord.ledger.records import RegimeInfo, StoredEvent


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
        return cls.model_validate(s.to_record())


def event_json(s: StoredEvent) -> str:
    """:class:`EventOut` as JSON text, around the stored body that is already JSON."""
    record = s.to_record()
    del record["event"]
    return f'{json.dumps(record)[:-1]},"event":{s.body}}}'


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
