"""Where an experiment's results go: one Parquet file per finished chunk, then the whole.

An experiment directory holds ``manifest.json`` (the fingerprint of everything that
determines the numbers: designs, runs, months, seed, chunking, evaluator) and
``chunks/chunk-NNNNNN.parquet``, each written to a temporary name and renamed when
complete, so a chunk file that exists is a chunk that finished. Rerunning the same
experiment into the same directory skips those chunks; a directory that holds a
different experiment is refused rather than mixed.
"""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np
from numpy.typing import NDArray

from accord.errors import InvalidArgument

if TYPE_CHECKING:
    import pandas as pd

MANIFEST = "manifest.json"
CHUNKS = "chunks"


def fingerprint(spec: Mapping[str, Any]) -> str:
    """A content hash of the experiment's specification (JSON with sorted keys)."""
    text = json.dumps(spec, sort_keys=True, default=str, separators=(",", ":"))
    return hashlib.sha256(text.encode()).hexdigest()


class ChunkStore:
    """The chunk files of one experiment in ``root``."""

    def __init__(self, root: Path, spec: Mapping[str, Any]) -> None:
        self.root = root
        self.spec = dict(spec)
        self.id = fingerprint(spec)

    def check(self) -> None:
        """Refuse a directory that holds another experiment (nothing is written)."""
        manifest = self.root / MANIFEST
        if self.root.exists() and not self.root.is_dir():
            raise InvalidArgument(
                f"{self.root} is a file; expected a directory for the results",
                [{"loc": "--out", "msg": "a file", "expected": "a new or empty directory"}],
            )
        if manifest.exists():
            try:
                found = json.loads(manifest.read_text()).get("fingerprint")
            except (OSError, ValueError, AttributeError):
                found = None
            if found != self.id:
                raise InvalidArgument(
                    f"{self.root} holds results of a different experiment; "
                    "choose another --out or remove it",
                    [{"loc": "--out", "msg": "another experiment", "expected": "a new directory"}],
                )
        elif self.root.exists() and any(self.root.iterdir()):
            raise InvalidArgument(
                f"{self.root} exists and is not an experiment directory; choose another --out",
                [{"loc": "--out", "msg": "not empty", "expected": "a new or empty directory"}],
            )

    def open(self) -> None:
        """Create the directory and manifest (after every input has been checked)."""
        self.check()
        (self.root / CHUNKS).mkdir(parents=True, exist_ok=True)
        manifest = {"fingerprint": self.id, "spec": self.spec}
        _atomic_write_text(self.root / MANIFEST, json.dumps(manifest, indent=2, default=str))
        for leftover in (self.root / CHUNKS).glob("*.tmp"):
            leftover.unlink()

    def chunk_path(self, chunk: int) -> Path:
        return self.root / CHUNKS / f"chunk-{chunk:06d}.parquet"

    def finished(self) -> set[int]:
        """Indices of the chunks already written."""
        folder = self.root / CHUNKS
        if not folder.exists():
            return set()
        return {int(p.stem.removeprefix("chunk-")) for p in folder.glob("chunk-*.parquet")}

    def write_chunk(
        self, chunk: int, point: int, first_run: int, metrics: Mapping[str, NDArray[np.float64]]
    ) -> None:
        """Write one finished chunk: rows ``(point, run, metric…)`` for its runs."""
        import pyarrow as pa
        import pyarrow.parquet as pq

        columns = chunk_columns(point, first_run, metrics)
        path = self.chunk_path(chunk)
        tmp = path.with_name(path.name + ".tmp")
        pq.write_table(pa.table(columns), tmp)
        os.replace(tmp, path)

    def gather(self, chunks: int) -> pd.DataFrame:
        """Every chunk's rows, ordered by (point, run); all ``chunks`` must be finished."""
        import pandas as pd
        import pyarrow.parquet as pq

        missing = sorted(set(range(chunks)) - self.finished())
        if missing:
            raise RuntimeError(f"chunks {missing[:5]} are not finished")
        frames = [pq.read_table(self.chunk_path(i)).to_pandas() for i in range(chunks)]
        table = pd.concat(frames, ignore_index=True)
        return table.sort_values(["point", "run"], kind="stable").reset_index(drop=True)


def chunk_columns(
    point: int, first_run: int, metrics: Mapping[str, NDArray[np.float64]]
) -> dict[str, NDArray[Any]]:
    """A chunk's rows as columns: ``point``, ``run`` (numbered from ``first_run``), metrics."""
    runs = len(next(iter(metrics.values()))) if metrics else 0
    columns: dict[str, NDArray[Any]] = {
        "point": np.full(runs, point, dtype=np.int64),
        "run": np.arange(first_run, first_run + runs, dtype=np.int64),
    }
    columns.update({k: np.asarray(v, dtype=np.float64) for k, v in metrics.items()})
    return columns


def _atomic_write_text(path: Path, text: str) -> None:
    tmp = path.with_name(path.name + ".tmp")
    tmp.write_text(text)
    os.replace(tmp, path)


def write_parquet(frame: pd.DataFrame, path: Path) -> None:
    """Write a result table whole or not at all."""
    tmp = path.with_name(path.name + ".tmp")
    frame.to_parquet(tmp, index=False)
    os.replace(tmp, path)
