"""A case: a real regime and what each economy concerned actually did, every entry sourced.

Cases are what the behaviour model is fitted to (``split = "training"``) or scored on
out of sample (``split = "test"``, never used to fit, tune or choose anything). The
questions calibration and backtesting ask of a case are methods here: for economy E and
measure M, the recorded outcome, its date, its censoring date, the lag behind the lead
and the posture it amounts to.
"""

from __future__ import annotations

import datetime as dt
from typing import Literal, NamedTuple

from pydantic import Field, model_validator

from accord.domain.base import Frozen, Ident
from accord.domain.codes import expand
from accord.errors import AccordError, ErrorDetail
from accord.estimate.checks import case_problems
from accord.estimate.economies import blocs_of
from accord.estimate.records import (
    EconomyCode,
    Exemption,
    Measure,
    Outcome,
    Renewal,
    Source,
    Text,
)
from accord.scenario.details import format_path

Posture = Literal["mimic", "adjust", "resist"]

LATE_AFTER_DAYS = 92
"""Default lag beyond which an adoption counts as late (*adjust*): about one quarter,
the gap between the lead's first measures and most allies' in the 2014 Russia case."""


class Observation(NamedTuple):
    """One economy's observed outcome on one measure, flattened for fitting and scoring."""

    economy: str
    measure: str
    status: str
    date: dt.date | None
    censored: dt.date | None
    lag_days: int | None
    posture: Posture | None


class CaseProblems(AccordError):
    """A case's entries do not fit together; ``errors`` holds the field path of each."""


class Case(Frozen):
    """One case of the library (see docs/cases.md for every field)."""

    id: Ident
    title: Text
    split: Literal["training", "test"]
    lead: EconomyCode
    target: EconomyCode
    start: dt.date = Field(description="First day of the window: the lead's first measure.")
    end: dt.date = Field(description="Last day observed; never-adopted outcomes censor here.")
    scenario: Text | None = Field(
        default=None,
        description="Name of the bundled scenario of this case.",
    )
    economies: tuple[EconomyCode, ...] = Field(
        min_length=1,
        description="Economies concerned besides the lead (a bloc stands for its members).",
    )
    measures: tuple[Measure, ...] = Field(min_length=1)
    sources: tuple[Source, ...] = Field(min_length=1)
    outcomes: tuple[Outcome, ...] = Field(min_length=1)
    exemptions: tuple[Exemption, ...] = ()
    renewals: tuple[Renewal, ...] = ()
    unsourced: tuple[Text, ...] = Field(
        default=(), description="Facts left out of the entries because no source was found."
    )
    note: Text | None = None

    @model_validator(mode="after")
    def _consistent(self) -> Case:
        problems = case_problems(self)
        if problems:
            details = [
                ErrorDetail(loc=format_path(path), msg=msg, expected=expected)
                for path, msg, expected in problems
            ]
            raise CaseProblems("the case's entries do not fit together", details)
        return self

    @property
    def is_test(self) -> bool:
        """True for a test case: scored out of sample, never used in fitting."""
        return self.split == "test"

    def measure(self, measure: str) -> Measure:
        """The measure or package ``measure``; KeyError if the case has none."""
        for m in self.measures:
            if m.id == measure:
                return m
        raise KeyError(measure)

    def outcome(self, economy: str, measure: str) -> Outcome | None:
        """What ``economy`` did about ``measure``: its own entry, else its bloc's, else None."""
        self.measure(measure)
        for code in (economy, *blocs_of(economy)):
            for o in self.outcomes:
                if o.economy == code and o.measure == measure:
                    return o
        return None

    def adopted_on(self, economy: str, measure: str) -> dt.date | None:
        """Date ``economy`` adopted ``measure``; None if never adopted or not recorded."""
        o = self.outcome(economy, measure)
        return None if o is None else o.date

    def censored_on(self, economy: str, measure: str) -> dt.date | None:
        """Last date observed without adoption, for a never-adopted outcome; else None."""
        o = self.outcome(economy, measure)
        return None if o is None else o.censored

    def lag_days(self, economy: str, measure: str) -> int | None:
        """Days from the lead's adoption of ``measure`` to ``economy``'s, when both happened."""
        lead, own = self.adopted_on(self.lead, measure), self.adopted_on(economy, measure)
        return None if lead is None or own is None else (own - lead).days

    def posture(
        self, economy: str, measure: str, late_after_days: int = LATE_AFTER_DAYS
    ) -> Posture | None:
        """The observed posture: resist if never adopted; adjust if partly, or later than
        ``late_after_days`` after the lead; mimic otherwise. None when not recorded, or when
        the date is only an upper bound too late to tell a prompt adoption from a late one."""
        o = self.outcome(economy, measure)
        if o is None:
            return None
        if o.status == "never_adopted":
            return "resist"
        if o.status == "adopted_partly":
            return "adjust"
        lag = self.lag_days(economy, measure)
        if lag is None or lag <= late_after_days:
            return "mimic"
        return None if o.dated == "no_later_than" else "adjust"

    def exemptions_of(self, economy: str, measure: str | None = None) -> tuple[Exemption, ...]:
        """Exemptions ``economy`` (or its bloc) obtained, on ``measure`` or on any."""
        codes = {economy, *blocs_of(economy)}
        return tuple(
            e
            for e in self.exemptions
            if e.economy in codes and (measure is None or e.measure == measure)
        )

    def renewals_of(self, act: str) -> tuple[Renewal, ...]:
        """Renewal votes on ``act`` in date order."""
        return tuple(r for r in self.renewals if r.act == act)

    def member_codes(self) -> tuple[str, ...]:
        """The economies concerned with blocs expanded to their members, order kept."""
        return expand(self.economies)

    def observations(self, late_after_days: int = LATE_AFTER_DAYS) -> tuple[Observation, ...]:
        """Every recorded (economy, measure) outcome of the case's economies, blocs expanded
        to their members and the lead excluded, in the order economies and measures are
        listed; pairs without an outcome are left out, never guessed."""
        out: list[Observation] = []
        for economy in self.member_codes():
            for m in self.measures:
                o = self.outcome(economy, m.id)
                if o is None or economy == self.lead:
                    continue
                out.append(
                    Observation(
                        economy=economy,
                        measure=m.id,
                        status=o.status,
                        date=o.date,
                        censored=o.censored,
                        lag_days=self.lag_days(economy, m.id),
                        posture=self.posture(economy, m.id, late_after_days),
                    )
                )
        return tuple(out)
