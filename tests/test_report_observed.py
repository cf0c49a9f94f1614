"""Observed against simulated in the report: the scenario's case is found by its bundled
scenario (name, lead and target), its observed adoption dates and renewal votes sit
beside the simulated shares, and a scenario without a case gets no such section."""

from __future__ import annotations

import re
from pathlib import Path

import numpy as np
import pytest

from accord.domain import month_index
from accord.estimate import load_library
from accord.report.detail import simulate_for_report
from accord.report.html import render
from accord.report.observed import adoption_rows, matching_case, share_interval, vote_rows
from accord.scenarios import load
from accord.sim import build_setting
from accord.study.simulation import Simulation, simulate
from tests.ledger_support import in_ci
from tests.sim_support import sim_costs, sim_regime

RUNS, MONTHS = 40, 18  # to Aug 2015: the first votes on all three acts


@pytest.fixture(scope="module")
def russia_2014(tmp_path_factory: pytest.TempPathFactory) -> tuple[Simulation, str]:
    """The bundled Russia 2014 scenario, simulated briefly, and its report as written by
    :meth:`Simulation.report`."""
    from accord.errors import DataUnavailable

    try:
        sim = simulate("russia-2014", runs=RUNS, months=MONTHS, seed=2, trajectories=False)
    except DataUnavailable as exc:
        if in_ci():
            pytest.fail(f"economics data unavailable: {exc}")
        pytest.skip(f"economics data unavailable: {exc}")
    path = sim.report(tmp_path_factory.mktemp("report"))
    return sim, Path(path).read_text(encoding="utf-8")


def _section(page: str, ident: str) -> str:
    start = page.index(f'<section id="{ident}">')
    return page[start : page.index("</section>", start)]


def _row(section: str, text: str) -> str:
    """The table row of ``section`` holding ``text``."""
    for row in re.findall(r"<tr>.*?</tr>", section):
        if text in row:
            return row
    raise AssertionError(f"no row with {text!r}")


def test_the_case_is_found_by_its_bundled_scenario_and_told_apart_by_name() -> None:
    library = load_library()
    assert (found := matching_case(load("russia-2014"), library)) is not None
    assert found.id == "russia-2014"
    assert (found := matching_case(load("russia-2022"), library)) is not None
    assert found.id == "russia-2022"  # same lead and target, another name
    assert (found := matching_case(load("us-chips-china-2022"), library)) is not None
    assert found.id == "us-chips-2022"
    renamed = load("russia-2014").model_copy(update={"name": "Russia 2014, my variant"})
    assert matching_case(renamed, library) is None
    assert matching_case(sim_regime(), library) is None


def test_russia_2014_report_sets_observed_renewals_beside_simulated(
    russia_2014: tuple[Simulation, str],
) -> None:
    sim, page = russia_2014
    observed = _section(page, "observed")
    assert "russia-2014" in observed and "training case" in observed
    # Decision 2014/145/CFSP renewed 13 Mar 2015 (cases/russia-2014.toml); the scenario's
    # act eu_listings (that decision) comes up for renewal that month, on its calendar
    row = _row(observed, "13 Mar 2015")
    assert "Decision 2014/145/CFSP" in row and "renewed" in row
    assert "Mar 2015 eu_listings: P(fails)" in row
    assert sim.detail is not None
    vote = next(
        r
        for r in sim.detail.renewals
        if sim.detail.acts[r.measure] == "eu_listings"
        and r.month == month_index(sim.regime.start, sim.regime.start.replace(year=2015))
    )
    assert f"({vote.held} runs)" in row
    assert f"{vote.failed / vote.held:.0%}" in row
    # a vote beyond the 18 simulated months is said to be so, not matched
    assert "after the simulated months" in _row(observed, "13 Jan 2022")


