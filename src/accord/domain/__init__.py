"""Accord's domain model: plain, immutable, typed data with no I/O."""

from accord.domain.acts import Act, expiries
from accord.domain.calendar import add_months, month_index, month_start
from accord.domain.codes import BLOCS, ECONOMIES, EU27, SECTORS, expand
from accord.domain.events import EVENT_ADAPTER, EVENT_KINDS, Event, Posture
from accord.domain.measures import Exemption, ExemptionKind, Measure, MeasureKind, PhaseIn, Tier
from accord.domain.regime import Lead, Member, Milestone, Regime, RegimeProblems, Target
from accord.domain.safeguards import (
    ConsequenceLadder,
    EscalationCriterion,
    LadderStep,
    ReliefCriterion,
    RenewalRule,
    ReportingChannel,
    Review,
    Safeguards,
    Sunset,
    Verification,
)

__all__ = [
    "BLOCS",
    "ECONOMIES",
    "EU27",
    "EVENT_ADAPTER",
    "EVENT_KINDS",
    "SECTORS",
    "Act",
    "ConsequenceLadder",
    "EscalationCriterion",
    "Event",
    "Exemption",
    "ExemptionKind",
    "LadderStep",
    "Lead",
    "Measure",
    "MeasureKind",
    "Member",
    "Milestone",
    "PhaseIn",
    "Posture",
    "Regime",
    "RegimeProblems",
    "ReliefCriterion",
    "RenewalRule",
    "ReportingChannel",
    "Review",
    "Safeguards",
    "Sunset",
    "Target",
    "Tier",
    "Verification",
    "add_months",
    "expand",
    "expiries",
    "month_index",
    "month_start",
]
