"""Precomputed first-order responses of every economy's output to lost sales and inputs.

The cost model needs two ``[E, N]`` matrices, both products of the network's Leontief
and Ghosh inverses aggregated to economies (see ``docs/model.md``):

* ``demand[e, i]``: output economy ``e`` loses, per unit of sales node ``i`` loses
  (``P (I - B)^-1``: the demand-side multiplier of Leontief, 1936);
* ``supply[e, j]``: output economy ``e`` loses, per unit of inputs node ``j`` loses
  (``P (I - B)^-1 diag(s) (I - B')^-1 diag(1/s)``: input shortfalls travel downstream as
  in Ghosh, 1958, and each lost unit of output then travels upstream as lost demand).

Computing them takes two dense solves of the 4000-node system (seconds). The result for
the ICIO 2022 network ships with Accord (``data/icio2022_response.npz``, float32, about
2.5 MB) and is rebuilt by ``python -m accord.economics.rebuild``; a file whose
fingerprint does not match the network is ignored and the matrices are recomputed.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from accord.economics.network import F64, Network

SHIPPED = Path(__file__).parent / "data" / "icio2022_response.npz"


@dataclass(frozen=True, eq=False)
class Responses:
    """Economy-level multipliers of lost sales (``demand``) and lost inputs (``supply``).

    ``seconds`` is the time spent computing them (0 when read from a file) and
    ``origin`` says which.
    """

    demand: F64
    supply: F64
    seconds: float
    origin: str


def compute_responses(network: Network) -> Responses:
    """Solve for both multiplier matrices with two dense LU solves."""
    t0 = time.perf_counter()
    S, C = network.n_sectors, network.n_economies
    n = S * C
    leontief = np.eye(n) - network.A * network.omb[None, :]
    # P aggregates nodes to economies: P[e, r * C + e] = 1.
    p_t = np.tile(np.eye(C), (S, 1))
    demand_t = np.linalg.solve(leontief.T, p_t)  # (I - B)^-T P'
    s = network.s
    safe = np.where(s > 0, s, 1.0)
    supply_t = np.linalg.solve(leontief, s[:, None] * demand_t) / safe[:, None]
    supply_t[s <= 0] = 0.0
    return Responses(
        demand=np.ascontiguousarray(demand_t.T),
        supply=np.ascontiguousarray(supply_t.T),
        seconds=time.perf_counter() - t0,
        origin="computed",
    )


def save_responses(responses: Responses, network: Network, path: Path) -> None:
    """Write the matrices as float32 with the network's fingerprint."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(".tmp.npz")
    np.savez_compressed(
        tmp,
        demand=responses.demand.astype(np.float32),
        supply=responses.supply.astype(np.float32),
        fingerprint=np.array(network.fingerprint()),
        seconds=np.array(responses.seconds),
    )
    tmp.replace(path)


def read_responses(network: Network, path: Path = SHIPPED) -> Responses | None:
    """The matrices stored at ``path`` if they were built from this network, else None."""
    if not path.is_file():
        return None
    with np.load(path, allow_pickle=False) as d:
        if str(d["fingerprint"]) != network.fingerprint():
            return None
        demand = np.asarray(d["demand"], dtype=np.float64)
        supply = np.asarray(d["supply"], dtype=np.float64)
    return Responses(demand, supply, seconds=0.0, origin=str(path))


def responses_for(network: Network) -> Responses:
    """Shipped matrices when they match ``network``, otherwise computed now."""
    return read_responses(network) or compute_responses(network)
