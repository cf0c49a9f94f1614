"""Ledger benchmark: ingest rate, and the latency of every read endpoint and dashboard
page at 100,000 events with 8 requests at a time.

Each figure is set against a peer run in the same job on the same machine: ingest against
a bare ``executemany`` of the same rows into the same table shape (no checks, no hashes,
no chain, no signature), reads against the query a hand-written server would run with
bare SQL on the ledger's own file. Reads go to ``accord serve --workers 2`` in its own
processes from a light asyncio client (:mod:`ledger_http`), so the server's CPU per
request is measured apart from the client's. The first request of each read is reported
apart: it is what a fresh server (or the first read after a new event) pays to prepare
the answer that the later ones share; so is the slowest request of a first pass over the
plan (an answer for a date or a filter not asked before). Each read ends with a PASS or
FAIL line against the goal, p99 < 50 ms.

    python benchmarks/ledger.py                        # SQLite, 100,000 events
    python benchmarks/ledger.py --fixture .bench-100k  # keep the built ledger, reuse it
    python benchmarks/ledger.py --postgres URL         # and PostgreSQL ingest
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import shutil
import sqlite3
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import numpy as np

from accord.domain import add_months
from accord.ledger import canonical as c
from accord.ledger.records import EventQuery
from accord.ledger.rows import indexed
from accord.ledger.store import Ledger
from accord.scenario import load_scenario

sys.path.insert(0, str(Path(__file__).parent))
from ledger_http import Client, served, timed_on, tree_cpu

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


MONTH_ENDS = [f"{y}-{m:02d}-28" for y in (2022, 2023) for m in range(1, 13)]
"""The dates projections and metrics are asked for: 24 distinct ones, each computed once."""


def read_plan(ledger: Ledger, n: int, rng: np.random.Generator) -> dict[str, list[str]]:
    """``n`` requests per read endpoint and dashboard page, their parameters drawn at random."""
    regime = ledger.regime(RID)
    total = ledger.regime_info(RID).visible
    ids = [s.id for s in ledger.events(RID, EventQuery(limit=1000)).items]
    members, measures = regime.member_codes, regime.measure_ids

    def pick(xs: list[str] | tuple[str, ...]) -> str:
        return xs[int(rng.integers(0, len(xs)))]

    api = f"/api/regimes/{RID}"
    plan: dict[str, list[str]] = {
        "GET /api/regimes": ["/api/regimes"] * n,
        "GET /api/regimes/{id}": [api] * n,
        "GET …/events": [
            f"{api}/events?limit=100&after={int(rng.integers(0, total))}"
            + [f"&member={pick(members)}", f"&measure={pick(measures)}", "&since=2023-01-01"][i % 3]
            for i in range(n)
        ],
        "GET …/events/{event_id}": [f"{api}/events/{pick(ids)}" for _ in range(n)],
        "GET …/chain": [f"{api}/chain"] * n,
        "GET …/projection?at=": [f"{api}/projection?at={pick(MONTH_ENDS)}" for _ in range(n)],
        "GET …/metrics?at=": [f"{api}/metrics?at={pick(MONTH_ENDS)}" for _ in range(n)],
        "page /": ["/"] * n,
        "page status": [f"/regimes/{RID}?at={pick(MONTH_ENDS)}" for _ in range(n)],
        "page timeline": [f"/regimes/{RID}/timeline?member={pick(members)}" for _ in range(n)],
        "page timeline rows": [
            f"/regimes/{RID}/timeline/rows?after={int(rng.integers(0, total))}" for _ in range(n)
        ],
        "page matrix": [f"/regimes/{RID}/matrix?at={pick(MONTH_ENDS)}" for _ in range(n)],
        "page record form": [f"/regimes/{RID}/record"] * n,
    }
    return plan


def api_latencies(
    ledger: Ledger, db: str, plan: dict[str, list[str]], concurrency: int, workers: int
) -> tuple[dict[str, np.ndarray[Any, Any]], dict[str, dict[str, float]]]:
    """Per read, through ``accord serve`` in its own processes: the latencies of its
    requests ``concurrency`` at a time; the first request alone on the fresh server (what
    preparing the answer costs once); the slowest request of a first pass over the plan
    (answers for dates or filters not asked before, computed once by each worker); the
    server's and the client's CPU time per request in the timed run. The first pass and
    the timed run use the same kept-alive connections, so each worker has seen the
    plan's dates before it is timed on them."""
    from accord.ledger.tokens import Role, issue_token

    token = issue_token(ledger, f"bench-{time.time_ns()}", Role.OBSERVER)
    headers = {"Authorization": f"Bearer {token}"}
    figures: dict[str, dict[str, float]] = {name: {} for name in plan}

    async def measure(pid: int, port: int) -> dict[str, np.ndarray[Any, Any]]:
        clients = [await Client.open(port, headers) for _ in range(concurrency)]
        out: dict[str, np.ndarray[Any, Any]] = {}
        try:
            for name, urls in plan.items():
                figures[name]["first"] = (await timed_on(clients[:1], urls[:1]))[0]
            for name, urls in plan.items():
                figures[name]["pass"] = max(await timed_on(clients, urls))
            for name, urls in plan.items():
                server, client = tree_cpu(pid), time.process_time()
                out[name] = np.array(await timed_on(clients, urls))
                figures[name]["server_cpu"] = (tree_cpu(pid) - server) / len(urls)
                figures[name]["client_cpu"] = (time.process_time() - client) / len(urls)
        finally:
            for c in clients:
                c.close()
        return out

    with served(db, workers) as (pid, port):
        latencies = asyncio.run(measure(pid, port))
    return latencies, figures


