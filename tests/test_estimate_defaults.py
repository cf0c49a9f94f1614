"""The calibrated posterior as the default [model]: parameter blocks, explicit values
winning, common random numbers, and every result saying which parameters it used."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest
from typer.testing import CliRunner

import accord
from accord.cli import app
from accord.errors import InvalidArgument
from accord.estimate.defaults import (
    SHIPPED_DRAWS,
    ParameterChoice,
    explicit_fields,
    fitted_draws,
    with_fitted,
    write_draws_csv,
)
from accord.estimate.posterior import BUNDLED, read
from accord.experiments.simulator import costs_for
from accord.sim import simulate as engine_simulate
from accord.sim.parameters import parameter_blocks, plan
from accord.study import with_changes
from tests.conftest import SCENARIOS

RUSSIA_2014 = SCENARIOS / "russia-2014.toml"
POSTERIOR = ParameterChoice("posterior")


@pytest.fixture(scope="module")
def russia() -> accord.Regime:
    return accord.load("russia-2014")


def test_the_shipped_csv_holds_the_draws_of_the_shipped_netcdf() -> None:
    assert np.array_equal(fitted_draws(POSTERIOR).values, read(BUNDLED).draws)
    assert SHIPPED_DRAWS.read_text().startswith("# draws of posterior.nc")


def test_point_is_the_median_of_each_parameter() -> None:
    draws = fitted_draws(POSTERIOR)
    assert np.allclose(draws.point(), np.median(draws.values, axis=0))


def test_each_run_takes_its_own_draw_in_one_engine_call(russia: accord.Regime) -> None:
    (block,), used = parameter_blocks(russia.model, 120, 3, POSTERIOR)
    assert (block.first, block.runs, block.seed) == (0, 120, 3)
    assert block.per_run is not None and len(block.per_run) == len(block.draws) == 120
    assert used.mode == "posterior" and used.runs == 120
    assert used.draws == len(set(block.draws)) > 100  # 120 picks of 3,000 draws
    values = fitted_draws(POSTERIOR).values
    for params, draw in zip(block.per_run[:5], block.draws[:5], strict=True):
        assert params.affinity.weight == values[draw, 0]
        assert params.decision.vote_threshold == values[draw, 7]
    # run i's draw does not depend on how many runs there are in all
    (fewer,), _ = parameter_blocks(russia.model, 31, 3, POSTERIOR)
    assert fewer.draws == block.draws[:31]
    (other,), _ = parameter_blocks(russia.model, 120, 4, POSTERIOR)
    assert other.draws != block.draws


def test_point_and_defaults_are_one_block_seeded_with_the_seed(russia: accord.Regime) -> None:
    (point,), used = parameter_blocks(russia.model, 300, 5, ParameterChoice("point"))
    assert (point.runs, point.seed, used.describe().split()[0]) == (300, 5, "point")
    assert point.params.affinity.weight == pytest.approx(fitted_draws(POSTERIOR).point()[0])
    (plain,), used = parameter_blocks(russia.model, 300, 5, ParameterChoice("defaults"))
    assert plain.params == russia.model and used.mode == "defaults"


def test_a_value_the_scenario_sets_wins_over_the_posterior(tmp_path: Path) -> None:
    text = RUSSIA_2014.read_text() + "\n[model.affinity]\nweight = 3.5\n"
    regime = accord.load(text)
    assert explicit_fields(regime.model) == {"affinity.weight"}
    (block,), used = parameter_blocks(regime.model, 40, 0, POSTERIOR)
    assert block.per_run is not None
    assert {p.affinity.weight for p in block.per_run} == {3.5}
    assert len({p.affinity.reference for p in block.per_run}) > 30  # fitted: from the draws
    assert used.explicit == ("affinity.weight",) and "affinity.weight" not in used.fitted
    assert "set by the scenario: affinity.weight" in used.describe()


def test_edits_keep_the_record_of_what_the_scenario_sets(russia: accord.Regime) -> None:
    edited = with_changes(russia, {"lead.credibility": 0.3})
    assert explicit_fields(edited.model) == frozenset()
    edited = with_changes(edited, {"model.decision.vote_threshold": 0.05})
    assert explicit_fields(edited.model) == {"decision.vote_threshold"}
    again = with_changes(edited, {"model.affinity": {"on": False}})
    assert explicit_fields(again.model) == {"decision.vote_threshold", "affinity.on"}
    fitted = with_fitted(fitted_draws(POSTERIOR).values[0], edited.model)
    assert fitted.decision.vote_threshold == 0.05


def test_a_posterior_of_one_draw_runs_as_its_point(russia: accord.Regime, tmp_path: Path) -> None:
    """Every run on the same draw, per-run Setting, is the one scalar engine call of
    that draw (``point`` of a one-draw file) bit for bit."""
    one = tmp_path / "one.csv"
    write_draws_csv(fitted_draws(POSTERIOR).values[7:8], 1, one, "draw 7 of the shipped")
    costs = costs_for(russia)
    per_run = engine_simulate(
        russia, costs, 40, 30, 7, parameters=ParameterChoice("posterior", one)
    )
    scalar = engine_simulate(russia, costs, 40, 30, 7, parameters=ParameterChoice("point", one))
    for name, series in scalar.series.items():
        assert np.array_equal(per_run.series[name], series), name
    assert np.array_equal(per_run.member_cost, scalar.member_cost)
    p = plan(russia, costs, 40, 30, 7, POSTERIOR)
    assert len(p.settings) == 1 and p.runs == 40


def test_each_run_simulates_under_its_own_draw(russia: accord.Regime, tmp_path: Path) -> None:
    """A posterior of two draws far apart: run r follows, bit for bit, run r of the
    simulation under its own draw alone, whichever draw the other runs took."""
    values = fitted_draws(POSTERIOR).values
    two = np.stack([values[3], values[11]])
    two[1, 7] = 0.9  # the second draw votes against every renewal it does not fully want
    files = {}
    for name, rows in (("first", two[:1]), ("second", two[1:]), ("both", two)):
        files[name] = tmp_path / f"{name}.csv"
        write_draws_csv(rows, 1, files[name], name)
    costs = costs_for(russia)

    def run(name: str) -> accord.sim.SimResult:
        choice = ParameterChoice("posterior", files[name])
        return engine_simulate(russia, costs, 40, 30, 7, parameters=choice)

    both, alone = run("both"), {0: run("first"), 1: run("second")}
    (block,), _ = parameter_blocks(russia.model, 40, 7, ParameterChoice("posterior", files["both"]))
    assert set(block.draws) == {0, 1}
    for name, series in both.series.items():
        for r, draw in enumerate(block.draws):
            assert np.array_equal(series[:, r], alone[draw].series[name][:, r]), (name, r)
    lapses = both.series["lapses"].sum(axis=0)
    drew = np.array(block.draws)
    assert lapses[drew == 1].mean() > lapses[drew == 0].mean()


def test_same_seed_same_numbers_and_posterior_bands_are_wider_than_point() -> None:
    one = accord.simulate("russia-2022", runs=200, months=46, seed=2, trajectories=False)
    two = accord.simulate("russia-2022", runs=200, months=46, seed=2, trajectories=False)
    for name, series in one.result.series.items():
        assert np.array_equal(series, two.result.series[name]), name
    point = accord.simulate(
        "russia-2022", runs=200, months=46, seed=2, trajectories=False, fitted="point"
    )
    assert one.used is not None and one.used.mode == "posterior" and one.used.draws > 1
    assert point.used is not None and point.used.mode == "point"

    def width(sim: accord.Simulation) -> float:
        low, high = np.quantile(sim.result.series["cohesion"][-1], [0.05, 0.95])
        return float(high - low)

    assert width(one) > width(point)
    assert not np.array_equal(one.result.series["cohesion"], point.result.series["cohesion"])
    assert one.to_xarray().attrs["parameters"].startswith("posterior (posterior.nc")


def test_compare_pairs_runs_on_the_same_draws_and_shocks() -> None:
    """A lever that only changes how fracture is read (the threshold) changes
    time_to_fracture and nothing else, run for run; a design against itself, nothing."""
    base = accord.load("russia-2014")
    lever = with_changes(base, {"model.decision.fracture_threshold": 0.6})
    table = accord.compare(base, base, lever, runs=60, months=30, seed=1, labels=["a", "b", "c"])
    assert table.attrs["parameters"]["mode"] == "posterior"
    same = table[table["design"] == "b"]
    assert (same["difference"].dropna() == 0.0).all()
    changed = table[table["design"] == "c"].set_index("metric")["difference"]
    untouched = [m for m in changed.index if m != "time_to_fracture"]
    assert (changed[untouched].dropna() == 0.0).all()
    assert changed.dropna().index.tolist() != [] and changed["mean_cohesion"] == 0.0


def test_accord_run_records_the_parameters(tmp_path: Path) -> None:
    out = tmp_path / "r"
    args = ["run", "russia-2014", "--runs", "60", "--months", "13", "--out", str(out)]
    result = CliRunner().invoke(app, args)
    assert result.exit_code == 0, result.output
    used = json.loads((out / "parameters.json").read_text())
    assert (used["mode"], used["runs"], used["months"]) == ("posterior", 60, 13)
    assert used["draws"] > 50
    assert "parameters: posterior (posterior.nc (shipped)" in result.output
    assert "parameters: posterior" in (out / "report.html").read_text()


def test_bad_parameter_choices_exit_2_and_write_nothing(tmp_path: Path) -> None:
    for extra, said in (
        (["--parameters", "mean"], "expected one of posterior, point, defaults"),
        (["--posterior", str(tmp_path / "none.nc")], "no such file"),
        (["--parameters", "defaults", "--posterior", str(BUNDLED)], "not defaults"),
    ):
        out = tmp_path / "r"
        args = ["run", "russia-2014", "--runs", "5", "--months", "3", "--out", str(out), *extra]
        result = CliRunner().invoke(app, args)
        assert result.exit_code == 2, result.output
        assert said in " ".join(result.output.split())
        assert not out.exists() and not list(tmp_path.glob(".r.*"))
    with pytest.raises(InvalidArgument, match="fitted="):
        accord.simulate("russia-2014", runs=5, months=3, parameters="point")  # type: ignore[arg-type]
