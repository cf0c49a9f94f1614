"""``accord run``: outputs, reproducibility, and refusal of bad input without writing."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pyarrow.parquet as pq
import pytest
from typer.testing import CliRunner

from accord.cli import app
from accord.sim import SimCosts
from tests.conftest import SCENARIOS
from tests.sim_support import MEMBERS, sim_costs, sim_regime

SCENARIO = """
name = "small"
start = 2022-01-01
horizon_months = 12
[lead]
code = "USA"
[target]
code = "RUS"
[[members]]
code = "DEU"
[[members]]
code = "POL"
[[measures]]
id = "freeze"
kind = "asset_freeze"
adopted = 2022-01-01
"""


@pytest.fixture
def fake_costs(monkeypatch: pytest.MonkeyPatch) -> None:
    """Cost inputs without the ICIO data, so these tests run anywhere."""

    def costs(regime: object) -> SimCosts:
        c = sim_costs()
        return SimCosts(
            unit_cost=c.unit_cost[:2, :1],
            target_unit=c.target_unit[:2, :1],
            leakage_share=c.leakage_share[:1],
            member_weight=np.array([0.7, 0.3], np.float32),
            exposure_to_lead=c.exposure_to_lead[:2],
        )

    monkeypatch.setattr("accord.sim.costs.costs_for_regime", costs)


def invoke(*args: str) -> tuple[int, str]:
    res = CliRunner().invoke(app, ["run", *args])
    return res.exit_code, res.output


@pytest.fixture
def scenario(tmp_path: Path) -> Path:
    p = tmp_path / "small.toml"
    p.write_text(SCENARIO)
    return p


def test_run_writes_trajectories_metrics_and_report(
    fake_costs: None, scenario: Path, tmp_path: Path
) -> None:
    out = tmp_path / "out"
    code, text = invoke(str(scenario), "--runs", "20", "--seed", "3", "--out", str(out))
    assert code == 0, text
    traj = pq.read_table(out / "trajectories.parquet")
    assert traj.column_names == ["run", "month", "member", "measure", "level", "posture"]
    assert traj.num_rows == 20 * 12 * 2 * 1
    assert set(traj.column("posture").to_pylist()) <= {"mimic", "adjust", "resist"}
    metrics = pq.read_table(out / "metrics.parquet").to_pydict()
    assert {"cohesion", "time_to_fracture", "cost_gini", "member_cost"} <= set(metrics["metric"])
    page = (out / "report.html").read_text()
    assert page.count("data:image/svg+xml;base64,") >= 6 and "http" not in page.split("<body>")[1]
    for section in ("regime", "by-measure", "vetoes", "why"):
        assert f'<section id="{section}">' in page


def test_same_seed_same_bytes_different_seed_different_results(
    fake_costs: None, scenario: Path, tmp_path: Path
) -> None:
    outs = []
    for name, seed in (("a", "5"), ("b", "5"), ("c", "6")):
        out = tmp_path / name
        assert invoke(str(scenario), "--runs", "30", "--seed", seed, "--out", str(out))[0] == 0
        outs.append(out)
    for f in ("trajectories.parquet", "metrics.parquet", "report.html"):
        assert (outs[0] / f).read_bytes() == (outs[1] / f).read_bytes()
    a = pq.read_table(outs[0] / "trajectories.parquet").column("level").to_numpy()
    c = pq.read_table(outs[2] / "trajectories.parquet").column("level").to_numpy()
    assert not np.array_equal(a, c)


@pytest.mark.parametrize(
    "args",
    [
        ["--runs", "0"],
        ["--runs", "many"],
        ["--months", "0"],
        ["--seed", "-1"],
    ],
)
def test_bad_arguments_exit_2_and_write_nothing(
    fake_costs: None, scenario: Path, tmp_path: Path, args: list[str]
) -> None:
    out = tmp_path / "out"
    code, _ = invoke(str(scenario), *args, "--out", str(out))
    assert code == 2
    assert not out.exists() and list(tmp_path.iterdir()) == [scenario]


@pytest.mark.parametrize(
    "text",
    [
        "",
        "name = ",
        SCENARIO.replace('code = "POL"', 'code = "XXX"'),
        SCENARIO + "\n[model.secondary_penalty]\ncredibility = 2\n",
    ],
)
def test_bad_scenario_exits_2_with_location_and_writes_nothing(
    fake_costs: None, tmp_path: Path, text: str
) -> None:
    bad = tmp_path / "bad.toml"
    bad.write_text(text)
    out = tmp_path / "out"
    code, output = invoke(str(bad), "--out", str(out))
    assert code == 2
    assert "bad.toml" in output and "Traceback" not in output
    assert not out.exists() and list(tmp_path.iterdir()) == [bad]


def test_model_table_errors_name_the_field(fake_costs: None, tmp_path: Path) -> None:
    bad = tmp_path / "bad.toml"
    bad.write_text(SCENARIO + "\n[model.secondary_penalty]\ncredibility = 2\n")
    _, output = invoke(str(bad), "--out", str(tmp_path / "out"))
    assert "model.secondary_penalty.credibility" in output


def test_existing_output_directory_is_refused(
    fake_costs: None, scenario: Path, tmp_path: Path
) -> None:
    out = tmp_path / "out"
    out.mkdir()
    (out / "keep.txt").write_text("mine")
    assert invoke(str(scenario), "--out", str(out))[0] == 2
    assert [p.name for p in out.iterdir()] == ["keep.txt"]


def test_synthetic_regime_and_costs_fit(tmp_path: Path) -> None:
    assert len(sim_regime().member_codes) == len(MEMBERS) == sim_costs().shape[0]


@pytest.mark.parametrize("name", ["russia-2022", "russia-2014", "us-chips-china-2022"])
def test_bundled_scenarios_simulate_on_real_costs(name: str) -> None:
    from accord.errors import DataUnavailable
    from accord.scenario import load_scenario
    from accord.sim import costs_for_regime, simulate

    regime = load_scenario(SCENARIOS / f"{name}.toml")
    try:
        costs = costs_for_regime(regime)
    except DataUnavailable as exc:
        pytest.skip(f"economics data unavailable: {exc}")
    res = simulate(regime, costs, runs=20, months=24, seed=1)
    assert res.series["cohesion"].shape == (24, 20)
    assert (res.member_cost >= 0).all() and res.series["target_pressure"].max() > 0
