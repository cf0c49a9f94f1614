"""The report's explaining sections on a small regime with synthetic costs: the regime
from the file, P(resist) member x measure with the lead, veto accounting, the "why"."""

from __future__ import annotations

import re

import numpy as np
import pytest

from accord.report.detail import ReportDetail, explain_months, simulate_for_report
from accord.report.html import render
from accord.sim import Month, SimResult, build_setting
from accord.sim.explain import TERMS
from tests.sim_support import MEMBERS, sim_costs, sim_regime

MONTHS = 24
RUNS = 120


@pytest.fixture(scope="module")
def simulated() -> tuple[object, SimResult, ReportDetail, list[Month]]:
    regime = sim_regime({"sunset": {"months": 6, "renewal": "unanimity"}})
    st = build_setting(regime, sim_costs(unevenness=1.5, mean_cost=0.6), MONTHS)
    months: list[Month] = []
    res, detail = simulate_for_report(st, RUNS, MONTHS, 3, hooks=(months.append,))
    return regime, res, detail, months


def test_resist_shares_are_counted_from_the_postures(simulated) -> None:  # type: ignore[no-untyped-def]
    _, _, detail, months = simulated
    last = months[-1]
    positive = last.reference > 0
    expected = ((last.posture == 2) & positive).sum(axis=0) / np.maximum(positive.sum(axis=0), 1)
    np.testing.assert_allclose(np.nan_to_num(detail.resist_at(MONTHS - 1)), expected, atol=1e-6)
    mimic, adjust, resist = detail.measure_shares()
    assert np.allclose((mimic + adjust + resist)[~np.isnan(mimic)], 1.0)


def test_the_decision_months_are_recorded(simulated) -> None:  # type: ignore[no-untyped-def]
    _, _, detail, _ = simulated
    assert sorted(detail.terms) == list(explain_months(MONTHS)) == [12, 23]
    assert detail.terms[23].shape == (len(TERMS), len(MEMBERS), 3)


def test_page_has_every_section_and_no_network(simulated) -> None:  # type: ignore[no-untyped-def]
    regime, res, detail, _ = simulated
    page = render(regime, res, seed=3, detail=detail)  # type: ignore[arg-type]
    for ident in ("regime", "regime-measures", "regime-members", "by-measure", "resist-table"):
        assert f'id="{ident}"' in page
    assert "http" not in page.split("<body>")[1]
    # the lead is shown with the members, every member has its decision breakdown
    resist_table = page.split('id="resist-table"')[1].split("</table>")[0]
    assert "(lead)" in resist_table
    for code in MEMBERS:
        assert f'id="why-{code}"' in page and code in resist_table
    # the regime comes from the file: its measures and the renewal rule
    regime_part = page.split('<section id="regime">')[1].split("</section>")[0]
    assert all(m in regime_part for m in ("freeze", "oil", "tech")) and "veto" in regime_part


def test_veto_table_names_who_blocks(simulated) -> None:  # type: ignore[no-untyped-def]
    regime, res, detail, _ = simulated
    failing = [r for r in detail.renewals if r.failed]
    assert failing, "uneven costs under unanimity: some renewals fail"
    page = render(regime, res, seed=3, detail=detail)  # type: ignore[arg-type]
    vetoes = page.split('<section id="vetoes">')[1].split("</section>")[0]
    worst = max(failing, key=lambda r: r.failed / r.held)
    blocker = res.members[int(np.argmax(worst.against))]
    assert f"{worst.failed / worst.held:.0%}" in vetoes
    assert re.search(rf"{blocker} \d+%", vetoes)
    assert "every voter must vote to renew" in page or "unanimity" in vetoes


def test_without_detail_the_page_still_renders(simulated) -> None:  # type: ignore[no-untyped-def]
    regime, res, _, _ = simulated
    page = render(regime, res, seed=3)  # type: ignore[arg-type]
    assert '<section id="regime">' in page and 'id="vetoes"' not in page


def test_lapsed_measures_count_as_resisted(simulated) -> None:  # type: ignore[no-untyped-def]
    _, _, detail, _ = simulated
    assert (detail.lapsed <= detail.resist + 1e-6).all()
    assert detail.lapsed.max() > 0, "some renewals fail under unanimity"


def test_why_opens_on_the_most_reluctant_member(simulated) -> None:  # type: ignore[no-untyped-def]
    regime, res, detail, _ = simulated
    page = render(regime, res, seed=3, detail=detail)  # type: ignore[arg-type]
    wanted = detail.desire[max(detail.terms)]
    member, measure = np.unravel_index(int(np.argmin(wanted)), wanted.shape)
    opened = page.split('<details class="member" id="why-')[1]
    assert opened.startswith(f'{res.members[member]}" open>')
    assert f"is most reluctant on <b>{res.measures[measure]}</b>" in opened.split("</p>")[0]
