"""Reliability: concurrent writers lose and duplicate nothing; a killed writer leaves no trace.

Writers are separate processes (spawned, each with its own connections), as they would
be behind several API workers.
"""

from __future__ import annotations

import multiprocessing as mp
import os
import signal
import time
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import event as sa_event

from accord.ledger.chain import verify_regime
from accord.ledger.store import Ledger
from tests.ledger_support import BACKENDS, database, posture, russia

RID = "russia-2022"
WRITERS, EACH, BATCH = 8, 1000, 50
MEMBERS = ["DEU", "FRA", "ITA", "POL", "ESP", "NLD", "SWE", "FIN"]


def write(url: str, writer: int, count: int, batch: int) -> None:
    """Append ``count`` distinct events in batches (runs in a child process)."""
    ledger = Ledger.open(url, upgrade=False)
    for start in range(0, count, batch):
        raws = [
            posture(MEMBERS[writer], note=f"w{writer}-{i}")
            for i in range(start, min(start + batch, count))
        ]
        ledger.append(RID, raws, recorded_by=f"writer-{writer}")
    ledger.close()


def write_then_hang(url: str, ready: str) -> None:
    """Commit one batch, then stop inside the next batch's transaction, after its INSERT."""
    ledger = Ledger.open(url, upgrade=False)
    ledger.append(RID, [posture(note=f"first-{i}") for i in range(BATCH)], recorded_by="k")

    @sa_event.listens_for(ledger.engine, "after_cursor_execute")
    def hang(*args: Any) -> None:
        if "INSERT INTO events" in args[2]:
            Path(ready).write_text("inserted, not committed")
            time.sleep(120)

    ledger.append(RID, [posture(note=f"second-{i}") for i in range(BATCH)], recorded_by="k")


@pytest.fixture(params=BACKENDS)
def url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    url = database(request.param, tmp_path)
    led = Ledger.open(url)
    led.define_regime(RID, russia())
    led.close()
    return url


def test_concurrent_writers_lose_and_duplicate_nothing(url: str) -> None:
    ctx = mp.get_context("spawn")
    procs = [ctx.Process(target=write, args=(url, w, EACH, BATCH)) for w in range(WRITERS)]
    for p in procs:
        p.start()
    for p in procs:
        p.join(timeout=300)
        assert p.exitcode == 0
    ledger = Ledger.open(url)
    stored = list(ledger.stream(RID))
    notes = [s.event.note for s in stored]
    assert len(stored) == WRITERS * EACH
    assert set(notes) == {f"w{w}-{i}" for w in range(WRITERS) for i in range(EACH)}
    assert [s.seq for s in stored] == list(range(1, WRITERS * EACH + 1))
    report = verify_regime(ledger, RID)
    assert report.ok and report.checked == WRITERS * EACH
    ledger.close()


def test_a_writer_killed_mid_batch_leaves_no_partial_batch(url: str, tmp_path: Path) -> None:
    ready = tmp_path / "ready"
    proc = mp.get_context("spawn").Process(target=write_then_hang, args=(url, str(ready)))
    proc.start()
    deadline = time.monotonic() + 120
    while not ready.exists():
        assert time.monotonic() < deadline and proc.is_alive(), "the writer never got going"
        time.sleep(0.05)
    assert proc.pid is not None
    os.kill(proc.pid, signal.SIGKILL)
    proc.join(timeout=30)
    assert proc.exitcode == -signal.SIGKILL

    ledger = Ledger.open(url)
    notes = [s.event.note for s in ledger.stream(RID)]
    assert notes == [f"first-{i}" for i in range(BATCH)]
    assert verify_regime(ledger, RID).ok
    (after,) = ledger.append(RID, [posture("FRA", note="after")], recorded_by="next")
    assert after.seq == BATCH + 1
    assert verify_regime(ledger, RID).ok
    ledger.close()