PEER_SQL: dict[str, tuple[str, str]] = {
    "GET /api/regimes": ("SELECT * FROM regimes", ""),
    "GET /api/regimes/{id}": ("SELECT * FROM regimes WHERE id = ?", "rid"),
    "GET …/events/{event_id}": ("SELECT * FROM events WHERE id = ?", "id"),
    "GET …/chain": (
        "SELECT r.head_seq, r.head_hash, e.hash FROM regimes r JOIN events e"
        " ON e.regime_id = r.id AND e.seq = r.head_seq WHERE r.id = ?",
        "rid",
    ),
    "GET …/projection?at=": (
        "SELECT member, measure, max(seq) FROM events WHERE regime_id = ? AND date <= ?"
        " GROUP BY member, measure",
        "rid,at",
    ),
    "GET …/metrics?at=": (
        "SELECT kind, count(*) FROM events WHERE regime_id = ? GROUP BY kind",
        "rid",
    ),
}
"""The bare-SQL peer of each read: the query a hand-written server would run for it (the
latest level per member and measure for a projection, counts by kind for metrics)."""


def bare_latencies(
    path: Path, plan: dict[str, list[str]], qs: list[dict[str, Any]], ids: list[str]
) -> dict[str, np.ndarray[Any, Any]]:
    """The peers, run on the ledger's own file with one connection."""
    conn = sqlite3.connect(path)
    out: dict[str, np.ndarray[Any, Any]] = {}
    for name, (sql, params) in PEER_SQL.items():
        lat = []
        for i in range(len(plan[name])):
            args = {"rid": RID, "at": MONTH_ENDS[i % len(MONTH_ENDS)], "id": ids[i % len(ids)]}
            values = [args[p] for p in params.split(",") if p]
            t = time.perf_counter()
            conn.execute(sql, values).fetchall()
            lat.append(time.perf_counter() - t)
        out[name] = np.array(lat)
    lat = []
    for q in qs:
        sql, values = "SELECT * FROM events WHERE regime_id = ? AND seq > ?", [RID, q["after"]]
        for col in ("member", "measure"):
            if col in q:
                sql += f" AND {col} = ?"
                values.append(q[col])
        if "since" in q:
            sql += " AND date >= ? AND date <= ?"
            values += [q["since"], q["until"]]
        t = time.perf_counter()
        rows = conn.execute(sql + " ORDER BY seq LIMIT 101", values).fetchall()
        [json.loads(r[7]) for r in rows]
        lat.append(time.perf_counter() - t)
    out["GET …/events"] = np.array(lat)
    conn.close()
    return out


GOAL_MS = 50.0
FIXTURE_FILES = ("ledger.sqlite", "ledger.sqlite.key", "ledger.sqlite.anchor.jsonl")


def build(args: argparse.Namespace, path: Path) -> Ledger:
    """The ledger of ``args.events`` events plus 1,000 appended one per transaction, its
    ingest measured against the bare peer; or, with ``--fixture`` holding one built with
    the same events, batch and seed, a copy of that (ingest is then not measured)."""
    marker = {"events": args.events, "batch": args.batch, "seed": args.seed}
    saved = None if args.fixture is None else Path(args.fixture)
    stamp = None if saved is None else saved / "fixture.json"
    if stamp is not None and stamp.is_file() and json.loads(stamp.read_text()) == marker:
        for name in FIXTURE_FILES:
            shutil.copy(stamp.parent / name, path.parent / name)
        print(f"ledger copied from the fixture in {stamp.parent} (ingest not measured)")
        return Ledger.open(f"sqlite:///{path}")
    rng = np.random.default_rng(args.seed)
    events = make_events(args.events, rng)
    singles = make_events(1000, np.random.default_rng(args.seed + 1))
    for e in singles:
        e["note"] = "single-" + e["note"]
    ledger, rate, cpu_rate = ingest(f"sqlite:///{path}", events, args.batch)
    peer, peer_cpu = bare_sqlite_ingest(path.parent / "bare.sqlite", events, args.batch)
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
    if saved is not None:
        ledger.close()  # the last connection folds the write-ahead log into the file
        saved.mkdir(parents=True, exist_ok=True)
        for name in FIXTURE_FILES:
            shutil.copy(path.parent / name, saved / name)
        (saved / "fixture.json").write_text(json.dumps(marker))
        ledger = Ledger.open(f"sqlite:///{path}")
    return ledger


