"""Settings that are valid but cannot take effect, reported as warnings.

A scenario can be well formed and still say something the model will never act on: an
escalation on a measure that is already at its full level whenever it could rise, a
carve-out that starts before its measure is adopted (it only counts from adoption) or
ends before it. Saying so beats silence: the writer meant something by the line. (A member
state listed beside the bloc that already includes it is an error, worded in
``accord.scenario.suggest``.)
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from accord.domain import Regime, month_index
from accord.rules import compile_regime
from accord.scenario.lines import line_of, source_lines
from accord.scenario.schema import Path


@dataclass(frozen=True)
class SettingWarning:
    """A setting that cannot take effect: where it is and why."""

    file: str
    line: int | None
    loc: str
    msg: str

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}" if self.line else self.file
        return f"{where}: {self.loc}: {self.msg}"


def _escalations(regime: Regime) -> list[tuple[Path, str]]:
    cr = compile_regime(regime)
    index = {m: k for k, m in enumerate(cr.measures)}
    out: list[tuple[Path, str]] = []
    for i, criterion in enumerate(regime.safeguards.escalation):
        for j, measure in enumerate(criterion.measures):
            k = index.get(measure)
            if k is None:
                continue
            adopted = min(int(cr.adopted[k]), cr.horizon)
            if bool(np.all(cr.phase[k, adopted:] >= 1.0)):
                out.append(
                    (
                        ("safeguards", "escalation", i, "measures", j),
                        f"{measure!r} is at its full level from adoption on, so this "
                        "escalation can never raise it",
                    )
                )
    return out


def _exemptions(regime: Regime) -> list[tuple[Path, str]]:
    adopted = {m.id: m.adopted for m in regime.measures}
    out: list[tuple[Path, str]] = []
    for i, ex in enumerate(regime.exemptions):
        what = "waiver" if ex.kind.value == "waiver" else f"{ex.kind.value} exemption"
        what = what.replace("_", " ")
        when = adopted.get(ex.measure)
        if when is None:
            continue
        if ex.end is not None and month_index(regime.start, ex.end) < month_index(
            regime.start, when
        ):
            out.append(
                (
                    ("exemptions", i, "end"),
                    f"the {what} ends ({ex.end}) before {ex.measure!r} is adopted "
                    f"({when}), so it never takes effect",
                )
            )
        elif ex.start is not None and ex.start < when:
            out.append(
                (
                    ("exemptions", i, "start"),
                    f"the {what} starts ({ex.start}) before {ex.measure!r} is "
                    f"adopted ({when}); it takes effect only from adoption",
                )
            )
    return out


def ineffective_settings(regime: Regime, text: str, file: str) -> list[SettingWarning]:
    """Every setting of ``regime`` (read from ``text``) that cannot take effect, in file
    order."""
    from accord.scenario.details import format_path

    lines = source_lines(text)
    found = [*_exemptions(regime), *_escalations(regime)]
    warnings = [
        SettingWarning(file, line_of(path, lines), format_path(path), msg) for path, msg in found
    ]
    return sorted(warnings, key=lambda w: w.line or 0)
