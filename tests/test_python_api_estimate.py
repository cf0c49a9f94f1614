"""`accord.calibrate` and `accord.backtest` on a small library (closed form, few steps)."""

from __future__ import annotations

import importlib.util
import json
from pathlib import Path
from typing import Any

import numpy as np
import pytest

import accord
from accord.errors import AccordError, InvalidArgument
from accord.estimate import load_library
from accord.estimate.calibrate import HeldOutCaseInFit
from accord.estimate.load import CASES_DIR
from accord.estimate.posterior import read
from accord.extras import MissingExtra

TRAINING = ("belarus-2020", "dprk-2016", "iran-2012", "iran-2018", "venezuela-2019")
SIMULATED = "venezuela-2019"
PARAMETERS = [
    "affinity_weight",
    "affinity_reference",
    "security_weight",
    "bloc_weight",
    "un_voting_weight",
    "adjust_band",
    "cost_weight",
    "vote_threshold",
]
"""The parameters docs/python-api.md and docs/validation.md name, in their order."""
CASE_COLUMNS = [
    "case",
    "split",
    "rows",
    *(
        f"{who}_{s}"
        for who in ("model", "baseline")
        for s in ("agreement", "brier", "log_score", "recall_adjust")
    ),
    "engine_rows",
    *(f"engine_{s}" for s in ("agreement", "brier", "log_score", "recall_adjust")),
    *(
        f"{who}_{p}"
        for who in ("observed", "model", "baseline")
        for p in ("not_by_92_days", "never")
    ),
    "renewal_votes",
    "model_renewal",
    "baseline_renewal",
]
WHO = ("model", "baseline")
ECONOMY_COLUMNS = [*CASE_COLUMNS[:2], "economy", "observed", *WHO, *(f"{w}_brier" for w in WHO)]
FAST = {"walkers": 18, "steps": 30, "burn": 10, "simulate": False, "processes": 1}


def _copy(name: str, folder: Path, *, scenario: bool) -> None:
    lines = (CASES_DIR / f"{name}.toml").read_text().splitlines()
    kept = [line for line in lines if scenario or not line.startswith("scenario = ")]
    (folder / f"{name}.toml").write_text("\n".join(kept) + "\n")


