"""The one place estimation talks to the simulator: a parameter vector in, outcomes out.

Calibration and backtesting see the engine only through :class:`CaseSimulator`, so the
engine can change under them: this module maps ``theta`` to
:class:`~accord.domain.parameters.ModelParameters` (:func:`accord.estimate.priors.to_parameters`)
and calls the engine's public entry points (:func:`accord.sim.build_setting`,
:func:`accord.sim.run_months` with a month hook).

Batching. The engine today holds one ModelParameters per run of
:func:`~accord.sim.run_months` (its ``Setting`` turns them into scalar constants), so
parameter draws cannot yet be stacked along the run axis; here each draw is one call
over ``runs`` Monte Carlo runs, draws in a Python loop. To batch draws along the run
axis the engine would need (see docs/validation.md, "What the engine must provide"):
the Setting's behavioural scalars (``cost_weight``, ``vote_threshold``, ``reputation``,
``slope``, ...) as ``[R]`` arrays and ``affinity`` / ``secondary`` as ``[R, M]``,
built from a sequence of ModelParameters, one per run; nothing else in the loop changes.
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
        watch = _Watch(self.months)
        run_months(setting, runs, self.months, seed, hooks=(watch,))
        if not self.members:
            self.members = setting.cr.members
        return Outcome(lapse_free=float(1.0 - watch.lapsed.mean()), posture=watch.posture)

    def run_many(self, thetas: F64, runs: int, seed: int) -> list[Outcome]:
        """One :meth:`run` per row of ``thetas[D, P]`` (draws in a loop; see the module
        docstring for what batching them along the run axis needs)."""
        return [self.run(t, runs, seed) for t in np.atleast_2d(thetas)]


class _Watch:
    """Month hook keeping only what estimation reads: whether each run lapsed an act,
    and each member's posture shares in the last month (lighter than the Recorder)."""

    def __init__(self, months: int) -> None:
        self.months = months
        self.lapsed: npt.NDArray[np.bool_] = np.zeros(0, dtype=bool)
        self.posture: F64 = np.zeros((0, 3))

    def __call__(self, month: Month) -> None:
        if month.t == 0:
            self.lapsed = np.zeros(month.lapsed.shape, dtype=bool)
        self.lapsed |= month.lapsed > 0
        if month.t == self.months - 1:
            counts = [(month.posture == k).mean(axis=(0, 2)) for k in range(3)]
            self.posture = np.column_stack(counts).astype(np.float64)


def renewal_log_likelihood(lapse_free: float, runs: int) -> float:
    """log P(every renewal passed) estimated from ``runs`` runs, with the Jeffreys prior's
    half-count so that a share of 0 stays finite."""
    return float(np.log((lapse_free * runs + 0.5) / (runs + 1.0)))
