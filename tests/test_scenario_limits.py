"""Inputs built to exhaust the stack, memory or the screen get a located error, fast."""

from __future__ import annotations

import sys
import time
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from accord.errors import ScenarioError
from accord.scenario import ScenarioProblems, load_scenario, parse_scenario
from accord.scenario.guard import MAX_BYTES, MAX_DEPTH, MAX_KEY_PARTS
from tests.scenario_helpers import RUSSIA_2022

BASE = RUSSIA_2022.read_text(encoding="utf-8")


def rejected(text: str) -> ScenarioError:
    start = time.perf_counter()
    with pytest.raises(ScenarioError) as info:
        parse_scenario(text, "f.toml")
    assert time.perf_counter() - start < 10, "took too long"
    assert str(info.value).startswith("f.toml")
    return info.value


@pytest.mark.parametrize("depth", [MAX_DEPTH + 1, 1_000, 100_000])
def test_deeply_nested_arrays(depth: int) -> None:
    err = rejected(BASE + "\nextra = " + "[" * depth + "]" * depth + "\n")
    assert err.line == BASE.count("\n") + 2
    assert "nested more than" in str(err)


def test_deeply_nested_inline_tables() -> None:
    depth = 50_000
    err = rejected("a = " + "{b = " * depth + "1" + "}" * depth)
    assert "nested more than" in str(err)


def test_nesting_just_under_the_limit_is_a_schema_error_not_a_crash() -> None:
    depth = MAX_DEPTH - 1
    err = rejected(BASE + "\nextra = " + "[" * depth + "1" + "]" * depth + "\n")
    assert "extra: unknown field" in str(err)


def test_brackets_inside_strings_do_not_count() -> None:
    text = BASE.replace('name = "Russia 2022"', 'name = "' + "[" * 100 + '"')
    text = text.replace('description = "G7', 'description = """\n' + "{" * 100 + '\n"""\n#"G7', 1)
    regime = parse_scenario(text)
    assert regime.name == "[" * 100


@pytest.mark.parametrize("parts", [MAX_KEY_PARTS + 1, 100_000])
def test_long_dotted_keys(parts: int) -> None:
    err = rejected(".".join(["a"] * parts) + " = 1\n")
    assert "dotted key" in str(err) and err.line == 1


def test_huge_integer() -> None:
    err = rejected(BASE.replace("horizon_months = 60", "horizon_months = 1" + "0" * 5000))
    assert "cannot be read as TOML" in str(err)


def test_recursion_limit_lower_than_usual_still_gives_an_error() -> None:
    old = sys.getrecursionlimit()
    sys.setrecursionlimit(120)
    try:
        with pytest.raises(ScenarioError):
            parse_scenario("a = " + "[" * 30 + "]" * 30)
    finally:
        sys.setrecursionlimit(old)


def test_file_over_the_size_limit(tmp_path: Path) -> None:
    path = tmp_path / "big.toml"
    path.write_text(BASE + "#" * MAX_BYTES)
    with pytest.raises(ScenarioError, match="larger than"):
        load_scenario(path)


def test_many_errors_are_counted_not_all_printed() -> None:
    members = "\n".join(f'[[members]]\ncode = "X{i:02d}"' for i in range(100))
    text = BASE.replace('[[members]]\ncode = "EU27"', members)
    with pytest.raises(ScenarioProblems) as info:
        parse_scenario(text, "f.toml")
    err = info.value
    assert err.total == 100
    assert "... and 80 more" in str(err)
    assert len(str(err).splitlines()) == 22


def test_long_array_validates_in_reasonable_time() -> None:
    objectives = ", ".join(f'"objective {i}"' for i in range(20_000))
    text = BASE.replace("objectives = [", f"objectives = [{objectives}, ", 1)
    start = time.perf_counter()
    regime = parse_scenario(text)
    assert len(regime.safeguards.objectives) == 20_002
    assert time.perf_counter() - start < 10


def test_byte_order_mark_is_accepted(tmp_path: Path) -> None:
    path = tmp_path / "bom.toml"
    path.write_bytes(b"\xef\xbb\xbf" + BASE.encode())
    assert load_scenario(path).name == "Russia 2022"


def test_dotted_key_at_the_limit_is_parsed() -> None:
    err = rejected(".".join(["a"] * MAX_KEY_PARTS) + " = 1\n")
    assert "a: unknown field 'a'" in str(err)


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("[]{}\"'.=,#\n \\ab1-:")) | st.characters()))
def test_any_text_gives_a_scenario_error_or_a_regime(text: str) -> None:
    try:
        parse_scenario(text, "f.toml")
    except ScenarioError as err:
        assert str(err).startswith("f.toml")
