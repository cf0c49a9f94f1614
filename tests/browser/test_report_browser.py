"""The simulation report in a real browser, at 800 px wide: Debian's Chromium driven by
Playwright opens the report of the bundled Russia 2022 scenario and finds what an
analyst looks for: the regime table, the per-measure chart, the veto table and a
member's decision breakdown, and the case's observed outcomes beside the simulated
ones. Screenshots are kept as test artefacts (in
``$ACCORD_ARTEFACTS``, default ``out/test-artefacts``) to be checked by eye."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from accord.cli import app
from tests.browser.support import browser_context
from tests.conftest import ROOT, SCENARIOS
from tests.ledger_support import in_ci

WIDTH = 800


def artefacts() -> Path:
    folder = Path(os.environ.get("ACCORD_ARTEFACTS") or ROOT / "out" / "test-artefacts")
    folder.mkdir(parents=True, exist_ok=True)
    return folder


@pytest.fixture(scope="module")
def report(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from accord.errors import DataUnavailable
    from accord.scenario import load_scenario
    from accord.sim import costs_for_regime

    scenario = SCENARIOS / "russia-2022.toml"
    try:
        costs_for_regime(load_scenario(scenario))
    except DataUnavailable as exc:
        if in_ci():
            pytest.fail(f"economics data unavailable: {exc}")
        pytest.skip(f"economics data unavailable: {exc}")
    out = tmp_path_factory.mktemp("report") / "russia-2022"
    res = CliRunner().invoke(
        app, ["run", str(scenario), "--runs", "300", "--seed", "1", "--out", str(out)]
    )
    assert res.exit_code == 0, res.output
    return out / "report.html"


@pytest.fixture(scope="module")
def page(report: Path) -> Iterator[Any]:
    # no network: the report must stand alone
    with browser_context(viewport={"width": WIDTH, "height": 1100}, offline=True) as context:
        pg = context.new_page()
        pg.set_default_timeout(20_000)
        requests: list[str] = []
        pg.on("request", lambda r: requests.append(r.url))
        pg.goto(report.as_uri())
        pg.wait_for_load_state("load")
        assert all(u.startswith(("file:", "data:")) for u in requests), requests
        yield pg


def test_regime_table_names_measures_and_members(page: Any) -> None:
    measures = page.locator("#regime-measures")
    assert measures.is_visible()
    text = measures.inner_text()
    assert "oil_embargo" in text and "phase-in" in text
    members = page.locator("#regime-members").inner_text()
    assert "Slovakia (SVK)" in members and "lead" in members
    assert "unanimity" in page.locator("#regime").inner_text()


def test_per_measure_chart_has_a_panel_per_measure(page: Any) -> None:
    panels = page.locator("#measure-charts svg")
    rows = page.locator("#regime-measures tbody tr").count()
    assert panels.count() == rows >= 5
    box = panels.first.bounding_box()
    assert box is not None and box["width"] >= 300  # two panels a row at 800 px, not thumbnails
    table = page.locator("#resist-table").inner_text()
    assert "(lead)" in table and "%" in table


def test_veto_table_lists_renewals(page: Any) -> None:
    veto = page.locator("#veto-table")
    assert veto.is_visible()
    assert "P(fails)" in veto.inner_text()
    assert veto.locator("tbody tr").count() >= 1


def test_member_decision_breakdown_opens(page: Any) -> None:
    first = page.locator("details.member[open]").first
    assert first.is_visible()
    text = first.inner_text()
    for term in ("economic cost", "domestic pressure", "secondary-penalty fear", "reputation"):
        assert term in text
    assert "propensity z" in text
    assert "is most reluctant on" in text
    ident = page.locator("details.member:not([open])").first.get_attribute("id")
    closed = page.locator(f"#{ident}")
    closed.locator("summary").click()
    assert closed.locator("table").first.is_visible()
    slovakia = page.locator("#why-SVK")
    if slovakia.get_attribute("open") is None:
        slovakia.locator("summary").click()
    assert slovakia.locator("table").first.is_visible()
    assert "oil_embargo" in slovakia.inner_text()


def test_observed_section_sets_the_case_beside_the_simulation(page: Any) -> None:
    observed = page.locator("#observed")
    assert observed.is_visible()
    text = observed.inner_text()
    assert "russia-2022" in text and "scoring only" in text
    assert "The case records no renewal votes" in text  # none in cases/russia-2022.toml
    assert page.locator("#measure-charts svg title", has_text="observed adoption").count() >= 1


def test_page_fits_800_px_and_screenshots_are_kept(page: Any) -> None:
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= WIDTH, f"the page scrolls sideways at {WIDTH} px ({width} px)"
    folder = artefacts()
    page.screenshot(path=str(folder / "report-800px.png"), full_page=True)
    for section in ("regime", "by-measure", "observed", "vetoes", "why"):
        page.locator(f"#{section}").screenshot(path=str(folder / f"report-800px-{section}.png"))
    assert (folder / "report-800px.png").stat().st_size > 10_000
