"""Case files: TOML in, a validated :class:`Case` out, or a located :class:`CaseError`.

A case file is TOML, like a scenario, so the same line scanner points each problem at
its line: ``cases/iran-2012.toml:41: outcomes[3].date: ... (expected ...)``. Loading
never writes anything and raises nothing but :class:`CaseError` on bad input.
"""

from __future__ import annotations

import tomllib
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from accord.errors import AccordError
from accord.estimate.case import Case, CaseProblems
from accord.scenario.details import clean_loc
from accord.scenario.load import _problems as located_problems
from accord.scenario.load import parse_path

MAX_BYTES = 1 << 20
"""Largest case file read (1 MiB; the bundled ones are a few tens of KiB)."""

CASES_DIR = Path(__file__).resolve().parents[1] / "cases"
"""The library bundled with the source tree."""


@dataclass
class CaseError(AccordError):
    """A case file cannot be read or is not a valid case; every problem names its line."""

    file: str = "<case>"
    line: int | None = None

    def __str__(self) -> str:
        out = [self.message]
        for e in self.errors:
            line = e.get("line")
            where = f"{self.file}:{line}" if line else self.file
            expected = f" (expected {e['expected']})" if e["expected"] else ""
            out.append(f"  {where}: {e['loc']}: {e['msg']}{expected}")
        return "\n".join(out)


def parse_case(text: str, file: str = "<case>") -> Case:
    """Parse the text of a case file; ``file`` names it in messages."""
    try:
        data: dict[str, Any] = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise CaseError(f"{file}: not valid TOML: {exc}", file=file) from None
    except (ValueError, RecursionError, MemoryError) as exc:
        raise CaseError(f"{file}: cannot be read as TOML: {exc}", file=file) from None
    problems: list[tuple[tuple[str | int, ...], str, str]] = []
    try:
        return Case.model_validate(data)
    except ValidationError as exc:
        for e in exc.errors(include_url=False):
            path = clean_loc(tuple(e["loc"]))
            if e["type"] == "missing":
                problems.append((path, "required field is missing", "the field, see docs/cases.md"))
            elif e["type"] == "extra_forbidden":
                problems.append((path, f"unknown field {path[-1]!r}", "a field of docs/cases.md"))
            else:
                msg = str(e["msg"]).removeprefix("Value error, ")
                msg, _, expected = msg.partition("; expected ")
                problems.append((path, msg, expected))
    except CaseProblems as exc:
        problems = [(parse_path(e["loc"]), e["msg"], e["expected"]) for e in exc.errors]
    raise _located(problems, text, file)


def _located(
    problems: list[tuple[tuple[str | int, ...], str, str]], text: str, file: str
) -> CaseError:
    """The scenario loader's located problems (line of each field path), as a CaseError."""
    found = located_problems(problems, text, file, "not a valid case")
    return CaseError(found.message, found.errors, file=file, line=found.line)


def load_case(path: str | Path) -> Case:
    """Read and validate one case file."""
    p = Path(path)
    name = str(p)
    try:
        with p.open("rb") as f:
            raw = f.read(MAX_BYTES + 1)
    except OSError as exc:
        raise CaseError(f"{name}: cannot read the file: {exc.strerror or exc}", file=name) from None
    if len(raw) > MAX_BYTES:
        raise CaseError(
            f"{name}: larger than {MAX_BYTES >> 10} KiB; expected a case file", file=name
        )
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw.count(b"\n", 0, exc.start) + 1
        raise CaseError(
            f"{name}:{line}: not UTF-8 text; expected a TOML case file", file=name, line=line
        ) from None
    return parse_case(text.removeprefix("\ufeff"), name)


class CaseLibrary(Mapping[str, Case]):
    """The cases of a folder by id, with the training and test splits kept apart."""

    def __init__(self, cases: tuple[Case, ...]) -> None:
        self._cases = {c.id: c for c in cases}

    def __getitem__(self, case_id: str) -> Case:
        return self._cases[case_id]

    def __iter__(self) -> Iterator[str]:
        return iter(self._cases)

    def __len__(self) -> int:
        return len(self._cases)

    @property
    def training(self) -> tuple[Case, ...]:
        """The cases the model may be fitted to."""
        return tuple(c for c in self._cases.values() if not c.is_test)

    @property
    def test(self) -> tuple[Case, ...]:
        """The held-out cases: scored, never fitted to."""
        return tuple(c for c in self._cases.values() if c.is_test)


def load_library(folder: str | Path = CASES_DIR) -> CaseLibrary:
    """Every ``*.toml`` case in ``folder``; a file's id must be its file name's stem."""
    root = Path(folder)
    if not root.is_dir():
        raise CaseError(f"{root}: not a folder; expected the case library", file=str(root))
    cases: list[Case] = []
    for path in sorted(root.glob("*.toml")):
        case = load_case(path)
        if case.id != path.stem:
            raise CaseError(
                f"{path}: id {case.id!r} differs from the file name; expected {path.stem!r}",
                file=str(path),
            )
        cases.append(case)
    return CaseLibrary(tuple(cases))
