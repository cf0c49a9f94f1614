"""Aggregate the ICIO 2022 network into the small fixture the economics tests use.

    .venv/bin/python tests/data/make_economics_fixture.py

Five regions (USA, EUR = the EU's 27, RUS, CHN, ROW = everyone else) and three
sectors (B: mining and energy, C: manufacturing, K: all services and the rest), with
flows, final demand and intermediate spend summed over their members, so the fixture
keeps the real network's proportions at a size whose algebra a test can check densely.
"""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np

from accord.domain.codes import EU27
from accord.economics import load_network

REGIONS = ("USA", "EUR", "RUS", "CHN", "ROW")
GROUPS = ("B", "C", "K")


def region(code: str) -> int:
    if code in EU27:
        return 1
    return REGIONS.index(code) if code in REGIONS else 4


def group(sector: str) -> int:
    return 0 if sector.startswith("B") else 1 if sector.startswith("C") else 2


def main() -> None:
    net = load_network()
    S, C = net.n_sectors, net.n_economies
    node = np.array(
        [
            group(net.sectors[r]) * len(REGIONS) + region(net.economies[u])
            for r in range(S)
            for u in range(C)
        ]
    )
    n = len(REGIONS) * len(GROUPS)
    agg = np.zeros((n, S * C))
    agg[node, np.arange(S * C)] = 1.0
    flows = agg @ (net.A * net.budget[None, :]) @ agg.T
    z = agg @ net.z
    s = agg @ net.s
    interm = flows.sum(axis=0)
    omb = interm / s
    A = flows / interm[None, :]
    doc = {
        "description": __doc__.splitlines()[0],
        "economies": list(REGIONS),
        "sectors": list(GROUPS),
        "A": np.round(A, 8).tolist(),
        "omb": np.round(omb, 8).tolist(),
        "z": np.round(z, 3).tolist(),
    }
    out = Path(__file__).with_name("economics_fixture.json")
    out.write_text(json.dumps(doc, indent=1) + "\n")
    print(f"wrote {out}")


if __name__ == "__main__":
    main()
