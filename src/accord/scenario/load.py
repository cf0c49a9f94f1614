"""Scenario files: TOML in, a validated regime out, or a located :class:`ScenarioError`.

Syntax errors carry the file and line; schema errors carry the field path of each
problem (``measures[2].phase_in.tiers[1].start``) and what was expected there. Loading
never writes anything.
"""

from __future__ import annotations

import re
import tomllib
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from accord.domain import Regime, RegimeProblems
from accord.errors import ErrorDetail, ScenarioError


def format_loc(loc: tuple[int | str, ...]) -> str:
    """``('measures', 2, 'phase_in')`` → ``measures[2].phase_in``; pydantic's union tags dropped."""
    out = ""
    for part in loc:
        if isinstance(part, int):
            out += f"[{part}]"
        elif "[" in part or ("-" in part and part.startswith("function")):
            continue
        else:
            out += f".{part}" if out else part
    return out or "(top level)"


def _details(exc: ValidationError) -> list[ErrorDetail]:
    out: list[ErrorDetail] = []
    for e in exc.errors(include_url=False):
        msg = str(e["msg"]).removeprefix("Value error, ")
        expected = ""
        ctx = e.get("ctx") or {}
        if e["type"] == "missing":
            msg, expected = "required field is missing", "a value"
        elif e["type"] == "extra_forbidden":
            msg, expected = "unknown field", "only the fields documented in docs/scenario-format.md"
        elif "expected" in ctx:
            expected = str(ctx["expected"])
        out.append({"loc": format_loc(tuple(e["loc"])), "msg": msg, "expected": expected})
    return out


_LINE = re.compile(r"\(at line (\d+), column (\d+)\)")


def parse_scenario(text: str, file: str = "<scenario>") -> Regime:
    """Parse scenario text; ``file`` names it in error messages."""
    if not text.strip():
        raise ScenarioError(f"{file}: the file is empty; expected a TOML scenario", file=file)
    try:
        data: dict[str, Any] = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        m = _LINE.search(str(exc))
        line = int(m.group(1)) if m else None
        where = f"{file}:{line}" if line else file
        reason = _LINE.sub("", str(exc)).strip()
        raise ScenarioError(f"{where}: not valid TOML: {reason}", file=file, line=line) from None
    try:
        return Regime.model_validate(data)
    except ValidationError as exc:
        details = _details(exc)
        raise ScenarioError(
            f"{file}: the scenario does not describe a valid regime", details, file=file
        ) from None
    except RegimeProblems as exc:
        raise ScenarioError(
            f"{file}: the scenario's parts do not fit together", exc.errors, file=file
        ) from None


def load_scenario(path: str | Path) -> Regime:
    """Read and validate a scenario file."""
    p = Path(path)
    try:
        raw = p.read_bytes()
    except OSError as exc:
        raise ScenarioError(f"{p}: cannot read the file: {exc.strerror}", file=str(p)) from None
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise ScenarioError(
            f"{p}: not UTF-8 text (byte {exc.start}); expected a TOML scenario", file=str(p)
        ) from None
    return parse_scenario(text, str(p))
