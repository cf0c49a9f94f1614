"""Legal acts: the instruments that hold measures and are renewed as one.

The EU's economic measures against Russia sit in one Council decision (2014/512/CFSP)
and lapse together unless the Council renews that decision, on fixed calendar dates
(31 January and 31 July), whatever day each measure was adopted. An act names the
measures it holds, the members it binds, the end of its current term and the calendar
of later terms; the renewal rule (who votes, by which majority) is the regime's
``safeguards.sunset``.
"""

from __future__ import annotations

import calendar
import re
from datetime import date
from typing import TYPE_CHECKING, Annotated

from pydantic import AfterValidator, Field, WithJsonSchema

from accord.domain.base import EconomyOrBloc, Frozen, Ident
from accord.domain.calendar import add_months
from accord.domain.codes import expand
from accord.errors import ErrorDetail

if TYPE_CHECKING:
    from accord.domain.regime import Regime

_MONTH_DAY = re.compile(r"^(\d\d)-(\d\d)$")


def _month_day(text: str) -> str:
    match = _MONTH_DAY.match(text)
    if match is None:
        raise ValueError(f"{text!r} is not a calendar date written MM-DD, e.g. '07-31'")
    month, day = int(match[1]), int(match[2])
    try:
        date(2024, month, day)  # a leap year, so 02-29 is a real calendar date
    except ValueError:
        raise ValueError(f"{text!r} is not a real calendar date (MM-DD)") from None
    return text


MonthDay = Annotated[
    str,
    AfterValidator(_month_day),
    WithJsonSchema({"type": "string", "pattern": r"^\d\d-\d\d$"}),
]
"""A calendar date without a year, ``MM-DD`` (``"07-31"``)."""


class Act(Frozen):
    """A legal instrument holding measures that are renewed, and lapse, together.

    ``expires`` is the end of the act's current term: the first renewal vote falls in
    its month. Later terms end on the ``renew_on`` calendar dates (the first such date
    after the previous end); with no ``renew_on`` each term lasts ``safeguards.sunset
    .months``. An act without ``expires`` has no sunset: its measures stay until lifted.
    A lapse ends the act's measures only for the members it binds.
    """

    id: Ident = Field(description="Identifier of the act.")
    name: str = Field(default="", description="Title of the instrument, for readers.")
    reference: str = Field(
        default="",
        description="Public reference of the instrument, e.g. 'Council Decision "
        "2014/512/CFSP, OJ L 229, 31.7.2014, p. 13'.",
    )
    measures: tuple[Ident, ...] = Field(
        min_length=1, description="Ids of the measures the act holds."
    )
    members: tuple[EconomyOrBloc, ...] = Field(
        default=(),
        description="Member codes or blocs the act binds; empty means every member.",
    )
    expires: date | None = Field(
        default=None,
        description="End of the act's current term (its first renewal vote falls in this "
        "month); absent: the act has no sunset.",
    )
    renew_on: tuple[MonthDay, ...] = Field(
        default=(),
        description="Calendar dates (MM-DD) on which later terms end, e.g. ['01-31', "
        "'07-31']; empty: each term lasts safeguards.sunset.months.",
    )


def expiries(act: Act, until: date, term_months: int) -> list[date]:
    """Every end of term of ``act`` from ``expires`` up to ``until`` (inclusive).

    With ``renew_on`` each next end is the first of those calendar dates strictly after
    the previous end; without, the previous end plus ``term_months``.
    """
    if act.expires is None:
        return []
    out = [act.expires]
    while True:
        last = out[-1]
        if act.renew_on:
            days = sorted((int(md[:2]), int(md[3:])) for md in act.renew_on)
            candidates = [
                _clipped(year, month, day)
                for year in (last.year, last.year + 1)
                for month, day in days
            ]
            nxt = min(c for c in candidates if c > last)
        else:
            nxt = add_months(last, term_months)
        if nxt > until:
            return out
        out.append(nxt)


def _clipped(year: int, month: int, day: int) -> date:
    """``year-month-day``, 29 February falling back to the 28th in common years."""
    return date(year, month, min(day, calendar.monthrange(year, month)[1]))


def detail(loc: str, msg: str, expected: str) -> ErrorDetail:
    """One located problem of a regime."""
    return {"loc": loc, "msg": msg, "expected": expected}


def act_problems(regime: Regime, known_members: set[str]) -> list[ErrorDetail]:
    """Acts name existing measures and members, hold each member's measure at most once,
    hold only renewable measures when they have a sunset, and need the renewal rule."""
    p: list[ErrorDetail] = []
    measures = {m.id: m for m in regime.measures}
    held: dict[tuple[str, str], str] = {}
    sunset = regime.safeguards.sunset
    for i, act in enumerate(regime.acts):
        loc = f"acts[{i}]"
        for j, code in enumerate(act.members):
            for c in expand((code,)):
                if c not in known_members:
                    p.append(detail(f"{loc}.members[{j}]", f"no member {c!r}", "a member"))
        bound = expand(act.members) if act.members else list(regime.member_codes)
        for j, k in enumerate(act.measures):
            if k not in measures:
                p.append(
                    detail(f"{loc}.measures[{j}]", f"no measure {k!r}", f"one of {list(measures)}")
                )
                continue
            if act.expires is not None and not measures[k].renewable:
                p.append(
                    detail(
                        f"{loc}.measures[{j}]",
                        f"measure {k!r} is not renewable but the act has a sunset",
                        "renewable measures only, or an act without expires",
                    )
                )
            for c in bound:
                other = held.setdefault((c, k), act.id)
                if other != act.id:
                    p.append(
                        detail(
                            f"{loc}.measures[{j}]",
                            f"{c}'s measure {k!r} is already held by act {other!r}",
                            "each member's measure in at most one act",
                        )
                    )
                    break
        if act.expires is not None and sunset is None:
            p.append(
                detail(
                    f"{loc}.expires",
                    "the act has a sunset but the regime has no renewal rule",
                    "a [safeguards.sunset] table (its renewal rule and voters)",
                )
            )
        if act.expires is not None and act.expires < regime.start:
            p.append(detail(f"{loc}.expires", f"{act.expires} is before the start", "a later date"))
    if regime.acts and sunset is not None and sunset.measures:
        p.append(
            detail(
                "safeguards.sunset.measures",
                "measures are listed both here and in acts",
                "the acts alone to say which measures lapse together",
            )
        )
    return p
