"""Events: dated facts about a regime, whether simulated, recorded or observed.

One model per kind, joined in the :data:`Event` union discriminated by ``kind``, so that
an event with a missing or misplaced field is rejected with the field's name. A
correction is a new event that references the one it corrects; nothing is edited.
"""

from __future__ import annotations

from datetime import date
from enum import StrEnum
from typing import Annotated, Literal

from pydantic import Field, TypeAdapter

from accord.domain.base import Economy, Frozen, Ident, Share
from accord.domain.measures import Exemption


class Posture(StrEnum):
    """A member's response to a measure."""

    MIMIC = "mimic"
    ADJUST = "adjust"
    RESIST = "resist"


class _Event(Frozen):
    date: date
    note: str = ""


class _MemberMeasureEvent(_Event):
    member: Economy
    measure: Ident


class MeasureAdopted(_MemberMeasureEvent):
    """A party (the lead or a member) adopts a measure, at a level in [0, 1]."""

    kind: Literal["measure_adopted"] = "measure_adopted"
    level: Share = 1.0


class PostureDeclared(_MemberMeasureEvent):
    """A member declares its posture on a measure and the level it implements."""

    kind: Literal["posture_declared"] = "posture_declared"
    posture: Posture
    level: Share


class ExemptionGranted(_Event):
    """A carve-out is granted (it must name an existing measure)."""

    kind: Literal["exemption_granted"] = "exemption_granted"
    exemption: Exemption


class ComplianceReport(_MemberMeasureEvent):
    """A member reports its own implementation of a measure."""

    kind: Literal["compliance_report"] = "compliance_report"
    level: Share


class ViolationReport(_MemberMeasureEvent):
    """Someone reports a suspected violation through the reporting channel (not public)."""

    kind: Literal["violation_report"] = "violation_report"
    reporter: str = "anonymous"


class VerificationFinding(_MemberMeasureEvent):
    """The verifier's finding on a member and measure; ``violation`` moves the ladder."""

    kind: Literal["verification_finding"] = "verification_finding"
    finding: Literal["compliant", "violation"]
    level: Share | None = None


class ReviewHeld(_Event):
    """A scheduled review took place."""

    kind: Literal["review_held"] = "review_held"


class RenewalVote(_MemberMeasureEvent):
    """A voter's vote on renewing a measure at its sunset."""

    kind: Literal["renewal_vote"] = "renewal_vote"
    in_favour: bool


class Lapse(_Event):
    """A measure lapsed for all (not renewed at its sunset)."""

    kind: Literal["lapse"] = "lapse"
    measure: Ident


class MilestoneCertified(_Event):
    """A milestone of the target has been certified by the named certifier."""

    kind: Literal["milestone_certified"] = "milestone_certified"
    milestone: Ident
    certifier: str = "secretariat"


class ReliefGranted(_Event):
    """Relief on a measure has been granted: its required level falls by ``relief``."""

    kind: Literal["relief_granted"] = "relief_granted"
    measure: Ident
    relief: Share


class Escalation(_Event):
    """A measure's required level is raised by ``step`` after defiance."""

    kind: Literal["escalation"] = "escalation"
    measure: Ident
    step: Share


class Correction(_Event):
    """Marks an earlier event (by id) as wrong; a replacement, if any, is recorded anew."""

    kind: Literal["correction"] = "correction"
    corrects: str = Field(min_length=1)
    reason: str = Field(min_length=1)


Event = Annotated[
    MeasureAdopted
    | PostureDeclared
    | ExemptionGranted
    | ComplianceReport
    | ViolationReport
    | VerificationFinding
    | ReviewHeld
    | RenewalVote
    | Lapse
    | MilestoneCertified
    | ReliefGranted
    | Escalation
    | Correction,
    Field(discriminator="kind"),
]
"""Any event, told apart by its ``kind``."""

EVENT_ADAPTER: TypeAdapter[Event] = TypeAdapter(Event)
"""Validates a plain dict (from JSON, a form, a database row) into an :data:`Event`."""

EVENT_KINDS: tuple[str, ...] = (
    "measure_adopted",
    "posture_declared",
    "exemption_granted",
    "compliance_report",
    "violation_report",
    "verification_finding",
    "review_held",
    "renewal_vote",
    "lapse",
    "milestone_certified",
    "relief_granted",
    "escalation",
    "correction",
)
