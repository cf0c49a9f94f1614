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

    every_months: int = Field(ge=1, le=120, description="Months between reviews.")
    first: date | None = Field(
        default=None, description="Date of the first review; absent means start + every_months."
    )


class Sunset(Frozen):
    """Measures lapse ``months`` after adoption (and after each renewal) unless renewed.

    Under ``qualified_majority`` a renewal passes when the share of voters in favour is at
    least ``threshold`` and, if given, their share of economic weight at least
    ``weight_threshold`` (the EU's double majority is 0.55 and 0.65).
    ``voters`` empty means every member; ``measures`` empty means every renewable measure.
    """

    months: int = Field(
        ge=1, le=120, description="Months after adoption or renewal at which measures lapse."
    )
    renewal: RenewalRule = Field(description="Who must agree to renew.")
    threshold: PositiveShare | None = Field(
        default=None,
        description="Share of voters in favour needed, in (0, 1] (qualified_majority only, "
        "required there).",
    )
    weight_threshold: PositiveShare | None = Field(
        default=None,
        description="Share of the voters' economic weight in favour needed, in (0, 1] "
        "(qualified_majority only).",
    )
    voters: tuple[EconomyOrBloc, ...] = Field(
        default=(), description="Member codes or blocs who vote; empty means every member."
    )
    measures: tuple[Ident, ...] = Field(
        default=(), description="Ids of the measures under sunset; empty means every renewable one."
    )

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

    independent: bool = Field(
        default=True, description="Whether a body independent of the members verifies."
    )
    detection: Share = Field(
        default=0.3,
        description="Monthly probability that a member's quiet shortfall is found, in [0, 1].",
    )


class ReportingChannel(Frozen):
    """A channel to report violations; adds to the monthly chance of detection."""

    detection: Share = Field(
        default=0.1,
        description="Added monthly probability of detecting a shortfall, in [0, 1].",
    )
    public: bool = Field(default=False, description="Whether reports are published.")


class LadderStep(Frozen):
    """One rung of the consequence ladder; ``penalty`` is its cost to the member, in
    percent of the member's output per month."""

    name: str = Field(min_length=1, description="Name of the step.")
    penalty: float = Field(
        ge=0.0, le=100.0, description="Cost to the member, percent of its output per month."
    )


class ConsequenceLadder(Frozen):
    """Codified consequences for non-compliance, with a remedial pathway.

    Each detected violation moves a member one step up (never more); ``remedy_months``
    consecutive compliant months move it one step down. A shortfall larger than
    ``tolerance`` below the required level counts as a violation.
    """

    steps: tuple[LadderStep, ...] = Field(
        min_length=1, max_length=10, description="Rungs from the mildest up (1 to 10)."
    )
    remedy_months: int = Field(
        default=6,
        ge=1,
        le=60,
        description="Consecutive compliant months that move a member one step down.",
    )
    tolerance: Share = Field(
        default=0.1,
        description="Shortfall below the required level tolerated before it counts as a "
        "violation, in [0, 1].",
    )


class ReliefCriterion(Frozen):
    """Relief tied to a milestone: once the milestone is certified, ``relief`` of the
    named measures' level is lifted ``certification_delay_months`` later."""

    milestone: Ident = Field(description="Id of the milestone that unlocks relief.")
    measures: tuple[Ident, ...] = Field(min_length=1, description="Ids of the measures relieved.")
    relief: PositiveShare = Field(
        default=1.0, description="Share of the measures' level lifted, in (0, 1]."
    )
    certifier: str = Field(
        default="secretariat", description="Who certifies that the milestone is met."
    )
    certification_delay_months: int = Field(
        default=0,
        ge=0,
        le=60,
        description="Months from certification until relief takes effect.",
    )


class EscalationCriterion(Frozen):
    """Escalation on defiance: after ``after_months`` without any certified milestone
    (counted from the regime's start or the last escalation), the named measures are
    raised by ``step`` (the required level, capped at 1) and members are asked again."""

    trigger: Literal["defiance"] = Field(
        default="defiance", description="What triggers escalation (only 'defiance')."
    )
    after_months: int = Field(
        ge=1, le=120, description="Months without a certified milestone before escalating."
    )
    measures: tuple[Ident, ...] = Field(min_length=1, description="Ids of the measures raised.")
    step: PositiveShare = Field(
        default=0.25, description="Rise of the required level per escalation, in (0, 1]."
    )


class Safeguards(Frozen):
    """The framework a coalition writes down; every part is optional."""

    objectives: tuple[str, ...] = Field(
        default=(), description="Shared objectives as written, for readers."
    )
    review: Review | None = Field(default=None, description="Review cadence; absent: none.")
    sunset: Sunset | None = Field(
        default=None, description="Sunset and renewal rule; absent: measures never lapse."
    )
    verification: Verification | None = Field(
        default=None, description="Independent verification; absent: none."
    )
    reporting: ReportingChannel | None = Field(
        default=None, description="Violation-reporting channel; absent: none."
    )
    ladder: ConsequenceLadder | None = Field(
        default=None, description="Consequence ladder with remedial pathway; absent: none."
    )
    relief: tuple[ReliefCriterion, ...] = Field(
        default=(), description="Relief criteria tied to milestones."
    )
    escalation: tuple[EscalationCriterion, ...] = Field(
        default=(), description="Escalation criteria on defiance."
    )
    information_sharing: bool = Field(
        default=False, description="Members share intelligence on what others do."
    )
    joint_threat_assessment: bool = Field(
        default=False, description="Members assess the target's threat together."
    )
    coordinated_messaging: bool = Field(
        default=False, description="Members announce and justify measures together."
    )
    humanitarian_channel: bool = Field(
        default=False, description="A channel keeps humanitarian trade flowing."
    )
    burden_sharing: Share = Field(
        default=0.0,
        description="Share of the most exposed members' losses offset by the others, in [0, 1].",
    )
