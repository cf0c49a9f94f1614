"""The Python API: load and edit regimes, simulate, read results as tables and arrays.

Known answers come from the command line: ``accord.simulate`` and ``accord run`` with
the same regime and seed must give the same numbers, file for file.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from typer.testing import CliRunner

import accord
from accord.cli import app
from accord.domain import RenewalRule
from accord.errors import InvalidArgument
from accord.experiments.simulator import METRICS
from tests.conftest import SCENARIOS
from tests.test_sim_run_command import SCENARIO as TEXT

RUSSIA = SCENARIOS / "russia-2022.toml"


@pytest.fixture(scope="module")
def russia() -> accord.Regime:
    return accord.load("russia-2022")


@pytest.fixture(scope="module")
def small_run(russia: accord.Regime) -> accord.Simulation:
    return accord.simulate(russia, runs=12, months=9, seed=4)


def test_load_reads_a_bundled_name_a_path_and_text(russia: accord.Regime) -> None:
    assert accord.load(RUSSIA) == russia
    assert accord.load(str(RUSSIA)) == russia
    assert accord.load("russia-2022.toml") == russia
    assert set(accord.bundled_scenarios()) == {
        "iran-2018",
        "russia-2014",
        "russia-2022",
        "us-chips-china-2022",
        "venezuela-2019",
    }
    small = accord.load(TEXT)
    assert small.name == "small" and small.member_codes == ("DEU", "POL")


def test_load_errors_are_located() -> None:
    with pytest.raises(accord.ScenarioError) as unknown:
        accord.load("russia-2033")
    assert "russia-2022" in str(unknown.value) and "no bundled scenario" in str(unknown.value)
    with pytest.raises(accord.ScenarioError) as bad:
        accord.load(TEXT.replace('code = "POL"', "code = 7"))
    assert bad.value.file == "<text>"
    assert bad.value.errors[0]["loc"] == "members[1].code"
    assert bad.value.line == TEXT.splitlines().index('code = "POL"') + 1


def test_with_changes_returns_a_new_validated_regime(russia: accord.Regime) -> None:
    majority = russia.with_changes(
        {"safeguards.sunset.renewal": "qualified_majority", "safeguards.sunset.threshold": 0.55}
    )
    assert majority.safeguards.sunset is not None and russia.safeguards.sunset is not None
    assert majority.safeguards.sunset.renewal == RenewalRule.QUALIFIED_MAJORITY
    assert majority.safeguards.sunset.threshold == 0.55
    assert russia.safeguards.sunset.renewal == RenewalRule.UNANIMITY  # left as it was
    assert majority.measures == russia.measures
    kept = tuple(e for e in russia.exemptions if e.id != "pipeline_crude")
    without = russia.with_changes({"exemptions": kept, "lead.credibility": 0.3})
    assert [e.id for e in without.exemptions] == [e.id for e in kept]
    assert without.lead.credibility == 0.3
    assert russia.with_changes({"measures.oil_embargo.weight": 0.5}).measure(
        "oil_embargo"
    ).weight == pytest.approx(0.5)
    assert russia.with_changes({"model.reputation.weight": 0.9}).model.reputation.weight == 0.9
    no_sunset = russia.with_changes({"safeguards.sunset": None, "acts[0].expires": None})
    assert no_sunset.safeguards.sunset is None and no_sunset.acts[0].expires is None


@pytest.mark.parametrize(
    ("changes", "loc", "expected"),
    [
        ({"safeguards.sunset.renewal": "qualified_majority"}, "safeguards.sunset", "threshold"),
        ({"safeguards.sunset": None}, "acts[0].expires", "renewal rule"),
        ({"lead.credibilty": 0.3}, "lead.credibilty", "credibility"),
        ({"lead.credibility": 1.5}, "lead.credibility", "le 1"),
        ({"measures.no_such.weight": 1.0}, "measures.no_such.weight", "oil_embargo"),
        ({"exemptions[0].measure": "nothing"}, "exemptions[0].measure", "oil_embargo"),
    ],
)
def test_with_changes_errors_name_the_path_and_what_was_expected(
    russia: accord.Regime, changes: dict[str, object], loc: str, expected: str
) -> None:
    with pytest.raises(accord.ScenarioError) as caught:
        russia.with_changes(changes)
    assert caught.value.file == "<changes to Russia 2022>"
    found = {e["loc"]: e for e in caught.value.errors}
    assert loc in found, caught.value.errors
    assert expected in found[loc]["expected"] or expected in found[loc]["msg"]


def test_simulate_matches_accord_run_file_for_file(
    tmp_path: Path, small_run: accord.Simulation
) -> None:
    out = tmp_path / "run"
    result = CliRunner().invoke(
        app,
        ["run", "russia-2022", "--runs", "12", "--months", "9", "--seed", "4", "--out", str(out)],
    )
    assert result.exit_code == 0, result.output
    metrics = pd.read_parquet(out / "metrics.parquet")
    pd.testing.assert_frame_equal(small_run.metrics(), metrics)
    written = pd.read_parquet(out / "trajectories.parquet")
    ours = small_run.trajectories()
    assert list(ours.columns) == list(written.columns)
    for column in ("run", "month", "level"):
        np.testing.assert_array_equal(ours[column].to_numpy(), written[column].to_numpy())
    for column in ("member", "measure", "posture"):
        assert ours[column].astype(str).tolist() == written[column].astype(str).tolist()


def test_results_agree_across_tables_and_arrays(small_run: accord.Simulation) -> None:
    ds = small_run.to_xarray()
    assert ds["level"].dims == ("run", "month", "member", "measure")
    assert ds.sizes["run"] == 12 and ds.sizes["month"] == 9
    assert list(ds["member"].values) == list(small_run.members)
    frame = small_run.trajectories()
    row = frame.iloc[len(frame) // 3]
    cell = ds["level"].sel(
        run=row["run"], month=row["month"], member=row["member"], measure=row["measure"]
    )
    assert float(cell) == pytest.approx(float(row["level"]))
    per_run = small_run.per_run()
    assert list(per_run.columns) == ["run", *METRICS]
    np.testing.assert_allclose(
        per_run["mean_cohesion"], ds["cohesion"].mean("month").values, rtol=1e-6
    )
    cohesion = small_run.metrics().query("metric == 'cohesion'")
    np.testing.assert_allclose(
        cohesion["mean"], ds["cohesion"].mean("run").values, rtol=1e-5, atol=1e-6
    )


def test_same_seed_same_numbers_other_seed_other_numbers(russia: accord.Regime) -> None:
    a = accord.simulate(russia, runs=6, months=6, seed=9, trajectories=False)
    b = accord.simulate(russia, runs=6, months=6, seed=9, trajectories=False)
    c = accord.simulate(russia, runs=6, months=6, seed=10, trajectories=False)
    pd.testing.assert_frame_equal(a.per_run(), b.per_run())
    assert not a.per_run().equals(c.per_run())
    with pytest.raises(InvalidArgument, match="kept no trajectories"):
        a.trajectories()


def test_parameters_replace_the_decision_model(russia: accord.Regime) -> None:
    """No reputation cost at all: members deviate more, so cohesion is lower, run by run
    on the same shocks and the same fitted parameters (their point estimate: the
    posterior's spread would swamp the effect); 120 runs, as a run that lapses an act
    drops far more than the others and the paired mean needs them to settle."""
    base = accord.simulate(russia, runs=120, months=24, seed=2, trajectories=False, fitted="point")
    loose = accord.simulate(
        russia,
        runs=120,
        months=24,
        seed=2,
        parameters={"reputation.weight": 0.0, "secondary_penalty.weight": 0.0},
        trajectories=False,
        fitted="point",
    )
    assert loose.regime.model.reputation.weight == 0.0
    assert russia.model.reputation.weight > 0.0
    drop = base.per_run()["mean_cohesion"] - loose.per_run()["mean_cohesion"]
    assert drop.mean() > 3 * drop.std(ddof=1) / np.sqrt(len(drop))
    assert (drop >= 0).mean() > 0.9  # run by run, not only on average


@pytest.mark.parametrize(
    ("runs", "months", "seed"), [(0, 6, 0), (5, 0, 0), (5, 601, 0), (5, 6, -1), (2.5, 6, 0)]
)
def test_bad_sizes_are_refused(russia: accord.Regime, runs: int, months: int, seed: int) -> None:
    with pytest.raises(InvalidArgument):
        accord.simulate(russia, runs=runs, months=months, seed=seed)


def test_report_writes_the_html_page(tmp_path: Path, small_run: accord.Simulation) -> None:
    path = small_run.report(tmp_path / "page.html")
    page = path.read_text(encoding="utf-8")
    assert page.startswith("<!doctype html>") or page.lower().startswith("<!doctype html>")
    assert "Russia 2022" in page and "data:image/svg+xml;base64," in page
    assert small_run.report(tmp_path) == tmp_path / "report.html"
