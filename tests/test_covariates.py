"""The bundled political covariates: coverage, known answers, and no look-ahead."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from accord.covariates import COVERED_FROM, CovariateError, Covariates, bundled
from accord.covariates.derive import derive_rows
from accord.covariates.store import DATA, OUTSIDE_ICIO, REFERENCE, US_ARRANGEMENTS, US_TREATY_ALLY
from accord.domain.codes import ICIO_ECONOMIES as ECONOMIES

KNOWN = (*ECONOMIES, *OUTSIDE_ICIO)
SHARED = Path(__file__).resolve().parents[1] / ".." / "shared" / "data" / "politics"
UN_FILES = SHARED / "un_voting_coincidence_us"


@pytest.fixture(scope="module")
def cov() -> Covariates:
    return bundled()


def test_every_known_economy_has_dated_sourced_covariates(cov: Covariates) -> None:
    un = {c.economy: c for c in cov.coincidence if c.coincidence is not None}
    gaps = {g.economy: g for g in cov.gaps}
    for code in KNOWN:
        assert cov.names.get(code), f"{code} has no name"
        if code == REFERENCE:
            continue
        if code in un:
            assert un[code].source and 2018 <= un[code].year <= 2023
        else:
            gap = gaps.get(code)
            assert gap is not None, f"{code}: neither UN coincidence nor a sourced gap"
            assert gap.source and gap.since <= COVERED_FROM
    for m in cov.memberships:
        assert m.source.strip()
        assert m.joined is not None or m.note.strip(), f"line {m.line}: undated without a note"
    assert {m.economy for m in cov.memberships} <= set(KNOWN)


def test_every_bloc_asked_for_has_members(cov: Covariates) -> None:
    blocs = {m.bloc for m in cov.memberships}
    wanted = {"EU", "NATO", "EFTA", "EEA_EFTA", "EU_CANDIDATE", "CSTO", "EAEU", "SCO"}
    assert wanted | {"BRICS", "G7", *US_ARRANGEMENTS} <= blocs
    assert set(cov.blocs) == blocs


@pytest.mark.parametrize(
    ("day", "economy", "bloc", "member"),
    [
        (date(2023, 4, 3), "FIN", "NATO", False),
        (date(2023, 4, 4), "FIN", "NATO", True),
        (date(2024, 3, 6), "SWE", "NATO", False),
        (date(2024, 3, 7), "SWE", "NATO", True),
        (date(2020, 1, 31), "GBR", "EU", True),
        (date(2020, 2, 1), "GBR", "EU", False),
        (date(2013, 6, 30), "HRV", "EU", False),
        (date(2013, 6, 30), "HRV", "EU_CANDIDATE", True),
        (date(2013, 7, 1), "HRV", "EU", True),
        (date(2013, 7, 1), "HRV", "EU_CANDIDATE", False),
        (date(2022, 6, 22), "UKR", "EU_CANDIDATE", False),
        (date(2022, 6, 23), "UKR", "EU_CANDIDATE", True),
        (date(2023, 12, 31), "IRN", "BRICS", False),
        (date(2024, 1, 1), "IRN", "BRICS", True),
        (date(2024, 1, 1), "SAU", "BRICS", False),
        (date(2023, 7, 4), "IRN", "SCO", True),
        (date(2022, 2, 23), "JPN", US_TREATY_ALLY, True),
        (date(2022, 2, 23), "THA", US_TREATY_ALLY, True),
        (date(2022, 2, 23), "CHE", US_TREATY_ALLY, False),
        (date(2022, 2, 23), "PER", "RIO", True),
    ],
)
def test_memberships_on_a_day(
    cov: Covariates, day: date, economy: str, bloc: str, member: bool
) -> None:
    assert (bloc in cov.as_of(day).blocs_of(economy)) is member


def test_a_regime_reads_the_year_before_its_start(cov: Covariates) -> None:
    # Russia 2022 (24 Feb 2022) reads 2021 at the latest, memberships of 23 Feb 2022.
    snap = cov.before(date(2022, 2, 24))
    assert snap.day == date(2022, 2, 23)
    assert snap.coincidence["RUS"] == (2021, 0.33)
    assert snap.coincidence["DEU"] == (2021, 0.66)
    assert "NATO" not in snap.blocs_of("FIN")
    # A regime starting on 1 January reads the year just ended; one day earlier, not.
    assert cov.before(date(2022, 1, 1)).coincidence["RUS"][0] == 2021
    assert cov.before(date(2021, 12, 31)).coincidence["RUS"][0] == 2020
    # Before the first bundled year there is none.
    assert cov.before(date(2019, 1, 1)).un_coincidence("RUS") is None or (
        cov.before(date(2019, 1, 1)).coincidence["RUS"][0] == 2018
    )
    assert cov.before(date(2018, 12, 31)).un_coincidence("RUS") is None


def test_years_without_votes_are_not_read(cov: Covariates) -> None:
    # Venezuela 2022 and 2023: all absent; the published 0.50 is not a measure.
    assert cov.as_of(date(2024, 6, 1)).coincidence["VEN"] == (2021, 0.22)
    assert cov.as_of(date(2024, 6, 1)).un_coincidence(REFERENCE) == 1.0
    assert cov.as_of(date(2024, 6, 1)).un_coincidence("TWN") is None


def test_dates_before_the_covered_period_are_refused(cov: Covariates) -> None:
    with pytest.raises(CovariateError, match="2010-01-01"):
        cov.as_of(COVERED_FROM - timedelta(days=1))


def _truncated(cov: Covariates, day: date) -> Covariates:
    """The tables as they could have been written on ``day``: every later fact removed."""
    memberships = tuple(
        replace(m, left=None if m.left and m.left > day else m.left)
        for m in cov.memberships
        if m.joined is None or m.joined <= day
    )
    coincidence = tuple(c for c in cov.coincidence if date(c.year, 12, 31) <= day)
    return replace(cov, memberships=memberships, coincidence=coincidence)


@settings(max_examples=60, deadline=None)
@given(day=st.dates(min_value=COVERED_FROM, max_value=date(2026, 12, 31)))
def test_no_look_ahead(day: date) -> None:
    # What is read on a day is unchanged by deleting everything learnt after it.
    cov = bundled()
    assert cov.as_of(day) == _truncated(cov, day).as_of(day)


@pytest.mark.skipif(not UN_FILES.is_dir(), reason="source files of the UN table not present")
def test_bundled_un_table_is_derived_from_its_source() -> None:
    text = (DATA / "un_coincidence_us.csv").read_text(encoding="utf-8")
    rows = derive_rows(UN_FILES)
    import csv
    import io

    assert list(csv.DictReader(io.StringIO(text))) == rows
    # the 2021 file's names span two lines; every one of its 192 states is kept
    assert sum(r["year"] == "2021" for r in rows) == 192
    assert any(r["economy"] == "GRC" and r["year"] == "2018" for r in rows)
