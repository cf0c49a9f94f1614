"""Every bundled scenario loads, carries its sources, and states the facts it is built on."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from accord.domain import ExemptionKind, MeasureKind, RenewalRule, add_months, month_index
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


def test_russia_2022_central_bank_assets_leave_the_renewed_act_in_december_2025() -> None:
    from accord.rules import compile_regime

    r = load_scenario(SCENARIOS / "russia-2022.toml")
    handover = date(2025, 12, 12)  # Council Regulation (EU) 2025/2600, Art. 122 TFEU
    freeze, immobilised = r.measure("cbr_freeze"), r.measure("cbr_immobilisation")
    assert [(t.start, t.level) for t in freeze.phase_in.tiers][-1] == (handover, 0.0)
    assert immobilised.adopted == handover and not immobilised.renewable
    assert all("cbr_immobilisation" not in a.measures for a in r.acts)
    cr = compile_regime(r, horizon=r.horizon_months)
    k_old, k_new = cr.measures.index("cbr_freeze"), cr.measures.index("cbr_immobilisation")
    t = month_index(r.start, handover)
    # one freeze in force at every month: the renewed one before, the unrenewed one after
    assert cr.phase[k_old, t - 1] == 1.0 and cr.phase[k_new, t - 1] == 0.0
    assert cr.phase[k_old, t] == 0.0 and cr.phase[k_new, t] == 1.0
    assert not cr.acts.measures[:, k_new].any(), "no act holds it: no lapse can end it"
    for code in ("KOR", "SGP", "GBR", "DEU"):
        assert r.binds(code, "cbr_immobilisation"), code


def test_russia_2022_lower_price_cap_and_lng_measures() -> None:
    r = load_scenario(SCENARIOS / "russia-2022.toml")
    cap = r.measure("dynamic_price_cap")
    assert cap.kind == MeasureKind.PRICE_CAP and cap.adopted == date(2025, 7, 18)
    assert cap.phase_in.tiers[0].start == date(2025, 9, 3)
    # the cap reaches what the first cap reaches; its cut from USD 60 to 47.60 is the discount
    assert cap.weight == r.measure("price_cap").weight
    assert cap.discount == pytest.approx((60 - 47.60) / 60, abs=0.005)
    assert not any(r.binds(c, "dynamic_price_cap") for c in ("KOR", "SGP", "TWN"))
    assert all(r.binds(c, "dynamic_price_cap") for c in ("DEU", "GBR", "CAN", "JPN"))
    transshipment = r.measure("lng_transshipment_ban")
    assert transshipment.phase_in.tiers[0].start == date(2025, 3, 26)
    imports = r.measure("lng_import_ban").phase_in.tiers
    assert [t.start for t in imports] == [date(2026, 4, 25), date(2027, 1, 1)]
    end = add_months(r.start, r.horizon_months)
    assert all(t.start < end for t in imports), "both steps fall within the horizon"
    (act,) = r.acts
    assert {"dynamic_price_cap", "lng_transshipment_ban", "lng_import_ban"} <= set(act.measures)
    sakhalin = {e.id: e for e in r.exemptions if e.members == ("JPN",)}
    assert set(sakhalin) == {"sakhalin_crude", "sakhalin2_price_cap", "sakhalin2_lng"}
    assert sakhalin["sakhalin2_price_cap"].start == date(2022, 12, 5)
    assert sakhalin["sakhalin2_lng"].share == 1.0
    text = (SCENARIOS / "russia-2022.toml").read_text(encoding="utf-8")
    assert "General License 55" in text and "2025/2600" in text and "2025/1494" in text
    assert "Not yet encoded" not in text


def test_russia_2014_directive_2_is_new_debt_only() -> None:
    lines = (SCENARIOS / "russia-2014.toml").read_text(encoding="utf-8").splitlines()
    text = " ".join(line.lstrip("# ") for line in lines if line.startswith("#"))
    assert "new debt and equity of Gazprombank, VEB, Novatek" not in text
    assert (
        "Directive 2 (energy sector: Novatek, Rosneft) on new debt of more than 90 days only, "
        "not equity" in text
    )
