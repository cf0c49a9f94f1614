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
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from itertools import combinations

from accord.observe.keys import Entry, skeleton
from accord.observe.similarity import Weights, name_similarity

MAX_BLOCK = 30
SINGLE_ENTRY_LISTS = frozenset({"US", "UN"})
PERSON_DAY_THRESHOLD = 0.85
PERSON_YEAR_THRESHOLD = 0.95
PERSON_NAME_ONLY_THRESHOLD = 0.985
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


@dataclass(frozen=True)
class Decision:
    """A scored candidate pair and why it was or was not linked."""

    score: float
    linked: bool
    reason: str


def score(a: Entry, b: Entry, weights: Weights) -> Decision:
    """Decide whether two entries are the same, from identifiers, names, dates, countries."""
    if not compatible(a.schema, b.schema):
        return Decision(0.0, False, "schema")
    shared = a.ids & b.ids
    if shared:
        return Decision(1.0, True, "identifier " + sorted(shared)[0])
    if a.person:
        if a.years and b.years and not (a.years & b.years):
            return Decision(0.0, False, "birth years differ")
        undated = not (a.years and b.years)
        if undated and a.countries and b.countries and not (a.countries & b.countries):
            return Decision(0.0, False, "nationalities differ")
        sim = name_similarity(a, b, weights)
        if a.days & b.days:
            return Decision(sim, sim >= PERSON_DAY_THRESHOLD, "name+birth day")
        if a.years and b.years:
            return Decision(sim, sim >= PERSON_YEAR_THRESHOLD, "name+birth year")
        return Decision(sim, sim >= PERSON_NAME_ONLY_THRESHOLD and _long(a, b), "name only")
    sim = name_similarity(a, b, weights)
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


def candidates(
    entries: dict[tuple[str, str], Entry],
) -> set[tuple[tuple[str, str], tuple[str, str]]]:
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
            if x[0] == y[0] and x[0] in SINGLE_ENTRY_LISTS:
                continue  # these lists keep one entry per entity
            pairs.add((x, y))
    return pairs


class UnionFind:
    """Disjoint sets of entry keys that refuse to join two entries of one list.

    OFAC and the UN keep one entry per entity, so a set holding two of their entries
    means a chain of weak links went wrong; such a union is refused. (The UK does not:
    it re-lists an entity under a new Group ID when a new regime takes it over.)
    """

    def __init__(self, keys: Iterable[tuple[str, str]]) -> None:
        self.parent = {k: k for k in keys}
        self.lists: dict[tuple[str, str], set[str]] = {
            k: ({k[0]} if k[0] in SINGLE_ENTRY_LISTS else set()) for k in self.parent
        }

    def find(self, key: tuple[str, str]) -> tuple[str, str]:
        """The representative of ``key``'s set (with path halving)."""
        parent = self.parent
        while parent[key] != key:
            parent[key] = parent[parent[key]]
            key = parent[key]
        return key

    def union(self, a: tuple[str, str], b: tuple[str, str]) -> None:
        """Join the sets of ``a`` and ``b`` (smaller key as root) unless refused."""
        ra, rb = self.find(a), self.find(b)
        if ra == rb or self.lists[ra] & self.lists[rb]:
            return
        lo, hi = sorted((ra, rb))
        self.parent[hi] = lo
        self.lists[lo] |= self.lists.pop(hi)


Pair = tuple[tuple[str, str], tuple[str, str]]


Tick = Callable[[int, int], None]


def decide(entries: dict[tuple[str, str], Entry], tick: Tick | None = None) -> dict[Pair, Decision]:
    """Score every candidate pair; ``tick(done, total)`` reports progress every 5,000 pairs."""
    weights = Weights(entries.values())
    pairs = sorted(candidates(entries))
    out: dict[Pair, Decision] = {}
    for done, (a, b) in enumerate(pairs, start=1):
        out[(a, b)] = score(entries[a], entries[b], weights)
        if tick is not None and (done % 5000 == 0 or done == len(pairs)):
            tick(done, len(pairs))
    return out


def link(
    entries: dict[tuple[str, str], Entry], decisions: dict[Pair, Decision] | None = None
) -> dict[tuple[str, str], str]:
    """Map each entry key to its ``entity_id`` (shared by linked entries)."""
    sets = UnionFind(entries)
    scored = decisions if decisions is not None else decide(entries)
    # strongest links first, so a refused union (see UnionFind) drops the weaker link
    linked = sorted((-d.score, pair) for pair, d in scored.items() if d.linked)
    for _negative_score, (a, b) in linked:
        sets.union(a, b)
    ids: dict[tuple[str, str], str] = {}
    for key in entries:
        root = sets.find(key)
        ids[key] = "acc-" + hashlib.sha1(f"{root[0]}:{root[1]}".encode()).hexdigest()[:12]
    return ids
