"""Small regimes and synthetic costs for the simulator's tests, and a paired comparison.

Every comparison runs two designs from the same seed (common random numbers) and
judges the per-run differences against their Monte Carlo standard error, so a test
fails when an effect is absent, reversed or within noise.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import numpy.typing as npt

from accord.domain import Regime
from accord.domain.parameters import ModelParameters
from accord.sim import SimCosts, SimResult, simulate

MEMBERS = ["DEU", "FRA", "ITA", "POL", "HUN", "SVK", "FIN", "EST"]
WEIGHTS = [0.3, 0.22, 0.16, 0.1, 0.06, 0.06, 0.06, 0.04]


def sim_regime(safeguards: dict[str, Any] | None = None, **top: Any) -> Regime:
    """Eight members, three measures adopted in the first months, every safeguard."""
    sg: dict[str, Any] = {
        "objectives": ["end the war"],
        "review": {"every_months": 6},
        "sunset": {"months": 6, "renewal": "qualified_majority", "threshold": 0.55},
        "verification": {"independent": True, "detection": 0.3},
        "reporting": {"detection": 0.05},
        "ladder": {
            "steps": [
                {"name": "notice", "penalty": 0.0},
                {"name": "listing", "penalty": 0.05},
                {"name": "tool", "penalty": 0.2},
            ]
        },
        "relief": [{"milestone": "ceasefire", "measures": ["freeze", "oil"], "relief": 1.0}],
        "escalation": [{"after_months": 12, "measures": ["tech"], "step": 0.2}],
        "information_sharing": True,
        "joint_threat_assessment": True,
        "coordinated_messaging": True,
        "humanitarian_channel": True,
        "burden_sharing": 0.5,
    }
    sg.update(safeguards or {})
    data: dict[str, Any] = {
        "name": "test coalition",
        "start": "2022-01-01",
        "horizon_months": 48,
        "lead": {"code": "USA", "secondary_threat": 0.5, "credibility": 0.7},
        "target": {"code": "RUS"},
        "members": [{"code": c, "weight": w} for c, w in zip(MEMBERS, WEIGHTS, strict=True)],
        "measures": [
            {"id": "freeze", "kind": "asset_freeze", "adopted": "2022-01-01"},
            {"id": "oil", "kind": "import_ban", "sectors": ["B06"], "adopted": "2022-02-01"},
            {
                "id": "tech",
                "kind": "export_ban",
                "sectors": ["C26"],
                "adopted": "2022-02-01",
                "weight": 0.6,
            },
        ],
        "milestones": [{"id": "ceasefire", "co_designed": True}],
        "safeguards": sg,
    }
    data.update(top)
    return Regime.model_validate(data)


def sim_costs(
    unevenness: float = 1.0, mean_cost: float = 0.3, exposure: npt.ArrayLike | None = None
) -> SimCosts:
    """Unit costs rising geometrically across members (ranks shuffled against weight); the
    spread is set by ``unevenness`` while the weighted mean stays ``mean_cost``."""
    m, k = len(MEMBERS), 3
    w = np.array(WEIGHTS)
    rank = np.linspace(-1.0, 1.0, m)[[3, 5, 1, 7, 0, 6, 2, 4]]  # not ordered by weight
    per_member = np.exp(unevenness * 1.5 * rank)
    per_member = per_member / (w @ per_member) * mean_cost
    unit = per_member[:, None] * np.array([0.6, 1.2, 1.2])[None, :]
    exp = np.full(m, 0.5) if exposure is None else np.asarray(exposure, dtype=float)
    return SimCosts(
        unit_cost=unit.astype(np.float32),
        target_unit=(w[:, None] * np.array([0.5, 1.5, 1.0])[None, :]).astype(np.float32),
        leakage_share=np.full(k, 0.3, dtype=np.float32),
        member_weight=w.astype(np.float32),
        exposure_to_lead=exp.astype(np.float32),
    )


def run(
    regime: Regime | None = None,
    costs: SimCosts | None = None,
    params: ModelParameters | None = None,
    runs: int = 300,
    months: int = 48,
    seed: int = 7,
    **kw: Any,
) -> SimResult:
    return simulate(
        regime or sim_regime(), costs or sim_costs(), runs, months, seed, params=params, **kw
    )


def assert_greater(a: npt.ArrayLike, b: npt.ArrayLike, z: float = 4.0, floor: float = 0.0) -> float:
    """Per-run values ``a`` exceed ``b`` on average by more than ``z`` standard errors of
    the paired difference (and by more than ``floor``); returns the mean difference."""
    d = np.asarray(a, dtype=np.float64) - np.asarray(b, dtype=np.float64)
    mean = float(d.mean())
    se = float(d.std(ddof=1) / np.sqrt(d.size)) if d.size > 1 else 0.0
    assert mean > z * se and mean > floor, f"difference {mean:.4g} not above {z} SE ({se:.3g})"
    return mean


def mean_over(res: SimResult, name: str, start: int = 0) -> npt.NDArray[np.float64]:
    """[R] a series' mean over months from ``start``."""
    return res.series[name][start:].mean(axis=0).astype(np.float64)
