"""Answers computed once per chain head: later requests and concurrent ones share them.

Every key a read caches under includes the regime's head hash, so a new event makes a new
key and an answer is never served for a head it was not computed from. Identical requests
that arrive together while nothing is cached wait for the first to compute the answer
(one lock per key) instead of each computing it again.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable
from dataclasses import dataclass, field
from typing import Any, TypeVar

from accord.ledger.chain import ChainReport, Checkpoint
from accord.ledger.history import HistoryCache

T = TypeVar("T")
MISSING = object()
"""What :meth:`ComputeOnce.peek` returns for a key that holds nothing yet."""


class ComputeOnce:
    """A bounded LRU map whose missing entries are computed once, however many ask."""

    def __init__(self, size: int = 256) -> None:
        self.size = size
        self._values: OrderedDict[Hashable, Any] = OrderedDict()
        self._locks: dict[Hashable, threading.Lock] = {}
        self._guard = threading.Lock()
        self.computed = 0

    def peek(self, key: Hashable) -> Any:
        """The value under ``key``, or :data:`MISSING` (never waits, never computes: the
        event loop asks this before handing a miss to a worker thread)."""
        with self._guard:
            if key in self._values:
                self._values.move_to_end(key)
                return self._values[key]
        return MISSING

    def get(self, key: Hashable, compute: Callable[[], T]) -> T:
        with self._guard:
            if key in self._values:
                self._values.move_to_end(key)
                hit: T = self._values[key]
                return hit
            lock = self._locks.setdefault(key, threading.Lock())
        with lock:
            with self._guard:
                if key in self._values:
                    done: T = self._values[key]
                    return done
            value = compute()
            with self._guard:
                self.computed += 1
                self._values[key] = value
                while len(self._values) > self.size:
                    self._values.popitem(last=False)
                self._locks.pop(key, None)
        return value


@dataclass
class Caches:
    """The application's caches, one per kind of answer."""

    projections: ComputeOnce = field(default_factory=lambda: ComputeOnce(512))
    metrics: ComputeOnce = field(default_factory=lambda: ComputeOnce(512))
    bases: ComputeOnce = field(default_factory=lambda: ComputeOnce(8))
    encoded: ComputeOnce = field(default_factory=lambda: ComputeOnce(512))
    definitions: ComputeOnce = field(default_factory=lambda: ComputeOnce(64))
    history: HistoryCache = field(default_factory=HistoryCache)
    checkpoints: dict[str, Checkpoint] = field(default_factory=dict)
    chain_seen: dict[str, tuple[Any, ChainReport]] = field(default_factory=dict)
    """Per regime: the head state last checked and the report it gave."""
    chain_lock: threading.Lock = field(default_factory=threading.Lock)
