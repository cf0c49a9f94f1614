"""Experiments end to end on an evaluator with known answers: common random numbers,
executors, resumption, outputs and errors."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from typer.testing import CliRunner

from accord.cli import app
from accord.experiments import commands
from accord.experiments.commands import Execution, Study
from tests.conftest import ROOT, SCENARIOS

KNOWN = "tests.test_experiments_support:KNOWN"
SLOW = "tests.test_experiments_support:SLOW"
RUSSIA = SCENARIOS / "russia-2022.toml"
QUIET = Execution(workers=1, progress=False)


def study(out: Path, runs: int, seed: int, block_runs: int = 250, how: Execution = QUIET) -> Study:
    return Study(out, runs, seed, block_runs=block_runs, evaluator=KNOWN, how=how)


def variant(tmp_path: Path, name: str, credibility: float) -> Path:
    """russia-2022 with another credibility of the lead's secondary penalties."""
    text = RUSSIA.read_text().replace("credibility = 0.7", f"credibility = {credibility}")
    path = tmp_path / f"{name}.toml"
    path.write_text(text)
    return path


def test_a_design_against_itself_differs_by_exactly_zero(tmp_path: Path) -> None:
    out = commands.compare([RUSSIA, RUSSIA], study(tmp_path / "c", 40, 5, 15))
    table = outcome_table(out.table)
    assert (table["difference"] == 0.0).all()
    assert (table["ci_low"] == 0.0).all() and (table["ci_high"] == 0.0).all()
    for name in ("runs.parquet", "compare.parquet", "compare.png"):
        assert (tmp_path / "c" / name).stat().st_size > 0


def outcome_table(table: pd.DataFrame | None) -> pd.DataFrame:
    assert table is not None
    return table


def test_common_random_numbers_cancel_the_shared_noise(tmp_path: Path) -> None:
    """The noisy metric is f(design) + noise(run): paired on common random numbers, the
    difference is f(B) - f(A) with a vanishing interval, though the noise has sd 1."""
    a, b = variant(tmp_path, "a", 0.2), variant(tmp_path, "b", 0.6)
    out = commands.compare([a, b], study(tmp_path / "c", 60, 1, 25))
    table = outcome_table(out.table).set_index(["design", "metric"])
    exact = table.loc[("b", "ishigami"), "difference"]
    noisy = table.loc[("b", "noisy")]
    assert exact != 0.0
    assert noisy["difference"] == pytest.approx(exact, abs=1e-9)
    assert noisy["ci_high"] - noisy["ci_low"] < 1e-9
    runs = pd.read_parquet(tmp_path / "c" / "runs.parquet")
    assert runs.groupby("design")["noisy"].std().min() > 0.5  # the noise itself is there


def test_results_do_not_depend_on_workers_or_executor(tmp_path: Path) -> None:
    designs = [RUSSIA, variant(tmp_path, "b", 0.3)]
    commands.compare(designs, study(tmp_path / "one", 30, 9, 8))
    two = Execution(workers=2, progress=False)
    commands.compare(designs, study(tmp_path / "two", 30, 9, 8, how=two))
    pd.testing.assert_frame_equal(
        pd.read_parquet(tmp_path / "one" / "runs.parquet"),
        pd.read_parquet(tmp_path / "two" / "runs.parquet"),
    )


def test_ray_and_local_give_identical_results(tmp_path: Path) -> None:
    import ray

    designs = [RUSSIA, variant(tmp_path, "b", 0.3)]
    commands.compare(designs, study(tmp_path / "local", 20, 4, 10))
    on_ray = Execution(executor="ray", workers=2, progress=False)
    commands.compare(designs, study(tmp_path / "ray", 20, 4, 10, how=on_ray))
    assert not ray.is_initialized()  # the command shut down the cluster it started
    pd.testing.assert_frame_equal(
        pd.read_parquet(tmp_path / "local" / "runs.parquet"),
        pd.read_parquet(tmp_path / "ray" / "runs.parquet"),
    )


SWEEP_ARGS = [
    "sweep",
    str(RUSSIA),
    "--param",
    "lead.credibility=0:1",
    "--param",
    "safeguards.burden_sharing=0:0.5",
    "--points",
    "6",
    "--runs",
    "10",
    "--chunk-runs",
    "5",
    "--seed",
    "2",
    "--workers",
    "1",
]


