"""``accord.compare``, ``sweep`` and ``sensitivity``: the experiment commands' numbers,
returned as DataFrames without writing anything."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from typer.testing import CliRunner

import accord
from accord.cli import app
from accord.errors import InvalidArgument
from accord.experiments.simulator import METRICS
from accord.extras import MissingExtra

SIZE = {"runs": 6, "months": 12, "seed": 3}
CLI_SIZE = ["--runs", "6", "--months", "12", "--seed", "3", "--workers", "1"]


@pytest.fixture(scope="module")
def russia() -> accord.Regime:
    return accord.load("russia-2022")


def _cli(tmp_path: Path, *args: str) -> Path:
    out = tmp_path / args[0]
    result = CliRunner().invoke(app, [*args, *CLI_SIZE, "--out", str(out)])
    assert result.exit_code == 0, result.output
    return out


def test_a_design_compared_with_itself_differs_by_nothing(russia: accord.Regime) -> None:
    table = accord.compare(russia, russia, labels=["a", "b"], **SIZE)
    assert list(table["design"].unique()) == ["a", "b"]
    assert set(table["metric"]) == set(METRICS)
    paired = table[table["design"] == "b"].dropna(subset=["difference", "ci_low"])
    assert len(paired) > 0
    assert (paired["difference"] == 0).all()
    assert (paired["ci_low"] == 0).all() and (paired["ci_high"] == 0).all()


def test_compare_gives_the_numbers_of_accord_compare(tmp_path: Path, russia: accord.Regime) -> None:
    out = _cli(tmp_path, "compare", "russia-2022", "russia-2014")
    written = pd.read_parquet(out / "compare.parquet")
    ours = accord.compare(russia, "russia-2014", labels=["russia-2022", "russia-2014"], **SIZE)
    pd.testing.assert_frame_equal(ours, written)


def test_qualified_majority_renewal_lapses_less_than_unanimity(russia: accord.Regime) -> None:
    """One veto is enough to end a measure under unanimity, not under a 55% majority: on
    the same shocks the majority design has fewer lapses, with an interval below zero."""
    majority = russia.with_changes(
        {"safeguards.sunset.renewal": "qualified_majority", "safeguards.sunset.threshold": 0.55}
    )
    table = accord.compare(russia, majority, labels=["unanimity", "majority"], runs=60, seed=1)
    lapses = table.set_index(["design", "metric"]).loc[("majority", "total_lapses")]
    assert lapses["ci_high"] < 0


def test_sweep_gives_the_numbers_of_accord_sweep(tmp_path: Path, russia: accord.Regime) -> None:
    out = _cli(
        tmp_path,
        "sweep",
        "russia-2022",
        "--param",
        "lead.credibility=0.2:0.8:3",
        "--design",
        "grid",
    )
    written = pd.read_parquet(out / "sweep.parquet")
    ours = accord.sweep(russia, {"lead.credibility": (0.2, 0.8, 3)}, design="grid", **SIZE)
    np.testing.assert_allclose(ours["lead.credibility"], [0.2, 0.5, 0.8])
    assert {f"{m}_se" for m in METRICS} <= set(ours.columns)
    pd.testing.assert_frame_equal(ours, written)


def test_sweep_refuses_a_range_outside_the_domain(russia: accord.Regime) -> None:
    with pytest.raises(InvalidArgument) as caught:
        accord.sweep(russia, {"lead.credibility": (0.0, 1.5)}, **SIZE)
    assert caught.value.errors[0]["loc"] == "lead.credibility"
    with pytest.raises(InvalidArgument, match="expected"):
        accord.sweep(russia, {"lead.credibility": 0.5}, **SIZE)  # type: ignore[dict-item]


def test_sensitivity_gives_sobol_indices(russia: accord.Regime) -> None:
    table = accord.sensitivity(
        russia,
        {"lead.credibility": (0.1, 0.9), "model.reputation.weight": (0.0, 1.0)},
        samples=4,
        runs=4,
        months=12,
        seed=3,
    )
    assert list(table.columns) == [
        "metric",
        "parameter",
        "S1",
        "S1_conf",
        "ST",
        "ST_conf",
        "confidence",
    ]
    assert set(table["parameter"]) == {"lead.credibility", "model.reputation.weight"}
    assert set(table["metric"]) | set(table.attrs["skipped"]) == set(METRICS)


def test_sensitivity_without_the_experiments_extra_says_what_to_install(
    monkeypatch: pytest.MonkeyPatch, russia: accord.Regime
) -> None:
    import importlib.util

    real = importlib.util.find_spec
    monkeypatch.setattr(
        importlib.util, "find_spec", lambda name, *a: None if name == "SALib" else real(name, *a)
    )
    with pytest.raises(MissingExtra) as caught:
        accord.sensitivity(russia, {"lead.credibility": (0.1, 0.9)}, samples=4, **SIZE)
    assert caught.value.extra == "experiments"
    assert "pip install 'accord[experiments]'" in str(caught.value)
