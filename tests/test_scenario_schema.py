"""``accord schema``: valid Draft 2020-12 JSON Schema that the bundled scenarios satisfy,
informative (every property described), and documented in docs/scenario-format.md."""

from __future__ import annotations

import json
import tomllib
from pathlib import Path
from typing import Any

import pytest
from jsonschema import Draft202012Validator
from typer.testing import CliRunner

from accord.cli import app
from accord.scenario import load_scenario, scenario_schema
from accord.scenario.schema import as_json
from tests.scenario_helpers import BUNDLED, REPO

DOC = REPO / "docs" / "scenario-format.md"


@pytest.fixture(scope="module")
def printed() -> dict[str, Any]:
    result = CliRunner().invoke(app, ["schema"])
    assert result.exit_code == 0
    schema: dict[str, Any] = json.loads(result.stdout)
    return schema


def test_schema_is_valid_draft_2020_12(printed: dict[str, Any]) -> None:
    assert printed["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    Draft202012Validator.check_schema(printed)
    assert printed == scenario_schema()


@pytest.mark.parametrize("scenario", BUNDLED, ids=lambda p: p.name)
def test_bundled_scenarios_satisfy_the_schema(printed: dict[str, Any], scenario: Path) -> None:
    data = as_json(tomllib.loads(scenario.read_text(encoding="utf-8")))
    errors = list(Draft202012Validator(printed).iter_errors(data))
    assert not errors, [e.message for e in errors]


def test_schema_rejects_what_the_loader_rejects(printed: dict[str, Any]) -> None:
    data = as_json(tomllib.loads(BUNDLED[0].read_text(encoding="utf-8")))
    data["horizon_months"] = "sixty"
    data["members"].append("XXX")
    data["simulation"] = {}
    messages = [e.message for e in Draft202012Validator(printed).iter_errors(data)]
    assert len(messages) == 3, messages


SIMULATOR_TABLE = "model"
"""The simulator's parameters (a ``[model]`` table, where the format has one) are
documented with the model, in docs/model.md; this format's doc covers the rest."""


def _refs(node: Any) -> set[str]:
    if isinstance(node, dict):
        found = {node["$ref"].rsplit("/", 1)[-1]} if "$ref" in node else set()
        return found.union(*(_refs(v) for v in node.values()))
    if isinstance(node, list):
        return set().union(*(_refs(v) for v in node))
    return set()


def _reachable(schema: dict[str, Any], start: Any) -> set[str]:
    seen: set[str] = set()
    todo = _refs(start)
    while todo:
        name = todo.pop()
        if name not in seen:
            seen.add(name)
            todo |= _refs(schema["$defs"][name])
    return seen


def _properties(schema: dict[str, Any]) -> list[tuple[str, str, dict[str, Any]]]:
    """(owner, name, schema) of every property of the format, recursively through the
    definitions it uses, leaving out the simulator's table."""
    top = {k: v for k, v in schema["properties"].items() if k != SIMULATOR_TABLE}
    out = [("(top level)", name, sub) for name, sub in top.items()]
    for owner in sorted(_reachable(schema, top)):
        for name, sub in schema["$defs"][owner].get("properties", {}).items():
            out.append((owner, name, sub))
    return out


def test_every_property_has_a_description(printed: dict[str, Any]) -> None:
    props = _properties(printed)
    assert len(props) > 60
    missing = [f"{owner}.{name}" for owner, name, sub in props if not sub.get("description")]
    assert not missing, missing


def test_every_property_is_documented(printed: dict[str, Any]) -> None:
    doc = DOC.read_text(encoding="utf-8")
    names = {name for _, name, _ in _properties(printed)}
    undocumented = sorted(n for n in names if f"`{n}`" not in doc)
    assert not undocumented, undocumented
    for name in ("[model]", "EU27", "invite", "docs/model.md"):
        assert name in doc


def test_documented_example_is_a_valid_scenario(tmp_path: Path) -> None:
    doc = DOC.read_text(encoding="utf-8")
    start = doc.index("```toml\n") + len("```toml\n")
    example = doc[start : doc.index("```", start)]
    path = tmp_path / "example.toml"
    path.write_text(example, encoding="utf-8")
    regime = load_scenario(path)
    assert regime.measures and regime.safeguards.sunset is not None
