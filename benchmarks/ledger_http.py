"""What the ledger benchmark measures the server with: ``accord serve`` in its own
processes, and a client light enough not to be what is measured.

The client keeps ``concurrency`` HTTP/1.1 connections open and sends plain GET requests
on them with asyncio streams: tens of microseconds of CPU per request, where a full
client library (httpx) spends about a millisecond, on the same cores as the server. The
server's CPU time is read from ``/proc`` for its process and every worker it started, so
CPU per request is the server's own, apart from the client's.
"""

from __future__ import annotations

import asyncio
import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

TICK = os.sysconf("SC_CLK_TCK")


def tree_cpu(pid: int) -> float:
    """CPU seconds (user and system) of process ``pid`` and all its descendants."""
    parents: dict[int, int] = {}
    times: dict[int, float] = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:
            continue
        fields = stat[stat.rindex(")") + 2 :].split()
        parents[int(entry.name)] = int(fields[1])
        times[int(entry.name)] = (int(fields[11]) + int(fields[12])) / TICK
    family, grew = {pid}, True
    while grew:
        more = {p for p, parent in parents.items() if parent in family} - family
        family |= more
        grew = bool(more)
    return sum(times.get(p, 0.0) for p in family)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@contextmanager
def served(db: str, workers: int) -> Iterator[tuple[int, int]]:
    """``accord serve`` on ``db`` with ``workers`` processes: (its pid, its port)."""
    port = free_port()
    accord = Path(sys.executable).with_name("accord")
    command = [str(accord), "serve", "--db", db, "--port", str(port), "--workers", str(workers)]
    log = open(os.devnull, "w")  # noqa: SIM115 (closed below)
    server = subprocess.Popen(command, stdout=log, stderr=subprocess.STDOUT)
    try:
        deadline = time.monotonic() + 120
        while not asyncio.run(_ready(port)):
            if server.poll() is not None or time.monotonic() > deadline:
                raise SystemExit(f"the server did not start: {' '.join(command)}")
            time.sleep(0.2)
        yield server.pid, port
    finally:
        server.send_signal(signal.SIGINT)
        try:
            server.wait(30)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()
        log.close()


async def _ready(port: int) -> bool:
    try:
        client = await Client.open(port, {})
    except OSError:
        return False
    try:
        status, _ = await client.get("/api/health")
    except (OSError, asyncio.IncompleteReadError, ValueError):
        return False
    finally:
        client.close()
    return status == 200


class Client:
    """One kept-alive HTTP/1.1 connection sending GET requests."""

    def __init__(
        self,
        reader: asyncio.StreamReader,
        writer: asyncio.StreamWriter,
        headers: bytes,
        port: int,
    ) -> None:
        self.reader, self.writer, self.headers, self.port = reader, writer, headers, port

    @classmethod
    async def open(cls, port: int, headers: dict[str, str]) -> Client:
        reader, writer = await asyncio.open_connection("127.0.0.1", port)
        extra = "".join(f"{k}: {v}\r\n" for k, v in headers.items())
        return cls(reader, writer, f"Host: 127.0.0.1:{port}\r\n{extra}".encode(), port)

    async def get(self, url: str) -> tuple[int, bytes]:
        """One GET; once more on a new connection if the server had closed this one
        (uvicorn closes a connection idle for 5 s, as the others are while a first,
        cold request is computed)."""
        try:
            return await self._get(url)
        except (asyncio.IncompleteReadError, ConnectionError):
            self.writer.close()
            self.reader, self.writer = await asyncio.open_connection("127.0.0.1", self.port)
            return await self._get(url)

    async def _get(self, url: str) -> tuple[int, bytes]:
        self.writer.write(b"GET " + url.encode() + b" HTTP/1.1\r\n" + self.headers + b"\r\n")
        head = await self.reader.readuntil(b"\r\n\r\n")
        lines = head.decode("latin-1").split("\r\n")
        status = int(lines[0].split()[1])
        length = None
        for line in lines[1:]:
            name, _, value = line.partition(":")
            if name.strip().lower() == "content-length":
                length = int(value)
        if length is None:
            raise ValueError(f"no Content-Length in the answer to {url}")
        return status, await self.reader.readexactly(length)

    def close(self) -> None:
        self.writer.close()


async def timed(
    port: int, headers: dict[str, str], urls: list[str], concurrency: int
) -> list[float]:
    """Latency of each request, ``concurrency`` at a time on as many new connections."""
    clients = [await Client.open(port, headers) for _ in range(concurrency)]
    try:
        return await timed_on(clients, urls)
    finally:
        for c in clients:
            c.close()


async def timed_on(clients: list[Client], urls: list[str]) -> list[float]:
    """Latency of each request, as many at a time as there are (open) ``clients``."""
    queue = list(reversed(urls))
    latencies: list[float] = []

    async def worker(client: Client) -> None:
        while queue:
            url = queue.pop()
            start = time.perf_counter()
            status, body = await client.get(url)
            latencies.append(time.perf_counter() - start)
            if status != 200:
                raise SystemExit(f"read failed: {url} {status} {body[:300]!r}")

    await asyncio.gather(*(worker(c) for c in clients))
    return latencies
