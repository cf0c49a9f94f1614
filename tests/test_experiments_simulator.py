"""The four experiment commands on Accord's simulator and the bundled scenarios."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest
from typer.testing import CliRunner

from accord.cli import app
from tests.conftest import SCENARIOS

BUNDLED = sorted(SCENARIOS.glob("*.toml"))
SMALL = ["--runs", "8", "--chunk-runs", "4", "--months", "24", "--workers", "1", "--seed", "3"]


def invoke(args: list[str]) -> None:
    result = CliRunner().invoke(app, args)
    assert result.exit_code == 0, result.output


@pytest.mark.parametrize("scenario", BUNDLED, ids=lambda p: p.stem)
def test_compare_a_bundled_scenario_with_itself(tmp_path: Path, scenario: Path) -> None:
    out = tmp_path / "c"
    invoke(["compare", str(scenario), str(scenario), *SMALL, "--out", str(out)])
    table = pd.read_parquet(out / "compare.parquet")
    assert len(table) == 2 * table["metric"].nunique()
    assert (table["difference"].dropna() == 0.0).all()
    assert (out / "compare.png").stat().st_size > 0


def test_sweep_sensitivity_and_discover_on_the_simulator(tmp_path: Path) -> None:
    scenario = str(SCENARIOS / "russia-2022.toml")
    params = [
        "--param",
        "lead.credibility=0.1:1",
        "--param",
        "model.decision.fracture_threshold=0.5:0.9",
    ]
    invoke(["sweep", scenario, *params, "--points", "3", *SMALL, "--out", str(tmp_path / "s")])
    sweep = pd.read_parquet(tmp_path / "s" / "sweep.parquet")
    assert len(sweep) == 3 and sweep["mean_cohesion"].between(0, 1).all()
    invoke(
        ["sensitivity", scenario, *params, "--samples", "2", *SMALL, "--out", str(tmp_path / "i")]
    )
    assert (tmp_path / "i" / "sensitivity.png").stat().st_size > 0
    assert len(pd.read_parquet(tmp_path / "i" / "points.parquet")) == 2 * (2 + 2)
    invoke(
        [
            "discover",
            scenario,
            *params,
            "--within",
            "12",
            "--points",
            "4",
            *SMALL,
            "--out",
            str(tmp_path / "d"),
        ]
    )
    for name in ("runs.parquet", "boxes.parquet", "discover.png"):
        assert (tmp_path / "d" / name).exists()
