"""The HTTP protocol ``accord serve`` runs: uvicorn's (its httptools parser, written in C,
where installed), with Nagle's algorithm turned off.

With ``--workers N`` uvicorn binds the listening socket itself, without naming the TCP
protocol, and asyncio then leaves ``TCP_NODELAY`` off on the connections it accepts: an
answer written as a head and a body waits for the client's delayed acknowledgement of
the head, about 40 ms on Linux, on every request of a kept-alive connection. Setting the
option on each connection, as asyncio does for sockets it creates, removes the wait.
"""

from __future__ import annotations

import contextlib
import socket
from typing import Any

from uvicorn.protocols.http.h11_impl import H11Protocol

try:  # the parser in C, when installed (uvicorn[standard]): a fraction of h11's CPU
    from uvicorn.protocols.http.httptools_impl import HttpToolsProtocol as _Base
except ImportError:  # pragma: no cover - depends on the installation
    _Base = H11Protocol  # type: ignore[assignment,misc]


class NoDelayHTTP(_Base):
    """uvicorn's HTTP/1.1 protocol, sending each write at once."""

    def connection_made(self, transport: Any) -> None:
        sock = transport.get_extra_info("socket")
        if sock is not None and sock.family in {socket.AF_INET, socket.AF_INET6}:
            with contextlib.suppress(OSError):  # not TCP after all: nothing to turn off
                sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        super().connection_made(transport)
