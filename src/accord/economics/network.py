"""The world production network the cost model is built on.

Accord reads the OECD inter-country input-output tables (ICIO, 2025 release, year
2022: 80 economies x 50 sectors) in the form the PyPI package ``sanction-simulator``
ships them (``sanction_simulator.bench_cache()``): a buyer-column coefficient matrix
``A`` (rows sell, columns buy; column sums one on active buyers), each node's
intermediate cost share ``omb`` (``1 - beta``), final demand ``z`` and gross output
``s``. Nodes are sector-major: node ``r * C + u`` is sector ``r`` of economy ``u``.

Keeping the same representation as the reference solver means a sanction cuts the same
flows in both models and the loss Accord reports is the solver's quantity.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
from numpy.typing import NDArray

from accord.domain.codes import ICIO_ECONOMIES, SECTORS
from accord.errors import DataUnavailable

F64 = NDArray[np.float64]
F32 = NDArray[np.float32]


def f64(x: Any) -> F64:
    """``x`` as a float64 array (typed, for numpy expressions mypy sees as Any)."""
    return np.asarray(x, dtype=np.float64)


def f32(x: Any) -> F32:
    """``x`` as a float32 array, the dtype of everything the simulator receives."""
    return np.asarray(x, dtype=np.float32)


@dataclass(frozen=True, eq=False)
class Network:
    """A production network in sector-major node order.

    ``flows`` are benchmark intermediate flows ``F[i, j] = A[i, j] * omb[j] * s[j]``
    (value of seller node ``i``'s sales to buyer node ``j``), the unit in which trade
    is cut. ``source`` says where the tables came from.
    """

    economies: tuple[str, ...]
    sectors: tuple[str, ...]
    A: F64
    omb: F64
    z: F64
    s: F64
    source: str = "<arrays>"

    @property
    def n_economies(self) -> int:
        return len(self.economies)

    @property
    def n_sectors(self) -> int:
        return len(self.sectors)

    @property
    def output(self) -> F64:
        """Gross output of each economy (sum over its sectors), shape ``[E]``."""
        return f64(self.s.reshape(self.n_sectors, self.n_economies).sum(axis=0))

    @property
    def budget(self) -> F64:
        """Each node's intermediate spend ``w_j = omb_j * s_j``."""
        return self.omb * self.s

    def flow_tensor(self) -> F64:
        """Flows as ``[seller sector, seller economy, buyer sector, buyer economy]``."""
        S, C = self.n_sectors, self.n_economies
        return (self.A * self.budget[None, :]).reshape(S, C, S, C)

    def index(self, code: str) -> int:
        """Position of an economy (``KeyError`` if it is not in the network)."""
        return self.economies.index(code)

    def fingerprint(self) -> str:
        """A short content hash of the network (ties precomputed responses to it)."""
        h = hashlib.sha256()
        for arr in (self.omb, self.z, self.s):
            h.update(np.ascontiguousarray(arr, dtype=np.float64).tobytes())
        h.update("|".join(self.economies + self.sectors).encode())
        return h.hexdigest()[:16]

    @classmethod
    def from_arrays(
        cls,
        economies: tuple[str, ...],
        sectors: tuple[str, ...],
        A: Any,
        omb: Any,
        z: Any,
        source: str = "<arrays>",
    ) -> Network:
        """Build a network from its coefficients; gross output solves ``s = z + B s``.

        ``B = A diag(omb)`` is the input-requirement matrix of the solver's benchmark,
        so ``s`` is its benchmark output (Leontief, 1936).
        """
        a = np.asarray(A, dtype=np.float64)
        w = np.asarray(omb, dtype=np.float64)
        d = np.asarray(z, dtype=np.float64)
        n = len(economies) * len(sectors)
        if a.shape != (n, n) or w.shape != (n,) or d.shape != (n,):
            raise DataUnavailable(
                f"network arrays do not fit {len(economies)} economies x {len(sectors)} "
                f"sectors: A {a.shape}, omb {w.shape}, z {d.shape}"
            )
        s = f64(np.linalg.solve(np.eye(n) - a * w[None, :], d))
        return cls(tuple(economies), tuple(sectors), a, w, d, s, source)


def _bench_cache_path() -> Path:
    try:
        import sanction_simulator
    except ImportError as exc:
        raise DataUnavailable(
            "the OECD ICIO 2022 network ships in the PyPI package 'sanction-simulator', "
            "which is not installed (pip install 'sanction-simulator>=0.1.4')"
        ) from exc
    return Path(sanction_simulator.bench_cache())


def load_network(path: str | Path | None = None) -> Network:
    """Load the OECD ICIO 2022 network (80 economies x 50 sectors).

    ``path`` defaults to the cache inside the installed ``sanction-simulator`` package.
    Raises :class:`DataUnavailable` if the package or file is missing or malformed.
    """
    file = Path(path) if path is not None else _bench_cache_path()
    if not file.is_file():
        raise DataUnavailable(f"{file}: network file not found")
    try:
        with np.load(file, allow_pickle=False) as d:
            economies = tuple(str(c) for c in d["countries"])
            sectors = tuple(str(x) for x in d["sectors"])
            A, omb, z, s = (np.asarray(d[k], dtype=np.float64) for k in ("A", "omb", "z", "s"))
    except (OSError, KeyError, ValueError) as exc:
        raise DataUnavailable(
            f"{file}: not a readable network cache ({exc}); expected arrays A, omb, z, s, "
            "countries, sectors"
        ) from exc
    if economies != ICIO_ECONOMIES or sectors != SECTORS:
        raise DataUnavailable(
            f"{file}: economies or sectors differ from the ICIO 2022 codes Accord uses"
        )
    n = len(economies) * len(sectors)
    if A.shape != (n, n) or omb.shape != (n,) or z.shape != (n,) or s.shape != (n,):
        raise DataUnavailable(f"{file}: array shapes do not fit {n} nodes")
    return Network(economies, sectors, A, omb, z, s, source=str(file))
