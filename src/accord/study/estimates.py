"""Calibrate the behaviour model and backtest it from Python.

These are ``accord calibrate`` and ``accord backtest`` (docs/validation.md) without the
terminal: the same log posterior, sampler, leave-one-case-out scoring and baseline,
returned as an ArviZ InferenceData and pandas DataFrames instead of files (which they
can still write). Both need the extra ``accord[estimate]`` (emcee, ArviZ, statsmodels).
The test cases never enter a fit: a folder contributes its training cases only, and a
test case passed in a list of cases is refused by name.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple

from accord.errors import InvalidArgument

if TYPE_CHECKING:
    import pandas as pd

    from accord.estimate.case import Case
    from accord.estimate.load import CaseLibrary

Cases = str | Path | Iterable["Case"] | None
"""A case library folder, the cases themselves, or None for the bundled library."""


class BacktestScores(NamedTuple):
    """The backtest's scores: ``cases`` has one row per case (``scores.json``
    flattened), ``economies`` one row per (case, economy) (``economies.csv``)."""

    cases: pd.DataFrame
    economies: pd.DataFrame


def calibrate(
    cases: Cases = None,
    *,
    walkers: int = 24,
    steps: int = 200,
    burn: int = 100,
    thin: int = 1,
    runs: int = 16,
    seed: int = 0,
    processes: int = 1,
    simulate: bool = True,
    out: str | Path | None = None,
) -> Any:
    """Fit the eight behavioural parameters to the training cases and return the
    posterior as ArviZ InferenceData: groups ``posterior`` (walkers as chains, ``burn``
    steps dropped, then every ``thin``-th step kept), ``prior`` and ``sample_stats``
    (``lp``), one variable per parameter of ``accord.estimate.priors``
    (``affinity_weight`` ... ``vote_threshold``); the attributes name the cases fitted
    and the settings.

    ``cases`` is a folder (its training cases are fitted), a list of cases (every one
    must be a training case: a test case raises ``HeldOutCaseInFit``) or None for the
    bundled library. ``simulate=False`` leaves out the simulated renewal record (the
    closed-form fit: seconds instead of minutes); ``runs`` is the simulated runs per
    evaluation; ``processes > 1`` evaluates the walkers in that many processes.
    ``out`` also writes the posterior there (NetCDF, what ``backtest`` reads)."""
    from accord.extras import require

    require("estimate", "accord.calibrate")
    from accord.estimate.calibrate import build_target, sample
    from accord.estimate.posterior import inference_data, write

    _check_sizes(
        walkers=(walkers, 18),
        steps=(steps, 2),
        runs=(runs, 1),
        processes=(processes, 1),
        thin=(thin, 1),
    )
    if not 1 <= burn < steps:
        raise InvalidArgument(f"burn {burn} must be at least 1 and below steps {steps}")
    path = None if out is None else _new_file(Path(out))
    library = _library(cases)
    training = library.training if isinstance(cases, str | Path | None) else tuple(library.values())
    target = build_target(training, simulate=simulate, runs=runs, seed=seed)
    fit = sample(
        target, walkers=walkers, steps=steps, burn=burn, thin=thin, seed=seed, processes=processes
    )
    command = (
        f"accord.calibrate(walkers={walkers}, steps={steps}, burn={burn}, thin={thin}, "
        f"runs={runs}, "
        f"seed={seed}, simulate={simulate})"
    )
    if path is not None:
        write(fit, path, command)
    return inference_data(fit, command)


def backtest(
    posterior: Any = None,
    cases: Cases = None,
    *,
    runs: int = 32,
    sim_draws: int = 16,
    loo_steps: int = 400,
    seed: int = 0,
    out: str | Path | None = None,
) -> BacktestScores:
    """Score every case out of sample beside the multinomial-logit baseline: training
    cases leave-one-case-out (both refitted on the other training cases), test cases with
    ``posterior`` (InferenceData from :func:`calibrate`, a posterior file, or None for
    the shipped one) and a baseline fitted on every training case.

    ``cases`` is a folder, a list of cases or None for the bundled library. ``runs`` and
    ``sim_draws`` size the simulated forecasts of cases with a bundled scenario;
    ``loo_steps`` the steps of each leave-one-out refit. ``out`` also writes
    ``scores.json``, ``economies.csv`` and ``reliability.svg`` into that new directory.

    ``cases`` columns: ``case``, ``split``, ``rows``; ``model_``/``baseline_``/``engine_``
    ``agreement``, ``brier``, ``log_score``, ``recall_adjust`` (engine: the simulator's
    own posture shares on its members' ``engine_rows``); ``observed_``/``model_``/
    ``baseline_`` ``not_by_92_days`` and ``never`` (adoption lags); ``renewal_votes``,
    ``model_renewal``, ``baseline_renewal`` (probability of the observed renewal record).
    ``economies`` columns: ``case``, ``split``, ``economy``, ``observed``, ``model``,
    ``baseline``, ``model_brier``, ``baseline_brier``. NaN marks a score not defined."""
    from accord.extras import require

    require("estimate", "accord.backtest")
    import pandas as pd

    from accord.estimate.backtest import score_library
    from accord.estimate.posterior import BUNDLED, posterior_of, read
    from accord.estimate.report import (
        CASE_COLUMNS,
        ECONOMY_COLUMNS,
        case_row,
        economy_rows,
        write_scores,
    )

    _check_sizes(runs=(runs, 1), sim_draws=(sim_draws, 1), loo_steps=(loo_steps, 20))
    target = None if out is None else _new_directory(Path(out))
    if posterior is None or isinstance(posterior, str | Path):
        draws = read(Path(posterior) if posterior is not None else BUNDLED)
    else:
        draws = posterior_of(posterior)
    library = _library(cases)
    scores = score_library(
        library, draws.draws, runs=runs, seed=seed, sim_draws=sim_draws, loo_steps=loo_steps
    )
    if target is not None:
        command = (
            f"accord.backtest(runs={runs}, sim_draws={sim_draws}, loo_steps={loo_steps}, "
            f"seed={seed})"
        )
        write_scores(scores, target, command)
    return BacktestScores(
        cases=pd.DataFrame([case_row(s) for s in scores], columns=list(CASE_COLUMNS)),
        economies=pd.DataFrame(economy_rows(scores), columns=list(ECONOMY_COLUMNS)),
    )


def _library(cases: Cases) -> CaseLibrary:
    from accord.estimate.load import CaseLibrary, load_library

    if cases is None:
        return load_library()
    if isinstance(cases, str | Path):
        return load_library(cases)
    return CaseLibrary(tuple(cases))


def _check_sizes(**sizes: tuple[int, int]) -> None:
    for name, (value, least) in sizes.items():
        if value < least:
            raise InvalidArgument(f"{name} must be at least {least}, got {value}")


def _new_file(path: Path) -> Path:
    if not path.resolve().parent.is_dir():
        raise InvalidArgument(f"out {path}: its directory does not exist")
    return path


def _new_directory(path: Path) -> Path:
    if path.exists():
        raise InvalidArgument(f"out {path}: already exists; expected a new directory")
    return _new_file(path)


__all__ = ["BacktestScores", "backtest", "calibrate"]
