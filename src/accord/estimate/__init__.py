"""Estimating the behaviour model from real cases: the case library and its loader."""

from accord.estimate.case import LATE_AFTER_DAYS, Case, CaseProblems, Observation, Posture
from accord.estimate.load import CaseError, CaseLibrary, load_case, load_library, parse_case
from accord.estimate.records import Exemption, Measure, Outcome, Renewal, Source

__all__ = [
    "LATE_AFTER_DAYS",
    "Case",
    "CaseError",
    "CaseLibrary",
    "CaseProblems",
    "Exemption",
    "Measure",
    "Observation",
    "Outcome",
    "Posture",
    "Renewal",
    "Source",
    "load_case",
    "load_library",
    "parse_case",
]
