"""Shared helpers of the ledger and API tests: databases, regimes, events.

PostgreSQL tests run against ``ACCORD_TEST_POSTGRES_URL``; without it they skip, except
under CI (``CI=true``), where a missing database is a failure: ``.ci/run`` starts one.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import text

from accord.domain import Regime
from accord.ledger.store import Ledger
from accord.ledger.tables import Base
from accord.scenario import load_scenario

ROOT = Path(__file__).resolve().parent.parent
RUSSIA = ROOT / "src" / "accord" / "scenarios" / "russia-2022.toml"
BACKENDS = ["sqlite", "postgresql"]


def in_ci() -> bool:
    return os.environ.get("CI", "").lower() == "true"


def postgres_url() -> str:
    """The test database URL, or skip (fail under CI) when there is none."""
    url = os.environ.get("ACCORD_TEST_POSTGRES_URL")
    if not url:
        reason = "PostgreSQL not available: set ACCORD_TEST_POSTGRES_URL (.ci/run does)"
        if in_ci():
            pytest.fail(reason)
        pytest.skip(reason)
    return url


def reset_postgres(url: str) -> None:
    """Drop the ledger's tables so each test starts from an empty, freshly migrated schema."""
    from accord.ledger.engine import make_engine

    engine = make_engine(url)
    with engine.begin() as conn:
        Base.metadata.drop_all(conn)
        conn.execute(text("DROP TABLE IF EXISTS alembic_version"))
    engine.dispose()


def database(backend: str, tmp_path: Path) -> str:
    """A URL of an empty database of ``backend``."""
    if backend == "sqlite":
        return f"sqlite:///{tmp_path / 'ledger.sqlite'}"
    url = postgres_url()
    reset_postgres(url)
    return url


def open_ledger(backend: str, tmp_path: Path) -> Iterator[Ledger]:
    ledger = Ledger.open(database(backend, tmp_path))
    try:
        yield ledger
    finally:
        ledger.close()


def russia() -> Regime:
    return load_scenario(RUSSIA)


def posture(member: str = "DEU", measure: str = "coal_ban", **kw: Any) -> dict[str, Any]:
    """A valid posture declaration on the russia-2022 regime (override any field)."""
    return {
        "kind": "posture_declared",
        "date": "2022-05-02",
        "member": member,
        "measure": measure,
        "posture": "mimic",
        "level": 1.0,
        **kw,
    }
