"""A regime's parsed history kept between reads and extended with what was appended since.

Parsing every stored event again for every projection is what made a read take seconds
at 100,000 events. :class:`HistoryCache` remembers, per regime, the events it parsed up to
a seq and the hash it ended on; the next read parses only the events after it (and starts
over if that row no longer carries that hash). This is the ledger's checkpoint interface
for projections: :meth:`HistoryCache.history` returns the same list
:meth:`~accord.ledger.store.Ledger.history` does, in time proportional to what is new.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass, field

from pydantic import TypeAdapter

from accord.domain import Event
from accord.ledger.records import EventQuery, StoredEvent
from accord.ledger.store import Ledger


@dataclass
class _Parsed:
    seq: int = 0
    hash: str = ""
    events: list[tuple[str, Event]] = field(default_factory=list)
    corrected: set[str] = field(default_factory=set)
    history: list[Event] = field(default_factory=list)


_EVENTS = TypeAdapter(list[Event])


def _parse(items: list[StoredEvent]) -> list[Event]:
    """The events of a page, parsed in one call (a JSON array of the stored bodies);
    a page with a damaged body is parsed event by event to name it."""
    try:
        return _EVENTS.validate_json("[" + ",".join(s.body for s in items) + "]")
    except ValueError:
        return [s.event for s in items]


class HistoryCache:
    """Parsed histories of a ledger's regimes (safe to share between threads)."""

    def __init__(self) -> None:
        self._parsed: dict[str, _Parsed] = {}
        self._lock = threading.Lock()

    def history(self, ledger: Ledger, regime_id: str, head: str) -> list[Event]:
        """The regime's history as of ``head`` (its events in order, corrected ones and
        corrections left out)."""
        with self._lock:
            parsed = self._parsed.get(regime_id)
            if parsed is not None and parsed.hash == head:
                return parsed.history
            if parsed is None or not self._continues(ledger, regime_id, parsed):
                parsed = _Parsed()
            grown = False
            while True:
                page = ledger.events(regime_id, EventQuery(after=parsed.seq, limit=5000))
                for s, event in zip(page.items, _parse(page.items), strict=True):
                    parsed.events.append((s.id, event))
                    corrects = getattr(event, "corrects", None)
                    if corrects is not None:
                        parsed.corrected.add(corrects)
                    parsed.seq, parsed.hash, grown = s.seq, s.hash, True
                if page.next_after is None:
                    break
            if grown or not parsed.history:
                parsed.history = [
                    e
                    for eid, e in parsed.events
                    if eid not in parsed.corrected and e.kind != "correction"
                ]
            self._parsed[regime_id] = parsed
            return parsed.history

    @staticmethod
    def _continues(ledger: Ledger, regime_id: str, parsed: _Parsed) -> bool:
        """Whether the last row parsed is still there, with the same hash."""
        if parsed.seq == 0:
            return True
        page = ledger.events(regime_id, EventQuery(after=parsed.seq - 1, limit=1))
        return bool(page.items) and page.items[0].hash == parsed.hash
