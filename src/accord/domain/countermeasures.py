"""The target's countermeasures: dated cuts it imposes on members' trade.

Russia's embargo on food from the coalition (August 2014), its gas cut-offs of 2022 and
China's export controls on gallium and germanium (2023) raise members' costs whatever
members decide. A countermeasure names the flows it cuts as members see them: ``exports``
(the target stops buying from members) or ``imports`` (it stops selling to them), the
sectors, the share of those flows cut, and its date; the economics model prices it like
a measure on the same flows.
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Literal

from pydantic import Field

from accord.domain.base import EconomyOrBloc, Frozen, Ident, PositiveShare, Sector
from accord.domain.codes import expand
from accord.errors import ErrorDetail

if TYPE_CHECKING:
    from accord.domain.regime import Regime


class Countermeasure(Frozen):
    """A dated cut the target imposes on members' trade with it."""

    id: Ident = Field(description="Identifier of the countermeasure.")
    name: str = Field(default="", description="Human-readable name.")
    flow: Literal["exports", "imports"] = Field(
        description="exports: the target stops buying from members; imports: it stops "
        "selling to them."
    )
    sectors: tuple[Sector, ...] = Field(
        min_length=1, description="ICIO sectors of the flows it cuts."
    )
    weight: PositiveShare = Field(default=1.0, description="Share of those flows cut, in (0, 1].")
    start: date = Field(description="Date it takes effect.")
    end: date | None = Field(default=None, description="Date it ends; absent: open-ended.")
    members: tuple[EconomyOrBloc, ...] = Field(
        default=(), description="Members it hits; empty means every member."
    )
    reference: str = Field(default="", description="The act, e.g. a decree, for readers.")


def countermeasure_problems(regime: Regime, known_members: set[str]) -> list[ErrorDetail]:
    """Countermeasures hit existing members and end after they start."""
    out: list[ErrorDetail] = []
    for i, c in enumerate(regime.countermeasures):
        for j, code in enumerate(c.members):
            for m in expand((code,)):
                if m not in known_members:
                    out.append(
                        {
                            "loc": f"countermeasures[{i}].members[{j}]",
                            "msg": f"no member {m!r}",
                            "expected": "a member",
                        }
                    )
        if c.end is not None and c.end <= c.start:
            out.append(
                {
                    "loc": f"countermeasures[{i}].end",
                    "msg": f"{c.end} is not after the start {c.start}",
                    "expected": "a later date",
                }
            )
    return out
