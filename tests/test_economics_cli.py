"""``accord economics``: output formats and exit code 2 for bad arguments."""

from __future__ import annotations

import json
import sys

import pytest
from typer.testing import CliRunner

from accord.cli import app
from accord.domain.codes import EU27
from accord.domain.codes import ICIO_ECONOMIES as ECONOMIES
from tests.economics_support import real_network

runner = CliRunner()


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--coalition", "USA,XYZ", "--target", "RUS"], "unknown economy code(s) XYZ"),
        (["--coalition", "USA", "--target", "QQQ"], "unknown economy code"),
        (["--coalition", "EU27", "--target", "DEU"], "inside its own coalition"),
        (["--coalition", "USA", "--target", "RUS", "--level", "1.2"], "outside [0, 1]"),
        (["--coalition", "USA", "--target", "RUS", "--level", "-0.5"], "outside [0, 1]"),
        (["--coalition", "USA", "--target", "RUS", "--sectors", "C99"], "sector code(s) C99"),
        (["--coalition", " , ", "--target", "RUS"], "no economies"),
    ],
)
def test_bad_arguments_exit_2_with_a_message(args: list[str], message: str) -> None:
    result = runner.invoke(app, ["economics", *args])
    assert result.exit_code == 2
    assert message in " ".join(result.output.split())
    assert "Traceback" not in result.output


def test_json_lists_every_economy_with_its_loss() -> None:
    real_network()
    result = runner.invoke(
        app, ["economics", "--coalition", "EU27,USA", "--target", "RUS", "--format", "json"]
    )
    assert result.exit_code == 0, result.output
    rows = json.loads(result.output)
    assert sorted(r["economy"] for r in rows) == sorted(ECONOMIES)
    assert all(set(r) == {"economy", "loss_pct"} for r in rows)
    loss = {r["economy"]: r["loss_pct"] for r in rows}
    assert rows[0]["economy"] == "RUS" and loss["RUS"] > 0
    assert all(loss[c] > 0 for c in EU27)


def test_level_scales_the_losses_and_table_format() -> None:
    real_network()
    base = ["economics", "--coalition", "USA,JPN", "--target", "CHN", "--sectors", "C26"]
    full = json.loads(runner.invoke(app, [*base, "--format", "json"]).output)
    half = json.loads(runner.invoke(app, [*base, "--level", "0.5", "--format", "json"]).output)
    f = {r["economy"]: r["loss_pct"] for r in full}
    h = {r["economy"]: r["loss_pct"] for r in half}
    assert h["CHN"] == pytest.approx(0.5 * f["CHN"], rel=1e-4)
    table = runner.invoke(app, base)
    assert table.exit_code == 0 and table.output.startswith("Output loss of each economy")


def test_value_reports_candidates_reach_and_burden() -> None:
    real_network()
    result = runner.invoke(
        app,
        [
            "economics",
            "--coalition",
            "USA,GBR,DEU",
            "--target",
            "RUS",
            "--value",
            "--format",
            "json",
        ],
    )
    assert result.exit_code == 0, result.output
    doc = json.loads(result.output)
    assert 0 < doc["horizontal_reach"] < 1 and doc["vertical_reach"] == pytest.approx(1.0)
    assert doc["candidates"][0]["economy"] == "CHN"
    assert {b["economy"] for b in doc["burden_sharing"]} == {"USA", "GBR", "DEU"}


def test_missing_data_is_a_clear_error_with_exit_1(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "sanction_simulator", None)
    result = runner.invoke(app, ["economics", "--coalition", "USA", "--target", "RUS"])
    assert result.exit_code == 1
    assert "sanction-simulator" in result.output and "Traceback" not in result.output


def test_table_states_units_and_marks_coalition_and_target() -> None:
    real_network()
    out = runner.invoke(
        app, ["economics", "--coalition", "USA,GBR,DEU", "--target", "RUS", "--value"]
    ).output
    assert "in percent of its own gross output" in out
    rows = {line[2:5]: line for line in out.splitlines() if line[:2] in ("* ", "T ", "  ")}
    assert rows["RUS"].startswith("T RUS  Russia")
    assert rows["DEU"].startswith("* DEU  Germany") and rows["CHN"].startswith("  CHN  China")
    assert "horizontal reach" in out and "as a share of what every economy" in out
    assert "vertical reach" in out and "full embargo by the same members" in out
    assert "extra target loss" in out and "own cost" in out


def test_misspelt_codes_get_a_suggestion() -> None:
    result = runner.invoke(app, ["economics", "--coalition", "USA,UK,DUE", "--target", "RUS"])
    text = " ".join(result.output.split())
    assert result.exit_code == 2
    assert "UK: did you mean GBR?" in text and "DUE: did you mean DEU?" in text


def test_partners_show_their_affinity_with_the_coalition() -> None:
    from datetime import date

    from accord.economics.present import coalition_affinity

    near = coalition_affinity(["FRA", "BLR"], ["USA", "GBR", "DEU"], "RUS", date(2022, 2, 23))
    assert set(near) == {"FRA", "BLR"} and all(-1 <= v <= 1 for v in near.values())
    assert near["FRA"] > 0 > near["BLR"]
    real_network()
    out = runner.invoke(
        app, ["economics", "--coalition", "USA,GBR,DEU", "--target", "RUS", "--value"]
    ).output
    assert "affinity" in out and "closeness to the target" in out
