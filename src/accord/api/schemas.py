"""Shapes of the API's answers that are not the ledger's own records.

Regimes, chain reports and projections are served as the ledger's dataclasses
(:class:`~accord.ledger.records.RegimeInfo`, :class:`~accord.ledger.chain.ChainReport`,
:class:`~accord.ledger.projections.Projection`); FastAPI documents them as they are.
"""

from __future__ import annotations

import json
from datetime import date
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


def event_json(s: StoredEvent) -> str:
    """:class:`EventOut` as JSON text, around the stored body that is already JSON."""
    record = s.to_record()
    del record["event"]
    return f'{json.dumps(record)[:-1]},"event":{s.body}}}'


class EventFilter(BaseModel):
    """The event list's query parameters: an :class:`~accord.ledger.records.EventQuery`
    less ``confidential``, which the reader's token decides, not the query."""

    member: str | None = Field(None, description="Member code, e.g. DEU")
    measure: str | None = Field(None, description="Measure id")
    kind: str | None = Field(None, description="Event kind")
    since: date | None = Field(None, description="Events dated on or after")
    until: date | None = Field(None, description="Events dated on or before")
    after: int = Field(0, ge=0, description="Last seq already seen")
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
