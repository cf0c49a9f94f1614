"""Calibration: the posterior of the behavioural parameters given the training cases.

The log posterior is

    log p(theta | D) = log prior(theta)
                     + sum over training rows of log P(posture | theta)      (choice.py)
                     + sum over training cases with a bundled scenario and a
                       recorded renewal vote of
                       log P^(every renewal passed | theta)                  (simulator)

where P^ is the share of simulated runs without a lapse, from the vectorised engine
at a fixed seed (common random numbers make it a deterministic function of theta).
It is sampled with emcee's affine-invariant ensemble sampler (Foreman-Mackey et al.
2013, PASP 125(925), doi:10.1086/670067): the simulated term has no gradient, the
posterior has eight dimensions, and the ensemble needs no tuning beyond its size.

The walkers are evaluated together (emcee's ``vectorize``): each batch of positions is
split into halves, one per core, and each half is one engine call per simulated case
with the positions stacked along the run axis (:meth:`Target.evaluate`,
:meth:`~accord.estimate.simulator.CaseSimulator.run_many`). Every position still sees
the shocks of its own standalone run at the seed, so the chain is the one the
position-by-position path (:meth:`Target.__call__`, ``batched=False``) gives, bit for
bit. Test cases cannot enter: every entry point goes through :func:`training_only`.
"""

from __future__ import annotations

import multiprocessing
from collections.abc import Sequence
from dataclasses import dataclass
from multiprocessing.pool import Pool

import numpy as np
import numpy.typing as npt

from accord.errors import AccordError
from accord.estimate.case import Case
from accord.estimate.choice import log_likelihood
from accord.estimate.priors import PARAMETERS, log_prior, sample_prior
from accord.estimate.rows import Rows, case_rows, join
from accord.estimate.sbc import ensemble, fit_closed
from accord.estimate.simulator import CaseSimulator, renewal_log_likelihood

F64 = npt.NDArray[np.float64]


class HeldOutCaseInFit(AccordError):
    """A test case was passed to fitting; test cases are only ever scored."""


def training_only(cases: Sequence[Case]) -> tuple[Case, ...]:
    """``cases`` if none is a test case; else :class:`HeldOutCaseInFit` naming them."""
    test = [c.id for c in cases if c.is_test]
    if test:
        raise HeldOutCaseInFit(
            f"test case(s) {test} passed to calibration; expected training cases only",
            [{"loc": "cases", "msg": ", ".join(test), "expected": 'split = "training"'}],
        )
    if not cases:
        raise AccordError("no training cases to fit; expected at least one")
    return tuple(cases)


@dataclass
class Target:
    """The log posterior of one fit; picklable, so worker processes can evaluate it."""

    rows: Rows
    simulators: tuple[CaseSimulator, ...] = ()
    runs: int = 32
    seed: int = 0

    def __call__(self, theta: F64) -> float:
        t = np.asarray(theta, dtype=np.float64)
        lp = float(log_prior(t))
        if not np.isfinite(lp):
            return -np.inf
        total = lp + float(log_likelihood(t, self.rows))
        for sim in self.simulators:
            total += renewal_log_likelihood(sim.run(t, self.runs, self.seed).lapse_free, self.runs)
        return total

    def evaluate(self, thetas: F64) -> F64:
        """[N] the log posterior of every row of ``thetas[N, P]``, equal bit for bit to
        calling the target row by row: the closed-form terms are summed per row in the
        same order, and each simulated case is one batched engine call over the rows
        the prior admits (each row with the shocks of its own run)."""
        rows = np.asarray(thetas, dtype=np.float64).reshape(-1, len(PARAMETERS))
        totals = np.full(len(rows), -np.inf)
        priors = log_prior(rows)  # elementwise per row: the row-by-row values exactly
        finite = [i for i in range(len(rows)) if np.isfinite(priors[i])]
        for i in finite:
            totals[i] = float(priors[i]) + float(log_likelihood(rows[i], self.rows))
        if not finite:
            return totals
        for sim in self.simulators:
            outcomes = sim.run_many(rows[finite], self.runs, self.seed)
            for i, outcome in zip(finite, outcomes, strict=True):
                totals[i] += renewal_log_likelihood(outcome.lapse_free, self.runs)
        return totals


_INSTALLED: list[Target] = []
"""The target of the current fit in a worker process, installed once when the pool
starts (inherited through fork, never pickled per call: unpickling a Target rebuilds
its scenarios' validated models, which costs more than evaluating a batch)."""


def _install(target: Target) -> None:
    _INSTALLED[:] = [target]


def _evaluate_part(target: Target, positions: F64, batched: bool) -> F64:
    """One part of a batch: one batched evaluation, or one per position."""
    if batched:
        return target.evaluate(positions)
    return np.array([target(t) for t in positions], dtype=np.float64)


def _evaluate_installed(part: tuple[F64, bool]) -> F64:
    """One part of a batch in a worker process, on the target installed there."""
    return _evaluate_part(_INSTALLED[0], *part)


@dataclass
class _Halves:
    """emcee's vectorised log probability: a batch of positions split into ``parts``
    near-equal parts, evaluated in the pool's processes (one per core) when there is a
    pool. ``batched``: each part is one :meth:`Target.evaluate` (one engine call per
    simulated case); otherwise one :meth:`Target.__call__` per position (the peer)."""

    target: Target
    parts: int
    pool: Pool | None = None
    batched: bool = True

    def __call__(self, positions: F64) -> F64:
        chunks = [c for c in np.array_split(np.asarray(positions), self.parts) if len(c)]
        if self.pool is None:
            values = [_evaluate_part(self.target, c, self.batched) for c in chunks]
        else:
            tasks = [(c, self.batched) for c in chunks]
            values = self.pool.map(_evaluate_installed, tasks, chunksize=1)
        return np.concatenate(values)


