"""Link list entries that are the same person, company or vessel, across and within lists.

Two passes, as the field does it: strong identifiers first (IMO, passport and national
identity numbers, registration and tax numbers, and the UN reference that UK entries
cite), then names with birth date, nationality and schema. Candidate pairs for the name
pass come from blocking on spelling-tolerant token keys (:func:`keys.skeleton`), so
``Aksyonov`` meets ``Aksenov``; each candidate is scored by :func:`score`. Matches are
joined with a union-find; an ``entity_id`` is a hash of the cluster's smallest member.
"""

from __future__ import annotations

import hashlib
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from itertools import combinations

from accord.observe.keys import Entry, skeleton

MAX_BLOCK = 60
PERSON_THRESHOLD = 0.90
ORG_THRESHOLD = 0.95
_COMPATIBLE = {
    "Person": {"Person"},
    "Vessel": {"Vessel"},
    "Airplane": {"Airplane", "LegalEntity"},
}
_ORG_LIKE = {"LegalEntity", "Organization", "Company", "Airplane"}


def compatible(a: str, b: str) -> bool:
    """Whether two schemas can describe the same thing (companies are legal entities)."""
    if a in _ORG_LIKE and b in _ORG_LIKE:
        return True
    return b in _COMPATIBLE.get(a, set())


@lru_cache(maxsize=1_000_000)
def token_similarity(a: tuple[str, ...], b: tuple[str, ...]) -> float:
    """Order-free name similarity: each token of the shorter name to its best partner.

    Jaro-Winkler per token (``rigour.text``) tolerates transliteration variants; the mean
    is scaled down when the longer name has extra tokens (a patronymic missing on one
    side costs less than a different surname).
    """
    from rigour.text import jaro_winkler

    if not a or not b:
        return 0.0
    short, long_ = (a, b) if len(a) <= len(b) else (b, a)
    total = 0.0
    for token in short:
        total += max(1.0 if token == other else jaro_winkler(token, other) for other in long_)
    mean = total / len(short)
    extra = len(long_) - len(short)
    return mean * (1.0 - 0.03 * extra) if len(short) >= 2 else mean * (1.0 - 0.15 * extra)


def name_similarity(a: Entry, b: Entry) -> float:
    """Best similarity over all name pairs of two entries."""
    if a.names & b.names:
        return 1.0
    best = 0.0
    for x in a.names:
        sx = skeleton_set(x)
        for y in b.names:
            sy = skeleton_set(y)
            # names sharing under half their spelling-tolerant keys cannot reach a threshold
            if 2 * len(sx & sy) < min(len(sx), len(sy)):
                continue
            best = max(best, token_similarity(x, y))
    return best


@lru_cache(maxsize=400_000)
def skeleton_set(name: tuple[str, ...]) -> frozenset[str]:
    """The set of token skeletons of a normalised name."""
    return frozenset(skeleton(t) for t in name)


@dataclass(frozen=True)
class Decision:
    """A scored candidate pair and why it was or was not linked."""

    score: float
    linked: bool
    reason: str


def score(a: Entry, b: Entry) -> Decision:
    """Decide whether two entries are the same, from identifiers, names, dates, countries."""
    if not compatible(a.schema, b.schema):
        return Decision(0.0, False, "schema")
    shared = a.ids & b.ids
    if shared:
        return Decision(1.0, True, "identifier " + sorted(shared)[0])
    if a.person:
        if a.years and b.years and not (a.years & b.years):
            return Decision(0.0, False, "birth years differ")
        if not (a.years and b.years) and a.countries and b.countries:
            if not (a.countries & b.countries):
                return Decision(0.0, False, "nationalities differ")
        sim = name_similarity(a, b)
        if a.years and b.years:
            bonus = 0.06 if a.days & b.days else 0.03
            return Decision(sim + bonus, sim + bonus >= PERSON_THRESHOLD + 0.03, "name+dob")
        return Decision(sim, sim >= 0.985 and _long(a, b), "name only")
    sim = name_similarity(a, b)
    if a.schema == "Vessel" or b.schema == "Vessel":
        imo_a = any(i.startswith("imo:") for i in a.ids)
        imo_b = any(i.startswith("imo:") for i in b.ids)
        if imo_a and imo_b:
            return Decision(sim, False, "different IMO numbers")
        return Decision(sim, sim >= 0.999, "vessel name")
    if a.countries and b.countries and not (a.countries & b.countries):
        return Decision(sim, sim >= 0.999 and _long(a, b), "org name, countries differ")
    return Decision(sim, sim >= ORG_THRESHOLD, "org name")


