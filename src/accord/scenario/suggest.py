"""Suggestions for misspellings in scenario files, and one wording for every problem.

A problem found by the schema, by pydantic or by the regime's cross-reference check is
reworded the same way: ``got <what was found>`` and ``expected <what is allowed>``, then
``did you mean ...?`` where the value is close to an allowed one. Suggestions cover the
three things people misspell: economy and sector codes (also a country's name or its
two-letter code: ``UK`` suggests ``GBR``), field names and enumerated values (measure
kinds, renewal rules), and ids that refer to other parts of the file (measures, members,
milestones).
"""

from __future__ import annotations

import ast
import re
from functools import cache
from typing import Any

from accord.domain import BLOCS, ECONOMIES
from accord.errors import did_you_mean
from accord.scenario.details import describe, expected_from_schema, value_at
from accord.scenario.schema import Path, node_at

Problem = tuple[Path, str, str]

_RAW = re.compile(r"^Input should be (?:an? )?(.*)$", re.DOTALL)
_REFERENCE = re.compile(r"^no (measure|member|milestone) ")
_TWICE = re.compile(r"^([A-Z]{3}) is listed twice$")


def _bloc_of(code: str, data: Any) -> str | None:
    """The bloc written among the members that already includes ``code``, if any."""
    written = data.get("members") if isinstance(data, dict) else None
    for item in written if isinstance(written, list) else []:
        name = item.get("code") if isinstance(item, dict) else item
        if isinstance(name, str) and code in BLOCS.get(name, ()):
            return name
    return None


@cache
def _territory_codes() -> dict[str, str]:
    """Alpha-3 code of each country's names and alpha-2 code (from ``rigour``'s
    territory table, part of the optional ``accord[observe]``; empty without it)."""
    try:
        from rigour.territories import get_territories
    except ImportError:
        return {}
    out: dict[str, str] = {}
    for t in get_territories():
        if t.alpha3:
            for name in (t.code, t.name, t.full_name):
                if name:
                    out.setdefault(name.casefold(), t.alpha3.upper())
    return out


def country_code(text: str) -> str | None:
    """The ICIO economy code a person most likely meant by ``text`` (a name such as
    ``Slovakia``, an alpha-2 code such as ``UK``), or None."""
    key = text.strip().casefold()
    code = _territory_codes().get(key)
    if code is None and _territory_codes():
        from rigour.territories import lookup_territory

        found = lookup_territory(text.strip())
        code = found.alpha3.upper() if found is not None and found.alpha3 else None
    return code if code in ECONOMIES else None


def suggestion(value: str, candidates: list[str]) -> str:
    """``did you mean ...?`` for ``value`` among ``candidates`` (empty if none is close);
    among economy codes a country's name or alpha-2 code points to its alpha-3 code."""
    if set(ECONOMIES) <= set(candidates):
        code = country_code(value)
        if code is not None and code != value:
            return f"did you mean {code}?"
    return did_you_mean(value, candidates)


def _candidates(path: Path, msg: str, expected: str) -> tuple[str, list[str]] | None:
    """(what was typed, what it should have been one of) for a problem, if it has both."""
    if msg.startswith("unknown field") and path and isinstance(path[-1], str):
        node = node_at(path[:-1]) or {}
        return path[-1], list(node.get("properties", {}))
    if _REFERENCE.match(msg) and expected.startswith("one of ["):
        try:
            known = ast.literal_eval(expected.removeprefix("one of "))
        except (ValueError, SyntaxError):
            return None
        return "", [str(k) for k in known]
    node = node_at(path) or {}
    if "enum" in node:
        return "", [str(v) for v in node["enum"]]
    if (path and path[-1] == "code") or (len(path) == 2 and path[0] == "members"):
        return "", [*ECONOMIES, *BLOCS]
    return None


def _listing(values: list[str]) -> str:
    if len(values) > 12:
        return "one of " + ", ".join(repr(v) for v in values[:12]) + f" ... ({len(values)} in all)"
    return "one of " + ", ".join(repr(v) for v in values)


def reword(problem: Problem, data: Any) -> Problem:
    """``problem`` in Accord's wording, with a suggestion where one is close."""
    path, msg, expected = problem
    found, value = value_at(data, path)
    if not found and path and path[-1] == "code":  # a member written as a bare code
        found, value = value_at(data, path[:-1])
    if msg == "wrong value" and found:
        msg = f"got {describe(value)}"
    raw = _RAW.match(msg)
    if raw:  # pydantic's own words: say what was found, and move the rest to "expected"
        msg = f"got {describe(value)}" if found else "wrong value"
        expected = expected or expected_from_schema(path) or raw.group(1).strip()
    twice = _TWICE.match(msg)
    if twice and path[:1] == ("members",):
        bloc = _bloc_of(twice.group(1), data)
        if bloc:
            return path, f"{msg}: {bloc} already includes it", f"{bloc} or its states, not both"
    picked = _candidates(path, msg, expected)
    if picked is None:
        return path, msg, expected
    typed, candidates = picked
    typed = typed or (value if found and isinstance(value, str) else "")
    if _REFERENCE.match(msg) and expected.startswith("one of ["):
        expected = _listing(candidates)
    hint = suggestion(typed, candidates) if typed else ""
    return path, (f"{msg}; {hint}" if hint else msg), expected


@cache
def _names() -> dict[str, str]:
    try:
        from rigour.territories import get_territories
    except ImportError:  # the optional accord[observe]: codes without names
        return {}
    return {t.alpha3.upper(): t.name for t in get_territories() if t.alpha3 and t.name}


def country_name(code: str) -> str:
    """The English short name of an economy code (``SVK`` → ``Slovakia``), else the code."""
    return _names().get(code, code)
