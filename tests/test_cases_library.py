"""The bundled case library: every case loads, every entry is dated in its window and
sourced, test cases are flagged, every economy code is known."""

from __future__ import annotations

import datetime as dt
import itertools
import re
from pathlib import Path

import numpy as np
import pytest

from accord.estimate import Case, load_library
from accord.estimate.economies import is_known
from accord.estimate.rows import POSTURES, case_rows
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


# The target's own list of the states sanctioning it, per Russia case: the sources that
# give it (the act first), its date, the case's economies on it and the packages each
# economy is coded on.
RUSSIA_LISTS: dict[str, tuple[tuple[str, ...], dt.date, frozenset[str], tuple[str, ...]]] = {
    "russia-2014": (  # Resolution No. 778 of 7 Aug 2014 as extended on 13 Aug 2015
        ("ru-res-778", "ru-food-ban-2015-08-13-gov", "ru-food-ban-2015-08-13"),
        dt.date(2015, 8, 13),
        frozenset({"USA", "EU27", "GBR", "CAN", "AUS", "NOR", "ALB", "MNE", "ISL", "LIE", "UKR"}),
        ("listings", "sectoral", "crimea"),
    ),
    "russia-2022": (  # Order No. 430-r of 5 Mar 2022
        ("ru-order-430r",),
        dt.date(2022, 3, 5),
        frozenset(
            {"USA", "EU27", "GBR", "CAN", "AUS", "NZL", "NOR", "ISL", "UKR", "CHE", "JPN"}
            | {"KOR", "SGP", "TWN"}
        ),
        ("joined_sanctions",),
    ),
}


@pytest.mark.parametrize("case_id", sorted(RUSSIA_LISTS))
def test_russia_cases_are_coded_against_the_targets_list(case_id: str) -> None:
    """Who stayed out is censored at the list; who joined is on it or dated by its own act."""
    case = LIBRARY[case_id]
    list_sources, list_date, listed, packages = RUSSIA_LISTS[case_id]
    for economy in case.economies:
        outcomes = [case.outcome(economy, package) for package in packages]
        joined = [o for o in outcomes if o is not None and o.status != "never_adopted"]
        for o in joined:
            if o.dated == "no_later_than":  # bounded by the list: on it, at its date
                assert economy in listed and o.date == list_date, (economy, o.measure)
                assert set(list_sources) & set(o.sources), (economy, o.measure)
            else:  # an act of its own, whatever the list says
                assert set(o.sources) - set(list_sources), (economy, o.measure)
        if joined or economy in listed:
            continue
        for package, o in zip(packages, outcomes, strict=True):
            assert o is not None, (economy, package)  # stayed out: recorded, not dropped
            assert o.status == "never_adopted" and o.censored == list_date, (economy, package)
            assert list_sources[0] in o.sources, (economy, package)  # the list's act


def test_russia_2014_concerns_the_economies_that_stayed_out() -> None:
    """The training case is not selected on the outcome: every economy of the test case is
    concerned, and the 42 that neither are on Russia's list nor have an act of their own
    are recorded on each package and enter fitting as one resist row each: staying out
    of every package is one choice (accord.estimate.rows)."""
    case, test_case = LIBRARY["russia-2014"], LIBRARY["russia-2022"]
    assert set(test_case.economies) <= set(case.economies)
    _, list_date, listed, packages = RUSSIA_LISTS["russia-2014"]
    own_act = {"JPN", "CHE", "NZL"}  # sanctioned in 2014, not on the food-embargo list
    stayed_out = set(case.economies) - listed - own_act
    assert len(stayed_out) == 42 and {"KOR", "SGP", "TWN", "CHN", "IND", "TUR"} <= stayed_out
    never = {o.economy for o in case.outcomes if o.status == "never_adopted"}
    assert never == stayed_out
    assert all(case.censored_on(e, p) == list_date for e in stayed_out for p in packages)
    rows = case_rows(case)
    resist = {
        (e, m)
        for e, m, k in zip(rows.economy, rows.measure, rows.posture, strict=True)
        if POSTURES[k] == "resist"
    }
    assert resist == {(e, packages[0]) for e in stayed_out}
    gbr = {m for e, m in zip(rows.economy, rows.measure, strict=True) if e == "GBR"}
    assert gbr == set(packages)  # a joiner keeps a row per package: each its own choice
    assert not np.isnan(rows.ties[:, :, :2]).any()  # security and bloc ties all known in 2014


def test_an_economy_out_of_one_measure_but_in_another_keeps_a_row_per_measure() -> None:
    """Only an economy that stayed out of *every* measure is one row: one that adopted a
    package and stayed out of the others made a choice per package."""
    case = LIBRARY["russia-2014"]
    _, _, _, packages = RUSSIA_LISTS["russia-2014"]
    joined = dt.date(2014, 3, 20)
    outcomes = tuple(
        o.model_copy(update={"status": "adopted", "date": joined, "censored": None})
        if (o.economy, o.measure) == ("KOR", packages[0])
        else o
        for o in case.outcomes
    )
    rows = case_rows(case.model_copy(update={"outcomes": outcomes}))
    kor = {
        m: POSTURES[k]
        for e, m, k in zip(rows.economy, rows.measure, rows.posture, strict=True)
        if e == "KOR"
    }
    assert kor == {packages[0]: "mimic", packages[1]: "resist", packages[2]: "resist"}
    assert sum(e == "SGP" for e in rows.economy) == 1  # still out of everything: one row
