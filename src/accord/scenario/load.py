"""Scenario files: TOML in, a validated regime out, or a located :class:`ScenarioError`.

Syntax errors carry the file and line; schema errors carry the field path of each
problem (``measures[2].phase_in.tiers[1].start``), the line it is on and what was
expected there. Loading never writes anything, and no input makes it raise anything
but :class:`ScenarioError`: limits are checked before parsing (see ``guard``).
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from accord.domain import BLOCS, Regime, RegimeProblems
from accord.errors import ErrorDetail, ScenarioError
from accord.scenario.details import (
    clean_loc,
    describe,
    expected_from_schema,
    format_path,
    pydantic_problems,
    value_at,
)
from accord.scenario.guard import MAX_BYTES, check_limits
from accord.scenario.ineffective import SettingWarning, ineffective_settings
from accord.scenario.lines import line_of, source_lines
from accord.scenario.schema import Path as FieldPath
from accord.scenario.schema import type_errors
from accord.scenario.suggest import reword

MAX_SHOWN = 20
"""Problems printed; the rest are counted (all are in ``errors``, up to ``MAX_KEPT``)."""

MAX_KEPT = 200


class LocatedDetail(ErrorDetail, total=False):
    """An :class:`ErrorDetail` with the source line of the field, when it has one."""

    line: int


@dataclass
class ScenarioProblems(ScenarioError):
    """Schema errors of a scenario: one line per problem, ``file:line: path: message``."""

    total: int = 0

    def __str__(self) -> str:
        out = [self.message]
        for e in self.errors[:MAX_SHOWN]:
            line = e.get("line")
            where = f"{self.file}:{line}" if line else self.file
            expected = f" (expected {e['expected']})" if e["expected"] else ""
            out.append(f"  {where}: {e['loc']}: {e['msg']}{expected}")
        if self.total > MAX_SHOWN:
            out.append(f"  ... and {self.total - MAX_SHOWN} more")
        return "\n".join(out)


def format_loc(loc: tuple[int | str, ...]) -> str:
    """``('measures', 2, 'phase_in')`` → ``measures[2].phase_in``; pydantic's union tags dropped."""
    return format_path(clean_loc(loc))


_LINE = re.compile(r"\s*\(at line (\d+), column (\d+)\)|\s*\(at end of document\)")

_TOML_EXPECTED = {
    "Invalid date or datetime": "a real calendar date and time, e.g. 2022-02-24",
    "Cannot overwrite a value": "each key once per table",
    "Cannot declare": "each table header once",
    "Illegal character": "printable text (control characters only as escapes in strings)",
    "Invalid value": "a string, number, boolean, date, array or inline table",
    "Expected '=' after a key": "key = value",
    "Unclosed": "the closing quote or bracket",
}


def _syntax_error(text: str, file: str, exc: Exception) -> ScenarioError:
    reason = str(exc)
    m = _LINE.search(reason)
    if m and m.group(1):
        line: int | None = int(m.group(1))
    elif m:  # tomllib says "end of document": the last line that has text
        line = len(text.rstrip().splitlines()) or 1
    else:
        line = None
    reason = _LINE.sub("", reason).strip()
    expected = next(
        (v for k, v in _TOML_EXPECTED.items() if reason.startswith(k)),
        "valid TOML syntax (toml.io)",
    )
    where = f"{file}:{line}" if line else file
    return ScenarioError(
        f"{where}: not valid TOML: {reason} (expected {expected})", file=file, line=line
    )


def parse_scenario(text: str, file: str = "<scenario>") -> Regime:
    """Parse scenario text; ``file`` names it in error messages."""
    if not text.strip():
        raise ScenarioError(f"{file}: the file is empty; expected a TOML scenario", file=file)
    check_limits(text, file)
    try:
        data: dict[str, Any] = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise _syntax_error(text, file, exc) from None
    except (ValueError, RecursionError, MemoryError) as exc:  # e.g. a 5,000-digit integer
        raise ScenarioError(
            f"{file}: cannot be read as TOML: {exc}; expected a scenario of ordinary size",
            file=file,
        ) from None
    return validate_data(data, text, file)


