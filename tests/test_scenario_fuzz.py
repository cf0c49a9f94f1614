"""Malformed scenarios by the thousand: mutations of the bundled files never make
``accord validate`` raise, exit with anything but 0 or 1, or write a file."""

from __future__ import annotations

import re
import tempfile
import tomllib
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from jsonschema import Draft202012Validator

from accord.scenario import scenario_schema
from accord.scenario.schema import as_json
from tests.scenario_helpers import BUNDLED, tree, validate

TEXTS = [p.read_bytes() for p in BUNDLED]

_VALUE = re.compile(rb"= ([^\n]+)")
_DATE = re.compile(rb"\d{4}-\d{2}-\d{2}")
_CODE = re.compile(rb'"[A-Z]{3}"')
_ID = re.compile(rb'"[a-z][a-z0-9_]+"')

REPLACEMENTS = [
    b'"text"',
    b"42",
    b"-1",
    b"0.5",
    b"1e999",
    b"nan",
    b"true",
    b"2022-02-30",
    b"2023-13-01",
    b"2022-02-24T25:00:00",
    b"[]",
    b"{}",
    b"[1, 2]",
    b"{ x = 1 }",
    b'"XXX"',
    b'"EU27"',
    b'"2022-02-30"',
    b'"[/]:100: [bold]"',
    b"[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[1]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]",
    b"1" + b"0" * 5000,
    b"",
]


@st.composite
def mutation(draw: st.DrawFn) -> bytes:
    text = draw(st.sampled_from(TEXTS))
    for _ in range(draw(st.integers(1, 3))):
        lines = text.split(b"\n")
        kind = draw(st.integers(0, 10))
        i = draw(st.integers(0, max(len(lines) - 1, 0)))
        if kind == 0:  # delete a line
            del lines[i]
        elif kind == 1:  # duplicate a line
            lines.insert(i, lines[i])
        elif kind == 2:  # swap two lines
            j = draw(st.integers(0, len(lines) - 1))
            lines[i], lines[j] = lines[j], lines[i]
        elif kind == 3:  # truncate anywhere
            text = text[: draw(st.integers(0, len(text)))]
            continue
        elif kind == 4:  # random bytes
            at = draw(st.integers(0, len(text)))
            text = text[:at] + draw(st.binary(min_size=1, max_size=8)) + text[at:]
            continue
        elif kind == 5:  # a value of another type or an odd value
            matches = list(_VALUE.finditer(text))
            if matches:
                m = draw(st.sampled_from(matches))
                new = draw(st.sampled_from(REPLACEMENTS))
                text = text[: m.start(1)] + new + text[m.end(1) :]
            continue
        elif kind == 6:  # bad dates
            matches = list(_DATE.finditer(text))
            if matches:
                m = draw(st.sampled_from(matches))
                y, mo, d = (
                    draw(st.integers(0, 9999)),
                    draw(st.integers(0, 99)),
                    draw(st.integers(0, 99)),
                )
                text = text[: m.start()] + b"%04d-%02d-%02d" % (y, mo, d) + text[m.end() :]
            continue
        elif kind == 7:  # bad codes
            matches = list(_CODE.finditer(text))
            if matches:
                m = draw(st.sampled_from(matches))
                code = draw(st.text("ABCDEFGHIJKLMNOPQRSTUVWXYZ", min_size=0, max_size=5))
                text = text[: m.start()] + b'"' + code.encode() + b'"' + text[m.end() :]
            continue
        elif kind == 8:  # a reference to something undefined
            matches = list(_ID.finditer(text))
            if matches:
                m = draw(st.sampled_from(matches))
                text = text[: m.start()] + b'"undefined_thing"' + text[m.end() :]
            continue
        elif kind == 9:  # a character changed
            at = draw(st.integers(0, max(len(text) - 1, 0)))
            text = text[:at] + bytes([draw(st.integers(0, 255))]) + text[at + 1 :]
            continue
        else:  # an unknown key in some table
            lines.insert(i, draw(st.sampled_from([b"unknown = 1", b"[model]", b"[[measures]]"])))
        text = b"\n".join(lines)
    return text


def located(output: str, path: Path) -> bool:
    """The message names the file with a line, or the file and a field path."""
    name = re.escape(str(path))
    return bool(
        re.search(rf"{name}:\d+: ", output)
        or re.search(rf"^  {name}: [^:]+: ", output, re.MULTILINE)
        or re.match(rf"error: {name}: (the file is empty|cannot be read as TOML)", output)
    )


def test_a_thousand_malformed_files(monkeypatch: pytest.MonkeyPatch) -> None:
    outcomes: list[int] = []
    schema = Draft202012Validator(scenario_schema())
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        monkeypatch.chdir(root)  # a stray relative write would land in the watched folder
        path = root / "mutated.toml"

        @settings(
            max_examples=1000,
            deadline=None,
            derandomize=True,
            database=None,
            suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
        )
        @given(mutation())
        def check(content: bytes) -> None:
            path.write_bytes(content)
            before = tree(root)
            outcome = validate(path)
            assert outcome.escaped is None, f"{outcome.escaped!r} on {content[:2000]!r}"
            assert "Traceback" not in outcome.output
            assert outcome.code in (0, 1), outcome.output
            if outcome.code == 1:
                assert outcome.output.startswith(f"error: {path}"), outcome.output
                assert located(outcome.output, path), outcome.output
            else:  # still valid: the full JSON Schema, enums and ranges included, agrees
                assert "valid" in outcome.output
                data = as_json(tomllib.loads(content.decode("utf-8")))
                assert not list(schema.iter_errors(data)), outcome.output
            assert tree(root) == before, "a file was written"
            outcomes.append(outcome.code)

        check()
    print(f"mutated files: {len(outcomes)}, rejected: {outcomes.count(1)}")
    assert len(outcomes) >= 1000
    assert outcomes.count(1) >= 700, "mutations should mostly break the scenario"
