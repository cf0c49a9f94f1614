"""The carve-out check: RUS, BLR and SAU rebuilt from their bilateral totals only.

Each economy is folded into the ICIO's rest of the world and carved out again from its
goods trade with each partner (``accord.economics.carve_check``); the losses a G7 + EU
coalition's full embargo and oil import ban cause are compared with the full network's:
Spearman over the other economies, relative error of the target's loss, and the rebuilt
economy's gross output against its ICIO output. Also times the carve-out against the
response precomputation it triggers (the peer in the same process).

    .venv/bin/python benchmarks/economics_carve_out.py [--json out.json]

Takes about a minute and a half on two cores.
"""

from __future__ import annotations

import argparse
import json
import time
from dataclasses import asdict

from accord.economics import load_network
from accord.economics.carve_check import check_carve_out, rebuilt_network
from accord.economics.response import compute_responses, responses_for

ECONOMIES = ("RUS", "BLR", "SAU")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--json", help="also write the figures to this file")
    args = parser.parse_args()
    network = load_network()
    responses = responses_for(network)
    rows = []
    print(
        "| economy | measures | Spearman (others) | target loss full | rebuilt | target error "
        "| output rebuilt / ICIO |"
    )
    print("| --- | --- | --- | --- | --- | --- | --- |")
    for code in ECONOMIES:
        for r in check_carve_out(network, code, responses=responses):
            rows.append(asdict(r))
            print(
                f"| {r.economy} | {r.measures} | {r.spearman:.3f} | {r.target_full:.3f} % | "
                f"{r.target_rebuilt:.3f} % | {100 * r.target_error:+.0f} % | {r.output_ratio:.2f} |"
            )
    t0 = time.perf_counter()
    rebuilt = rebuilt_network(network, "RUS")
    carve = time.perf_counter() - t0
    t0 = time.perf_counter()
    compute_responses(rebuilt)
    solve = time.perf_counter() - t0
    print(
        f"\nfold + carve-out of RUS: {carve:.2f} s; response precomputation of the rebuilt "
        f"network: {solve:.2f} s (ratio {carve / solve:.2f})"
    )
    if args.json:
        with open(args.json, "w", encoding="utf-8") as handle:
            json.dump(
                {"checks": rows, "carve_seconds": carve, "responses_seconds": solve},
                handle,
                indent=2,
            )


if __name__ == "__main__":
    main()
