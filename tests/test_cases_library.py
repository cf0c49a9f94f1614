"""The bundled case library: every case loads, every entry is dated in its window and
sourced, test cases are flagged, every economy code is known."""

from __future__ import annotations

import datetime as dt
import itertools
import re
from pathlib import Path

import pytest

from accord.estimate import Case, load_library
from accord.estimate.economies import is_known
from accord.scenarios import load as load_bundled

LIBRARY = load_library()
CASES = sorted(LIBRARY.values(), key=lambda c: c.id)


def test_library_holds_the_training_and_test_cases() -> None:
    assert {"russia-2014"} <= set(LIBRARY)
    assert all(not c.is_test for c in LIBRARY.training)
    assert all(c.is_test for c in LIBRARY.test)
    assert len(LIBRARY.training) + len(LIBRARY.test) == len(LIBRARY)


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.id)
def test_every_date_lies_in_the_window(case: Case) -> None:
    dates: list[dt.date] = []
    for o in case.outcomes:
        dates += [d for d in (o.date, o.censored, o.ended) if d is not None]
    for e in case.exemptions:
        dates += [e.granted, *e.renewed]
    dates += [r.date for r in case.renewals]
    assert dates
    assert all(case.start <= d <= case.end for d in dates)


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.id)
def test_renewals_of_each_act_are_ordered_and_chain(case: Case) -> None:
    for act in {r.act for r in case.renewals}:
        votes = case.renewals_of(act)
        assert [v.date for v in votes] == sorted(v.date for v in votes)
        for before, after in itertools.pairwise(votes):
            assert before.until is not None and after.until is not None
            assert before.until < after.until


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.id)
def test_every_entry_cites_a_source_that_exists(case: Case) -> None:
    known = {s.id for s in case.sources}
    entries = [*case.outcomes, *case.exemptions, *case.renewals]
    assert all(e.sources and set(e.sources) <= known for e in entries)
    assert all(s.url or s.reference for s in case.sources)


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.id)
def test_every_economy_code_is_known(case: Case) -> None:
    codes = {case.lead, case.target, *case.economies}
    codes |= {o.economy for o in case.outcomes} | {e.economy for e in case.exemptions}
    codes |= {code for r in case.renewals for code in r.held_out}
    assert all(is_known(code) for code in codes)


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.id)
def test_never_adopted_outcomes_are_censored_and_adopted_ones_dated(case: Case) -> None:
    for o in case.outcomes:
        if o.status == "never_adopted":
            assert o.censored is not None and o.date is None
        else:
            assert o.date is not None and o.censored is None


def test_the_test_cases_are_flagged() -> None:
    assert {c.id for c in LIBRARY.test} == {"russia-2022", "us-chips-2022"}
    assert {"russia-2014", "iran-2012", "iran-2018", "belarus-2020"} <= {
        c.id for c in LIBRARY.training
    }


def test_russia_2014_answers_the_calibration_questions() -> None:
    case = LIBRARY["russia-2014"]
    assert case.adopted_on("DEU", "sectoral") == dt.date(2014, 7, 31)  # via the EU27 bloc
    assert case.lag_days("NOR", "sectoral") == 30
    assert case.posture("NOR", "sectoral") == "mimic"
    assert case.posture("CHE", "listings") == "adjust"
    assert case.posture("JPN", "listings") == "adjust"  # visas stopped for 23 persons only
    assert case.adopted_on("JPN", "listings") == dt.date(2014, 4, 29)  # before the freezes
    assert case.adopted_on("NOR", "listings") == dt.date(2014, 3, 21)  # regulation No. 301
    assert case.adopted_on("AUS", "listings") == dt.date(2014, 6, 19)  # the act, not 19 March
    australia = case.outcome("AUS", "listings")
    assert australia is not None and australia.dated == "act"
    assert case.outcome("ISL", "listings") is None  # not recorded: listed as unsourced
    assert case.posture("NZL", "listings") == "adjust"  # travel bans only
    votes = case.renewals_of("Decision 2014/512/CFSP")
    assert len(votes) == 14 and all(v.outcome == "renewed" for v in votes)
    assert votes[0].date == dt.date(2015, 6, 22) and votes[-1].until == dt.date(2022, 7, 31)
    crimea = case.renewals_of("Decision 2014/386/CFSP")
    assert [v.date.year for v in crimea] == [2015, 2016, 2017, 2018]
    assert crimea[0].instrument == "Council Decision (CFSP) 2015/959"


