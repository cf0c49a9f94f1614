"""Ledger benchmark: ingest rate and read latency at 100,000 events.

Each figure is set against a peer run in the same process on the same machine: ingest
against a bare ``executemany`` of the same rows into the same table shape (no checks, no
hashes, no chain), reads against the same page fetched with bare SQL. The ratio says
what the ledger's checks, hashing and HTTP layer cost on top of the database.

    python benchmarks/ledger.py                      # SQLite, 100,000 events
    python benchmarks/ledger.py --postgres URL       # and PostgreSQL
"""

from __future__ import annotations

import argparse
import json
import os
import sqlite3
import tempfile
import time
from pathlib import Path
from typing import Any

import numpy as np

from accord.domain import add_months
from accord.ledger import canonical as c
from accord.ledger.rows import indexed
from accord.ledger.store import Ledger
from accord.scenario import load_scenario

ROOT = Path(__file__).resolve().parent.parent
RID = "russia-2022"


def make_events(n: int, rng: np.random.Generator) -> list[dict[str, Any]]:
    """``n`` distinct, valid posture declarations and compliance reports."""
    regime = load_scenario(ROOT / "src" / "accord" / "scenarios" / "russia-2022.toml")
    members, measures = regime.member_codes, regime.measure_ids
    days = (add_months(regime.start, regime.horizon_months) - regime.start).days
    m = rng.integers(0, len(members), n)
    k = rng.integers(0, len(measures), n)
    d = rng.integers(0, days, n)
    lv = rng.random(n).round(3)
    out = []
    for i in range(n):
        when = regime.start.toordinal() + int(d[i])
        base = {
            "date": str(type(regime.start).fromordinal(when)),
            "member": members[m[i]],
            "measure": measures[k[i]],
            "level": float(lv[i]),
            "note": f"bench-{i}",
        }
        if i % 2:
            out.append({"kind": "compliance_report", **base})
        else:
            out.append({"kind": "posture_declared", "posture": "adjust", **base})
    return out


def ingest(url: str, events: list[dict[str, Any]], batch: int) -> tuple[Ledger, float, float]:
    """Events per second of wall-clock time and per second of this process's CPU time (the
    second is what a loaded machine does not change, for SQLite, which runs in-process)."""
    ledger = Ledger.open(url)
    ledger.define_regime(
        RID, load_scenario(ROOT / "src" / "accord" / "scenarios" / "russia-2022.toml")
    )
    t, cpu = time.perf_counter(), time.process_time()
    for s in range(0, len(events), batch):
        ledger.append(RID, events[s : s + batch], recorded_by="bench")
    n = len(events)
    return ledger, n / (time.perf_counter() - t), n / (time.process_time() - cpu)


def bare_sqlite_ingest(path: Path, events: list[dict[str, Any]], batch: int) -> tuple[float, float]:
    """The peer: the same rows into the same table shape, one executemany per batch."""
    conn = sqlite3.connect(path, isolation_level=None)
    conn.execute("PRAGMA journal_mode=WAL")
    conn.execute("PRAGMA synchronous=NORMAL")
    conn.execute(
        "CREATE TABLE events (id TEXT PRIMARY KEY, regime_id TEXT, seq INTEGER, kind TEXT,"
        " date TEXT, member TEXT, measure TEXT, body TEXT, prev TEXT, hash TEXT,"
        " recorded_at TEXT, recorded_by TEXT, UNIQUE (regime_id, seq))"
    )
    for col in ("member", "measure", "date", "kind"):
        conn.execute(f"CREATE INDEX ix_{col} ON events (regime_id, {col}, seq)")
    bodies = [json.dumps(e, sort_keys=True) for e in events]
    t, cpu = time.perf_counter(), time.process_time()
    for s in range(0, len(events), batch):
        rows = [
            (
                f"id{i}",
                RID,
                i + 1,
                e["kind"],
                e["date"],
                e["member"],
                e["measure"],
                b,
                "",
                "",
                "",
                "",
            )
            for i, (e, b) in enumerate(
                zip(events[s : s + batch], bodies[s : s + batch], strict=True), start=s
            )
        ]
        conn.execute("BEGIN IMMEDIATE")
        conn.executemany("INSERT INTO events VALUES (?,?,?,?,?,?,?,?,?,?,?,?)", rows)
        conn.execute("COMMIT")
    rates = len(events) / (time.perf_counter() - t), len(events) / (time.process_time() - cpu)
    conn.close()
    return rates


def queries(n: int, total: int, rng: np.random.Generator) -> list[dict[str, Any]]:
    regime = load_scenario(ROOT / "src" / "accord" / "scenarios" / "russia-2022.toml")
    out: list[dict[str, Any]] = []
    for i in range(n):
        q: dict[str, Any] = {"limit": 100, "after": int(rng.integers(0, total))}
        if i % 3 == 0:
            q["member"] = regime.member_codes[int(rng.integers(0, len(regime.member_codes)))]
        if i % 3 == 1:
            q["measure"] = regime.measure_ids[int(rng.integers(0, len(regime.measure_ids)))]
        if i % 4 == 2:
            q["since"] = "2023-01-01"
            q["until"] = "2024-06-30"
        out.append(q)
    return out


