"""Trade tables of economies outside the ICIO: the bundled one, and a user's, read strictly."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from accord.cli import app
from accord.domain.codes import OUTSIDE_ECONOMIES
from accord.economics.outside import BUNDLED, bundled_table, year_for
from accord.economics.trade_table import TradeTableError, read_trade_table

HEADER = "reporter_iso3,partner_iso3,year,flow,value_usd,series\n"
runner = CliRunner()


def write(tmp_path: Path, text: str, name: str = "trade.csv") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_bundled_table_holds_the_six_for_2016_to_2018() -> None:
    table = bundled_table()
    assert set(table.economies) == set(OUTSIDE_ECONOMIES)
    for code in OUTSIDE_ECONOMIES:
        assert table.years(code) == (2016, 2017, 2018)
    rows = sum(len(partners) for partners in table.values.values())
    assert rows == len(BUNDLED.read_text().splitlines()) - 1 == 8191


def test_iran_2017_totals_are_the_sources_sums() -> None:
    """Partner-side values where the partner reported, own otherwise: the sums come from
    the bundled file itself, row by row (README of ../shared/data/trade)."""
    import csv

    own: dict[tuple[str, str], float] = {}
    mirror: dict[tuple[str, str], float] = {}
    with BUNDLED.open(encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            if row["reporter_iso3"] == "IRN" and row["year"] == "2017":
                target = mirror if row["series"] == "partner-side" else own
                target[(row["partner_iso3"], row["flow"])] = float(row["value_usd"])
    merged = {**own, **mirror}
    trade = bundled_table().bilateral("IRN", 2017)
    assert trade.exports == {p: v for (p, f), v in merged.items() if f == "export"}
    assert trade.imports == {p: v for (p, f), v in merged.items() if f == "import"}
    assert trade.series[("CHN", "export")] == "partner-side"


def test_partner_side_series_wins_over_own(tmp_path: Path) -> None:
    text = HEADER + (
        "ERI,ITA,2018,export,100,own\n"
        "ERI,ITA,2018,export,120,partner-side\n"
        "ERI,CHN,2018,export,50,own\n"
        "ERI,CHN,2018,import,70,\n"  # an empty series is own
    )
    trade = read_trade_table(write(tmp_path, text)).bilateral("ERI", 2018)
    assert trade.exports == {"ITA": 120.0, "CHN": 50.0}
    assert trade.imports == {"CHN": 70.0}


@pytest.mark.parametrize(
    ("row", "column", "expected"),
    [
        ("ERI,ITA,2018,export,abc,own", "value_usd", "a number >= 0"),
        ("ERI,ITA,2018,export,-5,own", "value_usd", "a number >= 0"),
        ("ERI,ITA,2018,export,nan,own", "value_usd", "a number >= 0"),
        ("ERI,ITA,2018,export,inf,own", "value_usd", "a number >= 0"),
        ("ERI,ITA,20x8,export,5,own", "year", "a year from 1900 to 2100"),
        ("ERI,ITA,2018,sideways,5,own", "flow", "export or import"),
        ("Eritrea,ITA,2018,export,5,own", "reporter_iso3", "ISO 3166 alpha-3"),
        ("ERI,it,2018,export,5,own", "partner_iso3", "ISO 3166 alpha-3"),
        ("ERI,ERI,2018,export,5,own", "partner_iso3", "a partner other than the reporter"),
        ("ERI,ITA,2018,export,5,mirror", "series", "own or partner-side"),
    ],
)
def test_a_bad_cell_is_located(tmp_path: Path, row: str, column: str, expected: str) -> None:
    path = write(tmp_path, HEADER + "ERI,CHN,2018,export,1,own\n" + row + "\n")
    with pytest.raises(TradeTableError) as info:
        read_trade_table(path)
    (problem,) = info.value.errors
    assert problem["loc"] == f"{path}:3: column {column!r}"
    assert expected in problem["expected"]
    assert info.value.file == str(path)


def test_every_problem_is_listed_in_line_order(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        HEADER + "ERI,ITA,2018,export,x,own\nERI,ITA,2018\nERI,FRA,1800,export,1,own\n",
    )
    with pytest.raises(TradeTableError) as info:
        read_trade_table(path)
    locs = [e["loc"] for e in info.value.errors]
    assert locs == [f"{path}:2: column 'value_usd'", f"{path}:3", f"{path}:4: column 'year'"]
    assert "3 problem(s)" in str(info.value)


def test_a_repeated_row_is_an_error(tmp_path: Path) -> None:
    path = write(tmp_path, HEADER + "ERI,ITA,2018,export,1,own\nERI,ITA,2018,export,2,own\n")
    with pytest.raises(TradeTableError) as info:
        read_trade_table(path)
    assert info.value.errors[0]["loc"] == f"{path}:3: column 'partner_iso3'"


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"", ":1: empty file"),
        (b"reporter,partner\nERI,ITA\n", ":1: header .*; missing reporter_iso3, partner_iso3"),
        (HEADER.encode() + b"ERI,ITA,2018,export,1,own,extra\n", "fields"),
        (HEADER.encode(), "no data rows"),
        (HEADER.encode() + b"ERI,IT\xff,2018,export,1,own\n", ":2: not UTF-8"),
        (b"reporter_iso3,partner_iso3,year,flow,value_usd,colour\n", "unknown colour"),
    ],
)
def test_a_malformed_file_is_rejected(tmp_path: Path, content: bytes, message: str) -> None:
    path = tmp_path / "bad.csv"
    path.write_bytes(content)
    with pytest.raises(TradeTableError, match=message):
        read_trade_table(path)


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(garbage=st.binary(max_size=400))
def test_garbage_is_a_trade_table_error_or_a_table(tmp_path: Path, garbage: bytes) -> None:
    path = tmp_path / "garbage.csv"
    path.write_bytes(HEADER.encode() + garbage)
    try:
        table = read_trade_table(path)
    except TradeTableError as exc:
        assert str(path) in str(exc)
    else:
        assert table.economies


def test_year_for_never_looks_ahead() -> None:
    years = (2016, 2017, 2018)
    assert year_for(years, 2018) == 2017  # Iran 2018 uses 2017
    assert year_for(years, 2019) == 2018  # Venezuela 2019 uses 2018
    assert year_for(years, 2014) == 2016  # nothing earlier: the earliest, stated in the docs
    assert year_for(years, None) == 2018


def test_cli_rejects_a_bad_user_table_and_prints_nothing(tmp_path: Path) -> None:
    path = write(tmp_path, HEADER + "ERI,ITA,2018,export,lots,own\n")
    result = runner.invoke(
        app, ["economics", "--coalition", "USA", "--target", "ERI", "--trade-table", str(path)]
    )
    assert result.exit_code == 2
    assert result.stdout == ""
    assert f"{path}:2: column 'value_usd'" in result.stderr
    assert "expected a number >= 0 in US dollars" in result.stderr
