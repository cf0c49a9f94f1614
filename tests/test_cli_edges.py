"""Command-line edges: a located error and nothing changed, in time linear in the input."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from rich.highlighter import ReprHighlighter
from rich.text import Text
from typer.testing import CliRunner

from accord.cli import app

ROOT = Path(__file__).resolve().parent.parent
RUSSIA = ROOT / "src" / "accord" / "scenarios" / "russia-2022.toml"


def test_run_refuses_an_out_that_is_a_symbolic_link(tmp_path: Path) -> None:
    target = tmp_path / "elsewhere"
    target.mkdir()
    link = tmp_path / "out"
    link.symlink_to(target)
    out = CliRunner().invoke(app, ["run", str(RUSSIA), "--out", str(link), "--runs", "2"])
    assert out.exit_code == 2 and "symbolic link" in out.output, out.output
    assert "Traceback" not in out.output
    assert sorted(p.name for p in tmp_path.iterdir()) == ["elsewhere", "out"]
    assert link.is_symlink() and list(target.iterdir()) == []


def test_validate_does_not_highlight_a_900_kb_name(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """rich's highlighter is quadratic in one long word (a 900 KB name took minutes): the
    summary prints the user's text without it."""
    name = "x" * 900_000
    text = re.sub(r'^name\s*=\s*".*"$', f'name = "{name}"', RUSSIA.read_text(), count=1, flags=re.M)
    scenario = tmp_path / "long.toml"
    scenario.write_text(text)
    longest = [0]
    original = ReprHighlighter.highlight

    def measured(self: ReprHighlighter, text: Text) -> None:
        longest[0] = max(longest[0], len(text.plain))
        if len(text.plain) < 10_000:  # (a long one would take minutes: recorded, skipped)
            original(self, text)

    monkeypatch.setattr(ReprHighlighter, "highlight", measured)
    out = CliRunner().invoke(app, ["validate", str(scenario)])
    assert out.exit_code == 0, out.output[:500]
    assert out.output.replace("\n", "").count("x") >= len(name)
    assert longest[0] < 10_000
