"""Shared helpers for the economics tests: the fixture network and the reference solver."""

from __future__ import annotations

import json
import os
import sys
from functools import cache
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from accord.economics import Network, load_network
from accord.errors import DataUnavailable

FIXTURE = Path(__file__).parent / "data" / "economics_fixture.json"


def fixture_network() -> Network:
    doc = json.loads(FIXTURE.read_text())
    return Network.from_arrays(
        tuple(doc["economies"]),
        tuple(doc["sectors"]),
        doc["A"],
        doc["omb"],
        doc["z"],
        source=str(FIXTURE),
    )


@cache
def _load() -> Network | str:
    try:
        return load_network()
    except DataUnavailable as exc:
        return str(exc)


def real_network() -> Network:
    """The ICIO 2022 network (loaded once per session), or skip the test with the reason."""
    net = _load()
    if isinstance(net, str):
        pytest.skip(f"ICIO 2022 network unavailable: {net}")
    return net


def solver() -> Any:
    """The reference solver module of ``sanction-simulator``, or skip."""
    try:
        import sanction_simulator
    except ImportError:
        pytest.skip("sanction-simulator (the reference solver) is not installed")
    sys.path.insert(0, os.path.dirname(sanction_simulator.__file__))
    import power_trade_estimation as pte

    return pte


def solve_reference(
    net: Network,
    legs: list[tuple[int, int, np.ndarray]],
    tmp: Path,
    final_cut: np.ndarray | None = None,
) -> np.ndarray:
    """Percent output loss per economy from the reference solver on ``net``.

    ``final_cut`` (``[N]``, optional) is final demand removed from each node: the solver
    holds final demand as an exogenous total, so a lost final sale is a lower ``z`` with
    the benchmark capacities unchanged.
    """
    pte = solver()
    import sanction_simulator

    S, C = net.n_sectors, net.n_economies
    cache = tmp / "net.npz"
    z = net.z if final_cut is None else net.z - final_cut
    np.savez(
        cache,
        A=net.A,
        omb=net.omb,
        z=z,
        s=net.s,
        go=net.s,
        dbar=net.s - net.z,
        audit=json.dumps({}),
        countries=np.array(net.economies),
        sectors=np.array(net.sectors),
    )
    bench = pte.Benchmark(sanction_simulator.data_dir(), cache=str(cache))
    batch = pte.ScenarioBatch(bench, [legs], pte.TAU_BASE, pte.DELTA_BASE)
    batch.balance()
    res = batch.solve(pte.RHO_BASE)
    loss = (bench.s - res["s_omega"][0]).reshape(S, C).sum(axis=0)
    return np.asarray(100.0 * loss / bench.s_country)