def test_russia_2014_adoptions_beside_simulated_share_and_marked_on_charts(
    russia_2014: tuple[Simulation, str],
) -> None:
    sim, page = russia_2014
    assert sim.detail is not None
    case = load_library()["russia-2014"]
    rows = adoption_rows(sim.regime, sim.members, sim.measures, sim.detail, case)
    japan = next(r for r in rows if r.entry == "JPN" and r.case_measure == "listings")
    assert japan.observed == "29 Apr 2014" and japan.month == 1
    k = sim.measures.index("targeted_freezes")
    first = sim.detail.adopted[:, sim.members.index("JPN"), k]
    share = float(((first >= 0) & (first <= 1)).mean())
    assert japan.simulated[0][:2] == ("targeted_freezes", share)
    eu = next(r for r in rows if r.entry == "EU27" and r.case_measure == "listings")
    assert len(eu.members) == 27  # the bloc's entry stands for its members, pooled
    observed = _section(page, "observed")
    assert "29 Apr 2014" in _row(observed, "Japan (JPN)")
    assert f"<b>{share:.0%}</b>" in _row(observed, "Japan (JPN)")
    charts = _section(page, "by-measure")
    assert "observed adoption" in charts  # the legend says what the ticks are
    assert re.search(r"<title>observed adoption, Apr 2014: [^<]*JPN", charts)


def test_a_scenario_without_a_case_has_no_observed_section() -> None:
    regime = sim_regime({"sunset": {"months": 6, "renewal": "unanimity"}})
    st = build_setting(regime, sim_costs(), 8)
    res, detail = simulate_for_report(st, 10, 8, 1)
    page = render(regime, res, 1, detail)
    assert 'id="observed"' not in page and "observed adoption" not in page
    assert "No case of the library is this scenario's" in page


def test_simulation_report_has_every_section(russia_2014: tuple[Simulation, str]) -> None:
    _, page = russia_2014
    for ident in ("regime", "by-measure", "observed", "vetoes", "why"):
        assert f'<section id="{ident}">' in page, ident


def test_test_cases_are_said_to_be_for_scoring_only() -> None:
    from accord.report.observed_html import case_note

    note = case_note(load_library()["russia-2022"])
    assert "test case" in note and "scoring only" in note


def test_share_interval_is_wilson_at_90_percent() -> None:
    # statsmodels proportion_confint(5, 20, alpha=0.1, method="wilson")
    p, low, high = share_interval(5, 20)
    assert p == 0.25
    assert np.allclose((low, high), (0.1273771685203577, 0.4322017501601246))
    assert share_interval(0, 30)[1] == pytest.approx(0.0, abs=1e-12)
    assert share_interval(30, 30)[2] == pytest.approx(1.0)


def test_votes_match_acts_holding_the_covered_measures(
    russia_2014: tuple[Simulation, str],
) -> None:
    sim, _ = russia_2014
    assert sim.detail is not None
    rows = vote_rows(
        sim.regime, sim.members, sim.measures, sim.detail, load_library()["russia-2014"]
    )
    sectoral = [r for r in rows if r.act == "Decision 2014/512/CFSP" and r.simulated]
    assert sectoral
    # Decision 2014/512/CFSP is the scenario's act eu_economic, first up in Jul 2015
    acts = {act for r in sectoral for _, act, *_ in r.simulated}
    assert acts == {"eu_economic"}


def test_without_the_case_library_there_is_no_case(monkeypatch: pytest.MonkeyPatch) -> None:
    import accord.report.observed as observed

    monkeypatch.setattr(observed, "CASES_DIR", Path("/nonexistent/cases"))
    assert observed.matching_case(load("russia-2014")) is None


def test_simulation_report_is_the_report_of_accord_run(
    russia_2014: tuple[Simulation, str], tmp_path: Path
) -> None:
    from typer.testing import CliRunner

    from accord.cli import app

    _, page = russia_2014
    out = tmp_path / "run"
    args = ["run", "russia-2014", "--runs", str(RUNS), "--months", str(MONTHS), "--seed", "2"]
    res = CliRunner().invoke(app, [*args, "--out", str(out)])
    assert res.exit_code == 0, res.output
    assert (out / "report.html").read_text(encoding="utf-8") == page
