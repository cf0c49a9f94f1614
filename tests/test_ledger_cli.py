"""The ledger's schema and commands: migrations match the models; tokens; the demo data."""

from __future__ import annotations

from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from typer.testing import CliRunner

from accord.api.cli import load_demo
from accord.cli import app
from accord.ledger.engine import make_engine
from accord.ledger.store import Ledger
from accord.ledger.tables import Base
from accord.ledger.tokens import authenticate
from tests.ledger_support import BACKENDS, RUSSIA, database


@pytest.mark.parametrize("backend", BACKENDS)
def test_migrations_build_exactly_the_models(backend: str, tmp_path: Path) -> None:
    url = database(backend, tmp_path)
    Ledger.open(url).close()
    Ledger.open(url).close()  # a second upgrade changes nothing
    engine = make_engine(url)
    with engine.connect() as conn:
        diff = compare_metadata(MigrationContext.configure(conn), Base.metadata)
    engine.dispose()
    assert diff == []


def test_token_commands(tmp_path: Path) -> None:
    runner = CliRunner()
    db = f"sqlite:///{tmp_path / 'l.sqlite'}"
    assert runner.invoke(app, ["ledger", "define", "r", str(RUSSIA), "--db", db]).exit_code == 0
    out = runner.invoke(
        app,
        ["ledger", "token", "create", "germany", "--role", "member", "--member", "DEU", "--db", db],
    )
    assert out.exit_code == 0, out.output
    secret = out.output.strip()
    who = authenticate(Ledger.open(db), secret)
    assert who is not None and (who.name, who.role.value, who.member) == (
        "germany",
        "member",
        "DEU",
    )
    bad = runner.invoke(app, ["ledger", "token", "create", "x", "--role", "king", "--db", db])
    assert bad.exit_code == 1 and "--role" in bad.output
    bad = runner.invoke(app, ["ledger", "token", "create", "y", "--role", "member", "--db", db])
    assert bad.exit_code == 1 and "member" in bad.output
    listed = runner.invoke(app, ["ledger", "token", "list", "--db", db])
    assert "germany\tmember\tDEU\tactive" in listed.output and secret not in listed.output
    assert runner.invoke(app, ["ledger", "token", "revoke", "germany", "--db", db]).exit_code == 0
    assert authenticate(Ledger.open(db), secret) is None


def test_define_command_and_bad_scenario(tmp_path: Path) -> None:
    runner = CliRunner()
    db = f"sqlite:///{tmp_path / 'l.sqlite'}"
    out = runner.invoke(app, ["ledger", "define", "russia-2022", str(RUSSIA), "--db", db])
    assert out.exit_code == 0 and "Russia 2022 (0 events)" in out.output
    bad = tmp_path / "bad.toml"
    bad.write_text("name = 'x'\nstart = 2022-01-01\n")
    out = runner.invoke(app, ["ledger", "define", "other", str(bad), "--db", db])
    assert out.exit_code == 1 and "bad.toml" in out.output and "Traceback" not in out.output
    out = runner.invoke(app, ["ledger", "verify", "--db", db])
    assert out.exit_code == 0


def test_demo_loads_once(tmp_path: Path) -> None:
    db = f"sqlite:///{tmp_path / 'l.sqlite'}"
    first = load_demo(db, RUSSIA)
    assert first > 0 and load_demo(db, RUSSIA) == first
