"""Parameters of an experiment: ``PATH=LOW:HIGH[:STEPS]`` read, checked and applied.

A parameter is checked against the base design before anything runs: the path must
lead to a number, the range must be ordered, and both ends must give a valid design
(so a range that leaves the domain, such as ``lead.credibility=0:1.5``, fails at once
with the path named, and the command writes nothing).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from accord.errors import InvalidArgument
from accord.experiments.contract import Design
from accord.experiments.paths import apply, numeric_kind, parse_path


@dataclass(frozen=True)
class ParamRange:
    """One swept parameter: its path, its range and, for a grid, its number of steps."""

    path: str
    low: float
    high: float
    steps: int | None = None
    integer: bool = False

    def scale(self, unit: NDArray[np.float64]) -> NDArray[np.float64]:
        """Map points of [0, 1] onto the range (rounded for an integer field)."""
        values = self.low + unit * (self.high - self.low)
        return np.round(values) if self.integer else values


def parse_param(text: str) -> ParamRange:
    """``"safeguards.sunset.months=3:24:8"`` → a ParamRange (not yet checked on a design)."""
    path, sep, spec = text.partition("=")
    path = path.strip()
    if not sep or not path:
        raise InvalidArgument(
            f"parameter {text!r}: expected PATH=LOW:HIGH[:STEPS]",
            [{"loc": path or text, "msg": "no '='", "expected": "PATH=LOW:HIGH[:STEPS]"}],
        )
    parse_path(path)
    parts = spec.split(":")
    if len(parts) not in (2, 3):
        raise _bad(path, spec, "LOW:HIGH or LOW:HIGH:STEPS")
    try:
        low, high = float(parts[0]), float(parts[1])
    except ValueError:
        raise _bad(path, spec, "numbers for LOW and HIGH") from None
    if not (math.isfinite(low) and math.isfinite(high)):
        raise _bad(path, spec, "finite numbers for LOW and HIGH")
    if not low < high:
        raise _bad(path, spec, "LOW below HIGH")
    steps = None
    if len(parts) == 3:
        try:
            steps = int(parts[2])
        except ValueError:
            raise _bad(path, spec, "an integer number of STEPS") from None
        if not 2 <= steps <= 1000:
            raise _bad(path, spec, "STEPS between 2 and 1000")
    return ParamRange(path=path, low=low, high=high, steps=steps)


def _bad(path: str, spec: str, expected: str) -> InvalidArgument:
    return InvalidArgument(
        f"parameter {path!r}: range {spec!r} is not valid; expected {expected}",
        [{"loc": path, "msg": f"range {spec!r}", "expected": expected}],
    )


def check_params(base: Design, params: Sequence[ParamRange]) -> list[ParamRange]:
    """The parameters, checked on ``base`` and marked integer where the field is.

    Raises InvalidArgument naming the path for an unknown path, a non-numeric field, a
    repeated path, or an end of the range that gives an invalid design.
    """
    if not params:
        raise InvalidArgument("no parameter given; expected at least one --param PATH=LOW:HIGH")
    seen: set[str] = set()
    checked: list[ParamRange] = []
    for p in params:
        if p.path in seen:
            raise InvalidArgument(
                f"parameter {p.path!r} is given twice",
                [{"loc": p.path, "msg": "repeated", "expected": "each path once"}],
            )
        seen.add(p.path)
        integer = numeric_kind(base, p.path) is int
        if integer and round(p.high) <= round(p.low):
            raise _bad(p.path, f"{p.low:g}:{p.high:g}", "an integer range with LOW < HIGH")
        checked.append(
            ParamRange(path=p.path, low=p.low, high=p.high, steps=p.steps, integer=integer)
        )
    for end in ("low", "high"):
        try:
            apply(base, {p.path: getattr(p, end) for p in checked})
        except InvalidArgument as exc:
            raise InvalidArgument(
                f"the {end} end of the parameter ranges gives an invalid design: {exc.message}",
                exc.errors,
            ) from None
    return checked


def designs_at(
    base: Design, params: Sequence[ParamRange], matrix: NDArray[np.float64]
) -> list[Design]:
    """One design per row of ``matrix`` (columns in the order of ``params``)."""
    return [
        apply(base, {p.path: float(v) for p, v in zip(params, row, strict=True)}) for row in matrix
    ]
