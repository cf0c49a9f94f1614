"""The domain model describes every field, and the descriptions change no behaviour."""

from __future__ import annotations

import pytest
from pydantic import BaseModel

import accord.domain as domain
from accord.domain import PhaseIn, Regime, Safeguards

SCENARIO_MODELS: list[type[BaseModel]] = [
    domain.Regime,
    domain.Lead,
    domain.Target,
    domain.Member,
    domain.Milestone,
    domain.Measure,
    domain.PhaseIn,
    domain.Tier,
    domain.Exemption,
    domain.Safeguards,
    domain.Review,
    domain.Sunset,
    domain.Verification,
    domain.ReportingChannel,
    domain.ConsequenceLadder,
    domain.LadderStep,
    domain.ReliefCriterion,
    domain.EscalationCriterion,
]
"""The models of the scenario format this doc covers."""

SIMULATOR_TABLE = "model"
"""The simulator's parameters, documented with the model (docs/model.md)."""


@pytest.mark.parametrize("model", SCENARIO_MODELS, ids=lambda m: m.__name__)
def test_every_scenario_field_is_described(model: type[BaseModel]) -> None:
    fields = {n: f for n, f in model.model_fields.items() if n != SIMULATOR_TABLE}
    undocumented = [n for n, f in fields.items() if not f.description]
    assert not undocumented, f"{model.__name__}: {undocumented}"


def test_defaults_are_unchanged() -> None:
    assert PhaseIn().kind == "immediate" and PhaseIn().tiers == ()
    sg = Safeguards()
    assert sg.review is None and sg.relief == () and sg.burden_sharing == 0.0
    fields = Regime.model_fields
    assert fields["horizon_months"].default == 60
    assert fields["invite"].default == "listed"
    assert fields["measures"].is_required()
