"""`accord calibrate` and `accord backtest` end to end on a small library (closed form)."""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from accord.cli import app
from accord.estimate.load import CASES_DIR
from accord.estimate.posterior import read

runner = CliRunner()
TRAINING = ("belarus-2020", "dprk-2016", "iran-2012", "iran-2018", "venezuela-2019")


@pytest.fixture
def library(tmp_path: Path) -> Path:
    folder = tmp_path / "cases"
    folder.mkdir()
    for name in TRAINING:
        shutil.copy(CASES_DIR / f"{name}.toml", folder)
    chips = (CASES_DIR / "us-chips-2022.toml").read_text()
    lines = [line for line in chips.splitlines() if not line.startswith("scenario = ")]
    (folder / "us-chips-2022.toml").write_text("\n".join(lines) + "\n")
    return folder


def calibrate(library: Path, out: Path, *extra: str) -> object:
    args = ["calibrate", "--out", str(out), "--cases", str(library), "--no-simulate"]
    return runner.invoke(app, [*args, "--walkers", "18", "--steps", "30", "--burn", "10", *extra])


def test_calibrate_writes_a_posterior_of_training_cases_only(library: Path, tmp_path: Path) -> None:
    out = tmp_path / "posterior.nc"
    result = calibrate(library, out, "--processes", "1")
    assert result.exit_code == 0, result.output
    posterior = read(out)
    assert posterior.draws.shape == (18 * 20, 8)
    assert set(posterior.attrs["cases"].split(",")) == set(TRAINING)
    assert "calibrate" in posterior.attrs["command"]
    assert "affinity_weight" in result.output
    assert "R-hat" in result.output and "mixed" in result.output
    mask = os.umask(0)
    os.umask(mask)
    assert out.stat().st_mode & 0o777 == 0o666 & ~mask  # as any new file, not private


def test_bad_arguments_exit_2_and_write_nothing(library: Path, tmp_path: Path) -> None:
    out = tmp_path / "posterior.nc"
    result = runner.invoke(
        app,
        ["calibrate", "--out", str(out), "--cases", str(library), "--steps", "5", "--burn", "5"],
    )
    assert result.exit_code == 2 and "--burn" in result.output
    assert not out.exists()
    bad = runner.invoke(app, ["backtest", "--posterior", str(out), "--out", str(tmp_path / "b")])
    assert bad.exit_code == 2 and "posterior" in bad.output
    assert not (tmp_path / "b").exists()


def test_backtest_scores_every_case_beside_the_baseline(library: Path, tmp_path: Path) -> None:
    posterior = tmp_path / "posterior.nc"
    assert calibrate(library, posterior, "--processes", "1").exit_code == 0
    out = tmp_path / "scores"
    args = ["backtest", "--posterior", str(posterior), "--out", str(out), "--cases", str(library)]
    result = runner.invoke(app, [*args, "--loo-steps", "40"])
    assert result.exit_code == 0, result.output
    scores = json.loads((out / "scores.json").read_text())
    by_case = {c["case"]: c for c in scores["cases"]}
    assert set(by_case) == {*TRAINING, "us-chips-2022"}
    assert by_case["us-chips-2022"]["split"] == "test"
    for case in by_case.values():
        assert 0.0 <= case["model"]["brier"] <= 2.0 and 0.0 <= case["baseline"]["brier"] <= 2.0
    assert (out / "reliability.svg").read_text().startswith("<?xml")
    assert "us-chips-2022,test,NLD" in (out / "economies.csv").read_text()
    again = runner.invoke(app, [*args, "--loo-steps", "40"])
    assert again.exit_code == 2
