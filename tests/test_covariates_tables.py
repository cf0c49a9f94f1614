"""A user-supplied covariate table with bad input gets a located error and changes nothing."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from accord.covariates import CovariateError, bundled, with_user_tables
from accord.covariates.tables import read_coincidence, read_memberships

HEADER = "economy,bloc,joined,left,source,note\n"
UN_HEADER = "economy,year,same,opposite,partial,absent,coincidence,source,note\n"


def _write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def _problems(exc: CovariateError) -> list[str]:
    return [f"{e['loc']} | {e['msg']} | {e['expected']}" for e in exc.errors]


def _read_members(path: Path) -> object:
    return read_memberships(path, bundled().blocs)


BAD_ROWS = [
    (HEADER, _read_members, "GEO,NATO,2024-13-01,,NATO,", ":2: joined", "not a date"),
    (HEADER, _read_members, "GEO,WARSAW,2000-01-01,,a source,", ":2: bloc", "unknown bloc"),
    (HEADER, _read_members, "Georgia,NATO,2000-01-01,,src,", ":2: economy", "not an economy"),
    (HEADER, _read_members, "GEO,NATO,2000-01-01,,,", ":2: source", "empty"),
    (HEADER, _read_members, "GEO,NATO,,,a source,", ":2: joined", "empty without a note"),
    (HEADER, _read_members, "GEO,NATO,2010-01-01,2009-01-01,src,", ":2: left", "not after"),
    (HEADER, _read_members, "GEO,NATO,2010-01-01,a source,", ":2: row", "5 fields"),
    (UN_HEADER, read_coincidence, "GEO,2021,10,5,3,0,1.4,src,", ":2: coincidence", "'1.4'"),
    (UN_HEADER, read_coincidence, "GEO,1900,10,5,3,0,0.5,src,", ":2: year", "1900"),
    (UN_HEADER, read_coincidence, "GEO,2021,ten,5,3,0,0.5,src,", ":2: same", "not a count"),
    (UN_HEADER, read_coincidence, "GEO,2021,10,5,3,0,0.5,,", ":2: source", "empty"),
]


@pytest.mark.parametrize(("header", "read", "row", "where", "what"), BAD_ROWS)
def test_bad_row_is_located(
    tmp_path: Path, header: str, read: Callable[[Path], object], row: str, where: str, what: str
) -> None:
    path = _write(tmp_path, "mine.csv", header + row + "\n")
    with pytest.raises(CovariateError) as caught:
        read(path)
    problems = _problems(caught.value)
    assert any(f"{path}{where}" in p and what in p for p in problems), problems
    assert str(path) in str(caught.value)


def test_every_problem_is_reported_with_its_line(tmp_path: Path) -> None:
    # A quoted note over two lines: the next record's line number still counts them.
    text = HEADER + 'GEO,NATO,2000-01-01,,"a source","a note\nover two lines"\n'
    text += "GEO,NATO,2005-01-01,,a source,\n"  # line 4: overlaps line 2
    text += "ARM,CSTO,bad,,a source,\n"  # line 5
    path = _write(tmp_path, "mine.csv", text)
    with pytest.raises(CovariateError) as caught:
        read_memberships(path, bundled().blocs)
    problems = _problems(caught.value)
    assert any(":4: joined" in p and "overlaps line 2" in p for p in problems), problems
    assert any(":5: joined" in p and "not a date" in p for p in problems), problems


def test_wrong_header_is_line_one(tmp_path: Path) -> None:
    path = _write(tmp_path, "mine.csv", "country,bloc,from,to\nGEO,NATO,2000-01-01,\n")
    with pytest.raises(CovariateError) as caught:
        read_memberships(path, bundled().blocs)
    assert caught.value.errors[0]["loc"] == f"{path}:1: header"
    assert caught.value.errors[0]["expected"] == HEADER.strip()


def test_repeated_year_is_refused(tmp_path: Path) -> None:
    row = "GEO,2021,10,5,3,0,0.5,a source,\n"
    path = _write(tmp_path, "un.csv", UN_HEADER + row + row)
    with pytest.raises(CovariateError, match="repeats line 2"):
        read_coincidence(path)


def test_a_good_user_table_adds_and_replaces_rows(tmp_path: Path) -> None:
    from datetime import date

    members = _write(tmp_path, "mine.csv", HEADER + "ARM,CSTO,2003-09-18,,CSTO basic facts,\n")
    un = _write(tmp_path, "un.csv", UN_HEADER + "ARM,2021,20,38,25,3,0.45,my reading,\n")
    cov = with_user_tables(bundled(), members, un)
    snap = cov.as_of(date(2022, 2, 23))
    assert "CSTO" in snap.blocs_of("ARM")
    assert snap.un_coincidence("ARM") == 0.45  # the bundled 2021 value is 0.40
    assert bundled().as_of(date(2022, 2, 23)).un_coincidence("ARM") == 0.40
    assert len(cov.memberships) == len(bundled().memberships) + 1


def test_unreadable_file_is_an_error(tmp_path: Path) -> None:
    with pytest.raises(CovariateError, match="cannot be read"):
        read_memberships(tmp_path / "absent.csv", bundled().blocs)
