"""Helpers shared by the scenario tests: run ``accord validate`` in-process, snapshot a tree."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from typer.testing import CliRunner

from accord.cli import app

REPO = Path(__file__).resolve().parents[1]
SCENARIOS = REPO / "src" / "accord" / "scenarios"
BUNDLED = sorted(SCENARIOS.glob("*.toml"))
RUSSIA_2022 = SCENARIOS / "russia-2022.toml"

_runner = CliRunner()


@dataclass(frozen=True)
class Outcome:
    """What a person sees: exit code and text, and whether an exception escaped."""

    code: int
    output: str
    escaped: BaseException | None


def validate(path: Path | str) -> Outcome:
    """``accord validate PATH`` in-process."""
    result = _runner.invoke(app, ["validate", str(path)])
    escaped = result.exception if not isinstance(result.exception, SystemExit) else None
    return Outcome(result.exit_code, result.output, escaped)


def tree(root: Path) -> dict[str, tuple[int, int]]:
    """Every file and folder under ``root`` with its size and modification time."""
    out: dict[str, tuple[int, int]] = {}
    for folder, dirs, files in os.walk(root):
        for name in [*dirs, *files]:
            p = Path(folder, name)
            st = p.lstat()
            out[str(p.relative_to(root))] = (st.st_size, st.st_mtime_ns)
    return out


def line_number(text: str, needle: str, occurrence: int = 1) -> int:
    """1-based line of the ``occurrence``-th line containing ``needle``."""
    seen = 0
    for number, line in enumerate(text.splitlines(), start=1):
        if needle in line:
            seen += 1
            if seen == occurrence:
                return number
    raise ValueError(f"{needle!r} not found {occurrence} times")
