"""``accord codes``: every economy with its name and covariates; bad tables write nothing."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from accord.cli import app
from accord.covariates.store import OUTSIDE_ICIO
from accord.domain.codes import ICIO_ECONOMIES as ECONOMIES

runner = CliRunner()


def _json(*args: str) -> list[dict[str, object]]:
    result = runner.invoke(app, ["codes", "--format", "json", *args])
    assert result.exit_code == 0, result.output
    rows: list[dict[str, object]] = json.loads(result.stdout)
    return rows


def test_lists_every_known_economy_with_name_and_covariates() -> None:
    rows = {r["code"]: r for r in _json("--as-of", "2022-02-23")}
    assert set(rows) == set(ECONOMIES) | set(OUTSIDE_ICIO)
    assert all(r["name"] for r in rows.values())
    assert rows["IRN"]["icio"] is False and rows["DEU"]["icio"] is True
    assert rows["DEU"]["blocs"] == ["EU", "G7", "NATO", "US_TREATY_ALLY"]
    assert rows["FIN"]["blocs"] == ["EU"]  # NATO only from 4 April 2023
    assert (rows["RUS"]["un_coincidence"], rows["RUS"]["un_year"]) == (0.33, 2021)
    assert rows["TWN"]["un_coincidence"] is None and "2758" in str(rows["TWN"]["un_gap"])
    assert rows["USA"]["un_coincidence"] == 1.0


def test_table_names_the_date_and_the_reference() -> None:
    result = runner.invoke(app, ["codes", "--as-of", "2024-06-01"])
    assert result.exit_code == 0, result.output
    assert "blocs on 2024-06-01" in result.stdout
    assert "Chinese Taipei" in result.stdout and "1 (the reference)" in result.stdout


def test_a_user_table_adds_economies(tmp_path: Path) -> None:
    mine = tmp_path / "mine.csv"
    mine.write_text(
        "economy,bloc,joined,left,source,note\nARM,CSTO,2003-09-18,,CSTO basic facts,\n",
        encoding="utf-8",
    )
    rows = {r["code"]: r for r in _json("--as-of", "2022-02-23", "--memberships", str(mine))}
    assert rows["ARM"]["blocs"] == ["CSTO"] and rows["ARM"]["un_coincidence"] == 0.40


def test_bad_user_table_is_located_and_nothing_is_written(tmp_path: Path) -> None:
    mine = tmp_path / "mine.csv"
    mine.write_text(
        "economy,bloc,joined,left,source,note\nARM,CSTO,2003-09-18,,a source,\n"
        "ARM,NATO,someday,,a source,\n",
        encoding="utf-8",
    )
    out = tmp_path / "codes.json"
    result = runner.invoke(
        app, ["codes", "--memberships", str(mine), "--format", "json", "--out", str(out)]
    )
    assert result.exit_code == 1
    assert f"{mine}:3: joined" in result.output and "not a date" in result.output
    assert not out.exists() and list(tmp_path.iterdir()) == [mine]


def test_out_is_written_when_all_is_well(tmp_path: Path) -> None:
    out = tmp_path / "codes.json"
    result = runner.invoke(app, ["codes", "--format", "json", "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert len(json.loads(out.read_text(encoding="utf-8"))) == len(ECONOMIES) + len(OUTSIDE_ICIO)


@pytest.mark.parametrize(
    ("args", "code", "message"),
    [
        (["--as-of", "2022-02-30"], 2, "not a date"),
        (["--as-of", "2009-12-31"], 1, "recorded for dates from 2010-01-01"),
    ],
)
def test_bad_dates(args: list[str], code: int, message: str) -> None:
    result = runner.invoke(app, ["codes", *args])
    assert result.exit_code == code
    assert message in result.output
