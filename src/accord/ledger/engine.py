"""Where the ledger lives: a SQLite file by default (WAL), PostgreSQL via a URL.

``ACCORD_DATABASE_URL`` (or a command's ``--db``) selects the database; without it the
ledger is the file ``accord-ledger.sqlite`` in the working directory. Writers serialise
on the chain head: on SQLite a write transaction starts with ``BEGIN IMMEDIATE`` (so
two writers never both read the same head), on PostgreSQL the regime row is locked
``FOR UPDATE``.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError

from accord.errors import InvalidArgument

DEFAULT_FILE = "accord-ledger.sqlite"
WRITE = {"accord_write": True}
"""Execution options of a connection that will write (``BEGIN IMMEDIATE`` on SQLite)."""


def database_url(url: str | None = None) -> str:
    """The URL to use: ``url``, else ``ACCORD_DATABASE_URL``, else the default SQLite file."""
    chosen = url or os.environ.get("ACCORD_DATABASE_URL") or f"sqlite:///{DEFAULT_FILE}"
    if "://" not in chosen:
        chosen = f"sqlite:///{chosen}"
    if chosen.startswith(("postgresql://", "postgres://")):
        chosen = "postgresql+psycopg://" + chosen.split("://", 1)[1]
    return chosen


def _sqlite_setup(engine: Engine) -> None:
    @event.listens_for(engine, "connect")
    def _connect(dbapi_conn: Any, _record: Any) -> None:
        dbapi_conn.isolation_level = None  # SQLAlchemy, not the driver, opens transactions
        cur = dbapi_conn.cursor()
        cur.execute("PRAGMA journal_mode=WAL")
        cur.execute("PRAGMA synchronous=NORMAL")
        cur.execute("PRAGMA foreign_keys=ON")
        cur.execute("PRAGMA busy_timeout=60000")
        cur.execute("PRAGMA mmap_size=268435456")
        cur.close()

    @event.listens_for(engine, "begin")
    def _begin(conn: Any) -> None:
        immediate = conn.get_execution_options().get("accord_write", False)
        conn.exec_driver_sql("BEGIN IMMEDIATE" if immediate else "BEGIN")


def make_engine(url: str | None = None) -> Engine:
    """An engine for ``url`` (see :func:`database_url`), configured for safe concurrent use."""
    resolved = database_url(url)
    try:
        parsed = make_url(resolved)
    except ArgumentError:
        raise InvalidArgument(
            f"not a database URL: {resolved!r}",
            [
                {
                    "loc": "database",
                    "msg": "cannot parse",
                    "expected": "sqlite:///FILE or postgresql://USER@HOST/DB",
                }
            ],
        ) from None
    if parsed.get_backend_name() == "sqlite":
        db = parsed.database or ""
        if db and db != ":memory:":
            parent = Path(db).expanduser().resolve().parent
            if not parent.is_dir():
                raise InvalidArgument(
                    f"the ledger's folder {parent} does not exist",
                    [{"loc": "database", "msg": f"no folder {parent}", "expected": "a folder"}],
                )
        engine = create_engine(parsed, connect_args={"timeout": 60})
        _sqlite_setup(engine)
        return engine
    if parsed.get_backend_name() == "postgresql":
        return create_engine(parsed, pool_pre_ping=True)
    raise InvalidArgument(
        f"unsupported database {parsed.get_backend_name()!r}",
        [{"loc": "database", "msg": "unsupported backend", "expected": "sqlite or postgresql"}],
    )


def migrate(engine: Engine) -> None:
    """Bring the schema to the newest Alembic revision (safe to call from many processes)."""
    from alembic import command
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", str(Path(__file__).parent / "migrations"))
    with engine.connect().execution_options(**WRITE) as conn, conn.begin():
        if engine.dialect.name == "postgresql":
            conn.execute(text("SELECT pg_advisory_xact_lock(7310)"))
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, "head")
