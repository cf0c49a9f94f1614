"""Parameter paths: address one number of a design by where it is written.

``safeguards.sunset.months`` and ``lead.credibility`` address the regime as a scenario
file writes it; ``measures[2].weight`` or ``measures.coal_ban.weight`` (an item of a list
by its ``id`` or ``code``) address an item of a list; ``model.…`` addresses the
simulator's model parameters. A value is applied by rebuilding the whole object through
pydantic validation, so a value the domain forbids (a share above 1, a sunset of 0
months, a member weight that breaks the total) is a located error naming the path, never
a silently inconsistent regime.
"""

from __future__ import annotations

import copy
import re
from collections.abc import Mapping
from dataclasses import replace
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError

from accord.domain import Regime, RegimeProblems
from accord.errors import ErrorDetail, InvalidArgument
from accord.estimate.defaults import explicit_fields, only_explicit
from accord.experiments.contract import Design
from accord.scenario.load import format_loc

MODEL_ROOT = "model"
_TOKEN = re.compile(r"([^.\[\]]+)|\[(\d+)\]")

Key = str | int
M = TypeVar("M", bound=BaseModel)


def parse_path(path: str) -> tuple[Key, ...]:
    """``"measures[2].weight"`` → ``("measures", 2, "weight")``; a malformed path raises."""
    keys: list[Key] = []
    pos = 0
    text = path.strip()
    while pos < len(text):
        if text[pos] == "." and keys:
            pos += 1
        m = _TOKEN.match(text, pos)
        if m is None:
            raise InvalidArgument(
                f"parameter {path!r}: cannot read the path at character {pos + 1}",
                [_detail(path, "malformed path", "names separated by dots, e.g. lead.credibility")],
            )
        keys.append(m.group(1) if m.group(1) is not None else int(m.group(2)))
        pos = m.end()
    if not keys:
        raise InvalidArgument("a parameter path is empty", [_detail(path, "empty", "a path")])
    return tuple(keys)


def _detail(loc: str, msg: str, expected: str) -> ErrorDetail:
    return {"loc": loc, "msg": msg, "expected": expected}


def _item_index(items: list[Any], key: Key, path: str, where: str) -> int:
    """Index of ``key`` in a list: a position, or the item whose ``id``/``code`` is ``key``."""
    if isinstance(key, int):
        if 0 <= key < len(items):
            return key
        raise InvalidArgument(
            f"parameter {path!r}: {where} has {len(items)} items, no item {key}",
            [_detail(path, f"no item {key} in {where}", f"an index below {len(items)}")],
        )
    names = [str(it.get("id", it.get("code"))) for it in items if isinstance(it, dict)]
    for i, it in enumerate(items):
        if isinstance(it, dict) and key in (it.get("id"), it.get("code")):
            return i
    raise InvalidArgument(
        f"parameter {path!r}: {where} has no item {key!r}",
        [_detail(path, f"no item {key!r} in {where}", f"one of {names}")],
    )


def _walk(data: Any, keys: tuple[Key, ...], path: str) -> tuple[Any, Key]:
    """The container holding the last key and that key (list keys resolved to indices)."""
    node = data
    where = "the design"
    for depth, key in enumerate(keys):
        last = depth == len(keys) - 1
        if isinstance(node, list):
            key = _item_index(node, key, path, where)
        elif isinstance(node, dict):
            if not isinstance(key, str) or key not in node:
                known = sorted(str(k) for k in node)
                raise InvalidArgument(
                    f"parameter {path!r}: {where} has no field {key!r}",
                    [_detail(path, f"no field {key!r} in {where}", f"one of {known}")],
                )
        else:
            state = "not set in this scenario" if node is None else "not a group of fields"
            raise InvalidArgument(
                f"parameter {path!r}: {where} is {state}",
                [_detail(path, f"{where} is {state}", "a path to a number the design sets")],
            )
        if last:
            return node, key
        node = node[key]
        where = ".".join(str(k) for k in keys[: depth + 1])
    raise InvalidArgument(f"parameter {path!r}: empty path")


def _root(design: Design, keys: tuple[Key, ...], path: str) -> tuple[str, tuple[Key, ...]]:
    """Which object a path addresses: the evaluator's own model parameters when it keeps
    them apart from the regime (``model.…``), the regime otherwise."""
    if keys[0] == MODEL_ROOT and design.model is not None:
        if len(keys) < 2:
            raise InvalidArgument(
                f"parameter {path!r}: names the whole model",
                [_detail(path, "not a number", "model.<group>.<field>")],
            )
        return MODEL_ROOT, keys[1:]
    return "regime", keys


def _dump(obj: BaseModel) -> dict[str, Any]:
    """The object as nested dicts and lists (tuples thawed, so items can be replaced)."""
    thawed: dict[str, Any] = _thaw(obj.model_dump(mode="python"))
    return thawed


