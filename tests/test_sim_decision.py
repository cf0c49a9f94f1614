"""The decision model as docs/model.md writes it: fatigue accumulates the loss history,
and the propensity recomputed term by term from the documented equation, for one member,
is the engine's."""

from __future__ import annotations

import itertools
import math
from dataclasses import dataclass, field

import numpy as np
import pytest

from accord.sim import build_setting
from accord.sim.engine import Month, SimState
from accord.sim.phases import tire
from accord.sim.watch import run_watched
from tests.sim_support import sim_costs, sim_regime


def test_fatigue_accumulates_the_loss_history() -> None:
    """Under a constant loss L fatigue keeps rising month after month, well past L, as
    the discounted sum ``F_t = mu F_(t-1) + L`` (towards ``L / (1 - mu)``); an average
    of the losses would never pass L."""
    st = build_setting(sim_regime(), sim_costs(), 12)
    mu, loss = st.fatigue_memory, 0.2
    fatigue = np.zeros((1, 1), dtype=np.float32)
    pressure = np.zeros((1, 1), dtype=np.float32)
    constant = np.full((1, 1), loss, dtype=np.float32)
    path = []
    for _ in range(60):
        fatigue, pressure = tire(st, fatigue, pressure, constant, constant)
        path.append(float(fatigue[0, 0]))
    assert all(b > a for a, b in itertools.pairwise(path))
    assert path[11] > 5 * loss
    for t, value in enumerate(path):
        expected = loss * (1 - mu ** (t + 1)) / (1 - mu)
        assert math.isclose(value, expected, rel_tol=1e-5)


@dataclass
class OneMember:
    """A watcher keeping what member ``m``'s decision read in month ``t`` of run ``r``,
    and the engine's desire."""

    t: int
    r: int = 0
    m: int = 3  # the member with the highest costs (interior desires)
    read: dict[str, np.ndarray] = field(default_factory=dict)

    def before(self, t: int, s: SimState) -> None:
        if t == self.t:
            r, m = self.r, self.m
            self.read["belief"] = s.belief[r, m].astype(np.float64)
            self.read["fatigue"] = np.float64(s.fatigue[r, m])
            self.read["pressure"] = np.float64(s.pressure[r, m])

    def after(self, t: int, s: SimState, month: Month) -> None:
        if t == self.t:
            r, m = self.r, self.m
            self.read["resolve"] = np.float64(s.resolve[r, m])
            self.read["rung"] = np.int64(s.rules.ladder[r, m])
            self.read["required"] = month.required[r, m].astype(np.float64)
            self.read["threat"] = np.float64(s.threat[r, m])
            self.read["taste"] = s.taste[r, m].astype(np.float64)
            self.read["desire"] = s.desire[r, m].astype(np.float64)


@pytest.mark.parametrize(
    "safeguards",
    [
        {},  # quiet deviation mostly cheaper
        {"verification": {"independent": True, "detection": 0.9}},  # open deviation cheaper
    ],
)
def test_the_documented_equation_gives_the_engines_desire(safeguards: dict[str, object]) -> None:
    """docs/model.md, "One month", step 3, written out for one member in float64:

    z = D + theta(t) b + s(t) + lambda (a - a_ref) + rho_pol + eps
        - r c~ (kappa (1 + F / F*) + pi P) + 0.5 / slope
    D = max(0, min(rho b + H pen_next - pi P r c~, p (1 + k) rho b + p H pen_next))
    d = clip(slope z, 0, 1)
    """
    regime = sim_regime(safeguards)
    st = build_setting(regime, sim_costs(unevenness=1.5, mean_cost=0.6), 30)
    p = regime.model
    interior = 0
    for t in (0, 7, 19, 29):
        one = OneMember(t=t)
        run_watched(st, 16, 30, 4, watchers=(one,))
        a, m = one.read, one.m
        b, fatigue, pressure = a["belief"], a["fatigue"], a["pressure"]
        r_c = a["required"] * st.perceived_cost[m].astype(np.float64)
        theta = a["threat"] * math.exp(-st.threat_decay * t) * st.resolve_boost
        severity = float(st.secondary_path[min(t, len(st.secondary_path) - 1)])
        # the ladder's rungs above "no step": 0 (none), then the regime's steps in order
        ladder = regime.safeguards.ladder
        assert ladder is not None
        penalties = [0.0, *(step.penalty for step in ladder.steps)]
        pen = penalties[min(int(a["rung"]) + 1, len(penalties) - 1)]
        pen *= p.consequence_ladder.horizon_months
        rho, det = st.reputation, st.detection
        credit = st.pressure_weight * pressure * r_c
        open_cost = rho * b + pen - credit
        quiet_cost = det * (1 + p.reputation.caught_premium) * rho * b + det * pen
        deviation = np.maximum(0.0, np.minimum(open_cost, quiet_cost))
        weight = st.cost_weight * (1 + fatigue / p.economic_cost.fatigue_scale)
        cost = r_c * (weight + st.pressure_weight * pressure)
        z = (
            deviation
            + theta * b
            + float(st.secondary[m]) * severity
            + float(st.affinity[m])
            + a["resolve"]
            + a["taste"]
            - cost
            + 0.5 / p.decision.slope
        )
        wanted = np.clip(p.decision.slope * z, 0.0, 1.0)
        np.testing.assert_allclose(wanted, a["desire"], atol=2e-5, err_msg=f"month {t}")
        interior += int(((wanted > 0) & (wanted < 1)).sum())
    assert interior >= 3, "the check must see desires the clip does not hide"
