"""The steps behind ``accord observe``: link the lists, then align a programme.

``run_link`` writes into OUT: ``listings.parquet``, ``entities.ftm.json`` (FtM entities,
one JSON object a line), ``links.parquet`` (every scored candidate pair) and
``observe.json`` (what each reader read and skipped, and each list's observation end).
``run_align`` adds the programme's rows to ``alignment.parquet``. Every file is written
to a temporary name and renamed, so a failed run leaves no partial output.
"""

from __future__ import annotations

import json
import os
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from accord.errors import DataUnavailable, InvalidArgument
from accord.observe.records import ReadReport

Step = Callable[[str], None]
META = "observe.json"


@dataclass
class LinkResult:
    """Counts and timings of one ``link`` run."""

    designations: int
    entries: int
    entities: int
    candidate_pairs: int
    linked_pairs: int
    seconds: dict[str, float] = field(default_factory=dict)
    reports: list[ReadReport] = field(default_factory=list)
    ids: dict[tuple[str, str], str] = field(default_factory=dict)


def _write_text(path: Path, text: str) -> None:
    tmp = path.with_name(path.name + ".tmp")
    tmp.write_text(text, encoding="utf-8")
    os.replace(tmp, path)


def run_link(
    lists: Path,
    out: Path,
    step: Step | None = None,
    ftm: bool = True,
    tick: Callable[[int, int], None] | None = None,
) -> LinkResult:
    """Read every list, link entries, write the outputs; returns counts and timings.

    ``step`` is told each phase's name, ``tick(done, total)`` the scoring's progress.
    """
    import polars as pl

    from accord.observe.keys import build_entries
    from accord.observe.link import decide, link
    from accord.observe.listings import listings_frame, write_parquet
    from accord.observe.sources import load_all

    note = step or (lambda _msg: None)
    seconds: dict[str, float] = {}
    clock = time.perf_counter()
    loaded = load_all(lists, lambda msg: note(f"read {msg}"))
    seconds["read"] = time.perf_counter() - clock
    note("normalise names and identifiers")
    clock = time.perf_counter()
    entries = build_entries(loaded.designations)
    seconds["keys"] = time.perf_counter() - clock
    note("block and score candidate pairs")
    clock = time.perf_counter()
    decisions = decide(entries, tick)
    ids = link(entries, decisions)
    seconds["link"] = time.perf_counter() - clock
    note("write outputs")
    clock = time.perf_counter()
    out.mkdir(parents=True, exist_ok=True)
    write_parquet(listings_frame(loaded.designations, ids), out / "listings.parquet")
    pairs = pl.DataFrame(
        {
            "left": [f"{a[0]}:{a[1]}" for a, _ in decisions],
            "right": [f"{b[0]}:{b[1]}" for _, b in decisions],
            "score": [d.score for d in decisions.values()],
            "linked": [d.linked for d in decisions.values()],
            "reason": [d.reason for d in decisions.values()],
        }
    )
    write_parquet(pairs, out / "links.parquet")
    if ftm:
        from accord.observe.ftm import entities

        lines = (
            json.dumps(e.to_dict(), ensure_ascii=False) for e in entities(loaded.designations, ids)
        )
        _write_text(out / "entities.ftm.json", "\n".join(lines) + "\n")
    meta = {
        "lists": str(lists),
        "observed_until": {k: v.isoformat() for k, v in loaded.observed_until.items()},
        "reports": [
            {"source": r.source, "rows": r.rows, "used": r.used, "designations": r.designations,
             "skipped": dict(r.skipped), "unexplained": r.unexplained}
            for r in loaded.reports
        ],
    }  # fmt: skip
    _write_text(out / META, json.dumps(meta, indent=2) + "\n")
    seconds["write"] = time.perf_counter() - clock
    return LinkResult(
        designations=len(loaded.designations),
        entries=len(entries),
        entities=len(set(ids.values())),
        candidate_pairs=len(decisions),
        linked_pairs=sum(d.linked for d in decisions.values()),
        seconds=seconds,
        reports=loaded.reports,
        ids=ids,
    )


def read_meta(out: Path) -> dict[str, Any]:
    """The ``observe.json`` written by ``run_link`` (a clear error if ``link`` was not run)."""
    path = out / META
    if not path.exists() or not (out / "listings.parquet").exists():
        raise DataUnavailable(f"{out} has no link output: run `accord observe link` first")
    meta: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    return meta


def run_align(out: Path, programme: str, since: date) -> int:
    """Align ``programme`` from ``since``; replace its rows in ``alignment.parquet``."""
    import polars as pl

    from accord.observe.align import align, alignment_frame
    from accord.observe.listings import write_parquet
    from accord.observe.programmes import known_groups

    if programme not in known_groups():
        raise InvalidArgument(
            f"unknown programme {programme!r}", [
                {"loc": "--programme", "msg": programme, "expected": ", ".join(known_groups())}
            ]
        )  # fmt: skip
    meta = read_meta(out)
    until = {k: date.fromisoformat(v) for k, v in meta["observed_until"].items()}
    frame = pl.read_parquet(out / "listings.parquet")
    rows = alignment_frame(align(frame, programme, since, until))
    path = out / "alignment.parquet"
    if path.exists():
        old = pl.read_parquet(path)
        rows = pl.concat([old.filter(old["programme"] != programme), rows], how="vertical_relaxed")
    write_parquet(rows, path)
    return len(rows)


def run_replay(out: Path, scenario: Path | None, programme: str) -> list[Any]:
    """Replay ``programme``'s observed designations through the rules -> ``replay.parquet``."""
    import polars as pl

    from accord.observe.listings import write_parquet
    from accord.observe.replay import (
        LEAD_JURISDICTION,
        MEMBER_CODES,
        cohesion_frame,
        default_scenario,
        observed_cohesion,
    )
    from accord.scenarios import load as load_scenario

    meta = read_meta(out)
    until_all = {k: date.fromisoformat(v) for k, v in meta["observed_until"].items()}
    members = [j for j in MEMBER_CODES if j in until_all]
    if LEAD_JURISDICTION not in until_all or not members:
        raise DataUnavailable(f"{out} needs the US list and an EU or UK list to replay")
    until = min(until_all[j] for j in [LEAD_JURISDICTION, *members])
    regime = load_scenario(scenario or default_scenario())
    frame = pl.read_parquet(out / "listings.parquet")
    months = observed_cohesion(regime, frame, programme, until, members)
    write_parquet(cohesion_frame(months), out / "replay.parquet")
    return months