def _thaw(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _thaw(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_thaw(v) for v in value]
    return value


def get_value(design: Design, path: str) -> Any:
    """The value written at ``path`` (InvalidArgument naming the path if there is none)."""
    keys = parse_path(path)
    root, rest = _root(design, keys, path)
    obj: BaseModel | None = design.model if root == MODEL_ROOT else design.regime
    container, key = _walk(_dump(obj) if obj is not None else {}, rest, path)
    return container[key]


def numeric_kind(design: Design, path: str) -> type[int] | type[float]:
    """``int`` or ``float``: what the value at ``path`` is; anything else is not sweepable."""
    value = get_value(design, path)
    if isinstance(value, bool) or not isinstance(value, int | float | None):
        raise InvalidArgument(
            f"parameter {path!r}: the value there is {value!r}, not a number",
            [_detail(path, f"holds {type(value).__name__}", "a path to a number")],
        )
    return int if isinstance(value, int) else float


def apply(design: Design, values: Mapping[str, float]) -> Design:
    """A new design with each path set to its value, validated as a whole.

    Integer fields take the value rounded to the nearest integer. A value the domain
    forbids raises InvalidArgument naming the path and what was expected there.
    """
    return _applied(design, values, numbers=True)


def set_values(design: Design, values: Mapping[str, Any]) -> Design:
    """A new design with each path set to any value a scenario file could write there (a
    number, a string, a table, a list, or None to remove an optional part), validated as
    a whole; domain objects given as values are taken as what they hold."""
    return _applied(design, values, numbers=False)


def _applied(design: Design, values: Mapping[str, Any], numbers: bool) -> Design:
    regime_data = _dump(design.regime)
    model_data = _dump(design.model) if design.model is not None else None
    for path, value in values.items():
        keys = parse_path(path)
        root, rest = _root(design, keys, path)
        data = model_data if root == MODEL_ROOT else regime_data
        container, key = _walk(data, rest, path)
        current = container[key]
        if not numbers:
            container[key] = _plain(value)
        elif isinstance(current, int) and not isinstance(current, bool):
            container[key] = round(value)
        else:
            container[key] = value
    what = "parameter values" if numbers else "the changes"
    regime = _validated(Regime, regime_data, values, prefix="", what=what)
    model = design.model
    if model_data is not None and model is not None:
        model = _validated(type(model), model_data, values, prefix=MODEL_ROOT + ".", what=what)
    written = explicit_fields(design.regime.model) | _written(values, design.model is None)
    regime = regime.model_copy(update={"model": only_explicit(regime.model, written)})
    return replace(design, regime=regime, model=model)


def _written(values: Mapping[str, Any], in_regime: bool) -> frozenset[str]:
    """``table.key`` of every field of the regime's ``[model]`` that ``values`` write
    (a table written whole writes each key it holds), so the record of what a scenario
    sets explicitly survives an edit (:func:`accord.estimate.defaults.explicit_fields`)."""
    out: set[str] = set()
    if not in_regime:
        return frozenset()
    for path, value in values.items():
        keys = parse_path(path)
        if keys[0] != MODEL_ROOT:
            continue
        out.update(_leaves([str(k) for k in keys[1:]], _plain(value)))
    return frozenset(out)


def _leaves(prefix: list[str], value: Any) -> set[str]:
    if len(prefix) >= 2:
        return {".".join(prefix[:2])}
    if isinstance(value, dict):
        found: set[str] = set()
        for key, inner in value.items():
            found |= _leaves([*prefix, str(key)], inner)
        return found
    return set()


def _plain(value: Any) -> Any:
    """Domain objects (and lists of them) as the nested dicts a scenario file holds."""
    if isinstance(value, BaseModel):
        return _dump(value)
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    return value


def _shown(value: Any) -> str:
    text = f"{value:g}" if isinstance(value, float) else repr(value)
    return text if len(text) <= 40 else text[:37] + "..."


def _validated(
    cls: type[M], data: dict[str, Any], values: Mapping[str, Any], prefix: str, what: str
) -> M:
    try:
        return cls.model_validate(copy.deepcopy(data))
    except ValidationError as exc:
        details = [
            _detail(prefix + format_loc(tuple(e["loc"])), str(e["msg"]), _expected(e))
            for e in exc.errors(include_url=False)
        ]
    except RegimeProblems as exc:
        details = list(exc.errors)
    setting = ", ".join(f"{p}={_shown(v)}" for p, v in values.items())
    raise InvalidArgument(f"{what} {setting} give an invalid design", details)


def _expected(error: Any) -> str:
    ctx = error.get("ctx") or {}
    for key in ("expected", "ge", "gt", "le", "lt"):
        if key in ctx:
            return f"{key} {ctx[key]}" if key != "expected" else str(ctx[key])
    return ""
