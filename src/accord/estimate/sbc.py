"""Simulation-based calibration of the sampler (Talts, Betancourt, Simpson, Vehtari &
Gelman 2018, arXiv:1804.06788).

Draw theta* from the prior, make a synthetic case library with it (the real training
rows' covariates, postures drawn from the choice model at theta*), fit it with the
same sampler, and take the rank of theta* among L posterior draws. If the sampler and
the likelihood are right, each parameter's ranks are uniform on {0, ..., L}, and
theta* lies inside its central 90 % interval in 90 % of replicates. The check uses the
closed-form part of the posterior (the simulated renewal term would make a replicate
take minutes); it exercises the same priors, likelihood and emcee moves as
:mod:`accord.estimate.calibrate`.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import emcee
import numpy as np
import numpy.typing as npt
from scipy import stats

from accord.estimate.choice import draw_postures, log_likelihood
from accord.estimate.priors import NAMES, PARAMETERS, log_prior, sample_prior
from accord.estimate.rows import Rows

F64 = npt.NDArray[np.float64]


@dataclass(frozen=True)
class SbcResult:
    """``ranks[N, P]`` of theta* among ``draws`` posterior draws; ``covered[N, P]``
    whether theta* lay inside the central 90 % interval."""

    ranks: npt.NDArray[np.int64]
    covered: npt.NDArray[np.bool_]
    draws: int

    def uniformity(self) -> dict[str, float]:
        """Per parameter, the p-value of a chi-square test of uniform ranks (4 bins)."""
        bins = 4
        edges = np.linspace(0, self.draws + 1, bins + 1)
        out = {}
        for i, name in enumerate(NAMES):
            counts, _ = np.histogram(self.ranks[:, i], bins=edges)
            out[name] = float(stats.chisquare(counts).pvalue)
        return out

    def coverage(self) -> dict[str, float]:
        """Per parameter, the share of replicates whose theta* was inside its 90 % interval."""
        return {n: float(self.covered[:, i].mean()) for i, n in enumerate(NAMES)}


class _Closed:
    """Vectorised log posterior of synthetic rows (all walkers in one call)."""

    def __init__(self, rows: Rows) -> None:
        self.rows = rows

    def __call__(self, thetas: F64) -> F64:
        lp = log_prior(thetas)
        ok = np.isfinite(lp)
        out = np.full(len(thetas), -np.inf)
        if ok.any():
            out[ok] = lp[ok] + log_likelihood(thetas[ok], self.rows)
        return out


def ensemble(walkers: int, log_prob: Any, seed: int) -> emcee.EnsembleSampler:
    """The one ensemble sampler of calibration and its checks: differential-evolution
    moves (ter Braak 2006; ter Braak & Vrugt 2008), its random stream seeded;
    ``log_prob`` takes a batch of positions ``[N, P]`` (emcee's ``vectorize``)."""
    sampler = emcee.EnsembleSampler(
        walkers,
        len(PARAMETERS),
        log_prob,
        vectorize=True,
        moves=[(emcee.moves.DEMove(), 0.8), (emcee.moves.DESnookerMove(), 0.2)],
    )
    sampler.random_state = np.random.RandomState(seed).get_state()
    return sampler


def fit_closed(
    rows: Rows, rng: np.random.Generator, *, walkers: int = 24, steps: int = 300, burn: int = 150
) -> F64:
    """[draws, P] posterior draws of the closed-form posterior of ``rows``."""
    start = sample_prior(walkers, rng)
    sampler = ensemble(walkers, _Closed(rows), int(rng.integers(2**31)))
    sampler.run_mcmc(start, steps, progress=False)
    return np.asarray(sampler.get_chain(discard=burn, flat=True), dtype=np.float64)


def run_sbc(
    rows: Rows,
    replicates: int,
    seed: int,
    *,
    draws: int = 49,
    walkers: int = 24,
    steps: int = 300,
    burn: int = 150,
    shift: float = 0.0,
) -> SbcResult:
    """``replicates`` SBC replicates on synthetic cases with the covariates of ``rows``.

    ``shift`` multiplies the affinity weight used to *make* the synthetic postures by
    ``1 + shift`` while the fit assumes the prior: a deliberately wrong data-generating
    process, to show the check fails when the model is wrong."""
    rng = np.random.default_rng(seed)
    truth = sample_prior(replicates, rng)
    ranks = np.zeros((replicates, len(PARAMETERS)), dtype=np.int64)
    covered = np.zeros((replicates, len(PARAMETERS)), dtype=bool)
    for r in range(replicates):
        made = truth[r].copy()
        made[0] *= 1.0 + shift
        synthetic = Rows(
            case=rows.case,
            economy=rows.economy,
            measure=rows.measure,
            posture=draw_postures(made, rows, rng),
            ties=rows.ties,
            lag_days=rows.lag_days,
            window_days=rows.window_days,
        )
        chain = fit_closed(synthetic, rng, walkers=walkers, steps=steps, burn=burn)
        thinned = chain[np.linspace(0, len(chain) - 1, draws).astype(int)]
        ranks[r] = (thinned < truth[r]).sum(axis=0)
        low, high = np.quantile(chain, [0.05, 0.95], axis=0)
        covered[r] = (truth[r] >= low) & (truth[r] <= high)
    return SbcResult(ranks=ranks, covered=covered, draws=draws)
