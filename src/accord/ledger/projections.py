"""What the framework says about a recorded history: the rules engine's single-state
entry point applied to the ledger's events, never a rule of the ledger's own.

The rules (:func:`accord.rules.replay` and :func:`accord.rules.evaluate`) give, month by
month, the level each member must implement, reviews and sunsets due, lapses, ladder
steps and relief owed. The ledger adds only what the record says: the level each member
last reported (a posture, a compliance report, an adoption or a verifier's finding),
which the rules' :func:`~accord.rules.cohesion.recorded_posture` turns into mimic, adjust
or resist (resist where a due measure has no record).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

import numpy as np

from accord.domain import Event, Posture, Regime, add_months, month_index, month_start
from accord.domain.events import (
    ComplianceReport,
    MeasureAdopted,
    PostureDeclared,
    ReliefGranted,
    ReviewHeld,
    VerificationFinding,
)
from accord.rules import (
    CompiledRegime,
    SingleInputs,
    SingleRequirements,
    SingleState,
    compile_regime,
    evaluate,
    replay,
)
from accord.rules.cohesion import cohesion, recorded_posture

Day = date
"""``date`` under a name a field called ``date`` cannot shadow."""

LOOKAHEAD_MONTHS = 12
"""How far ahead "what is due" looks."""


@dataclass(frozen=True, slots=True)
class Cell:
    """One member on one measure: what the rules require and what the record says."""

    member: str
    measure: str
    required: float
    level: float | None  # last recorded level (None: nothing recorded)
    declared: Posture | None  # last declared posture
    posture: Posture | None  # the rules' reading of level against required
    since: date | None  # date of the last recorded level


@dataclass(frozen=True, slots=True)
class Due:
    """Something the framework requires on a date; ``overdue`` when it passed unrecorded."""

    date: Day
    kind: str
    detail: str
    overdue: bool = False


@dataclass(frozen=True, slots=True)
class LadderStanding:
    member: str
    step: int
    name: str
    penalty: float


@dataclass(frozen=True, slots=True)
class Projection:
    """The framework's view of a regime's record as of ``at``."""

    at: date
    month: int
    cells: list[Cell]
    in_force: dict[str, bool]
    next_sunset: dict[str, date | None]
    lapses: list[tuple[date, str]]
    ladder: list[LadderStanding]
    relief_owed: dict[str, float]
    relief_granted: dict[str, float]
    due: list[Due]
    cohesion: list[tuple[date, float]]
    disagreements: list[tuple[date, str]]  # recorded facts the rules did not schedule


def _month_date(regime: Regime, t: int) -> date:
    return regime.start if t == 0 else month_start(regime.start, t)


def level_records(events: Sequence[Event]) -> list[tuple[date, str, str, float, Posture | None]]:
    """(date, member, measure, level, declared posture) of every event that states a level,
    in date order (recording order among events of the same date)."""
    out: list[tuple[date, str, str, float, Posture | None]] = []
    for e in sorted(events, key=lambda e: e.date):
        if isinstance(e, MeasureAdopted | PostureDeclared | ComplianceReport | VerificationFinding):
            declared = e.posture if isinstance(e, PostureDeclared) else None
            if e.level is not None:
                out.append((e.date, e.member, e.measure, e.level, declared))
    return out


def cohesion_series(
    cr: CompiledRegime, events: Sequence[Event], reqs: Sequence[SingleRequirements]
) -> list[tuple[date, float]]:
    """Cohesion by month, by the rules' one definition (:mod:`accord.rules.cohesion`), in
    the months where anything is due; a member with no recorded level on a due measure
    has not adopted it."""
    M, K = len(cr.members), len(cr.measures)
    m_ix = {m: i for i, m in enumerate(cr.members)}
    k_ix = {k: i for i, k in enumerate(cr.measures)}
    level = np.full((M, K), np.nan, dtype=np.float32)
    records = level_records(events)
    out: list[tuple[date, float]] = []
    r = 0
    for req in reqs:
        end = add_months(month_start(cr.regime.start, req.month), 1)
        while r < len(records) and records[r][0] < end:
            _, m, k, lv, _ = records[r]
            if m in m_ix:
                level[m_ix[m], k_ix[k]] = lv
            r += 1
        reference = np.array(
            [[req.reference[(m, k)] for k in cr.measures] for m in cr.members], dtype=np.float32
        )
        if not (reference > 0).any():
            continue
        out.append(
            (_month_date(cr.regime, req.month), float(cohesion(level, reference, cr.weight)))
        )
    return out


def project(regime: Regime, events: Sequence[Event], at: date) -> Projection:
    """Apply the rules to ``events`` up to ``at`` (clamped to the regime's horizon)."""
    cr = compile_regime(regime)
    end = add_months(regime.start, regime.horizon_months)
    at = min(max(at, regime.start), end)
    state, reqs = replay(cr, events, at)
    now = reqs[-1]
    t_now = now.month

    latest: dict[tuple[str, str], tuple[date, float, Posture | None]] = {}
    declared: dict[tuple[str, str], Posture] = {}
    for d, m, k, lv, p in level_records(events):
        if d <= at:
            latest[(m, k)] = (d, lv, p)
            if p is not None:
                declared[(m, k)] = p
    cells = []
    for m in cr.members:
        for k in cr.measures:
            req = now.required[(m, k)]
            rec = latest.get((m, k))
            cells.append(
                Cell(
                    member=m,
                    measure=k,
                    required=req,
                    level=rec[1] if rec else None,
                    declared=declared.get((m, k)),
                    posture=recorded_posture(rec[1] if rec else None, now.reference[(m, k)]),
                    since=rec[0] if rec else None,
                )
            )

    lapses = [(_month_date(regime, r.month), k) for r in reqs for k in sorted(r.lapsed)]
    steps = regime.safeguards.ladder.steps if regime.safeguards.ladder else ()
    ladder = [
        LadderStanding(m, s.ladder, steps[s.ladder - 1].name, steps[s.ladder - 1].penalty)
        for m, s in state.members.items()
        if s.ladder > 0
    ]
    granted: dict[str, float] = {}
    for e in events:
        if isinstance(e, ReliefGranted) and e.date <= at:
            granted[e.measure] = min(granted.get(e.measure, 0.0) + e.relief, 1.0)

    due = (
        _overdue(regime, events, reqs, at)
        + _reports_missing(regime, events, reqs)
        + _upcoming(cr, state, t_now, end)
    )
    return Projection(
        at=at,
        month=t_now,
        cells=cells,
        in_force=dict(state.in_force),
        next_sunset={
            k: None if v is None else month_start(regime.start, v) for k, v in state.expiry.items()
        },
        lapses=lapses,
        ladder=ladder,
        relief_owed={k: v for k, v in now.relief.items() if v > 0},
        relief_granted=granted,
        due=due,
        cohesion=cohesion_series(cr, events, reqs),
        disagreements=[(_month_date(regime, r.month), x) for r in reqs for x in r.disagreements],
    )


def _overdue(
    regime: Regime, events: Sequence[Event], reqs: Sequence[SingleRequirements], at: date
) -> list[Due]:
    """Reviews the rules scheduled before ``at``'s month with no review recorded in that
    month, and relief the rules say is owed but has not been granted."""
    held = {month_index(regime.start, e.date) for e in events if isinstance(e, ReviewHeld)}
    out = [
        Due(_month_date(regime, r.month), "review", "scheduled review not recorded", True)
        for r in reqs[:-1]
        if r.review_due and r.month not in held
    ]
    granted = {e.measure for e in events if isinstance(e, ReliefGranted) and e.date <= at}
    out += [
        Due(at, "relief", f"relief of {v:.0%} on {k} owed, not granted", True)
        for k, v in reqs[-1].relief.items()
        if v > 0 and k not in granted
    ]
    return out


def _reports_missing(
    regime: Regime, events: Sequence[Event], reqs: Sequence[SingleRequirements]
) -> list[Due]:
    """Compliance reports missing for the last review the rules scheduled before now.

    The ledger's convention: before each review, every member reports on each measure the
    rules require it to implement that month; a report counts for the review if it is
    dated after the review before it. One item per member that left any measure out.
    """
    reviews = [r for r in reqs[:-1] if r.review_due]
    if not reviews:
        return []
    last = reviews[-1]
    since = reviews[-2].month if len(reviews) > 1 else -1
    reported = {
        (e.member, e.measure)
        for e in events
        if isinstance(e, ComplianceReport)
        and since < month_index(regime.start, e.date) <= last.month
    }
    missing: dict[str, list[str]] = {}
    for (m, k), level in last.required.items():
        if level > 0 and (m, k) not in reported:
            missing.setdefault(m, []).append(k)
    when = _month_date(regime, last.month)
    return [
        Due(when, "report", f"{m}: no compliance report on {', '.join(ks)}", True)
        for m, ks in missing.items()
    ]


def _upcoming(cr: CompiledRegime, state: SingleState, t_now: int, end: date) -> list[Due]:
    """Run the rules forward with nothing happening to list reviews, renewal votes and
    escalations in the next :data:`LOOKAHEAD_MONTHS` months."""
    regime = cr.regime
    out: list[Due] = []
    horizon = month_index(regime.start, end)
    for t in range(t_now + 1, min(t_now + LOOKAHEAD_MONTHS, horizon) + 1):
        state, req = evaluate(cr, state, t, SingleInputs())
        when = _month_date(regime, t)
        if req.review_due:
            out.append(Due(when, "review", "scheduled review of postures and measures"))
            out.append(
                Due(when, "report", "compliance reports from each member on what it must implement")
            )
        for k in sorted(req.sunset_due):
            out.append(Due(when, "renewal", f"{k} lapses unless renewed"))
        for k in sorted(req.escalated):
            out.append(Due(when, "escalation", f"{k} escalates unless a milestone is certified"))
    return out
