"""The regime's calendar as the rules see it, assuming every vote renews and nothing is
certified: what a secretariat plans around, and what ``make demo`` prints."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import numpy as np

from accord.domain import add_months, month_start
from accord.rules.compiled import CompiledRegime
from accord.rules.engine import step
from accord.rules.state import initial_state, quiet_inputs


@dataclass(frozen=True)
class TimelineEntry:
    """One thing the framework schedules in a month."""

    month: int
    date: date
    kind: str
    detail: str


def timeline(cr: CompiledRegime, months: int | None = None) -> list[TimelineEntry]:
    """What the rules schedule month by month over ``months`` (default: the horizon)."""
    regime = cr.regime
    months = cr.horizon if months is None else months
    state = initial_state(cr, 1)
    inputs = quiet_inputs(cr, 1)
    out: list[TimelineEntry] = []
    prev_level = np.zeros(len(cr.measures), dtype=np.float32)
    prev_ex = np.zeros(len(regime.exemptions), dtype=bool)
    for t in range(months + 1):
        when = month_start(regime.start, t) if t else regime.start
        state, req = step(cr, state, t, inputs)
        level = cr.phase[:, cr.month(t)]
        for k, m in enumerate(regime.measures):
            if level[k] != prev_level[k]:
                what = "adopted" if prev_level[k] == 0 else "phase-in step"
                out.append(
                    TimelineEntry(t, when, "phase-in", f"{m.id} {what}: level {level[k]:.2f}")
                )
            if req.sunset_due[0, k]:
                nxt = add_months(month_start(regime.start, t), cr.sunset_months)
                out.append(
                    TimelineEntry(
                        t, when, "renewal", f"{m.id} lapses unless renewed; next sunset {nxt:%Y-%m}"
                    )
                )
            if req.escalated[0, k]:
                out.append(TimelineEntry(t, when, "escalation", f"{m.id} escalates after defiance"))
        for e, x in enumerate(regime.exemptions):
            on = bool(req.exemptions_in_force[e])
            if on != prev_ex[e]:
                out.append(
                    TimelineEntry(
                        t,
                        when,
                        "exemption",
                        f"{x.id} ({x.kind.value}, {x.measure}) {'starts' if on else 'ends'}",
                    )
                )
            prev_ex[e] = on
        if req.review_due:
            out.append(
                TimelineEntry(t, when, "review", "scheduled review of postures and measures")
            )
        prev_level = level
    return out
