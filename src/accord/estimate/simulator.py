"""The one place estimation talks to the simulator: a parameter vector in, outcomes out.

Calibration and backtesting see the engine only through :class:`CaseSimulator`, so the
engine can change under them: this module maps ``theta`` to
:class:`~accord.domain.parameters.ModelParameters` (:func:`accord.estimate.priors.to_parameters`)
and calls the engine's public entry points (:func:`accord.sim.build_setting`,
:func:`accord.sim.run_months` with a month hook).

Batching. :meth:`CaseSimulator.run_many` stacks ``D`` parameter draws along the run
axis of one engine call (per-run parameters, draw ``d`` in runs ``d x runs`` to
``(d + 1) x runs - 1``) and asks the engine for shocks in blocks of ``runs``
(``run_months(..., shock_runs=runs)``): every draw then sees bit for bit the shocks of
its own :meth:`CaseSimulator.run` at the same seed, so the batch returns exactly the
loop's outcomes and the simulated likelihood stays one deterministic function of
``theta`` whatever else shares the call.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import numpy.typing as npt

from accord.domain import Regime
from accord.estimate.case import Case
from accord.estimate.priors import to_parameters
from accord.sim import Month, SimCosts, build_setting, costs_for_regime, run_months

F64 = npt.NDArray[np.float64]


@dataclass(frozen=True)
class Outcome:
    """What the simulator says of one parameter draw: ``lapse_free`` the share of runs
    in which no act lapsed within the horizon; ``posture[M, 3]`` each member's share of
    runs x measures in mimic, adjust and resist in the last month."""

    lapse_free: float
    posture: F64


@dataclass
class CaseSimulator:
    """A case's bundled scenario with its costs computed once, run at any ``theta``."""

    regime: Regime
    costs: SimCosts
    months: int
    members: tuple[str, ...] = field(default=())

    @classmethod
    def for_case(cls, case: Case, costs: SimCosts | None = None) -> CaseSimulator:
        """The simulator of ``case`` (its scenario must be bundled: ``case.scenario`` is
        the bundled scenario's name, found inside the package, not in a checkout)."""
        from accord.scenario import load_scenario
        from accord.scenarios import bundled_path

        if case.scenario is None:
            raise ValueError(f"case {case.id!r} has no bundled scenario; expected one")
        regime = load_scenario(bundled_path(case.scenario))
        return cls(regime, costs or costs_for_regime(regime), regime.horizon_months)

    def run(self, theta: F64, runs: int, seed: int) -> Outcome:
        """Simulate ``runs`` runs at one parameter vector; the same seed gives the same
        shocks at every ``theta`` (common random numbers), so the simulated likelihood is
        a deterministic function of ``theta``."""
        params = to_parameters(theta, self.regime.model)
        setting = build_setting(
            self.regime.model_copy(update={"model": params}), self.costs, self.months
        )
        watch = _Watch(self.months, 1)
        run_months(setting, runs, self.months, seed, hooks=(watch,))
        if not self.members:
            self.members = setting.cr.members
        return watch.outcomes()[0]

    def run_many(self, thetas: F64, runs: int, seed: int) -> list[Outcome]:
        """The outcomes of :meth:`run` for every row of ``thetas[D, P]``, from one engine
        call over ``D x runs`` runs with shocks repeated in blocks of ``runs`` (equal to
        the loop of :meth:`run`, draw for draw; the module docstring says why)."""
        rows = np.atleast_2d(np.asarray(thetas, dtype=np.float64))
        sets = [to_parameters(theta, self.regime.model) for theta in rows]
        setting = build_setting(
            self.regime,
            self.costs,
            self.months,
            parameters=[p for p in sets for _ in range(runs)],
        )
        watch = _Watch(self.months, len(sets))
        run_months(setting, len(sets) * runs, self.months, seed, hooks=(watch,), shock_runs=runs)
        if not self.members:
            self.members = setting.cr.members
        return watch.outcomes()


class _Watch:
    """Month hook keeping only what estimation reads, for each of ``draws`` blocks of
    runs: whether each run lapsed an act, and each member's posture shares in the last
    month (lighter than the Recorder)."""

    def __init__(self, months: int, draws: int) -> None:
        self.months = months
        self.draws = draws
        self.lapsed: npt.NDArray[np.bool_] = np.zeros(0, dtype=bool)
        self.posture: F64 = np.zeros((draws, 0, 3))

    def __call__(self, month: Month) -> None:
        if month.t == 0:
            self.lapsed = np.zeros(month.lapsed.shape, dtype=bool)
        self.lapsed |= month.lapsed > 0
        if month.t == self.months - 1:
            runs, members, measures = month.posture.shape
            blocks = month.posture.reshape(self.draws, runs // self.draws, members, measures)
            counts = [(blocks == k).mean(axis=(1, 3)) for k in range(3)]
            self.posture = np.stack(counts, axis=-1).astype(np.float64)

    def outcomes(self) -> list[Outcome]:
        """One Outcome per block, in block order."""
        lapsed = self.lapsed.reshape(self.draws, -1)
        return [
            Outcome(lapse_free=float(1.0 - lapsed[d].mean()), posture=self.posture[d])
            for d in range(self.draws)
        ]


def renewal_log_likelihood(lapse_free: float, runs: int) -> float:
    """log P(every renewal passed) estimated from ``runs`` runs, with the Jeffreys prior's
    half-count so that a share of 0 stays finite."""
    return float(np.log((lapse_free * runs + 0.5) / (runs + 1.0)))
