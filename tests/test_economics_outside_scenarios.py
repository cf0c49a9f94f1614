"""The Iran 2018 and Venezuela 2019 scenarios: their facts, and a run on carved-out costs."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from typer.testing import CliRunner

from accord.cli import app
from accord.domain import ExemptionKind, MeasureKind
from accord.scenario import load_scenario
from tests.economics_support import real_network

SCENARIOS = Path(__file__).resolve().parents[1] / "src" / "accord" / "scenarios"
SRE = {"CHN", "IND", "ITA", "GRC", "JPN", "KOR", "TWN", "TUR"}


def test_iran_2018_facts() -> None:
    r = load_scenario(SCENARIOS / "iran-2018.toml")
    assert r.start == date(2018, 5, 8) and (r.lead.code, r.target.code) == ("USA", "IRN")
    assert set(r.member_codes) >= SRE
    oil = r.measure("oil_purchases")
    assert oil.kind == MeasureKind.IMPORT_BAN and {"B06", "C19"} <= set(oil.sectors)
    assert [t.start for t in oil.phase_in.tiers] == [date(2018, 11, 5)]  # EO 13846
    finance = r.measure("financial_sanctions").phase_in.tiers
    assert [t.start for t in finance] == [date(2018, 8, 7), date(2018, 11, 5)]
    waiver = next(e for e in r.exemptions if e.id == "significant_reduction_exceptions")
    assert waiver.kind == ExemptionKind.WAIVER and set(waiver.members) == SRE
    assert (waiver.start, waiver.end) == (date(2018, 11, 5), date(2019, 5, 2))
    assert r.measure("secondary_penalties").adopted == date(2018, 8, 6)
    text = (SCENARIOS / "iran-2018.toml").read_text(encoding="utf-8")
    for source in ("83 FR 38939", "NSPM-11", "22 Apr 2019", "31 CFR 560.530", "5 Nov 2018"):
        assert source in text


def test_venezuela_2019_facts() -> None:
    r = load_scenario(SCENARIOS / "venezuela-2019.toml")
    assert r.start == date(2019, 1, 28) and (r.lead.code, r.target.code) == ("USA", "VEN")
    oil = r.measure("oil_purchases")
    assert oil.kind == MeasureKind.IMPORT_BAN and oil.adopted == date(2019, 1, 28)
    assert oil.phase_in.wind_down_months == 3  # General License 12, to 28 Apr 2019
    assert r.measure("government_blocking").adopted == date(2019, 8, 5)  # EO 13884
    text = (SCENARIOS / "venezuela-2019.toml").read_text(encoding="utf-8")
    for source in ("EO 13850", "84 FR 38843", "84 FR 64415", "28 Jan 2019", "General License 12"):
        assert source in text


@pytest.mark.parametrize("name", ["iran-2018", "venezuela-2019"])
def test_scenario_runs_and_reports(name: str, tmp_path: Path) -> None:
    real_network()
    out = tmp_path / name
    result = CliRunner().invoke(
        app,
        ["run", str(SCENARIOS / f"{name}.toml"), "--runs", "20", "--seed", "1", "--out", str(out)],
    )
    assert result.exit_code == 0, result.output
    for file in ("report.html", "trajectories.parquet", "metrics.parquet"):
        assert (out / file).stat().st_size > 0
    report = (out / "report.html").read_text(encoding="utf-8")
    assert ("Iran" if name == "iran-2018" else "Venezuela") in report
