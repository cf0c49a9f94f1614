"""``accord run`` for people: a new folder by default, a summary, one row per run."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import numpy as np
import pyarrow.parquet as pq
import pytest
from typer.testing import CliRunner

from accord.cli import app
from accord.sim.command import default_out
from tests.test_sim_run_command import fake_costs, scenario

__all__ = ["fake_costs", "scenario"]


def test_default_folder_is_new_each_time(
    fake_costs: None, scenario: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    outputs = []
    for _ in range(2):
        res = CliRunner().invoke(app, ["run", str(scenario), "--runs", "15", "--seed", "2"])
        assert res.exit_code == 0, res.output
        outputs.append(res.output)
    folders = sorted((tmp_path / "out" / "small").iterdir())
    assert len(folders) == 2
    for folder in folders:
        assert {p.name for p in folder.iterdir()} == {
            "report.html",
            "runs.parquet",
            "metrics.parquet",
            "trajectories.parquet",
            "parameters.json",
        }
        assert str(folder.relative_to(tmp_path)) in "".join(outputs)
    # the same seed in both: the second run wrote beside the first, not over it
    assert (folders[0] / "runs.parquet").read_bytes() == (folders[1] / "runs.parquet").read_bytes()


def test_summary_prints_headlines_with_intervals(
    fake_costs: None, scenario: Path, tmp_path: Path
) -> None:
    res = CliRunner().invoke(
        app, ["run", str(scenario), "--runs", "25", "--out", str(tmp_path / "o")]
    )
    assert res.exit_code == 0, res.output
    text = " ".join(res.output.split())
    assert "cohesion at the horizon (median)" in text
    assert "5-95 %: " in text
    assert "runs.parquet" in text and "lapse" in text


def test_default_out_adds_a_suffix_when_taken(tmp_path: Path) -> None:
    now = datetime(2026, 3, 1, 12, 30, 5, tzinfo=UTC)
    first = default_out(Path("x/russia-2022.toml"), now, root=tmp_path)
    assert first == tmp_path / "russia-2022" / "20260301T123005Z"
    first.mkdir(parents=True)
    second = default_out(Path("russia-2022.toml"), now, root=tmp_path)
    assert second.name == "20260301T123005Z-2"
    second.mkdir()
    assert default_out(Path("russia-2022.toml"), now, root=tmp_path).name == "20260301T123005Z-3"


def test_runs_parquet_has_one_row_per_run(fake_costs: None, scenario: Path, tmp_path: Path) -> None:
    out = tmp_path / "o"
    res = CliRunner().invoke(
        app, ["run", str(scenario), "--runs", "40", "--seed", "4", "--out", str(out)]
    )
    assert res.exit_code == 0, res.output
    runs = pq.read_table(out / "runs.parquet").to_pandas()
    assert len(runs) == 40 and list(runs["run"]) == list(range(40))
    assert {"fracture_month", "relief_month", "total_lapses", "final_cohesion"} <= set(runs)
    assert {"final_target_loss", "cost_gini", "mean_member_cost"} <= set(runs)
    # the per-run rows agree with the trajectories they summarise (weights 0.7 and 0.3)
    traj = pq.read_table(out / "trajectories.parquet").to_pandas()
    last = traj[traj["month"] == traj["month"].max()].copy()
    last["weight"] = np.where(last["member"] == "DEU", 0.7, 0.3)
    mimic = (last["posture"] == "mimic") * last["weight"]
    cohesion = mimic.groupby(last["run"]).sum().to_numpy()
    np.testing.assert_allclose(runs["final_cohesion"], cohesion, atol=1e-6)
    fractured = runs["fracture_month"].dropna()
    assert ((fractured >= 0) & (fractured < 12)).all()
