"""Regimes from Python: read one from a file, a bundled name or text, and edit it.

An edit never changes a regime in place: :func:`with_changes` returns a new regime built
from the old one's fields with each change applied, validated as a whole, so a change the
domain forbids fails with the field path, what was found and what was expected there
(the same details a scenario file's errors carry), and the old regime is left as it was.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

from accord.domain import Regime
from accord.errors import InvalidArgument, ScenarioError


def load(source: str | Path | Regime) -> Regime:
    """A validated regime from a scenario file, a bundled scenario's name
    (``"russia-2022"``, see :func:`accord.scenarios.bundled`) or the text of a scenario.

    A string with a line break is scenario text; any other string is a path or a name.
    Errors are :class:`~accord.errors.ScenarioError` naming the file, line and field.
    """
    if isinstance(source, Regime):
        return source
    if isinstance(source, str) and "\n" in source:
        from accord.scenario import parse_scenario

        return parse_scenario(source, "<text>")
    from accord.scenarios import load as load_file

    return load_file(source)


def with_changes(regime: Regime, changes: Mapping[str, Any]) -> Regime:
    """A new regime with each field path of ``changes`` set to its value.

    Paths are written as in a scenario file: ``"lead.credibility"``,
    ``"safeguards.sunset.renewal"``, ``"measures.oil_embargo.weight"`` (a list item by its
    ``id`` or ``code``) or ``"measures[2].weight"`` (by position), ``"model.reputation.weight"``.
    A value is anything the file could hold there: a number, a string, a table (dict), a
    list, ``None`` to remove an optional part, or domain objects such as the regime's own
    exemptions. Raises :class:`~accord.errors.ScenarioError` listing every problem.
    """
    from accord.experiments.contract import Design
    from accord.experiments.paths import set_values

    if not isinstance(changes, Mapping) or not all(isinstance(k, str) for k in changes):
        raise ScenarioError(
            "changes must map field paths to values, e.g. {'lead.credibility': 0.3}",
            file=_source(regime),
        )
    try:
        return set_values(Design(regime=regime), changes).regime
    except InvalidArgument as exc:
        raise ScenarioError(
            f"{_source(regime)}: {exc.message}", list(exc.errors), file=_source(regime)
        ) from None


def _source(regime: Regime) -> str:
    return f"<changes to {regime.name}>"


__all__ = ["load", "with_changes"]
