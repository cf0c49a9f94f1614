"""The command line finds bundled scenarios by name, and a command whose optional part
is not installed says which extra to install (exit 2)."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from accord.cli import app, main
from accord.extras import EXTRAS, extra_of
from accord.scenarios import bundled, locate
from tests.conftest import SCENARIOS

NAMES = ["iran-2018", "russia-2014", "russia-2022", "us-chips-china-2022", "venezuela-2019"]


def test_accord_scenarios_lists_every_bundled_scenario() -> None:
    result = CliRunner().invoke(app, ["scenarios"])
    assert result.exit_code == 0, result.output
    for name in NAMES:
        assert name in result.output
    assert "Russia 2022" in result.output
    assert list(bundled()) == NAMES
    assert all(p.parent == SCENARIOS.resolve() for p in bundled().values())


def test_commands_take_a_bundled_name() -> None:
    result = CliRunner().invoke(app, ["validate", "russia-2022"])
    assert result.exit_code == 0, result.output
    assert "Russia 2022" in result.output


def test_an_unknown_name_lists_the_bundled_ones() -> None:
    result = CliRunner().invoke(app, ["run", "russia-2033", "--runs", "5", "--out", "x"])
    assert result.exit_code == 2
    assert "no bundled scenario" in result.output
    for name in NAMES:
        assert name in result.output


def test_a_path_wins_over_a_name(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "russia-2022").write_text("x", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    assert locate("russia-2022") == Path("russia-2022")
    assert locate("elsewhere/russia-2022") == Path("elsewhere/russia-2022")
    assert locate("russia-2014") == bundled()["russia-2014"]


@pytest.mark.parametrize(
    ("argv", "module", "extra"),
    [
        (["serve"], "uvicorn", "ledger"),
        (["ledger", "verify"], "sqlalchemy", "ledger"),
        (["observe", "link", "--out", "unused"], "polars", "observe"),
    ],
)
def test_a_missing_extra_is_named_with_exit_2(
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    argv: list[str],
    module: str,
    extra: str,
) -> None:
    for name in [m for m in sys.modules if m == module or m.startswith(module + ".")]:
        monkeypatch.delitem(sys.modules, name)
    monkeypatch.setitem(sys.modules, module, None)  # import of it now fails
    for name in [
        m
        for m in sys.modules
        if m.startswith(("accord.api.app", "accord.ledger.", "accord.observe."))
    ]:
        if not name.endswith(".cli"):
            monkeypatch.delitem(sys.modules, name)
    monkeypatch.setattr(sys, "argv", ["accord", *argv])
    with pytest.raises(SystemExit) as stopped:
        main()
    assert stopped.value.code == 2
    err = capsys.readouterr().err
    assert f"pip install 'accord[{extra}]'" in err
    assert f"accord {argv[0]}" in err


def test_every_extra_module_maps_back_to_its_extra() -> None:
    for extra, modules in EXTRAS.items():
        for module in modules:
            assert extra_of(f"{module}.sub") == extra
    assert extra_of("numpy") is None
