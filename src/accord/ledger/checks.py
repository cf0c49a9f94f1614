"""Checking an event before it is stored: first the domain model, then the regime.

The domain model says an event is well formed (a known kind, a date, a level in [0, 1]);
the regime says it makes sense here (the member belongs to the coalition, the measure and
the milestone exist, the date falls within the regime's horizon). Every problem is
reported with the field it concerns, and a rejected event is never stored.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

from pydantic import ValidationError

from accord.domain import EVENT_ADAPTER, EVENT_KINDS, Event, Regime, add_months, expand
from accord.domain.events import (
    Correction,
    ExemptionGranted,
    MeasureAdopted,
    MilestoneCertified,
    RenewalVote,
)
from accord.errors import ErrorDetail, EventRejected
from accord.scenario.load import format_loc


def _at(where: str, field: str) -> str:
    return f"{where}.{field}" if where else field


def parse_event(raw: Any, where: str = "") -> Event:
    """Validate a plain dict into an event of the domain model, or raise EventRejected."""
    if not isinstance(raw, Mapping):
        raise EventRejected(
            f"{where or 'event'}: not an event",
            [
                {
                    "loc": where or "event",
                    "msg": f"got {type(raw).__name__}",
                    "expected": "an object with a 'kind' field",
                }
            ],
        )
    try:
        # Strict JSON types: ``"level": true`` is not the number 1 and ``"level": "1"`` is
        # not a number at all, whether the event comes from the API or from a file.
        text = json.dumps(dict(raw), default=str)
    except (TypeError, ValueError, RecursionError):
        raise EventRejected(
            f"{where or 'event'}: not JSON data",
            [{"loc": where or "event", "msg": "not JSON data", "expected": "an event"}],
        ) from None
    try:
        return EVENT_ADAPTER.validate_json(text, strict=True)
    except ValidationError as exc:
        details: list[ErrorDetail] = []
        for e in exc.errors(include_url=False):
            msg = str(e["msg"]).removeprefix("Value error, ")
            expected = ""
            if e["type"] == "missing":
                msg, expected = "required field is missing", "a value"
            elif e["type"] == "extra_forbidden":
                msg, expected = "unknown field", "only the fields of this kind of event"
            elif e["type"].startswith("union_tag"):
                msg = "unknown or missing event kind"
                expected = "one of " + ", ".join(EVENT_KINDS)
            parts = tuple(e["loc"])
            if parts and parts[0] in EVENT_KINDS:
                parts = parts[1:]  # the union's tag, not a field
            loc = "kind" if e["type"].startswith("union_tag") else format_loc(parts)
            details.append({"loc": _at(where, loc), "msg": msg, "expected": expected})
        raise EventRejected(f"{where or 'event'}: not a valid event", details) from None


@dataclass(frozen=True)
class _Facts:
    """What the checks look up in a regime, computed once per regime object."""

    members: frozenset[str]
    measures: tuple[str, ...]
    end: date


_FACTS: dict[int, tuple[Regime, _Facts]] = {}


def _facts(regime: Regime) -> _Facts:
    hit = _FACTS.get(id(regime))
    if hit is not None and hit[0] is regime:
        return hit[1]
    if len(_FACTS) > 64:
        _FACTS.clear()
    facts = _Facts(
        frozenset(regime.member_codes),
        regime.measure_ids,
        add_months(regime.start, regime.horizon_months),
    )
    _FACTS[id(regime)] = (regime, facts)
    return facts


def regime_problems(event: Event, regime: Regime, where: str = "") -> list[ErrorDetail]:
    """What in ``event`` does not fit ``regime`` (empty when it fits)."""
    p: list[ErrorDetail] = []
    facts = _facts(regime)
    members, measures, end = facts.members, facts.measures, facts.end
    if not regime.start <= event.date <= end:
        p.append(
            {
                "loc": _at(where, "date"),
                "msg": f"{event.date} is outside the regime",
                "expected": f"a date from {regime.start} to {end}",
            }
        )
    member = getattr(event, "member", None)
    if member is not None:
        role = "voter" if isinstance(event, RenewalVote) else "member"
        allowed = members | {regime.lead.code} if isinstance(event, MeasureAdopted) else members
        if isinstance(event, RenewalVote) and regime.safeguards.sunset is not None:
            voters = regime.safeguards.sunset.voters
            allowed = (frozenset(expand(voters)) if voters else members) | {regime.lead.code}
        if member not in allowed:
            p.append(
                {
                    "loc": _at(where, "member"),
                    "msg": f"{member} is not a {role} of this regime",
                    "expected": "one of " + ", ".join(sorted(allowed)),
                }
            )
    measure = getattr(event, "measure", None)
    if isinstance(measure, str) and measure not in measures:
        p.append(
            {
                "loc": _at(where, "measure"),
                "msg": f"no measure {measure!r} in this regime",
                "expected": "one of " + ", ".join(measures),
            }
        )
    if isinstance(event, RenewalVote) and regime.safeguards.sunset is None:
        p.append(
            {
                "loc": _at(where, "kind"),
                "msg": "the regime has no sunset, so there is nothing to vote on",
                "expected": "a regime with safeguards.sunset",
            }
        )
    if isinstance(event, MilestoneCertified):
        ids = [m.id for m in regime.milestones]
        if event.milestone not in ids:
            p.append(
                {
                    "loc": _at(where, "milestone"),
                    "msg": f"no milestone {event.milestone!r} in this regime",
                    "expected": "one of " + (", ".join(ids) or "(none defined)"),
                }
            )
    if isinstance(event, ExemptionGranted):
        ex = event.exemption
        if ex.measure not in measures:
            p.append(
                {
                    "loc": _at(where, "exemption.measure"),
                    "msg": f"no measure {ex.measure!r} in this regime",
                    "expected": "one of " + ", ".join(measures),
                }
            )
        for j, c in enumerate(ex.members):
            if c not in members:
                p.append(
                    {
                        "loc": _at(where, f"exemption.members[{j}]"),
                        "msg": f"{c} is not a member of this regime",
                        "expected": "a member code",
                    }
                )
        if ex.id in {e.id for e in regime.exemptions}:
            p.append(
                {
                    "loc": _at(where, "exemption.id"),
                    "msg": f"the regime already defines an exemption {ex.id!r}",
                    "expected": "a new exemption id",
                }
            )
    return p


def check_event(raw: Any, regime: Regime, where: str = "") -> Event:
    """Parse and check one event against ``regime``; raise EventRejected on any problem."""
    event = parse_event(raw, where)
    problems = regime_problems(event, regime, where)
    if problems:
        raise EventRejected(
            f"{where or 'event'}: does not fit the regime {regime.name!r}", problems
        )
    return event


def corrected_id(event: Event) -> str | None:
    """The id an event corrects, if it is a correction."""
    return event.corrects if isinstance(event, Correction) else None