def api_latencies(ledger: Ledger, qs: list[dict[str, Any]]) -> np.ndarray[Any, Any]:
    from fastapi.testclient import TestClient

    from accord.api.app import create_app
    from accord.ledger.tokens import Role, issue_token

    token = issue_token(ledger, f"bench-{time.time_ns()}", Role.OBSERVER)
    client = TestClient(create_app(ledger))
    client.headers["Authorization"] = f"Bearer {token}"
    lat = []
    for q in qs:
        t = time.perf_counter()
        r = client.get(f"/api/regimes/{RID}/events", params=q)
        lat.append(time.perf_counter() - t)
        if r.status_code != 200:
            raise SystemExit(f"read failed: {r.status_code} {r.text}")
    return np.array(lat)


def bare_latencies(path: Path, qs: list[dict[str, Any]]) -> np.ndarray[Any, Any]:
    """The peer: the same page with bare SQL on the ledger's own file."""
    conn = sqlite3.connect(path)
    lat = []
    for q in qs:
        sql, args = "SELECT * FROM events WHERE regime_id = ? AND seq > ?", [RID, q["after"]]
        for col in ("member", "measure"):
            if col in q:
                sql += f" AND {col} = ?"
                args.append(q[col])
        if "since" in q:
            sql += " AND date >= ? AND date <= ?"
            args += [q["since"], q["until"]]
        t = time.perf_counter()
        rows = conn.execute(sql + " ORDER BY seq LIMIT 101", args).fetchall()
        [json.loads(r[7]) for r in rows]
        lat.append(time.perf_counter() - t)
    conn.close()
    return np.array(lat)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--events", type=int, default=100_000)
    ap.add_argument("--batch", type=int, default=100)
    ap.add_argument("--requests", type=int, default=1000)
    ap.add_argument("--seed", type=int, default=20220224)
    ap.add_argument("--postgres", help="also measure ingest on this PostgreSQL URL")
    args = ap.parse_args()
    rng = np.random.default_rng(args.seed)
    events = make_events(args.events, rng)
    singles = make_events(1000, np.random.default_rng(args.seed + 1))
    for e in singles:
        e["note"] = "single-" + e["note"]
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "ledger.sqlite"
        print(f"load average before: {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores")
        ledger, rate, cpu_rate = ingest(f"sqlite:///{path}", events, args.batch)
        peer, peer_cpu = bare_sqlite_ingest(Path(tmp) / "bare.sqlite", events, args.batch)
        print(
            f"SQLite ingest, batches of {args.batch}: {rate:,.0f} events/s "
            f"({cpu_rate:,.0f} per CPU-second); bare executemany {peer:,.0f} events/s "
            f"({peer_cpu:,.0f} per CPU-second); ratio {rate / peer:.3f} "
            f"(CPU: {cpu_rate / peer_cpu:.3f})"
        )
        t = time.perf_counter()
        for e in singles:
            ledger.append(RID, [e], recorded_by="bench")
        print(
            f"SQLite ingest, one event per transaction: "
            f"{len(singles) / (time.perf_counter() - t):,.0f} events/s"
        )
        total = ledger.regime_info(RID).events
        qs = queries(args.requests, total, rng)
        api = api_latencies(ledger, qs)
        bare = bare_latencies(path, qs)
        p50, p99 = np.percentile(api, [50, 99]) * 1000
        b50, b99 = np.percentile(bare, [50, 99]) * 1000
        print(
            f"Read GET /events (limit 100, filters) at {total:,} events, {len(qs)} requests: "
            f"p50 {p50:.2f} ms, p99 {p99:.2f} ms; bare SQL p50 {b50:.2f} ms, p99 {b99:.2f} ms; "
            f"p99 ratio {p99 / b99:.1f}"
        )
        t = time.perf_counter()
        from accord.ledger.chain import verify_regime

        ok = verify_regime(ledger, RID).ok
        print(f"verify at {total:,} events: {time.perf_counter() - t:.2f} s (intact: {ok})")
        check = c.event_id(RID, c.event_body(ledger.events(RID).items[0].event))
        assert check == ledger.events(RID).items[0].id and indexed(ledger.events(RID).items[0].body)
        ledger.close()
    if args.postgres:
        from sqlalchemy import text

        from accord.ledger.engine import make_engine
        from accord.ledger.tables import Base

        engine = make_engine(args.postgres)  # start from an empty schema
        with engine.begin() as conn:
            Base.metadata.drop_all(conn)
            conn.execute(text("DROP TABLE IF EXISTS alembic_version"))
        engine.dispose()
        pg, rate, _ = ingest(args.postgres, events, args.batch)
        print(f"PostgreSQL ingest, batches of {args.batch}: {rate:,.0f} events/s")
        pg.close()


if __name__ == "__main__":
    main()
