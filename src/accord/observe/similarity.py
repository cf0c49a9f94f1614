"""Name similarity for linking: IDF-weighted, order-free, tolerant of transliteration.

A shared ``abd``, ``al`` or ``mohammad`` says little; a shared ``aksyonov`` says a lot.
Each token is weighted by its inverse document frequency over every entry of every list,
and matched to its best partner on the other side by Jaro-Winkler (``rigour.text``).
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Iterable
from functools import lru_cache

from accord.observe.keys import Entry, skeleton


class Weights:
    """Token weights ``log(1 + N / df)`` and a cache of name-pair similarities."""

    def __init__(self, entries: Iterable[Entry]) -> None:
        df: Counter[str] = Counter()
        total = 0
        for entry in entries:
            total += 1
            df.update({t for name in entry.names for t in name})
        self.idf = {t: math.log(1.0 + total / n) for t, n in df.items()}
        self.default = math.log(1.0 + max(total, 1))
        self._cache: dict[tuple[tuple[str, ...], tuple[str, ...]], float] = {}

    def weight(self, token: str) -> float:
        """The token's weight (rare tokens weigh more)."""
        return self.idf.get(token, self.default)

    def similarity(self, a: tuple[str, ...], b: tuple[str, ...]) -> float:
        """Similarity of two token tuples in [0, 1] (cached, symmetric).

        The weighted coverage of the shorter name (three quarters) and of the longer
        one (a quarter): a missing patronymic costs less than a different surname.
        """
        key = (a, b) if a <= b else (b, a)
        cached = self._cache.get(key)
        if cached is None:
            cached = self._cache[key] = self._similarity(*key)
        return cached

    def _similarity(self, a: tuple[str, ...], b: tuple[str, ...]) -> float:
        from rigour.text import jaro_winkler

        if not a or not b:
            return 0.0
        short, long_ = (a, b) if len(a) <= len(b) else (b, a)
        best = [[1.0 if t == u else jaro_winkler(t, u) for u in long_] for t in short]
        w_short = [self.weight(t) for t in short]
        w_long = [self.weight(u) for u in long_]
        cover_short = sum(w * max(row) for w, row in zip(w_short, best, strict=True))
        cover_long = sum(w * max(row[j] for row in best) for j, w in enumerate(w_long))
        return 0.75 * cover_short / sum(w_short) + 0.25 * cover_long / sum(w_long)


def usable_names(entry: Entry) -> list[tuple[str, ...]]:
    """Names worth comparing: for people, those of two tokens or more (if any).

    A one-token alias such as ``ABDULLAH`` matches too many unrelated people.
    """
    if not entry.person:
        return list(entry.names)
    names = [n for n in entry.names if len(n) >= 2]
    return names or list(entry.names)


@lru_cache(maxsize=400_000)
def skeleton_set(name: tuple[str, ...]) -> frozenset[str]:
    """The set of token skeletons of a normalised name."""
    return frozenset(skeleton(t) for t in name)


def name_similarity(a: Entry, b: Entry, weights: Weights) -> float:
    """Best similarity over the usable name pairs of two entries."""
    best = 0.0
    names_b = usable_names(b)
    for x in usable_names(a):
        sx = skeleton_set(x)
        for y in names_b:
            if x == y:
                return 1.0
            sy = skeleton_set(y)
            # names sharing under half their spelling-tolerant keys cannot reach a threshold
            if 2 * len(sx & sy) < min(len(sx), len(sy)):
                continue
            best = max(best, weights.similarity(x, y))
    return best
