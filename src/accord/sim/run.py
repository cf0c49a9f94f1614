"""One call from a regime and its cost inputs to measured results."""

from __future__ import annotations

from accord.domain import Regime
from accord.domain.parameters import ModelParameters
from accord.sim.costs import SimCosts
from accord.sim.engine import MonthHook, run_months
from accord.sim.metrics import Recorder, SimResult
from accord.sim.setting import build_setting


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
) -> SimResult:
    """Simulate ``runs`` runs of ``months`` months from ``seed``.

    ``params`` replaces the regime's own ``model`` table (a design comparison switches
    mechanisms this way); ``forced`` maps member codes to the month from which they
    defect visibly; ``hooks`` see every month (trajectory writers, progress bars).
    """
    if params is not None:
        regime = regime.model_copy(update={"model": params})
    st = build_setting(regime, costs, months)
    index = {c: i for i, c in enumerate(st.cr.members)}
    unknown = sorted(set(forced or {}) - set(index))
    if unknown:
        raise KeyError(f"forced defection of non-members {unknown}")
    rec = Recorder(st, runs, months)
    run_months(
        st,
        runs,
        months,
        seed,
        hooks=(rec, *hooks),
        forced={index[c]: t for c, t in (forced or {}).items()},
    )
    return SimResult.from_recorder(st, rec)
