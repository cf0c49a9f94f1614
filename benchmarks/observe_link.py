"""Benchmark of ``accord observe link`` on the shared lists, against a peer scorer.

Times each phase of the link (read every list, normalise keys, block and score, write)
in CPU and wall seconds, then scores the same seeded sample of candidate pairs with
Accord's scorer and with nomenklatura's ``logic-v1`` matcher (the field's reference
implementation; ``pip install nomenklatura``) in the same process, and reports the ratio.

    .venv/bin/python benchmarks/observe_link.py [--lists DIR] [--sample 1000] [--seed 7]
"""

from __future__ import annotations

import argparse
import json
import tempfile
import time
from pathlib import Path

import numpy as np


def _entity(designation: object) -> object:
    from followthemoney import model

    d = designation
    schema = {"Person": "Person", "Vessel": "Vessel"}.get(d.schema, "LegalEntity")  # type: ignore[attr-defined]
    e = model.make_entity(schema)
    e.id = f"{d.jurisdiction}-{d.source_id}"  # type: ignore[attr-defined]
    e.add("name", d.name)  # type: ignore[attr-defined]
    e.add("alias", d.aliases, quiet=True)  # type: ignore[attr-defined]
    if schema == "Person":
        e.add("birthDate", d.birth_dates, quiet=True, fuzzy=True)  # type: ignore[attr-defined]
        e.add("nationality", d.countries, quiet=True, fuzzy=True)  # type: ignore[attr-defined]
    return e


def main() -> None:
    from accord.observe.keys import build_entries
    from accord.observe.link import decide, score
    from accord.observe.pipeline import run_link
    from accord.observe.similarity import Weights
    from accord.observe.sources import lists_dir, load_all

    parser = argparse.ArgumentParser()
    parser.add_argument("--lists", type=Path, default=None)
    parser.add_argument("--sample", type=int, default=1000)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    root = lists_dir(args.lists)

    with tempfile.TemporaryDirectory() as out:
        wall, cpu = time.perf_counter(), time.process_time()
        result = run_link(root, Path(out), ftm=True)
        total = {"wall_s": time.perf_counter() - wall, "cpu_s": time.process_time() - cpu}
    report: dict[str, object] = {"link_total": total, "phases_wall_s": result.seconds}

    loaded = load_all(root)
    entries = build_entries(loaded.designations)
    pairs = sorted(decide(entries))
    rng = np.random.default_rng(args.seed)
    chosen = [pairs[i] for i in rng.choice(len(pairs), size=args.sample, replace=False)]
    weights = Weights(entries.values())
    start = time.process_time()
    for a, b in chosen:
        score(entries[a], entries[b], weights)
    ours = (time.process_time() - start) / len(chosen)
    report["accord_ms_per_pair"] = ours * 1000
    report["candidate_pairs"] = len(pairs)
    try:
        from nomenklatura.matching import get_algorithm
        from nomenklatura.matching.types import ScoringConfig
    except ImportError:
        report["peer"] = "nomenklatura not installed"
    else:
        first = {}
        for d in loaded.designations:
            first.setdefault((d.jurisdiction, d.source_id), d)
        ents = {k: _entity(first[k]) for pair in chosen for k in pair}
        algo = get_algorithm("logic-v1")
        config = ScoringConfig.defaults()
        start = time.process_time()
        for a, b in chosen:
            algo.compare(ents[a], ents[b], config)  # type: ignore[union-attr]
        peer = (time.process_time() - start) / len(chosen)
        report["peer"] = "nomenklatura logic-v1"
        report["peer_ms_per_pair"] = peer * 1000
        report["peer_over_accord"] = peer / ours
        report["peer_all_pairs_s"] = peer * len(pairs)
    print(json.dumps(report, indent=2, default=str))


if __name__ == "__main__":
    main()
