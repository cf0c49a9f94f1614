"""One call from a regime and its cost inputs to measured results."""

from __future__ import annotations

from accord.domain import Regime
from accord.domain.parameters import ModelParameters
from accord.sim.costs import SimCosts
from accord.sim.engine import MonthHook
from accord.sim.metrics import Recorder, SimResult
from accord.sim.parameters import ParameterChoice, Plan, plan, run_planned


def simulate(
    regime: Regime,
    costs: SimCosts,
    runs: int,
    months: int,
    seed: int,
    *,
    params: ModelParameters | None = None,
    hooks: tuple[MonthHook, ...] = (),
    forced: dict[str, int] | None = None,
    parameters: ParameterChoice | None = None,
) -> SimResult:
    """Simulate ``runs`` runs of ``months`` months from ``seed``.

    ``params`` replaces the regime's own ``model`` table (a design comparison switches
    mechanisms this way); ``forced`` maps member codes to the month from which they
    defect visibly; ``hooks`` see every month (trajectory writers, progress bars).
    ``parameters`` says where the fitted parameters the model table does not set come
    from (:mod:`accord.sim.parameters`); ``None`` runs the model table as it is, in one
    engine call.
    """
    if params is not None:
        regime = regime.model_copy(update={"model": params})
    p = plan(regime, costs, runs, months, seed, parameters)
    return simulate_planned(p, months, hooks=hooks, forced=forced)


def simulate_planned(
    p: Plan,
    months: int,
    *,
    hooks: tuple[MonthHook, ...] = (),
    forced: dict[str, int] | None = None,
) -> SimResult:
    """Run a plan's blocks with the metrics recorded."""
    st = p.base
    index = {c: i for i, c in enumerate(st.cr.members)}
    unknown = sorted(set(forced or {}) - set(index))
    if unknown:
        raise KeyError(f"forced defection of non-members {unknown}")
    rec = Recorder(st, p.runs, months)
    run_planned(
        p,
        months,
        hooks=(rec, *hooks),
        forced={index[c]: t for c, t in (forced or {}).items()},
    )
    return SimResult.from_recorder(st, rec)