def validate_data(data: dict[str, Any], text: str, file: str) -> Regime:
    """Validate parsed TOML; on failure raise :class:`ScenarioProblems` with every problem."""
    problems: list[tuple[FieldPath, str, str]] = []
    for path, types in type_errors(data):
        expected = expected_from_schema(path) or types
        problems.append((path, f"got {describe(value_at(data, path)[1])}", expected))
    regime: Regime | None = None
    title = "the scenario does not describe a valid regime"
    try:
        regime = Regime.model_validate(data)
    except ValidationError as exc:
        remap = _member_remap(data)
        seen = {p for p, _, _ in problems}
        for path, msg, expected in pydantic_problems(exc, data, remap):
            if not any(path[: len(s)] == s for s in seen):
                problems.append((path, msg, expected))
    except RegimeProblems as exc:
        title = "the scenario's parts do not fit together"
        remap = _member_remap(data)
        problems.extend((remap(parse_path(e["loc"])), e["msg"], e["expected"]) for e in exc.errors)
    if regime is not None and not problems:
        return regime
    raise _problems([reword(p, data) for p in problems], text, file, title)


def _problems(
    problems: list[tuple[FieldPath, str, str]], text: str, file: str, title: str
) -> ScenarioProblems:
    lines = source_lines(text)
    located: list[LocatedDetail] = []
    for path, msg, expected in problems[:MAX_KEPT]:
        detail: LocatedDetail = {"loc": format_path(path), "msg": msg, "expected": expected}
        line = line_of(path, lines)
        if line is not None:
            detail["line"] = line
        located.append(detail)
    located.sort(key=lambda d: d.get("line", 1 << 30))
    first = located[0].get("line") if located else None
    count = f" ({len(problems)} problems)" if len(problems) > 1 else ""
    return ScenarioProblems(
        f"{file}: {title}{count}",
        list[ErrorDetail](located),
        file=file,
        line=first,
        total=len(problems),
    )


def _member_remap(data: dict[str, Any]) -> Callable[[FieldPath], FieldPath]:
    """Map member indices after bloc expansion back to the entries the user wrote."""
    raw = data.get("members")
    offsets: list[int] = []
    for raw_index, item in enumerate(raw if isinstance(raw, list) else []):
        code = item.get("code") if isinstance(item, dict) else item
        width = len(BLOCS[code]) if isinstance(code, str) and code in BLOCS else 1
        offsets.extend([raw_index] * width)

    def remap(path: FieldPath) -> FieldPath:
        if (
            len(path) >= 2
            and path[0] == "members"
            and isinstance(path[1], int)
            and path[1] < len(offsets)
        ):
            return ("members", offsets[path[1]], *path[2:])
        return path

    return remap


_PART = re.compile(r"([^.\[\]]+)|\[(\d+)\]")


def parse_path(loc: str) -> FieldPath:
    """``measures[2].phase_in`` → ``('measures', 2, 'phase_in')``."""
    return tuple(int(i) if i else name for name, i in _PART.findall(loc))


def load_scenario(path: str | Path) -> Regime:
    """Read and validate a scenario file."""
    return parse_scenario(*_read_text(path))


def read_scenario(path: str | Path) -> tuple[Regime, list[SettingWarning]]:
    """Read and validate a scenario file; also say which of its settings cannot take
    effect (warnings: the regime is valid)."""
    text, name = _read_text(path)
    regime = parse_scenario(text, name)
    return regime, ineffective_settings(regime, text, name)


def _read_text(path: str | Path) -> tuple[str, str]:
    """The text of a scenario file and its name for messages, or a ScenarioError."""
    p = Path(path)
    name = str(p)
    try:
        if not p.exists():
            raise ScenarioError(
                f"{name}: no such file; expected the path of a scenario file", file=name
            )
        if p.is_dir():
            raise ScenarioError(
                f"{name}: is a directory; expected a scenario file (TOML)", file=name
            )
        if not p.is_file():
            raise ScenarioError(
                f"{name}: not a regular file; expected a scenario file (TOML)", file=name
            )
        with p.open("rb") as f:
            raw = f.read(MAX_BYTES + 1)
    except (OSError, ValueError) as exc:
        reason = getattr(exc, "strerror", None) or str(exc)
        raise ScenarioError(f"{name}: cannot read the file: {reason}", file=name) from None
    if len(raw) > MAX_BYTES:
        raise ScenarioError(
            f"{name}: larger than {MAX_BYTES // 1024} KiB; expected a scenario file", file=name
        )
    if b"\x00" in raw:
        line = raw.count(b"\n", 0, raw.index(b"\x00")) + 1
        raise ScenarioError(
            f"{name}:{line}: a binary file (NUL byte); expected a TOML text file",
            file=name,
            line=line,
        )
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw.count(b"\n", 0, exc.start) + 1
        raise ScenarioError(
            f"{name}:{line}: not UTF-8 text (byte {exc.start}); expected a TOML scenario in UTF-8",
            file=name,
            line=line,
        ) from None
    return text.removeprefix("\ufeff"), name
