"""Every bundled scenario loads, carries its sources, and states the facts it is built on."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from accord.domain import ExemptionKind, MeasureKind, RenewalRule, add_months
from accord.scenario import load_scenario
from tests.scenario_helpers import BUNDLED, SCENARIOS, validate


def test_the_bundled_scenarios_are_there() -> None:
    names = {p.name for p in BUNDLED}
    assert {"russia-2022.toml", "russia-2014.toml", "us-chips-china-2022.toml"} <= names


@pytest.mark.parametrize("scenario", BUNDLED, ids=lambda p: p.name)
def test_bundled_scenario_validates(scenario: Path) -> None:
    outcome = validate(scenario)
    assert outcome.code == 0, outcome.output
    regime = load_scenario(scenario)
    end = add_months(regime.start, regime.horizon_months)
    for m in regime.measures:
        assert regime.start <= m.adopted < end, m.id
    text = scenario.read_text(encoding="utf-8")
    assert "# Sources (public):" in text
    assert text.count("\n# - ") >= 4, "a sources list with several entries"


def test_russia_2022_facts() -> None:
    r = load_scenario(SCENARIOS / "russia-2022.toml")
    assert r.start == date(2022, 2, 24) and r.target.code == "RUS"
    oil = r.measure("oil_embargo").phase_in.tiers
    assert [t.start for t in oil][-2:] == [date(2022, 12, 5), date(2023, 2, 5)]
    cap = r.measure("price_cap")
    assert cap.kind == MeasureKind.PRICE_CAP and cap.phase_in.tiers[0].start == date(2022, 12, 5)
    pipeline = next(e for e in r.exemptions if e.id == "pipeline_crude")
    assert pipeline.measure == "oil_embargo" and "HUN" in pipeline.members
    sunset = r.safeguards.sunset
    assert sunset is not None and sunset.months == 6 and sunset.renewal == RenewalRule.UNANIMITY


def test_russia_2014_facts() -> None:
    r = load_scenario(SCENARIOS / "russia-2014.toml")
    assert r.start == date(2014, 3, 6) and r.lead.code == "USA"
    assert {"GBR", "CAN", "NOR", "JPN", "AUS", "CHE", "DEU", "FRA"} <= set(r.member_codes)
    assert r.measure("capital_markets").kind == MeasureKind.FINANCIAL_CUTOFF
    assert r.measure("oil_technology").phase_in.tiers[-1].start == date(2014, 9, 12)
    sunset = r.safeguards.sunset
    assert sunset is not None and sunset.renewal == RenewalRule.UNANIMITY
    assert [c.milestone for c in r.safeguards.relief] == ["minsk_implemented", "crimea_restored"]
    assert add_months(r.start, r.horizon_months) <= date(2022, 2, 24)


def test_us_chips_facts() -> None:
    r = load_scenario(SCENARIOS / "us-chips-china-2022.toml")
    assert r.start == date(2022, 10, 7) and r.target.code == "CHN"
    assert {"NLD", "JPN", "KOR", "TWN", "DEU"} <= set(r.member_codes)
    assert r.measure("foreign_direct_product").kind == MeasureKind.SECONDARY_PENALTY
    tools = r.measure("chipmaking_tools").phase_in.tiers
    assert date(2023, 11, 17) in [t.start for t in tools]
    veu = next(e for e in r.exemptions if e.id == "korean_fabs_veu")
    assert veu.kind == ExemptionKind.MEMBER_SPECIFIC and veu.members == ("KOR",)
    assert veu.end == date(2025, 12, 31)
    waivers = [e for e in r.exemptions if e.kind == ExemptionKind.WAIVER]
    assert waivers and all(e.end is not None for e in waivers)
    assert r.safeguards.sunset is None, "the US rules carry no sunset"
