"""The source-line map: every key, table and array element of a TOML file has its line."""

from __future__ import annotations

import tomllib
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from accord.scenario.guard import check_limits
from accord.scenario.lines import line_of, source_lines
from tests.scenario_helpers import BUNDLED

DOC = '''# comment with = and [brackets] and "quotes"
title = "a [not a table]" # trailing
"quoted key" = 'lit#eral'
dotted.key.here = 1
multi = """
line one [x]
= not a key
"""
lit = \'\'\'raw \\ "x" \'\'\'

[table]
when = 1979-05-27 07:32:00
arr = [
  1,   # one
  [2, 3],
  { a = 1, b = { c = [4, 5] } },
]

[[aot]]
x = 1

[[aot]]
x = 2

[[aot.inner]]
y = 3

[aot.sub]
z = 4
'''


def test_paths_of_a_document_with_every_construct() -> None:
    lines = source_lines(DOC)
    assert lines[("title",)] == 2
    assert lines[("quoted key",)] == 3
    assert lines[("dotted", "key", "here")] == 4
    assert lines[("multi",)] == 5
    assert lines[("lit",)] == 9
    assert lines[("table",)] == 11
    assert lines[("table", "when")] == 12
    assert lines[("table", "arr", 0)] == 14
    assert lines[("table", "arr", 1, 1)] == 15
    assert lines[("table", "arr", 2, "b", "c", 1)] == 16
    assert lines[("aot", 0)] == 19
    assert lines[("aot", 1, "x")] == 23
    assert lines[("aot", 1, "inner", 0, "y")] == 26
    assert lines[("aot", 1, "sub", "z")] == 29
    assert ("line one [x]",) not in lines and ("= not a key",) not in lines


def test_missing_field_falls_back_to_its_table() -> None:
    lines = source_lines(DOC)
    assert line_of(("aot", 1, "missing"), lines) == 22
    assert line_of(("nowhere",), lines) is None


def _leaves(data: Any, path: tuple[str | int, ...] = ()) -> list[tuple[str | int, ...]]:
    if isinstance(data, dict):
        return [p for k, v in data.items() for p in _leaves(v, (*path, k))]
    if isinstance(data, list):
        return [p for i, v in enumerate(data) for p in _leaves(v, (*path, i))]
    return [path]


@pytest.mark.parametrize("scenario", BUNDLED, ids=lambda p: p.name)
def test_every_value_of_the_bundled_scenarios_has_its_line(scenario: Any) -> None:
    text = scenario.read_text(encoding="utf-8")
    source = text.splitlines()
    lines = source_lines(text)
    for path in _leaves(tomllib.loads(text)):
        assert path in lines, path
        row = source[lines[path] - 1]
        last_key = next((p for p in reversed(path) if isinstance(p, str)), "")
        assert last_key in row or isinstance(path[-1], int) or "[" in row, (path, row)


keys = st.from_regex(r"[a-z][a-z0-9_]{0,6}", fullmatch=True)
scalars = st.one_of(
    st.integers(-1000, 1000),
    st.booleans(),
    st.text("ab [ ] { } = # \" ' \\ , .", max_size=8),
    st.dates(),
)


def _toml(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'
    if isinstance(value, list) and not value:
        return "[]"
    if isinstance(value, list):
        return "[\n  " + ",\n  ".join(_toml(v) for v in value) + ",\n]"
    if isinstance(value, dict):
        return "{ " + ", ".join(f"{k} = {_toml(v)}" for k, v in value.items()) + " }"
    return str(value) if not hasattr(value, "isoformat") else value.isoformat()


values = st.recursive(
    scalars,
    lambda inner: st.one_of(
        st.lists(inner, max_size=3), st.dictionaries(keys, inner, min_size=1, max_size=3)
    ),
    max_leaves=10,
)


@settings(max_examples=100, deadline=None)
@given(st.dictionaries(keys, values, min_size=1, max_size=5))
def test_generated_documents(doc: dict[str, Any]) -> None:
    text = "\n".join(f"{k} = {_toml(v)}" for k, v in doc.items()) + "\n"
    assert tomllib.loads(text) == doc
    check_limits(text, "doc.toml")  # valid documents of ordinary depth pass the guard
    lines = source_lines(text)
    for path in _leaves(doc):
        if path:
            assert path[:1] in lines and path in lines, path
