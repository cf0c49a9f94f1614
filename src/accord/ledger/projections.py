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

from accord.domain import Event, Posture, Regime, month_index, month_start
from accord.ledger.basis import ProjectionBasis, month_date
from accord.rules import (
    CompiledRegime,
    SingleInputs,
    SingleRequirements,
    SingleState,
    evaluate,
)
from accord.rules.cohesion import recorded_posture

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


def project(regime: Regime, events: Sequence[Event], at: date) -> Projection:
    """Apply the rules to ``events`` up to ``at`` (clamped to the regime's horizon)."""
    return project_at(ProjectionBasis.of(regime, events), at)


def project_at(basis: ProjectionBasis, at: date) -> Projection:
    """The projection as of ``at`` from a prepared history (see :mod:`accord.ledger.basis`):
    the same answer as :func:`project`, in time independent of the number of events."""
    regime, cr = basis.regime, basis.cr
    end = basis.end
    at = min(max(at, regime.start), end)
    state, reqs = basis.checkpoint(at)
    now = reqs[-1]
    t_now = now.month
    cells = []
    for m in cr.members:
        for k in cr.measures:
            req = now.required[(m, k)]
            rec = basis.latest(m, k, at)
            cells.append(
                Cell(
                    member=m,
                    measure=k,
                    required=req,
                    level=rec[3] if rec else None,
                    declared=basis.latest_declared(m, k, at),
                    posture=recorded_posture(rec[3] if rec else None, now.reference[(m, k)]),
                    since=rec[0] if rec else None,
                )
            )
    lapses = [(month_date(regime, r.month), k) for r in reqs for k in sorted(r.lapsed)]
    steps = regime.safeguards.ladder.steps if regime.safeguards.ladder else ()
    ladder = [
        LadderStanding(m, s.ladder, steps[s.ladder - 1].name, steps[s.ladder - 1].penalty)
        for m, s in state.members.items()
        if s.ladder > 0
    ]
    granted: dict[str, float] = {}
    for when, measure, relief in basis.reliefs:
        if when <= at:
            granted[measure] = min(granted.get(measure, 0.0) + relief, 1.0)
    due = (
        _overdue(basis, reqs, at) + _reports_missing(basis, reqs) + _upcoming(cr, state, t_now, end)
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
        cohesion=[(d, v) for t, d, v in basis.cohesion if t <= t_now],
        disagreements=[(month_date(regime, r.month), x) for r in reqs for x in r.disagreements],
    )


def _overdue(basis: ProjectionBasis, reqs: Sequence[SingleRequirements], at: date) -> list[Due]:
    """Reviews the rules scheduled before ``at``'s month with no review recorded in that
    month, and relief the rules say is owed but has not been granted."""
    regime = basis.regime
    out = [
        Due(month_date(regime, r.month), "review", "scheduled review not recorded", True)
        for r in reqs[:-1]
        if r.review_due and r.month not in basis.reviews_held
    ]
    granted = {measure for when, measure, _ in basis.reliefs if when <= at}
    out += [
        Due(at, "relief", f"relief of {v:.0%} on {k} owed, not granted", True)
        for k, v in reqs[-1].relief.items()
        if v > 0 and k not in granted
    ]
    return out


def _reports_missing(basis: ProjectionBasis, reqs: Sequence[SingleRequirements]) -> list[Due]:
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
    reported: set[tuple[str, str]] = set()
    for t, pairs in basis.reports_by_month.items():
        if since < t <= last.month:
            reported |= pairs
    missing: dict[str, list[str]] = {}
    for (m, k), level in last.required.items():
        if level > 0 and (m, k) not in reported:
            missing.setdefault(m, []).append(k)
    when = month_date(basis.regime, last.month)
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
        when = month_date(regime, t)
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
