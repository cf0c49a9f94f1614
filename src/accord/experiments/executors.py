"""Executors: where the chunks of an experiment are computed.

``local`` uses every core through a process pool started with ``spawn`` (safe on every
platform and with threads in the parent; nothing about the start method is set at
import). ``ray`` sends the same chunks to a Ray cluster: the one at ``address``, or a
local one started for the command and shut down after it. Both call the same
top-level :func:`run_chunk`, whose result depends only on its arguments, so the same
seed gives the same numbers on either executor.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any, Literal

import numpy as np
from numpy.typing import NDArray

from accord.errors import InvalidArgument
from accord.experiments.contract import Design, check_metrics, resolve_evaluator
from accord.experiments.seeds import block_seed

ExecutorName = Literal["local", "ray"]
EXECUTORS: tuple[ExecutorName, ...] = ("local", "ray")
RAY_OBJECT_STORE_BYTES = 256 * 1024**2


@dataclass(frozen=True)
class Chunk:
    """One unit of work: ``runs`` runs of design ``point`` from run ``first_run`` on,
    simulated as run block ``block`` (whose seed it takes)."""

    index: int
    point: int
    block: int
    first_run: int
    runs: int
    months: int


Result = dict[str, NDArray[np.float64]]
OnDone = Callable[[Chunk, Result], None]


def run_chunk(evaluator: str, design: Design, chunk: Chunk, seed: int) -> Result:
    """Evaluate one chunk; a pure function of its arguments (spawn- and Ray-safe)."""
    evaluate = resolve_evaluator(evaluator)
    metrics = evaluate(design, chunk.runs, chunk.months, block_seed(seed, chunk.block))
    return check_metrics(evaluate, metrics, chunk.runs)


def default_workers() -> int:
    """All cores this process may use."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # pragma: no cover - platforms without affinity
        return max(1, os.cpu_count() or 1)


def execute(
    evaluator: str,
    designs: Sequence[Design],
    chunks: Sequence[Chunk],
    seed: int,
    on_done: OnDone,
    executor: ExecutorName = "local",
    workers: int | None = None,
) -> None:
    """Compute ``chunks`` and hand each result to ``on_done`` as soon as it is ready
    (for Ray, inside :func:`session`)."""
    if not chunks:
        return
    n = workers if workers is not None else default_workers()
    job = Job(evaluator, designs, seed)
    if executor == "ray":
        _execute_ray(job, chunks, on_done, n)
    elif n == 1 or len(chunks) == 1:
        for c in chunks:
            on_done(c, run_chunk(*job.args(c)))
    else:
        _execute_pool(job, chunks, on_done, n)


@dataclass(frozen=True)
class Job:
    """What every chunk of an experiment shares."""

    evaluator: str
    designs: Sequence[Design]
    seed: int

    def args(self, c: Chunk) -> tuple[str, Design, Chunk, int]:
        """The arguments of :func:`run_chunk` for chunk ``c``."""
        return (self.evaluator, self.designs[c.point], c, self.seed)


def _execute_pool(job: Job, chunks: Sequence[Chunk], on_done: OnDone, workers: int) -> None:
    import multiprocessing
    from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait

    context = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(max_workers=min(workers, len(chunks)), mp_context=context) as pool:

        def submit(c: Chunk) -> Future[Result]:
            return pool.submit(run_chunk, *job.args(c))

        def finished(running: list[Future[Result]]) -> list[tuple[Future[Result], Result]]:
            done, _ = wait(running, return_when=FIRST_COMPLETED)
            return [(f, f.result()) for f in done]

        _drain(chunks, 2 * workers, submit, finished, on_done)


def _drain(
    chunks: Sequence[Chunk],
    limit: int,
    submit: Callable[[Chunk], Any],
    finished: Callable[[list[Any]], list[tuple[Any, Result]]],
    on_done: OnDone,
) -> None:
    """Keep at most ``limit`` chunks in flight and hand each result on as it arrives, so
    a large experiment's designs are not all sent up front and results are written while
    others compute."""
    queue = list(reversed(chunks))
    running: dict[Any, Chunk] = {}
    while queue or running:
        while queue and len(running) < limit:
            c = queue.pop()
            running[submit(c)] = c
        for handle, result in finished(list(running)):
            on_done(running.pop(handle), result)


@contextmanager
def session(executor: ExecutorName, workers: int | None, address: str | None) -> Iterator[None]:
    """Hold the executor's resources for one command: for Ray, connect to the cluster at
    ``address`` or start a local one (shut down on leaving), before anything is written,
    so a cluster that cannot be reached leaves no output behind."""
    if executor != "ray":
        yield
        return
    import ray

    if ray.is_initialized():  # a cluster the caller already holds
        yield
        return
    options: dict[str, Any] = {"include_dashboard": False, "log_to_driver": False}
    # Workers import the evaluator by name: give them the driver's import path.
    options["runtime_env"] = {"env_vars": {"PYTHONPATH": os.pathsep.join(p for p in sys.path if p)}}
    try:
        if address is None:
            # "local": a new cluster for this command, even if another one runs here.
            ray.init(
                address="local",
                num_cpus=workers if workers is not None else default_workers(),
                object_store_memory=RAY_OBJECT_STORE_BYTES,
                **options,
            )
        else:
            _check_reachable(address)
            ray.init(address=address, **options)
    except (ConnectionError, ValueError, RuntimeError) as exc:
        where = f"at {address}" if address else "locally"
        raise InvalidArgument(
            f"cannot start or reach a Ray cluster {where}: {exc}",
            [{"loc": "--address", "msg": str(exc), "expected": "a reachable Ray cluster"}],
        ) from None
    try:
        yield
    finally:
        ray.shutdown()


def _check_reachable(address: str, timeout: float = 5.0) -> None:
    """Fail fast on a ``host:port`` (or ``ray://host:port``) nobody listens on, rather
    than let Ray retry for minutes."""
    import socket

    host, sep, port = address.removeprefix("ray://").rpartition(":")
    if not sep or not port.isdigit():
        return  # "auto" and other forms Ray resolves itself
    try:
        socket.create_connection((host, int(port)), timeout=timeout).close()
    except OSError as exc:
        raise ConnectionError(f"nothing answers at {host}:{port} ({exc.strerror or exc})") from None


def _execute_ray(job: Job, chunks: Sequence[Chunk], on_done: OnDone, workers: int) -> None:
    import ray

    remote = ray.remote(num_cpus=1)(run_chunk)

    def submit(c: Chunk) -> Any:
        return remote.remote(*job.args(c))

    def finished(running: list[Any]) -> list[tuple[Any, Result]]:
        done, _ = ray.wait(running, num_returns=1)
        return [(ref, ray.get(ref)) for ref in done]

    _drain(chunks, 2 * workers, submit, finished, on_done)
