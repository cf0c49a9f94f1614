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
        # A writer takes the write lock at once; a reader runs each statement on its own
        # snapshot (every read the ledger makes is one statement), without a round trip
        # to open a transaction it would never write in.
        if conn.get_execution_options().get("accord_write", False):
            conn.exec_driver_sql("BEGIN IMMEDIATE")


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


class MissingLedger(InvalidArgument):
    """A read-only command was pointed at a ledger that does not exist (exit code 2)."""


def sqlite_file(url: str | None) -> Path | None:
    """The file of a SQLite ledger (None for PostgreSQL or an in-memory database)."""
    parsed = make_url(database_url(url))
    db = parsed.database or ""
    if parsed.get_backend_name() != "sqlite" or not db or db == ":memory:":
        return None
    return Path(db).expanduser()


def require_existing(url: str | None) -> None:
    """Refuse, before anything is created, a SQLite file that is not there."""
    path = sqlite_file(url)
    if path is not None and not path.is_file():
        raise MissingLedger(
            f"no ledger at {path}; nothing was created",
            [{"loc": "database", "msg": f"no file {path}", "expected": "an existing ledger"}],
        )


def require_schema(engine: Engine) -> None:
    """Refuse a database in which no ledger was ever created (no migration table)."""
    from sqlalchemy import inspect

    if not inspect(engine).has_table("alembic_version"):
        raise MissingLedger(
            f"no ledger in {engine.url.render_as_string(hide_password=True)}; nothing was created",
            [{"loc": "database", "msg": "no ledger tables", "expected": "an existing ledger"}],
        )


def sidecar_paths(
    url: str | None, key: Path | None = None, anchor: Path | None = None
) -> tuple[Path | None, Path | None]:
    """Where the signing key and the anchor are: as given, else ``ACCORD_LEDGER_KEY`` and
    ``ACCORD_LEDGER_ANCHOR``, else beside a SQLite file (none for other databases)."""
    path = sqlite_file(url)
    env_key, env_anchor = (
        os.environ.get("ACCORD_LEDGER_KEY"),
        os.environ.get("ACCORD_LEDGER_ANCHOR"),
    )
    chosen_key = key or (Path(env_key) if env_key else None)
    chosen_anchor = anchor or (Path(env_anchor) if env_anchor else None)
    if path is not None:
        chosen_key = chosen_key or path.with_name(path.name + ".key")
        chosen_anchor = chosen_anchor or path.with_name(path.name + ".anchor.jsonl")
    return chosen_key, chosen_anchor
