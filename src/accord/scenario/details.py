"""Turning validation failures into located, plain-language problems.

Each problem names the field path as written in the file (``measures[2].phase_in``),
what was found there and what was expected. The expectation comes from the JSON Schema
of the format wherever it can (type, range, allowed values), so the message and
``accord schema`` never disagree.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from pydantic import ValidationError

from accord.domain import ECONOMIES, SECTORS
from accord.scenario.schema import Path, node_at

DATE_EXAMPLE = "a date such as 2022-02-24"

# pydantic error types whose own message only restates the expectation
_RESTATING = re.compile(
    r"^(int|float|bool|string|date|datetime|tuple|list|dict|model|enum|literal)_"
    r"|^(greater|less)_than|^(too|string_too)_(short|long)$|^string_pattern_mismatch$"
    r"|^(int|float|bool|date)_(parsing|from_float)$|^model_attributes_type$|^is_instance_of$"
)


def describe(value: Any) -> str:
    """A short description of a value as found in the file."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        text = repr(value)
        return text if len(text) <= 24 else text[:20] + "..."
    if isinstance(value, str):
        text = value if len(value) <= 40 else value[:37] + "..."
        return repr(text)
    if isinstance(value, list):
        return f"an array of {len(value)}"
    if isinstance(value, dict):
        return "a table"
    return f"a {type(value).__name__}"


def value_at(data: Any, path: Path) -> tuple[bool, Any]:
    """(found, value) at ``path`` in the raw data."""
    for part in path:
        in_list = isinstance(data, list) and isinstance(part, int) and 0 <= part < len(data)
        if not (in_list or (isinstance(data, dict) and part in data)):
            return False, None
        data = data[part]
    return True, data


def expected_from_schema(path: Path) -> str:
    """What the schema allows at ``path``, in words; empty when the path has no schema."""
    node = node_at(path)
    if node is None:
        return ""
    if "enum" in node:
        values = node["enum"]
        if set(ECONOMIES) <= set(values):
            return "an ICIO economy code (ISO 3166 alpha-3, e.g. USA, DEU)" + (
                " or a bloc (EU27)" if len(values) > len(ECONOMIES) else ""
            )
        if values == list(SECTORS):
            return "an ICIO sector code such as C19 or K"
        return "one of " + ", ".join(repr(v) for v in values)
    if "const" in node:
        return repr(node["const"])
    kind = node.get("type")
    if kind == "string" and node.get("format") == "date":
        return DATE_EXAMPLE
    if kind == "string" and "pattern" in node:
        return "an id: a lowercase letter, then up to 63 lowercase letters, digits, '_' or '-'"
    if kind in ("integer", "number"):
        return _range(kind, node)
    if kind == "array":
        lo, hi = node.get("minItems"), node.get("maxItems")
        size = f" of {lo} to {hi} items" if lo and hi else f" of at least {lo} item" if lo else ""
        return f"an array{size}"
    if kind == "string" and node.get("minLength"):
        return "a non-empty string"
    return {"string": "a string", "boolean": "true or false", "object": "a table"}.get(
        str(kind), ""
    )


def _range(kind: str, node: dict[str, Any]) -> str:
    noun = "an integer" if kind == "integer" else "a number"
    lo = node.get("minimum", node.get("exclusiveMinimum"))
    hi = node.get("maximum", node.get("exclusiveMaximum"))
    if lo is None and hi is None:
        return noun
    if kind == "integer" and "exclusiveMinimum" not in node and "exclusiveMaximum" not in node:
        if hi is None:
            return f"{noun} >= {lo}"
        return f"{noun} from {lo} to {hi}" if lo is not None else f"{noun} <= {hi}"
    left = "(" if "exclusiveMinimum" in node else "["
    right = ")" if "exclusiveMaximum" in node else "]"
    return f"{noun} in {left}{_num(lo)}, {_num(hi)}{right}"


def _num(x: Any) -> str:
    if x is None:
        return "inf"
    return str(int(x)) if float(x).is_integer() else str(x)


def allowed_fields(path: Path) -> str:
    """The fields a table at ``path`` accepts, for an unknown-field message."""
    node = node_at(path)
    names = list((node or {}).get("properties", {}))
    return "one of " + ", ".join(names) if names else "no such field"


def pydantic_problems(
    exc: ValidationError, data: Any, remap: Callable[[Path], Path]
) -> list[tuple[Path, str, str]]:
    """(path, message, expected) for each pydantic error, paths as written in the file
    (``remap`` turns indices of expanded lists back into the user's)."""
    out: list[tuple[Path, str, str]] = []
    for e in exc.errors(include_url=False):
        path = remap(clean_loc(tuple(e["loc"])))
        kind = str(e["type"])
        found, value = value_at(data, path)
        if kind == "too_short" and _only_items_failed(value, e.get("ctx")):
            continue  # the list is long enough; its invalid items are reported themselves
        if kind == "missing":
            out.append((path, "required field is missing", expected_from_schema(path)))
        elif kind == "extra_forbidden":
            out.append((path, f"unknown field {path[-1]!r}", allowed_fields(path[:-1])))
        elif _RESTATING.search(kind):
            got = f"got {describe(value)}" if found else "wrong value"
            detail = _detail_of(str(e["msg"]))
            out.append((path, got + (f": {detail}" if detail else ""), expected_from_schema(path)))
        else:
            msg = str(e["msg"]).removeprefix("Value error, ")
            msg, _, expected = msg.partition("; expected ")
            path, msg = _refine(path, msg)
            out.append((path, msg, expected))
    return out


def _only_items_failed(value: Any, ctx: Any) -> bool:
    """A list found "too short after validation" although the file has enough items: the
    shortfall is the items that failed, each with its own problem."""
    least = ctx.get("min_length") if isinstance(ctx, dict) else None
    return isinstance(value, list) and isinstance(least, int) and len(value) >= least


def _detail_of(msg: str) -> str:
    """The part of pydantic's message that adds to the expectation (e.g. why a date failed)."""
    _, sep, rest = msg.partition(", ")
    return rest if sep and ("outside" in rest or "invalid" in rest or "should" in rest) else ""


def clean_loc(loc: tuple[Any, ...]) -> Path:
    """pydantic's location without its union and validator tags."""
    return tuple(
        p for p in loc if isinstance(p, int) or not ("[" in p or p.startswith("function-"))
    )


_SUB = re.compile(r"^((?:phase_in\.)?tiers)\[(\d+)\]")


def _refine(path: Path, msg: str) -> tuple[Path, str]:
    """A model-level message about one of its tiers points at that tier."""
    m = _SUB.match(msg)
    if not m:
        return path, msg
    parts: list[str | int] = [*m.group(1).split("."), int(m.group(2))]
    if path and path[-1] == "phase_in" and parts[0] == "phase_in":
        parts = parts[1:]
    return (*path, *parts), msg


def format_path(path: Path) -> str:
    """``('measures', 2, 'phase_in')`` → ``measures[2].phase_in``."""
    out = ""
    for part in path:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else part)
    return out or "(top level)"
