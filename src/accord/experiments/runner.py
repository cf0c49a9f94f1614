"""Run an experiment: plan its chunks, compute the unfinished ones, gather the runs.

An experiment is a list of designs, each simulated for the same runs (run ``i`` of
every design in the same run block, hence on the same shocks). Its chunks are written
as they finish; rerunning it into the same directory computes only the chunks that are
missing, and the gathered table is the same whether or not the work was interrupted.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from accord.errors import InvalidArgument
from accord.estimate.defaults import explicit_fields
from accord.experiments.contract import Design
from accord.experiments.executors import Chunk, ExecutorName, Result, execute, session
from accord.experiments.store import ChunkStore, chunk_columns

if TYPE_CHECKING:
    import pandas as pd

DEFAULT_BLOCK_RUNS = 250
MAX_RUNS = 10_000_000


@dataclass(frozen=True)
class Experiment:
    """What determines an experiment's numbers (and so its fingerprint)."""

    kind: str
    evaluator: str
    designs: Sequence[Design]
    runs: int
    months: Sequence[int]
    seed: int
    block_runs: int = DEFAULT_BLOCK_RUNS
    about: Mapping[str, Any] = field(default_factory=dict)

    def __post_init__(self) -> None:
        if not 1 <= self.runs <= MAX_RUNS:
            raise InvalidArgument(f"--runs must be between 1 and {MAX_RUNS}, got {self.runs}")
        if self.seed < 0:
            raise InvalidArgument(f"--seed must be a non-negative integer, got {self.seed}")
        if self.block_runs < 1:
            raise InvalidArgument(f"--chunk-runs must be at least 1, got {self.block_runs}")
        if len(self.months) != len(self.designs) or not self.designs:
            raise InvalidArgument("an experiment needs one horizon per design")
        for m in self.months:
            if not 1 <= m <= 600:
                raise InvalidArgument(f"--months must be between 1 and 600, got {m}")

    def chunks(self) -> list[Chunk]:
        """Every chunk: each design's runs cut into blocks of ``block_runs``."""
        out: list[Chunk] = []
        blocks = -(-self.runs // self.block_runs)
        for point in range(len(self.designs)):
            for block in range(blocks):
                first = block * self.block_runs
                out.append(
                    Chunk(
                        index=len(out),
                        point=point,
                        block=block,
                        first_run=first,
                        runs=min(self.block_runs, self.runs - first),
                        months=self.months[point],
                    )
                )
        return out

    def spec(self) -> dict[str, Any]:
        """The specification hashed into the fingerprint (designs by content hash)."""
        digest = hashlib.sha256()
        chosen: dict[str, str] = {}
        for d in self.designs:
            digest.update(d.regime.model_dump_json().encode())
            digest.update(b"|" + (d.model.model_dump_json().encode() if d.model else b"-"))
            # What a scenario's [model] sets explicitly decides what the posterior sets.
            digest.update(b"|" + ",".join(sorted(explicit_fields(d.regime.model))).encode())
            chosen = d.parameters.fingerprint()
            digest.update(b"|" + json.dumps(chosen, sort_keys=True).encode())
        return {
            "kind": self.kind,
            "evaluator": self.evaluator,
            "designs": len(self.designs),
            "designs_sha256": digest.hexdigest(),
            "runs": self.runs,
            "months": list(self.months),
            "seed": self.seed,
            "block_runs": self.block_runs,
            "parameters": chosen,
            "about": dict(self.about),
        }


def prepare(experiment: Experiment, out: Path) -> ChunkStore:
    """The experiment's store, checked but not yet created (nothing is written)."""
    store = ChunkStore(out, experiment.spec())
    store.check()
    return store


def run(
    experiment: Experiment,
    store: ChunkStore,
    executor: ExecutorName = "local",
    workers: int | None = None,
    address: str | None = None,
    progress: bool = True,
) -> pd.DataFrame:
    """Compute the unfinished chunks (with a progress bar) and return every run's metrics:
    one row per (point, run), ordered."""
    from rich.console import Console
    from rich.progress import MofNCompleteColumn, Progress, TimeRemainingColumn

    chunks = experiment.chunks()
    finished = store.finished()
    todo = [c for c in chunks if c.index not in finished]
    columns = (*Progress.get_default_columns()[:-1], MofNCompleteColumn(), TimeRemainingColumn())
    # The executor first: a cluster that cannot be reached leaves nothing written.
    with session(executor if todo else "local", workers, address):
        store.open()
        with Progress(
            *columns, console=Console(stderr=True), disable=not progress, transient=False
        ) as bar:
            label = f"{experiment.kind}: {experiment.runs} runs x {len(experiment.designs)} designs"
            task = bar.add_task(label, total=len(chunks), completed=len(chunks) - len(todo))

            def done(chunk: Chunk, result: Result) -> None:
                store.write_chunk(chunk.index, chunk.point, chunk.first_run, result)
                bar.advance(task)

            execute(
                experiment.evaluator,
                experiment.designs,
                todo,
                experiment.seed,
                done,
                executor=executor,
                workers=workers,
            )
    return store.gather(len(chunks))


def run_in_memory(
    experiment: Experiment,
    executor: ExecutorName = "local",
    workers: int | None = None,
    address: str | None = None,
) -> pd.DataFrame:
    """Every run's metrics, computed without writing anything (the Python API's way):
    the same rows, in the same order, as :func:`run` gathers from its store."""
    import pandas as pd

    parts: dict[int, pd.DataFrame] = {}

    def done(chunk: Chunk, result: Result) -> None:
        parts[chunk.index] = pd.DataFrame(chunk_columns(chunk.point, chunk.first_run, result))

    chunks = experiment.chunks()
    with session(executor, workers, address):
        execute(
            experiment.evaluator,
            experiment.designs,
            chunks,
            experiment.seed,
            done,
            executor=executor,
            workers=workers,
        )
    table = pd.concat([parts[c.index] for c in chunks], ignore_index=True)
    return table.sort_values(["point", "run"], kind="stable").reset_index(drop=True)


__all__ = ["Experiment", "prepare", "run", "run_in_memory"]
