"""Backtest: every case scored out of sample, beside the baseline fitted on the same split.

Training cases are scored leave-one-case-out: the model's closed-form posterior and the
baseline are both refitted on the other training cases, and the left-out case is
scored. The two test cases are scored with the calibrated posterior (``accord
calibrate``'s file) and a baseline fitted on all training cases; neither has seen them.
For a case with a bundled scenario, the simulator also gives the posterior-predictive
probability of the observed renewal record (every vote renewed) and its own posture
shares per member; the baseline's renewal forecast is the training cases' renewal rate
(Laplace's rule), raised to the number of votes in the case's record.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

import numpy as np
import numpy.typing as npt

from accord.domain.codes import expand
from accord.estimate.baseline import fit_baseline
from accord.estimate.calibrate import training_only
from accord.estimate.case import Case
from accord.estimate.choice import probabilities
from accord.estimate.load import CaseLibrary
from accord.estimate.rows import POSTURES, Rows, case_rows, join
from accord.estimate.sbc import fit_closed
from accord.estimate.scores import LagCurve, Scores, brier_rows, implied_lags, kaplan_meier
from accord.estimate.simulator import CaseSimulator

F64 = npt.NDArray[np.float64]


@dataclass(frozen=True)
class EconomyScore:
    """One economy's rows in one case: observed postures, the two forecasts' Brier."""

    economy: str
    observed: str
    model: str
    baseline: str
    model_brier: float
    baseline_brier: float


@dataclass(frozen=True)
class CaseScore:
    """Every score of one case, for the model and the baseline."""

    case: str
    split: str
    model: Scores
    baseline: Scores
    observed_lags: LagCurve | None
    model_lags: tuple[float, float]
    baseline_lags: tuple[float, float]
    renewal_votes: int
    model_renewal: float | None  # posterior-predictive P(observed renewal record)
    baseline_renewal: float | None
    engine: Scores | None  # the simulator's own posture shares, scenario members only
    economies: tuple[EconomyScore, ...] = field(default=())
    probabilities: F64 = field(default_factory=lambda: np.zeros((0, 3)))
    baseline_probabilities: F64 = field(default_factory=lambda: np.zeros((0, 3)))
    observed: npt.NDArray[np.int64] = field(default_factory=lambda: np.zeros(0, dtype=np.int64))


Simulators = Callable[[Case], CaseSimulator | None]


def _renewal_rate(cases: tuple[Case, ...]) -> tuple[int, int]:
    votes = [r for c in cases for r in c.renewals]
    return sum(r.outcome == "renewed" for r in votes), len(votes)


def score_case(
    case: Case,
    draws: F64,
    training: tuple[Case, ...],
    *,
    simulator: CaseSimulator | None,
    runs: int,
    seed: int,
    sim_draws: int,
) -> CaseScore:
    """Score ``case`` with posterior ``draws[N, P]`` and a baseline fitted on ``training``
    (which must not contain ``case`` nor any test case)."""
    fit_on = training_only(training)
    if case.id in {c.id for c in fit_on}:
        raise ValueError(f"case {case.id!r} is among the cases it would be scored against")
    rows = case_rows(case)
    train_rows = join([case_rows(c) for c in fit_on])
    baseline = fit_baseline(train_rows)
    p_model = probabilities(draws, rows).mean(axis=0) if len(rows) else np.zeros((0, 3))
    p_base = baseline.probabilities(rows)
    renewed, votes = _renewal_rate(fit_on)
    all_renewed = bool(case.renewals) and all(r.outcome == "renewed" for r in case.renewals)
    base_renewal = ((renewed + 1) / (votes + 2)) ** len(case.renewals) if all_renewed else None
    model_renewal = None
    engine = None
    if simulator is not None:
        rng = np.random.default_rng(seed)
        pick = draws[rng.choice(len(draws), size=min(sim_draws, len(draws)), replace=False)]
        outcomes = simulator.run_many(pick, runs, seed)
        if all_renewed:
            model_renewal = float(np.mean([o.lapse_free for o in outcomes]))
        engine = _engine_scores(rows, simulator.members, np.mean([o.posture for o in outcomes], 0))
    return CaseScore(
        case=case.id,
        split=case.split,
        model=Scores.of(p_model, rows.posture),
        baseline=Scores.of(p_base, rows.posture),
        observed_lags=kaplan_meier(rows.lag_days, rows.window_days),
        model_lags=implied_lags(p_model) if len(rows) else (np.nan, np.nan),
        baseline_lags=implied_lags(p_base) if len(rows) else (np.nan, np.nan),
        renewal_votes=len(case.renewals),
        model_renewal=model_renewal,
        baseline_renewal=base_renewal,
        engine=engine,
        economies=_per_economy(rows, p_model, p_base),
        probabilities=p_model,
        baseline_probabilities=p_base,
        observed=rows.posture,
    )


def _engine_scores(rows: Rows, members: tuple[str, ...], shares: F64) -> Scores | None:
    """Scores of the simulator's last-month posture shares on the rows of its members;
    a bloc's row (EU27) takes its members' mean shares."""
    index = {m: i for i, m in enumerate(members)}
    keep, probs = [], []
    for i, economy in enumerate(rows.economy):
        inside = [index[e] for e in expand((economy,)) if e in index]
        if inside:
            keep.append(i)
            probs.append(shares[inside].mean(axis=0))
    if not keep:
        return None
    p = np.clip(np.array(probs), 1e-6, 1.0)
    p = p / p.sum(axis=1, keepdims=True)
    return Scores.of(p, rows.posture[keep])


def _per_economy(rows: Rows, p_model: F64, p_base: F64) -> tuple[EconomyScore, ...]:
    out = []
    bm, bb = brier_rows(p_model, rows.posture), brier_rows(p_base, rows.posture)
    for economy in dict.fromkeys(rows.economy):
        idx = [i for i, e in enumerate(rows.economy) if e == economy]
        out.append(
            EconomyScore(
                economy=economy,
                observed="/".join(POSTURES[rows.posture[i]] for i in idx),
                model="/".join(POSTURES[int(p_model[i].argmax())] for i in idx),
                baseline="/".join(POSTURES[int(p_base[i].argmax())] for i in idx),
                model_brier=float(bm[idx].mean()),
                baseline_brier=float(bb[idx].mean()),
            )
        )
    return tuple(out)


def backtest(
    library: CaseLibrary,
    posterior: F64,
    *,
    simulators: Simulators,
    runs: int = 64,
    seed: int = 0,
    sim_draws: int = 32,
    loo_steps: int = 400,
) -> tuple[CaseScore, ...]:
    """Leave-one-case-out on the training cases, then the test cases with ``posterior``."""
    training = library.training
    out = []
    for i, case in enumerate(training):
        rest = tuple(c for c in training if c.id != case.id)
        rng = np.random.default_rng(seed + i)
        draws = fit_closed(
            join([case_rows(c) for c in rest]), rng, steps=loo_steps, burn=loo_steps // 2
        )
        out.append(
            score_case(
                case,
                draws,
                rest,
                simulator=simulators(case),
                runs=runs,
                seed=seed,
                sim_draws=sim_draws,
            )
        )
    for case in library.test:
        out.append(
            score_case(
                case,
                posterior,
                training,
                simulator=simulators(case),
                runs=runs,
                seed=seed,
                sim_draws=sim_draws,
            )
        )
    return tuple(out)


def score_library(
    library: CaseLibrary,
    posterior: F64,
    *,
    runs: int = 64,
    seed: int = 0,
    sim_draws: int = 32,
    loo_steps: int = 400,
) -> tuple[CaseScore, ...]:
    """:func:`backtest` with the simulator of every case that names a bundled scenario
    (what ``accord backtest`` and ``accord.backtest`` run)."""
    sims = {c.id: CaseSimulator.for_case(c) for c in library.values() if c.scenario}
    return backtest(
        library,
        posterior,
        simulators=lambda c: sims.get(c.id),
        runs=runs,
        seed=seed,
        sim_draws=sim_draws,
        loo_steps=loo_steps,
    )
