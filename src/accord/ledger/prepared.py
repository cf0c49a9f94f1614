"""Statements compiled once for the database and run on the driver's own cursor.

The reads every request makes (the token, the regime's head, a page of events) are small
index lookups that SQLite answers in tens of microseconds; building, caching and
compiling a SQLAlchemy statement and wrapping each row cost several times that, and for a
page of a hundred events most of a millisecond. A :class:`Prepared` statement is written
with SQLAlchemy (so it is the same SQL on SQLite and PostgreSQL), compiled once per
dialect, and executed with plain values; rows come back as the driver's tuples (on SQLite
a boolean column reads as 0 or 1, a date as its ISO text).
"""

from __future__ import annotations

import threading
from collections.abc import Hashable, Mapping
from datetime import date
from typing import Any

from sqlalchemy import Connection, Engine
from sqlalchemy.sql import ClauseElement


class Prepared:
    """One statement, compiled for the dialect of the engine it is first run on."""

    def __init__(self, statement: ClauseElement) -> None:
        self.statement = statement
        self._compiled: dict[str, tuple[str, tuple[str, ...] | None, dict[str, Any]]] = {}

    def _for(self, engine: Engine) -> tuple[str, tuple[str, ...] | None, dict[str, Any]]:
        """The SQL text, the order of its parameters when the driver takes them by
        position, and the values the statement itself fixes (e.g. a ``LIMIT 1``)."""
        name = engine.dialect.name
        known = self._compiled.get(name)
        if known is None:
            compiled = self.statement.compile(dialect=engine.dialect)
            positions = getattr(compiled, "positiontup", None) or ()
            order = tuple(positions) if engine.dialect.positional else None
            fixed = {k: v for k, v in compiled.params.items() if v is not None}
            known = self._compiled[name] = (str(compiled), order, fixed)
        return known

    def rows(self, conn: Connection, params: Mapping[str, Any]) -> list[tuple[Any, ...]]:
        """Every row, on ``conn`` (a pooled connection: its driver connection is used)."""
        engine = conn.engine
        sql, order, fixed = self._for(engine)
        params = fixed | dict(params)
        if engine.dialect.name == "sqlite":
            params = {k: v.isoformat() if isinstance(v, date) else v for k, v in params.items()}
        args: Any = params if order is None else [params[k] for k in order]
        cursor = conn.connection.driver_connection.cursor()  # type: ignore[union-attr]
        try:
            cursor.execute(sql, args)
            return list(cursor.fetchall())
        finally:
            cursor.close()

    def first(self, conn: Connection, params: Mapping[str, Any]) -> tuple[Any, ...] | None:
        found = self.rows(conn, params)
        return found[0] if found else None


class PreparedFamily:
    """Prepared statements built on demand, one per shape (e.g. which filters a page has)."""

    def __init__(self) -> None:
        self._known: dict[Hashable, Prepared] = {}
        self._lock = threading.Lock()

    def get(self, shape: Hashable, build: Any) -> Prepared:
        known = self._known.get(shape)
        if known is None:
            with self._lock:
                known = self._known.setdefault(shape, Prepared(build()))
        return known
