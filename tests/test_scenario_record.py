"""The bundled scenarios say what the public record says (each fact is sourced in the file)."""

from __future__ import annotations

from datetime import date

from accord.rules import compile_regime, phase_level
from accord.scenario import load_scenario
from tests.conftest import SCENARIOS


def test_russia_2022_encodes_the_eu_record() -> None:
    r = load_scenario(SCENARIOS / "russia-2022.toml")
    oil = r.measure("oil_embargo").phase_in.tiers
    assert [t.start for t in oil] == [date(2022, 12, 5), date(2023, 2, 5)]  # not the US tier
    tech = r.measure("tech_export_controls").phase_in.tiers
    assert tech[1].start == date(2022, 4, 8)  # Council Regulation (EU) 2022/576
    assert not r.safeguards.relief  # no written relief criterion
    assert not [e for e in r.exemptions if e.measure == "swift_cutoff"]  # Reg. 2022/345
    ladder = r.safeguards.ladder
    assert ladder is not None and all("TFEU" in s.name for s in ladder.steps[1:])
    (act,) = r.acts
    assert act.expires == date(2022, 7, 31) and act.renew_on == ("01-31", "07-31")
    cr = compile_regime(r)
    oil_k = cr.measures.index("oil_embargo")
    assert phase_level(cr, 9)[oil_k] == 0.0 and phase_level(cr, 10)[oil_k] == 0.6


def test_us_chips_encodes_the_record() -> None:
    r = load_scenario(SCENARIOS / "us-chips-china-2022.toml")
    assert r.measure("us_persons").lead_only
    assert not r.safeguards.escalation  # the yearly tightenings are the tiers
    tsmc = next(e for e in r.exemptions if e.members == ("TWN",))
    assert tsmc.end == date(2025, 12, 31)
    chips = r.measure("advanced_chips").phase_in.tiers
    assert chips[-1].level < chips[-2].level  # the 2025 licences loosen the measure
    cr = compile_regime(r)
    assert not cr.bound[:, cr.measures.index("us_persons")].any()


def test_russia_2014_gas_carve_out_names_the_measures_own_sectors() -> None:
    r = load_scenario(SCENARIOS / "russia-2014.toml")
    gas = next(e for e in r.exemptions if e.id == "gas_projects")
    assert set(gas.sectors) <= set(r.measure(gas.measure).sectors)