def report(
    api: dict[str, np.ndarray[Any, Any]],
    figures: dict[str, dict[str, float]],
    bare: dict[str, np.ndarray[Any, Any]],
    concurrency: int,
    workers: int,
) -> None:
    """The table of reads and one PASS or FAIL line per read against the goal."""
    print(
        "| read | first | slowest of a first pass | server CPU per request | client CPU "
        "per request | p50 | p99 | bare SQL p50 | bare SQL p99 |"
    )
    print("|---|---|---|---|---|---|---|---|---|")
    verdicts = []
    for name, lat in api.items():
        f = figures[name]
        p50, p99 = np.percentile(lat, [50, 99]) * 1000
        sql = bare.get(name)
        b50, b99 = (
            ("—", "—")
            if sql is None
            else tuple(f"{np.percentile(sql, q) * 1000:.2f}" for q in (50, 99))
        )
        print(
            f"| {name} | {f['first'] * 1000:.0f} | {f['pass'] * 1000:.1f} "
            f"| {f['server_cpu'] * 1000:.2f} | {f['client_cpu'] * 1000:.2f} "
            f"| {p50:.1f} | {p99:.1f} | {b50} | {b99} |"
        )
        verdicts.append((name, p99))
    for name, p99 in verdicts:
        verdict = "PASS" if p99 < GOAL_MS else "FAIL"
        print(f"{verdict} {name}: p99 {p99:.1f} ms (goal < {GOAL_MS:.0f} ms)")
    worst_cpu = max(f["server_cpu"] for f in figures.values()) * 1000
    cores = min(workers, os.cpu_count() or 1)
    print(
        f"{sum(p < GOAL_MS for _, p in verdicts)} of {len(verdicts)} reads meet the goal; "
        f"a request waiting behind {concurrency - 1} others at the largest server CPU per "
        f"request ({worst_cpu:.2f} ms) on {cores} core(s): "
        f"{concurrency * worst_cpu / cores:.1f} ms"
    )


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--events", type=int, default=100_000)
    ap.add_argument("--batch", type=int, default=100)
    ap.add_argument("--requests", type=int, default=200, help="requests per read")
    ap.add_argument("--concurrency", type=int, default=8)
    ap.add_argument("--workers", type=int, default=2, help="accord serve --workers")
    ap.add_argument("--seed", type=int, default=20220224)
    ap.add_argument("--fixture", help="keep the built ledger here and reuse it next time")
    ap.add_argument("--postgres", help="also measure ingest on this PostgreSQL URL")
    args = ap.parse_args()
    rng = np.random.default_rng(args.seed + 2)
    print(f"load average before: {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores")
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "ledger.sqlite"
        ledger = build(args, path)
        total = ledger.regime_info(RID).events
        qs = queries(args.requests, total, rng)
        plan = read_plan(ledger, args.requests, rng)
        ids = [s.id for s in ledger.events(RID, EventQuery(limit=1000)).items]
        url = f"sqlite:///{path}"
        api, figures = api_latencies(ledger, url, plan, args.concurrency, args.workers)
        bare = bare_latencies(path, plan, qs, ids)
        print(
            f"Reads at {total:,} events through accord serve --workers {args.workers}, "
            f"{args.requests} requests each, concurrency {args.concurrency} (ms):"
        )
        report(api, figures, bare, args.concurrency, args.workers)
        from accord.ledger.chain import verify

        t = time.perf_counter()
        ok = all(r.ok for r in verify(ledger, RID))
        print(f"verify at {total:,} events: {time.perf_counter() - t:.2f} s (intact: {ok})")
        check = c.event_id(RID, c.event_body(ledger.events(RID).items[0].event))
        assert check == ledger.events(RID).items[0].id and indexed(ledger.events(RID).items[0].body)
        ledger.close()
    print(f"load average after: {os.getloadavg()[0]:.1f}")
    if args.postgres:
        from sqlalchemy import text

        from accord.ledger.engine import make_engine
        from accord.ledger.tables import Base

        engine = make_engine(args.postgres)  # start from an empty schema
        with engine.begin() as conn:
            Base.metadata.drop_all(conn)
            conn.execute(text("DROP TABLE IF EXISTS alembic_version"))
        engine.dispose()
        events = make_events(args.events, np.random.default_rng(args.seed))
        pg, rate, _ = ingest(args.postgres, events, args.batch)
        print(f"PostgreSQL ingest, batches of {args.batch}: {rate:,.0f} events/s")
        pg.close()


if __name__ == "__main__":
    main()