def test_a_bound_too_late_to_tell_leaves_the_posture_open() -> None:
    russia = LIBRARY["russia-2014"]
    assert russia.outcome("ISL", "sectoral") is not None
    assert russia.posture("ISL", "sectoral") is None  # only known to align by Aug 2015
    case = LIBRARY["belarus-2020"]
    assert case.posture("USA", "listings") == "mimic"  # EO 13405 designations, 2 Oct 2020
    assert case.posture("GBR", "listings") == "mimic"  # three days before the lead
    assert LIBRARY["russia-2022"].posture("JPN", "joined_sanctions") == "mimic"  # bound, prompt


def test_the_eu_price_cap_is_dated_by_its_legal_acts() -> None:
    case = LIBRARY["russia-2022"]
    assert case.adopted_on("DEU", "price_cap") == dt.date(2022, 12, 3)  # via the EU27 bloc
    assert case.adopted_on("POL", "price_cap") == dt.date(2022, 12, 3)
    assert case.adopted_on("USA", "price_cap") == dt.date(2022, 12, 2)  # the coalition's day


def test_iran_exceptions_are_granted_renewed_and_ended() -> None:
    by_code = {e.economy: e for e in LIBRARY["iran-2012"].exemptions}
    assert len(by_code) == 20
    assert by_code["JPN"].granted == dt.date(2012, 3, 20)
    assert by_code["CHN"].renewed == (dt.date(2012, 12, 7),)
    late = LIBRARY["iran-2018"].exemptions_of("IND", "oil_purchases")
    assert len(late) == 1 and late[0].ends == dt.date(2019, 5, 2)
    assert LIBRARY["iran-2018"].posture("DEU", "reimposed_sanctions") == "resist"


def test_the_documented_table_matches_the_files() -> None:
    text = (Path(__file__).resolve().parents[1] / "docs" / "cases.md").read_text("utf-8")
    rows = re.findall(
        r"^\| `([a-z0-9-]+)` \|[^|]*\|[^|]*\| (\d+) \| (\d+) \| (\d+) \| (\d+) \|$", text, re.M
    )
    documented = {case_id: tuple(int(n) for n in counts) for case_id, *counts in rows}
    actual = {
        c.id: (len(c.outcomes), len(c.exemptions), len(c.renewals), len(c.sources)) for c in CASES
    }
    assert documented == actual


@pytest.mark.parametrize("case", [c for c in CASES if c.scenario], ids=lambda c: c.id)
def test_a_case_matches_its_bundled_scenario(case: Case) -> None:
    assert case.scenario is not None
    regime = load_bundled(case.scenario)
    assert (regime.lead.code, regime.target.code) == (case.lead, case.target)
    scenario_measures = {m.id for m in regime.measures}
    covered = {ident for m in case.measures for ident in m.covers}
    assert covered and covered <= scenario_measures


def test_observations_expand_blocs_and_skip_what_is_not_recorded() -> None:
    case = LIBRARY["iran-2018"]
    rows = case.observations()
    pairs = {(r.economy, r.measure) for r in rows}
    assert ("DEU", "reimposed_sanctions") in pairs  # from the EU27 entry
    assert ("ITA", "oil_purchases") in pairs  # the member's own entry
    assert ("DEU", "oil_purchases") not in pairs  # not recorded, not guessed
    assert all(r.economy != case.lead for r in rows)
    chips = {r.economy: r.posture for r in LIBRARY["us-chips-2022"].observations()}
    assert chips["NLD"] == "adjust" and chips["KOR"] == "resist"