def test_an_interrupted_sweep_resumes_to_the_uninterrupted_result(tmp_path: Path) -> None:
    out = tmp_path / "interrupted"
    cmd = [
        sys.executable,
        "-c",
        "from accord.cli import main; main()",
        *SWEEP_ARGS,
        "--evaluator",
        SLOW,
        "--out",
        str(out),
    ]
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    proc = subprocess.Popen(
        cmd, cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    chunks = out / "chunks"
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and len(list(chunks.glob("*.parquet"))) < 3:
        time.sleep(0.05)
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    before = {p.name: p.stat().st_mtime_ns for p in chunks.glob("*.parquet")}
    assert 3 <= len(before) < 12, "the run was interrupted after its first chunks"
    assert not (out / "sweep.parquet").exists()

    runner = CliRunner()
    resumed = runner.invoke(app, [*SWEEP_ARGS, "--evaluator", SLOW, "--out", str(out)])
    assert resumed.exit_code == 0, resumed.output
    after = {p.name: p.stat().st_mtime_ns for p in chunks.glob("*.parquet")}
    assert len(after) == 12
    assert all(after[name] == mtime for name, mtime in before.items())  # not recomputed

    whole = runner.invoke(
        app, [*SWEEP_ARGS, "--evaluator", KNOWN, "--out", str(tmp_path / "whole")]
    )
    assert whole.exit_code == 0, whole.output
    for name in ("runs.parquet", "sweep.parquet"):
        pd.testing.assert_frame_equal(
            pd.read_parquet(out / name), pd.read_parquet(tmp_path / "whole" / name)
        )


def test_sweep_writes_one_row_per_design_point(tmp_path: Path) -> None:
    out = tmp_path / "s"
    result = CliRunner().invoke(app, [*SWEEP_ARGS, "--evaluator", KNOWN, "--out", str(out)])
    assert result.exit_code == 0, result.output
    table = pd.read_parquet(out / "sweep.parquet")
    assert len(table) == 6
    assert {"lead.credibility", "safeguards.burden_sharing", "noisy", "noisy_se"} <= set(
        table.columns
    )
    # Latin hypercube: one point per sixth of each range.
    assert sorted(np.floor(table["lead.credibility"] * 6).astype(int)) == list(range(6))
    assert (out / "sweep.png").stat().st_size > 0
    grid = CliRunner().invoke(
        app,
        [
            *SWEEP_ARGS[:2],
            "--param",
            "lead.credibility=0:1:3",
            "--design",
            "grid",
            "--runs",
            "2",
            "--workers",
            "1",
            "--evaluator",
            KNOWN,
            "--out",
            str(tmp_path / "g"),
        ],
    )
    assert grid.exit_code == 0, grid.output
    assert list(pd.read_parquet(tmp_path / "g" / "sweep.parquet")["lead.credibility"]) == [
        0,
        0.5,
        1,
    ]


def test_sensitivity_indices_see_through_the_shared_noise(tmp_path: Path) -> None:
    params = ["lead.credibility=0:1", "lead.secondary_threat=0:1", "safeguards.burden_sharing=0:1"]
    out = commands.sensitivity(RUSSIA, params, study(tmp_path / "s", 3, 0), samples=16)
    table = outcome_table(out.table).set_index(["metric", "parameter"])
    # On common random numbers every point shares the noise: same indices as without it.
    np.testing.assert_allclose(table.loc["noisy"]["S1"], table.loc["ishigami"]["S1"], atol=1e-9)
    assert set(table.columns) >= {"S1", "S1_conf", "ST", "ST_conf"}
    for name in ("runs.parquet", "points.parquet", "sobol.parquet", "sensitivity.png"):
        assert (tmp_path / "s" / name).stat().st_size > 0


def test_discover_finds_where_fracture_comes_early(tmp_path: Path) -> None:
    """Known answer: fracture within 12 months has probability 1 - exp(-12 / (6 + 60c)),
    0.86 at credibility c = 0 and 0.18 at c = 1; burden sharing plays no part."""
    params = ["lead.credibility=0:1", "safeguards.burden_sharing=0:1"]
    out = commands.discover(
        RUSSIA, params, study(tmp_path / "d", 40, 3), within=12, points=24, threshold=0.6
    )
    boxes = outcome_table(out.table).set_index("parameter")
    assert boxes.loc["lead.credibility", "restricted"]
    assert boxes.loc["lead.credibility", "high"] < 0.5
    assert not boxes.loc["safeguards.burden_sharing", "restricted"]
    assert boxes.loc["lead.credibility", "density"] >= 0.6
    assert 0 < boxes.loc["lead.credibility", "coverage"] <= 1
    for name in ("boxes.parquet", "trajectory.parquet", "discover.png"):
        assert (tmp_path / "d" / name).stat().st_size > 0


@pytest.mark.parametrize(
    ("args", "named"),
    [
        (["sweep", str(RUSSIA), "--param", "lead.credibilty=0:1"], "lead.credibilty"),
        (["sweep", str(RUSSIA), "--param", "lead.credibility=0:2"], "lead.credibility"),
        (
            ["sensitivity", str(RUSSIA), "--param", "safeguards.sunset.months=9:3"],
            "safeguards.sunset.months",
        ),
        (["discover", str(RUSSIA), "--param", "measures.gas.weight=0:1"], "measures.gas.weight"),
        (["compare", str(RUSSIA), "--executor", "spark"], "--executor"),
        (["compare", str(RUSSIA), "--executor", "ray", "--address", "127.0.0.1:1"], "--address"),
        (["compare", str(RUSSIA), "--address", "127.0.0.1:6379"], "--address"),
    ],
)
def test_bad_arguments_exit_2_and_write_nothing(
    tmp_path: Path, args: list[str], named: str
) -> None:
    out = tmp_path / "out"
    result = CliRunner().invoke(app, [*args, "--evaluator", KNOWN, "--out", str(out)])
    assert result.exit_code == 2
    assert named in result.output
    assert not out.exists()


def test_an_output_that_is_a_file_is_refused(tmp_path: Path) -> None:
    out = tmp_path / "taken"
    out.write_text("not results")
    result = CliRunner().invoke(
        app, ["compare", str(RUSSIA), "--evaluator", KNOWN, "--out", str(out)]
    )
    assert result.exit_code == 2
    assert "is a file" in result.output
    assert out.read_text() == "not results"


def test_a_directory_of_another_experiment_is_refused(tmp_path: Path) -> None:
    out = tmp_path / "c"
    commands.compare([RUSSIA], study(out, 5, 0))
    before = sorted(p.name for p in out.rglob("*"))
    result = CliRunner().invoke(
        app, ["compare", str(RUSSIA), "--runs", "6", "--evaluator", KNOWN, "--out", str(out)]
    )
    assert result.exit_code == 2
    assert "different experiment" in result.output
    assert sorted(p.name for p in out.rglob("*")) == before
