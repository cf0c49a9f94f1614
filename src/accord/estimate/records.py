"""The entries of a case: sources, measures, observed outcomes, exemptions, renewal votes.

Each entry is plain, frozen, strictly validated data. A case records what economies
actually did, so every entry names at least one public source by its id, and a date is
always the date of a public act or statement, never an estimate. Field-level rules
(codes, ranges, what a status requires) live here; rules across entries (references,
windows, order) live in :mod:`accord.estimate.checks`.
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Literal

from pydantic import AfterValidator, Field, StringConstraints, model_validator

from accord.domain.base import Frozen, Ident
from accord.estimate.economies import is_known

SourceKind = Literal["legal_act", "official_statement", "gazette", "official_list", "press_report"]
"""``press_report`` is only used for what no official text states (who held up a vote)."""

OutcomeStatus = Literal["adopted", "adopted_partly", "never_adopted"]

ExemptionKind = Literal[
    "significant_reduction", "waiver", "humanitarian", "sectoral", "member_specific", "wind_down"
]


def _known(code: str) -> str:
    if not is_known(code):
        raise ValueError(
            f"unknown economy code {code!r}; expected an ICIO ISO 3166 alpha-3 code, the bloc "
            "EU27, or a code of accord.estimate.economies.CASE_ONLY_ECONOMIES"
        )
    return code


EconomyCode = Annotated[str, StringConstraints(min_length=3, max_length=4), AfterValidator(_known)]
"""An economy a case may name (see :mod:`accord.estimate.economies`)."""

Text = Annotated[str, StringConstraints(min_length=1, max_length=2000)]

SourceIds = Annotated[tuple[Ident, ...], Field(min_length=1)]


class Source(Frozen):
    """A public text an entry rests on: a legal act with its Official Journal or Federal
    Register reference, an official statement, a gazette, with its URL where one exists."""

    id: Ident
    title: Text
    kind: SourceKind
    reference: Text | None = Field(
        default=None, description="Official reference, e.g. 'OJ L 229, 31.7.2014, p. 13'."
    )
    url: Annotated[str, StringConstraints(pattern=r"^https?://\S+$")] | None = None
    date: dt.date | None = Field(default=None, description="Date of the act or statement.")

    @model_validator(mode="after")
    def _findable(self) -> Source:
        if self.reference is None and self.url is None:
            raise ValueError("a source needs a reference or a url; expected at least one")
        return self


class Measure(Frozen):
    """A measure or a package of measures whose adoption a case records per economy.

    ``act`` names the legal instrument renewed as one (``Decision 2014/512/CFSP``);
    ``covers`` lists the ids of the bundled scenario's measures the package stands for.
    """

    id: Ident
    name: Text
    kind: Literal["measure", "package"] = "measure"
    act: Text | None = None
    covers: tuple[Ident, ...] = ()


class Outcome(Frozen):
    """What one economy did about one measure or package, as of the case's window.

    ``adopted`` is adoption as the lead did it, ``adopted_partly`` adoption with a narrower
    scope (``level`` below 1 and ``scope`` saying what was left out), ``never_adopted``
    means no adoption was observed up to ``censored``. ``date`` is the date of the
    economy's own act, or an upper bound on it when ``dated = "no_later_than"``; ``ended``
    the date it lifted the measure, if it did within the case.
    """

    economy: EconomyCode
    measure: Ident
    status: OutcomeStatus
    date: dt.date | None = None
    dated: Literal["act", "no_later_than", "announced"] = Field(
        default="act",
        description="'act': date is the economy's own act; 'no_later_than': a source shows "
        "the measure in force by that date, the act itself may be earlier; 'announced': the "
        "government announced it that day and the legal act was not checked.",
    )
    level: Annotated[float, Field(gt=0.0, le=1.0)] | None = None
    scope: Text | None = None
    censored: dt.date | None = None
    ended: dt.date | None = None
    sources: SourceIds
    note: Text | None = None

    @model_validator(mode="after")
    def _status_fields(self) -> Outcome:
        if self.status == "never_adopted":
            if self.date is not None or self.level is not None or self.ended is not None:
                raise ValueError(
                    "a never-adopted outcome has no date, level or ended; expected only censored"
                )
            if self.censored is None:
                raise ValueError(
                    "a never-adopted outcome needs censored; expected the last date observed"
                )
            return self
        if self.date is None:
            raise ValueError(f"an outcome {self.status!r} needs date; expected the act's date")
        if self.censored is not None:
            raise ValueError("an adopted outcome is not censored; expected no censored")
        if self.status == "adopted_partly" and (self.level is None or self.level >= 1.0):
            raise ValueError("adopted_partly needs level below 1; expected a level in (0, 1)")
        if self.status == "adopted_partly" and self.scope is None:
            raise ValueError("adopted_partly needs scope; expected what was adopted")
        if self.status == "adopted" and self.level not in (None, 1.0):
            raise ValueError("adopted means level 1; expected adopted_partly for a lower level")
        return self

    @property
    def implementation(self) -> float:
        """The implementation level in [0, 1]: 0 when never adopted, 1 when adopted."""
        if self.status == "never_adopted":
            return 0.0
        return 1.0 if self.level is None else self.level


class Exemption(Frozen):
    """A carve-out an economy obtained: granted on a date, possibly renewed, possibly ended."""

    economy: EconomyCode
    measure: Ident
    kind: ExemptionKind
    granted: dt.date
    renewed: tuple[dt.date, ...] = ()
    ends: dt.date | None = None
    sources: SourceIds
    note: Text | None = None


class Renewal(Frozen):
    """One renewal vote on an act: when, by which instrument, the outcome, who held out."""

    act: Text
    date: dt.date
    outcome: Literal["renewed", "lapsed"]
    until: dt.date | None = Field(default=None, description="New expiry when renewed.")
    instrument: Text | None = Field(
        default=None, description="The renewing act, e.g. 'Council Decision (CFSP) 2015/1202'."
    )
    held_out: tuple[EconomyCode, ...] = Field(
        default=(), description="Economies that withheld or delayed consent, if any."
    )
    sources: SourceIds
    note: Text | None = None

    @model_validator(mode="after")
    def _until(self) -> Renewal:
        if self.outcome == "renewed" and self.until is None:
            raise ValueError("a renewal needs until; expected the new expiry date")
        if self.until is not None and self.until <= self.date:
            raise ValueError("until must follow the vote; expected a later date")
        return self
