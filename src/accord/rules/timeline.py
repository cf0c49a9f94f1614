"""The regime's calendar as the rules see it, assuming every vote renews and nothing is
certified: what a secretariat plans around, and what ``make demo`` prints."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import numpy as np

from accord.domain import month_start
from accord.rules.compiled import CompiledRegime
from accord.rules.engine import step
from accord.rules.state import initial_state, quiet_inputs
from accord.rules.types import NEVER, B


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
        out.extend(_renewals(cr, t, req.act_due[0]))
        if req.review_due:
            out.append(
                TimelineEntry(t, when, "review", "scheduled review of postures and measures")
            )
        prev_level = level
    return out


def _renewals(cr: CompiledRegime, t: int, due: B) -> list[TimelineEntry]:
    """One entry per act whose term ends in month ``t``, dated on the act's calendar."""
    acts, out = cr.acts, []
    nxt = acts.next_after(t)
    for a in np.flatnonzero(due):
        held = ", ".join(k for k, on in zip(cr.measures, acts.measures[a], strict=True) if on)
        then = acts.dates[a].get(int(nxt[a])) if nxt[a] < NEVER else None
        after = f"; next term ends {then:%Y-%m-%d}" if then else ""
        if held == acts.ids[a]:  # a measure's own term (the simple form)
            held = ""
        name = (
            f"{acts.ids[a]}"
            if acts.names[a] in ("", acts.ids[a])
            else f"{acts.ids[a]} ({acts.names[a]})"
        )
        what = f"{name} lapses unless renewed{f' ({held})' if held else ''}{after}"
        out.append(TimelineEntry(t, acts.dates[a][t], "renewal", what))
    return out