def _long(a: Entry, b: Entry) -> bool:
    """Whether the names carry enough to link on names alone (three tokens or more)."""
    return max(len(n) for n in a.names) >= 3 and max(len(n) for n in b.names) >= 3


def block_keys(entry: Entry) -> set[str]:
    """Blocking keys: identifier keys, and pairs of token skeletons from each name."""
    keys = {f"id|{i}" for i in entry.ids}
    family = "P" if entry.person else ("V" if entry.schema == "Vessel" else "O")
    for name in entry.names:
        skeletons = sorted({skeleton(t) for t in name if len(t) > 1})
        if len(skeletons) == 1:
            keys.add(f"{family}|{skeletons[0]}")
        for x, y in combinations(skeletons[:6], 2):
            keys.add(f"{family}|{x}|{y}")
    return keys


def candidates(entries: dict[tuple[str, str], Entry]) -> set[tuple[tuple[str, str], tuple[str, str]]]:
    """Candidate pairs: entries sharing an identifier, or a name block of bounded size."""
    blocks: dict[str, list[tuple[str, str]]] = defaultdict(list)
    for key, entry in entries.items():
        for block in block_keys(entry):
            blocks[block].append(key)
    pairs: set[tuple[tuple[str, str], tuple[str, str]]] = set()
    for block, members in blocks.items():
        if len(members) < 2 or (len(members) > MAX_BLOCK and not block.startswith("id|")):
            continue
        for x, y in combinations(sorted(members), 2):
            if x[0] == y[0] == "US" or x[0] == y[0] == "UK" or x[0] == y[0] == "UN":
                continue  # one entry per source_id already within these lists
            pairs.add((x, y))
    return pairs


class UnionFind:
    """Disjoint sets of entry keys."""

    def __init__(self, keys: Iterable[tuple[str, str]]) -> None:
        self.parent = {k: k for k in keys}

    def find(self, key: tuple[str, str]) -> tuple[str, str]:
        """The representative of ``key``'s set (with path halving)."""
        parent = self.parent
        while parent[key] != key:
            parent[key] = parent[parent[key]]
            key = parent[key]
        return key

    def union(self, a: tuple[str, str], b: tuple[str, str]) -> None:
        """Join the sets of ``a`` and ``b`` (the smaller key becomes the root)."""
        ra, rb = self.find(a), self.find(b)
        if ra != rb:
            lo, hi = sorted((ra, rb))
            self.parent[hi] = lo


Pair = tuple[tuple[str, str], tuple[str, str]]


def decide(entries: dict[tuple[str, str], Entry]) -> dict[Pair, Decision]:
    """Score every candidate pair."""
    return {(a, b): score(entries[a], entries[b]) for a, b in candidates(entries)}


def link(
    entries: dict[tuple[str, str], Entry], decisions: dict[Pair, Decision] | None = None
) -> dict[tuple[str, str], str]:
    """Map each entry key to its ``entity_id`` (shared by linked entries)."""
    sets = UnionFind(entries)
    for (a, b), decision in (decisions if decisions is not None else decide(entries)).items():
        if decision.linked:
            sets.union(a, b)
    ids: dict[tuple[str, str], str] = {}
    for key in entries:
        root = sets.find(key)
        ids[key] = "acc-" + hashlib.sha1(f"{root[0]}:{root[1]}".encode()).hexdigest()[:12]
    return ids
