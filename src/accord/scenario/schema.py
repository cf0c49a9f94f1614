"""The scenario format as JSON Schema, and the type check that runs on raw TOML data.

The schema is generated from the domain model (its field descriptions become the
schema's), then adjusted for what a scenario file accepts beyond the model: a member
may be written as a bare code or a bloc name (``"EU27"``), which the regime expands.

The domain model validates leniently (a ledger receives dates as JSON strings), so a
scenario's ``weight = "0.5"`` or ``renewable = 1`` would pass unnoticed; checking the
raw data against the schema's ``type`` keywords first makes a wrong type an error.
"""

from __future__ import annotations

import copy
from datetime import date, datetime, time
from functools import cache
from typing import TYPE_CHECKING, Any

from accord.domain import BLOCS, ECONOMIES, Regime

if TYPE_CHECKING:
    from jsonschema.protocols import Validator

DRAFT = "https://json-schema.org/draft/2020-12/schema"

Path = tuple[str | int, ...]


@cache
def _schema() -> dict[str, Any]:
    schema = Regime.model_json_schema()
    code = {
        "type": "string",
        "enum": [*ECONOMIES, *BLOCS],
        "description": "ISO 3166 alpha-3 code of an ICIO economy, or a bloc name "
        f"({', '.join(BLOCS)}) that expands to one member per state.",
    }
    member = schema["$defs"]["Member"]
    member["properties"]["code"] = code
    members = schema["properties"]["members"]
    members["items"] = {"anyOf": [code, {"$ref": "#/$defs/Member"}]}
    return {
        "$schema": DRAFT,
        **schema,
        "title": "Accord scenario",
    }


def scenario_schema() -> dict[str, Any]:
    """The JSON Schema (Draft 2020-12) of a scenario file, as TOML parsed to a dict."""
    return copy.deepcopy(_schema())


def _types_only(node: dict[str, Any], defs: dict[str, Any]) -> dict[str, Any]:
    """A schema node reduced to its structure and ``type`` keywords, references inlined
    (the model has no recursive types): the type check needs nothing else, and this makes
    it several times faster than the full schema with its 80-code enums."""
    if "$ref" in node:
        return _types_only(defs[node["$ref"].rsplit("/", 1)[-1]], defs)
    out: dict[str, Any] = {"type": node["type"]} if "type" in node else {}
    if "properties" in node:
        out["properties"] = {k: _types_only(v, defs) for k, v in node["properties"].items()}
    if "items" in node:
        out["items"] = _types_only(node["items"], defs)
    if "anyOf" in node:
        out["anyOf"] = [_types_only(v, defs) for v in node["anyOf"]]
    return out


@cache
def _validator() -> Validator:
    from jsonschema import Draft202012Validator

    schema = _schema()
    return Draft202012Validator(_types_only(schema, schema["$defs"]))


def as_json(value: Any) -> Any:
    """TOML data with dates and times as ISO strings, as JSON would carry them."""
    if isinstance(value, dict):
        return {k: as_json(v) for k, v in value.items()}
    if isinstance(value, list):
        return [as_json(v) for v in value]
    if isinstance(value, date | datetime | time):
        return value.isoformat()
    return value


def node_at(path: Path) -> dict[str, Any] | None:
    """The schema that applies at ``path`` (through refs, items and the first matching
    alternative that is a table or an array), or None if the path leaves the schema."""
    root = _schema()
    node: dict[str, Any] = root
    for part in path:
        node = _resolve(root, node)
        nxt = node.get("items") if isinstance(part, int) else node.get("properties", {}).get(part)
        if nxt is None:
            return None
        node = nxt
    return _resolve(root, node)


def _resolve(root: dict[str, Any], node: dict[str, Any]) -> dict[str, Any]:
    while True:
        if "$ref" in node:
            node = root["$defs"][node["$ref"].rsplit("/", 1)[-1]]
        elif "anyOf" in node:
            options = [o for o in node["anyOf"] if o.get("type") != "null"]
            structured = [o for o in options if "$ref" in o or o.get("type") == "array"]
            node = {**{k: v for k, v in node.items() if k != "anyOf"}, **(structured or options)[0]}
        else:
            return node


def type_errors(data: dict[str, Any]) -> list[tuple[Path, str]]:
    """Each place where the raw data has the wrong JSON type, with the types expected.

    Only ``type`` mismatches are reported here (also when every alternative of an
    ``anyOf`` fails on type); ranges, codes and references are left to the domain
    model, whose messages are more specific.
    """
    out: list[tuple[Path, str]] = []
    for error in _validator().iter_errors(as_json(data)):
        path: Path = tuple(error.absolute_path)
        if error.validator == "type":
            out.append((path, _type_names(error.validator_value)))
        elif (
            error.validator == "anyOf"
            and error.context
            and all(e.validator == "type" and not e.relative_path for e in error.context)
        ):
            names: list[Any] = []
            for e in error.context:
                value = e.validator_value
                names.extend(value if isinstance(value, list) else [value])
            out.append((path, _type_names(names)))
    return out


_TYPE_NAMES = {
    "integer": "an integer",
    "number": "a number",
    "string": "a string",
    "boolean": "true or false",
    "array": "an array",
    "object": "a table",
}


def _type_names(types: Any) -> str:
    listed = types if isinstance(types, list) else [types]
    names = [_TYPE_NAMES[t] for t in dict.fromkeys(listed) if t in _TYPE_NAMES]
    return " or ".join(names) or "a value"
