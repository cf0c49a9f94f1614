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
        self._tokens: dict[tuple[str, str], float] = {}
        self._weights: dict[tuple[str, ...], list[float]] = {}
        self._names: dict[tuple[str, str], list[tuple[tuple[str, ...], frozenset[str]]]] = {}

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

    def _token(self, t: str, u: str) -> float:
        """Jaro-Winkler of two tokens, cached (the same tokens recur across many pairs)."""
        from rigour.text import jaro_winkler

        if t == u:
            return 1.0
        key = (t, u) if t < u else (u, t)
        value = self._tokens.get(key)
        if value is None:
            value = self._tokens[key] = jaro_winkler(t, u)
        return value

    def _name_weights(self, name: tuple[str, ...]) -> list[float]:
        cached = self._weights.get(name)
        if cached is None:
            cached = self._weights[name] = [self.weight(t) for t in name]
        return cached

    def names(self, entry: Entry) -> list[tuple[tuple[str, ...], frozenset[str]]]:
        """The entry's usable names with their skeleton sets (cached per entry)."""
        cached = self._names.get(entry.key)
        if cached is None:
            cached = self._names[entry.key] = [(n, skeleton_set(n)) for n in usable_names(entry)]
        return cached

    def _similarity(self, a: tuple[str, ...], b: tuple[str, ...]) -> float:
        if not a or not b:
            return 0.0
        short, long_ = (a, b) if len(a) <= len(b) else (b, a)
        best = [[self._token(t, u) for u in long_] for t in short]
        w_short = self._name_weights(short)
        w_long = self._name_weights(long_)
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
    names_b = weights.names(b)
    for x, sx in weights.names(a):
        for y, sy in names_b:
            if x == y:
                return 1.0
            # names sharing under half their spelling-tolerant keys cannot reach a threshold
            if 2 * len(sx & sy) < min(len(sx), len(sy)):
                continue
            value = weights.similarity(x, y)
            if value > best:
                best = value
    return best