@pytest.fixture(scope="module")
def library(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Five training cases (one simulated) and the US chips test case, unsimulated."""
    folder = tmp_path_factory.mktemp("cases")
    for name in TRAINING:
        _copy(name, folder, scenario=name == SIMULATED)
    _copy("us-chips-2022", folder, scenario=False)
    return folder


@pytest.fixture(scope="module")
def posterior(library: Path) -> Any:
    return accord.calibrate(library, seed=1, **FAST)


def test_calibrate_returns_the_posterior_of_the_training_cases(
    posterior: Any, library: Path, tmp_path: Path
) -> None:
    import arviz as az

    assert isinstance(posterior, az.InferenceData)
    assert {"posterior", "prior", "sample_stats"} <= set(posterior.groups())
    assert list(posterior.posterior.data_vars) == PARAMETERS
    assert dict(posterior.posterior.sizes) == {"chain": 18, "draw": 20}
    assert list(posterior.prior.data_vars) == PARAMETERS
    assert posterior.sample_stats["lp"].shape == (18, 20)
    assert set(posterior.posterior.attrs["cases"].split(",")) == set(TRAINING)
    assert "us-chips-2022" not in posterior.posterior.attrs["cases"]
    assert np.isfinite(posterior.sample_stats["lp"]).all()
    summary = az.summary(posterior, kind="stats")
    assert list(summary.index) == PARAMETERS

    out = tmp_path / "posterior.nc"
    again = accord.calibrate(library, seed=1, out=out, **FAST)
    for name in PARAMETERS:  # same seed, same draws; the file holds what was returned
        np.testing.assert_array_equal(again.posterior[name], posterior.posterior[name])
    written = read(out)
    np.testing.assert_array_equal(
        written.draws[:, 0], again.posterior["affinity_weight"].values.reshape(-1)
    )
    assert written.attrs["command"].startswith("accord.calibrate(")


@pytest.mark.parametrize("case_id", ["russia-2022", "us-chips-2022"])
def test_a_test_case_given_as_training_input_is_refused(case_id: str, tmp_path: Path) -> None:
    cases = load_library()
    out = tmp_path / "posterior.nc"
    with pytest.raises(HeldOutCaseInFit) as refused:
        accord.calibrate([*cases.training, cases[case_id]], out=out, **FAST)
    assert case_id in str(refused.value)
    assert not out.exists()


def test_backtest_returns_the_documented_tables(
    posterior: Any, library: Path, tmp_path: Path
) -> None:
    out = tmp_path / "scores"
    scores = accord.backtest(posterior, library, runs=2, sim_draws=2, loo_steps=40, seed=0, out=out)
    cases, economies = scores
    assert list(cases.columns) == CASE_COLUMNS
    assert list(economies.columns) == ECONOMY_COLUMNS
    by_case = cases.set_index("case")
    assert set(by_case.index) == {*TRAINING, "us-chips-2022"}
    assert by_case.loc["us-chips-2022", "split"] == "test"
    assert (by_case.drop("us-chips-2022")["split"] == "training").all()
    for who in ("model", "baseline"):
        assert cases[f"{who}_brier"].between(0.0, 2.0).all()
        assert cases[f"{who}_agreement"].between(0.0, 1.0).all()
    assert np.isfinite(by_case.loc[SIMULATED, "engine_brier"])
    assert by_case.drop(SIMULATED)["engine_brier"].isna().all()
    chips = economies[economies["case"] == "us-chips-2022"]
    assert "NLD" in set(chips["economy"]) and (chips["split"] == "test").all()
    assert economies["model_brier"].between(0.0, 2.0).all()

    written = {c["case"]: c for c in json.loads((out / "scores.json").read_text())["cases"]}
    for case, row in by_case.iterrows():
        assert written[str(case)]["model"]["brier"] == pytest.approx(row["model_brier"])
        assert written[str(case)]["baseline"]["log_score"] == pytest.approx(
            row["baseline_log_score"]
        )
    assert len((out / "economies.csv").read_text().splitlines()) == len(economies) + 1


def test_backtest_reads_a_posterior_file_as_the_inference_data(
    posterior: Any, library: Path, tmp_path: Path
) -> None:
    """A file and the InferenceData it holds give the same scores; the cases may be
    given as a list (here without simulators, to keep it quick)."""
    path = tmp_path / "posterior.nc"
    posterior.to_netcdf(path)
    cases = [c.model_copy(update={"scenario": None}) for c in load_library(library).values()]
    size = {"runs": 1, "sim_draws": 1, "loo_steps": 20, "seed": 3}
    from_file = accord.backtest(path, cases, **size)
    from_memory = accord.backtest(posterior, cases, **size)
    assert from_file.cases.equals(from_memory.cases)
    assert from_file.economies.equals(from_memory.economies)
    assert from_file.cases["engine_brier"].isna().all()
    assert set(from_file.cases["case"]) == {*TRAINING, "us-chips-2022"}


def test_bad_arguments_are_refused_before_any_work(
    posterior: Any, library: Path, tmp_path: Path
) -> None:
    with pytest.raises(InvalidArgument, match="burn"):
        accord.calibrate(library, walkers=18, steps=10, burn=10, simulate=False)
    with pytest.raises(InvalidArgument, match="walkers"):
        accord.calibrate(library, walkers=4, steps=10, burn=5, simulate=False)
    with pytest.raises(InvalidArgument, match="directory"):
        accord.calibrate(library, out=tmp_path / "missing" / "p.nc", **FAST)
    taken = tmp_path / "taken"
    taken.mkdir()
    with pytest.raises(InvalidArgument, match="already exists"):
        accord.backtest(posterior, library, out=taken)
    with pytest.raises(AccordError, match="not a posterior"):
        accord.backtest({"posterior": {}}, library)
    with pytest.raises(AccordError, match="no such posterior file"):
        accord.backtest(tmp_path / "absent.nc", library)


def test_a_missing_estimate_extra_names_it(monkeypatch: pytest.MonkeyPatch, library: Path) -> None:
    real = importlib.util.find_spec
    monkeypatch.setattr(
        importlib.util, "find_spec", lambda name, *a: None if name == "emcee" else real(name, *a)
    )
    for call in (lambda: accord.calibrate(library, **FAST), lambda: accord.backtest(None, library)):
        with pytest.raises(MissingExtra) as caught:
            call()
        assert caught.value.extra == "estimate"
        assert "pip install 'accord[estimate]'" in str(caught.value)
