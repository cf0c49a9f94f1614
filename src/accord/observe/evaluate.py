"""Quality of linking on hand-labelled candidate pairs: precision and recall.

The labelled file (``tests/data/observe/labelled_pairs.csv``) is a stratified sample of
candidate pairs (see ``docs/observe.md`` for how it was drawn and labelled). A pair
counts as linked when both entries end up with the same ``entity_id`` (so transitive
links count, as they do in the outputs). Two sets of figures are given: on the sample
as drawn, and weighted by each stratum's share of all candidate pairs (design weights),
which estimates precision and recall over every candidate pair.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from pathlib import Path
from typing import Final

from accord.observe.records import ListsError

# candidate pairs in each stratum when the sample was drawn (design weights)
STRATUM_SIZE: Final[dict[str, int]] = {
    "linked": 13_266,
    "near_miss": 19_594,
    "name_match_dob_or_country_conflict": 7_593,
    "other_candidate": 181_757,
}


@dataclass(frozen=True)
class LabelledPair:
    """A candidate pair and whether a person judged it the same entity."""

    left: tuple[str, str]
    right: tuple[str, str]
    stratum: str
    same: bool


@dataclass(frozen=True)
class Quality:
    """Confusion counts on the sample, and precision and recall (raw and weighted)."""

    pairs: int
    true_positive: int
    false_positive: int
    false_negative: int
    true_negative: int
    missing: int
    precision: float
    recall: float
    weighted_precision: float
    weighted_recall: float


def _key(text: str, file: str, row: int, column: str) -> tuple[str, str]:
    jurisdiction, sep, source_id = text.partition(":")
    if not sep or jurisdiction not in ("US", "EU", "UK", "UN") or not source_id:
        raise ListsError.at(file, row, column, repr(text), "JURISDICTION:source_id")
    return jurisdiction, source_id


def read_labelled(path: Path) -> list[LabelledPair]:
    """Read the labelled pairs; a malformed row is a located error."""
    file = str(path)
    out: list[LabelledPair] = []
    with path.open(encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle)
        for row in reader:
            line = reader.line_num
            same = row.get("same", "")
            if same not in ("0", "1"):
                raise ListsError.at(file, line, "same", repr(same), "0 or 1")
            stratum = row.get("stratum", "")
            if stratum not in STRATUM_SIZE:
                raise ListsError.at(file, line, "stratum", repr(stratum), ", ".join(STRATUM_SIZE))
            out.append(
                LabelledPair(
                    left=_key(row.get("left", ""), file, line, "left"),
                    right=_key(row.get("right", ""), file, line, "right"),
                    stratum=stratum,
                    same=same == "1",
                )
            )
    return out


def quality(pairs: list[LabelledPair], ids: dict[tuple[str, str], str]) -> Quality:
    """Score the linking (``ids``: entry key -> entity_id) against the labels."""
    counts = {"tp": 0, "fp": 0, "fn": 0, "tn": 0}
    weighted = {"tp": 0.0, "fp": 0.0, "fn": 0.0}
    per_stratum = {s: sum(p.stratum == s for p in pairs) for s in STRATUM_SIZE}
    missing = 0
    for p in pairs:
        if p.left not in ids or p.right not in ids:
            missing += 1
            continue
        linked = ids[p.left] == ids[p.right]
        cell = ("tp" if p.same else "fp") if linked else ("fn" if p.same else "tn")
        counts[cell] += 1
        if cell in weighted:
            weighted[cell] += STRATUM_SIZE[p.stratum] / per_stratum[p.stratum]

    def ratio(a: float, b: float) -> float:
        return a / (a + b) if a + b else float("nan")

    return Quality(
        pairs=len(pairs),
        true_positive=counts["tp"],
        false_positive=counts["fp"],
        false_negative=counts["fn"],
        true_negative=counts["tn"],
        missing=missing,
        precision=ratio(counts["tp"], counts["fp"]),
        recall=ratio(counts["tp"], counts["fn"]),
        weighted_precision=ratio(weighted["tp"], weighted["fp"]),
        weighted_recall=ratio(weighted["tp"], weighted["fn"]),
    )
