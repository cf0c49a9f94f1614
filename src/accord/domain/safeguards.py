"""The coalition framework's safeguards: reviews, sunsets, verification, consequences, relief.

Each safeguard is optional; an absent one is ``None`` and the rules engine then never
fires it. The numbers here are the regime's written rules; how members react to them
is the simulator's business.
"""

from __future__ import annotations

from datetime import date
from enum import StrEnum
from typing import Literal

from pydantic import Field, model_validator

from accord.domain.base import EconomyOrBloc, Frozen, Ident, PositiveShare, Share


class RenewalRule(StrEnum):
    """Who must agree to renew a measure before its sunset."""

    UNANIMITY = "unanimity"
    QUALIFIED_MAJORITY = "qualified_majority"
    LEAD_DECIDES = "lead_decides"


class Review(Frozen):
    """Regular reviews: moments at which members may revisit their postures."""

    every_months: int = Field(ge=1, le=120)
    first: date | None = None


class Sunset(Frozen):
    """Measures lapse ``months`` after adoption (and after each renewal) unless renewed.

    Under ``qualified_majority`` a renewal passes when the share of voters in favour is at
    least ``threshold`` and, if given, their share of economic weight at least
    ``weight_threshold`` (the EU's double majority is 0.55 and 0.65).
    ``voters`` empty means every member; ``measures`` empty means every renewable measure.
    """

    months: int = Field(ge=1, le=120)
    renewal: RenewalRule
    threshold: PositiveShare | None = None
    weight_threshold: PositiveShare | None = None
    voters: tuple[EconomyOrBloc, ...] = ()
    measures: tuple[Ident, ...] = ()

    @model_validator(mode="after")
    def _thresholds(self) -> Sunset:
        if self.renewal == RenewalRule.QUALIFIED_MAJORITY and self.threshold is None:
            raise ValueError("a qualified_majority renewal needs a threshold in (0, 1]")
        if self.renewal != RenewalRule.QUALIFIED_MAJORITY and (
            self.threshold is not None or self.weight_threshold is not None
        ):
            raise ValueError("threshold and weight_threshold are only for qualified_majority")
        return self


class Verification(Frozen):
    """Independent verification and monitoring: the monthly chance that a member's quiet
    shortfall on a measure is found."""

    independent: bool = True
    detection: Share = 0.3


class ReportingChannel(Frozen):
    """A channel to report violations; adds to the monthly chance of detection."""

    detection: Share = 0.1
    public: bool = False


class LadderStep(Frozen):
    """One rung of the consequence ladder; ``penalty`` is its cost to the member, in
    percent of the member's output per month."""

    name: str = Field(min_length=1)
    penalty: float = Field(ge=0.0, le=100.0)


class ConsequenceLadder(Frozen):
    """Codified consequences for non-compliance, with a remedial pathway.

    Each detected violation moves a member one step up (never more); ``remedy_months``
    consecutive compliant months move it one step down. A shortfall larger than
    ``tolerance`` below the required level counts as a violation.
    """

    steps: tuple[LadderStep, ...] = Field(min_length=1, max_length=10)
    remedy_months: int = Field(default=6, ge=1, le=60)
    tolerance: Share = 0.1


class ReliefCriterion(Frozen):
    """Relief tied to a milestone: once the milestone is certified, ``relief`` of the
    named measures' level is lifted ``certification_delay_months`` later."""

    milestone: Ident
    measures: tuple[Ident, ...] = Field(min_length=1)
    relief: PositiveShare = 1.0
    certifier: str = "secretariat"
    certification_delay_months: int = Field(default=0, ge=0, le=60)


class EscalationCriterion(Frozen):
    """Escalation on defiance: after ``after_months`` without any certified milestone
    (counted from the regime's start or the last escalation), the named measures are
    raised by ``step`` (the required level, capped at 1) and members are asked again."""

    trigger: Literal["defiance"] = "defiance"
    after_months: int = Field(ge=1, le=120)
    measures: tuple[Ident, ...] = Field(min_length=1)
    step: PositiveShare = 0.25


class Safeguards(Frozen):
    """The framework a coalition writes down; every part is optional."""

    objectives: tuple[str, ...] = ()
    review: Review | None = None
    sunset: Sunset | None = None
    verification: Verification | None = None
    reporting: ReportingChannel | None = None
    ladder: ConsequenceLadder | None = None
    relief: tuple[ReliefCriterion, ...] = ()
    escalation: tuple[EscalationCriterion, ...] = ()
    information_sharing: bool = False
    joint_threat_assessment: bool = False
    coordinated_messaging: bool = False
    humanitarian_channel: bool = False
    burden_sharing: Share = 0.0