def build_target(
    cases: Sequence[Case], *, simulate: bool = True, runs: int = 32, seed: int = 0
) -> Target:
    """The log posterior of ``cases`` (training only); ``simulate = False`` leaves out
    the simulated renewal term (the closed-form fit the quick checks use).

    Only a case with a bundled scenario *and* a recorded renewal vote is simulated: for
    any other the renewal record is empty, the term a constant whatever ``theta``
    (iran-2018 and venezuela-2019 renew nothing), and simulating it would only cost time."""
    fit = training_only(cases)
    rows = join([case_rows(c) for c in fit])
    recorded = [c for c in fit if simulate and c.scenario is not None and c.renewals]
    for case in recorded:
        _all_renewed(case)
    sims = tuple(CaseSimulator.for_case(c) for c in recorded)
    return Target(rows=rows, simulators=sims, runs=runs, seed=seed)


def _all_renewed(case: Case) -> None:
    """The simulated term scores a record in which every renewal passed; a case that
    records a lapse needs another term, so it is refused by name, not mis-scored."""
    for i, renewal in enumerate(case.renewals):
        if renewal.outcome != "renewed":
            raise AccordError(
                f"case {case.id!r} records a lapse of {renewal.act} on {renewal.date}; "
                "the simulated renewal term scores records in which every renewal passed",
                [{"loc": f"renewals[{i}].outcome", "msg": renewal.outcome, "expected": "renewed"}],
            )


@dataclass(frozen=True)
class Fit:
    """Posterior draws ``[chains, draws, P]`` (walkers as chains, burn-in dropped) and
    prior draws ``[draws, P]`` of one calibration."""

    posterior: F64
    prior: F64
    log_probability: F64  # [chains, draws]
    acceptance: float
    cases: tuple[str, ...]
    settings: dict[str, int]


def sample(
    target: Target,
    *,
    walkers: int = 32,
    steps: int = 400,
    burn: int = 200,
    thin: int = 1,
    seed: int = 0,
    processes: int = 2,
    batched: bool = True,
) -> Fit:
    """Run the ensemble from draws of the closed-form posterior; ``processes > 1``
    evaluates the walkers in a pool of that many processes. ``batched`` (the default)
    evaluates each batch of walkers in ``processes`` batched engine calls per case;
    ``batched=False`` is the position-by-position path (one engine call per position
    and case), kept as the peer of the benchmark and of the test that the chains agree."""
    if burn >= steps:
        raise ValueError(f"burn {burn} must be below steps {steps}")
    if thin < 1:
        raise ValueError(f"thin {thin} must be at least 1")
    rng = np.random.default_rng(seed)
    start = _finite_start(target, walkers, rng)
    pool = None
    if processes > 1:
        pool = multiprocessing.get_context("fork").Pool(
            processes, initializer=_install, initargs=(target,)
        )
    try:
        log_prob = _Halves(target, max(processes, 1), pool, batched)
        sampler = ensemble(walkers, log_prob, seed)
        sampler.run_mcmc(start, steps, progress=False)
    finally:
        if pool is not None:
            pool.terminate()
    chain = sampler.get_chain()[burn::thin]  # [draws, walkers, P]
    logp = sampler.get_log_prob()[burn::thin]
    return Fit(
        posterior=np.ascontiguousarray(chain.transpose(1, 0, 2)),
        prior=sample_prior(chain.shape[0] * walkers, rng),
        log_probability=np.ascontiguousarray(logp.T),
        acceptance=float(np.mean(sampler.acceptance_fraction)),
        cases=tuple(sorted(set(target.rows.case))),
        settings={
            "walkers": walkers,
            "steps": steps,
            "burn": burn,
            "thin": thin,
            "seed": seed,
            "runs": target.runs,
            "simulated_cases": len(target.simulators),
        },
    )


def _finite_start(target: Target, walkers: int, rng: np.random.Generator) -> F64:
    """Starting points, one per walker: distinct draws of the closed-form posterior (the
    choice term alone, no simulation: seconds), at which the full log posterior is finite.
    Starting where the choice data already put the mass, instead of at prior draws,
    spares the simulated ensemble most of its burn-in; the parameters only the
    simulator informs start at prior draws, which is what the closed form leaves them.

    The draws are distinct positions, not rows of the chain: a rejected proposal repeats
    its walker's row, and two walkers starting at one point break the snooker move
    (its direction from one walker to the other has no length)."""
    closed = fit_closed(target.rows, rng, walkers=max(24, walkers), steps=300, burn=150)
    distinct = np.unique(closed, axis=0)
    candidates = distinct[rng.permutation(len(distinct))]
    finite: list[F64] = []
    for offset in range(0, len(candidates), walkers):
        batch = candidates[offset : offset + walkers]
        finite.extend(batch[np.isfinite(target.evaluate(batch))])
        if len(finite) >= walkers:
            return np.array(finite[:walkers], dtype=np.float64)
    filled = len(finite)
    raise AccordError(
        f"only {filled} distinct draws of the closed-form posterior give a finite "
        f"posterior; expected at least {walkers}, one per walker"
    )
