"""Mesa reference: Accord's decision model transcribed from docs/model.md as a Mesa 3 model.

An independent writing of the simulator, for checking it: each member is a
:class:`mesa.Agent` holding its own state and deciding month by month; the model holds
the target and the framework, whose rules are transcribed from docs/rules.md in
``benchmarks/mesa_framework.py`` (coefficients in ``mesa_constants.py``, the benchmark
scenario in ``mesa_scenario.py``); a :class:`mesa.DataCollector` records the series. It
reads the regime as written, its ``model`` parameters and the cost inputs directly, and
imports nothing of the simulator's setting, engine or phases, nor of the rules engine
(``step``, ``replay``, ``classify``): only the one definition of cohesion and alignment
(``accord.rules.cohesion``) and the domain's covariates (affinity). Random numbers come
from each Mesa model's own generator, so the two agree in distribution, not draw for
draw (``tests/test_experiments_mesa.py``).

    .venv/bin/python benchmarks/mesa_reference.py [--accord-runs 10000] [--mesa-runs 20]

times the same job (the benchmark scenario below, every mechanism on) in both, in the
same process, and prints the speed ratio per run.
"""

from __future__ import annotations

import argparse
import math
import sys
import time
from pathlib import Path
from typing import Any

import mesa
import numpy as np
import numpy.typing as npt

sys.path.insert(0, str(Path(__file__).resolve().parent))
from accord.domain import Regime, RenewalRule
from accord.domain.parameters import ModelParameters
from accord.rules.cohesion import alignment, cohesion
from accord.sim import SimCosts, simulate
from mesa_constants import Constants
from mesa_framework import Framework, FrameworkMonth, posture
from mesa_scenario import benchmark_costs, benchmark_regime

__all__ = [
    "Coalition",
    "accord_series",
    "benchmark_costs",
    "benchmark_regime",
    "mesa_series",
]

F = npt.NDArray[np.float64]
SERIES = ("cohesion", "alignment", "share_mimic", "leakage", "lapses", "target_pressure")
"""What the DataCollector records each month (names as the simulator's series)."""


class Mind(mesa.Agent):  # type: ignore[misc]
    """A decider (a member, or the lead for its renewal votes): what it remembers and the
    propensity of docs/model.md, "One month" 3, every term in percent of output a month."""

    def __init__(self, model: Coalition) -> None:
        super().__init__(model)
        c, k = model.constants, model.measures
        self.desire = np.ones(k)
        self.belief = np.ones(k)  # everyone is believed to align at first
        self.fatigue = self.pressure = self.last_loss = self.resolve = 0.0
        self.threat = c.threat_mean + c.threat_spread * model.rng.standard_normal()
        self.taste = model.rng.standard_normal(k) * c.decision.idiosyncratic_sd
        self.quiet = np.zeros(k, dtype=bool)

    def votes(self, acts: list[list[int]]) -> list[bool]:
        """For an act unless it would resist one of its measures (desire below v)."""
        v = self.model.constants.decision.vote_threshold
        return [all(self.desire[k] >= v for k in held) for held in acts]

    def elect(self) -> bool:
        """An election (a decision moment) with probability 1/T_e; at it a change of
        government with probability q redraws the resolve (uniform, sd sigma)."""
        c, rng = self.model.constants, self.model.rng
        elected = bool(rng.random() < c.election)
        if elected and rng.random() < c.change:
            self.resolve = (rng.random() - 0.5) * c.resolve_sd * math.sqrt(12.0)
        return elected

    def propensity(self, r: F, perceived: F, rung: float, secondary: float, affinity: float) -> F:
        """The desired share of the requirement ``clip(slope z, 0, 1)``; sets ``quiet``."""
        c, t = self.model.constants, self.model.month
        cost = r * perceived  # the cost of what is required now
        credit = cost * c.pi * self.pressure  # the pressure part of it
        open_cost = c.rho * self.belief + rung - credit
        caught = c.detection * ((1 + c.caught_premium) * c.rho * self.belief + rung)
        self.quiet = caught < open_cost
        z = np.maximum(np.minimum(open_cost, caught), 0.0)
        z += self.threat * math.exp(-c.habituation * t) * c.ownership * self.belief
        z += secondary + affinity + self.resolve + self.taste
        z -= cost * (c.kappa * (1 + self.fatigue / c.fatigue_scale) + c.pi * self.pressure)
        slope = c.decision.slope
        return np.clip(slope * (z + 0.5 / slope), 0.0, 1.0)

    def observe(self, seen: F) -> None:
        """b <- b + alpha (what is seen of the others + noise - b), kept in [0, 1]."""
        c = self.model.constants
        noise = (self.model.rng.random(len(seen)) - 0.5) * c.belief_noise * math.sqrt(12.0)
        self.belief = np.clip(self.belief + c.belief_rate * (seen + noise - self.belief), 0, 1)

    def tire(self, loss: float) -> None:
        """Fatigue accumulates the losses, F <- mu F + L; domestic pressure fades with nu
        and jumps with a rise in the loss."""
        c = self.model.constants
        mu, nu = c.fatigue_memory, c.pressure_memory
        self.fatigue = mu * self.fatigue + loss
        jump = max(loss - self.last_loss, 0.0)
        self.pressure = nu * self.pressure + (1 - nu) * loss + c.disruption * jump
        self.last_loss = loss


class Lead(Mind):
    """The lead, modelled where its renewal vote is read (docs/model.md, "The lead's
    vote"): its own cost at its phase-in level, no secondary fear, no ladder, a perfect
    ally's affinity; it learns from all the members' weighted visible share."""

    def __init__(self, model: Coalition, cost: F) -> None:
        super().__init__(model)
        self.cost = cost  # [K] its own loss from each measure in full
        c = model.constants
        self.perceived = cost * c.reversibility_discount
        self.affinity = c.lead_affinity

    def month(self, seen: F | None) -> None:
        model: Coalition = self.model
        t = model.month
        level = np.array([model.framework.phase(k, t) for k in range(model.measures)])
        self.elect()
        self.desire = self.propensity(level, self.perceived, 0.0, 0.0, self.affinity)
        if seen is not None:
            self.observe(seen)
        self.tire(float(self.cost @ level))


class Member(Mind):
    """One coalition member: its level of every measure and what drives it."""

    def __init__(self, model: Coalition, index: int) -> None:
        super().__init__(model)
        k = model.measures
        self.index = index
        self.weight = float(model.constants.weight[index])
        self.level = np.zeros(k)
        self.required = np.zeros(k)
        self.detected = np.zeros(k, dtype=bool)
        self.unseen = np.zeros(k, dtype=bool)
        self.loss = 0.0

    def decide(self) -> None:
        """Choose the desired share; the level moves to it at decision moments (a review,
        a change in the requirement, an election, month 0; every month with reviews and
        sunsets off) and drifts a fraction delta of the way otherwise."""
        model: Coalition = self.model
        c, t, now, i = model.constants, model.month, model.now, self.index
        r = np.asarray(now.required[i])
        elected = self.elect()
        steps = model.penalties
        rung = steps[min(now.ladder[i] + 1, len(steps) - 1)] * c.rung_months
        secondary = c.secondary[i] * c.severity(t)
        self.desire = self.propensity(r, c.perceived[i], rung, secondary, c.affinity[i])
        aim = self.desire * r
        moment = now.review or t == 0 or elected or not c.sticky
        revise = moment | (r != self.required)
        self.level = np.where(revise, aim, self.level + c.drift * (aim - self.level))
        self.required = r

    def show(self) -> F:
        """What the others see: level over requirement, full compliance where nothing is
        required or a quiet shortfall goes unfound."""
        c, rng = self.model.constants, self.model.rng
        r = self.required
        short = self.level < r * (1 - c.tolerance)
        found = rng.random(len(r)) < c.detection
        self.detected = short & (~self.quiet | found)
        self.unseen = short & self.quiet & ~found
        visible = np.divide(self.level, r, out=np.ones_like(r), where=r > 0)
        visible[self.unseen] = 1.0
        return visible

    def learn(self, total: F, visible: F) -> None:
        """Beliefs move towards the others' weighted visible share."""
        self.observe((total - self.weight * visible) / max(1 - self.weight, 1e-6))

    def effective(self) -> F:
        """Trade cut: the level plus over-compliance on the rest while required."""
        c = self.model.constants
        return self.level + c.over_compliance * (1 - self.level) * (self.required > 0)

    def suffer(self) -> None:
        """Own loss before burden sharing: measures and the ladder's penalty."""
        model: Coalition = self.model
        unit = model.constants.unit_cost[self.index]
        self.loss = float(self.effective() @ unit) + model.now.penalty[self.index]


class Coalition(mesa.Model):  # type: ignore[misc]
    """One run: the members, the target and the framework, month by month."""

    def __init__(
        self,
        regime: Regime,
        costs: SimCosts,
        seed: int,
        params: ModelParameters | None = None,
        lead_cost: F | None = None,
    ) -> None:
        super().__init__(seed=seed)
        p = regime.model if params is None else params
        if regime.countermeasures:
            raise ValueError("the Mesa reference does not transcribe target countermeasures")
        self.constants = Constants(regime, costs, p)
        self.measures = len(regime.measures)
        self.framework = Framework(regime, p, list(self.constants.weight))
        self.penalties = [0.0] + [s.penalty for s in self.framework.steps]
        self.members = [Member(self, i) for i in range(len(regime.member_codes))]
        sunset = self.framework.sunset
        read = sunset is not None and (
            self.framework.lead_votes or sunset.renewal == RenewalRule.LEAD_DECIDES
        )
        cost = np.zeros(self.measures) if lead_cost is None else np.asarray(lead_cost, float)
        self.lead = Lead(self, cost) if read else None
        self.achieved = np.zeros(len(regime.milestones), dtype=bool)
        self.target_pressure = 0.0
        self.month = 0
        self.now: FrameworkMonth
        self.values: dict[str, float] = {}
        reporters: dict[str, Any] = {name: (lambda m, n=name: m.values[n]) for name in SERIES}
        self.datacollector = mesa.DataCollector(model_reporters=reporters)

    def step(self) -> None:
        c, t, members = self.constants, self.month, self.members
        # The target concedes with hazard h0 (P_T / P_ref)^eta (1 + b_s).
        tg = c.target
        base = tg.concession_rate * (self.target_pressure / tg.reference_pressure) ** tg.elasticity
        conceded = ~self.achieved & (
            self.rng.random(len(self.achieved)) < base * (1 + c.relief_boost)
        )
        self.achieved |= conceded
        acts = [act.measures for act in self.framework.acts]
        self.now = self.framework.month(
            t,
            detected=[bool(a.detected.any()) for a in members],
            votes=[a.votes(acts) for a in members],
            lead_votes=self.lead.votes(acts) if self.lead else [True] * len(acts),
            conceded=list(conceded),
        )
        self.agents_by_type[Member].do("decide")
        visible = [a.show() for a in members]
        total = sum(a.weight * v for a, v in zip(members, visible, strict=True))
        if c.learning:
            for a, v in zip(members, visible, strict=True):
                a.learn(total, v)
        if self.lead is not None:
            self.lead.month(total if c.learning else None)
        self.agents_by_type[Member].do("suffer")
        mean_loss = sum(a.weight * a.loss for a in members)
        for a in members:
            a.tire(a.loss - c.burden * (a.loss - mean_loss))
        effective = np.stack([a.effective() for a in members])
        gross = (effective * c.target_unit).sum(axis=0)  # [K], net of rerouting already
        self.target_pressure = float(gross.sum())
        age = np.maximum(t - c.adopted, 0)
        matured = np.where(t >= c.adopted, 1 - np.exp(-age / c.leakage_tau), 0.0)
        cover = c.weight @ effective
        leak = np.clip(c.leakage_share * matured * (1 + c.leakage_gap * (1 - cover)), 0.0, 1.0)
        level = np.stack([a.level for a in members])
        reference = np.asarray(self.now.reference)
        due = [
            (m, k) for m in range(len(members)) for k in range(self.measures) if reference[m, k] > 0
        ]
        mimic = sum(posture(level[m, k], reference[m, k]) == "mimic" for m, k in due)
        self.values = {
            "cohesion": float(cohesion(level, reference, c.weight)),
            "alignment": float(alignment(level, reference, c.weight)),
            "share_mimic": mimic / len(due) if due else 1.0,
            "leakage": float(gross @ leak / gross.sum()) if gross.sum() > 0 else 0.0,
            "lapses": float(self.now.lapsed),
            "target_pressure": self.target_pressure,
        }
        self.datacollector.collect(self)
        self.month += 1


def mesa_series(
    regime: Regime,
    costs: SimCosts,
    runs: int,
    months: int,
    seed: int,
    params: ModelParameters | None = None,
) -> dict[str, F]:
    """Each series ``[months, runs]`` from ``runs`` Mesa models (run i seeded seed + i)."""
    out = {name: np.empty((months, runs)) for name in SERIES}
    for i in range(runs):
        model = Coalition(regime, costs, seed + i, params)
        for _ in range(months):
            model.step()
        frame = model.datacollector.get_model_vars_dataframe()
        for name in SERIES:
            out[name][:, i] = frame[name].to_numpy()
    return out


def accord_series(
    regime: Regime,
    costs: SimCosts,
    runs: int,
    months: int,
    seed: int,
    params: ModelParameters | None = None,
) -> dict[str, F]:
    """The same series ``[months, runs]`` from Accord's vectorised simulator."""
    result = simulate(regime, costs, runs, months, seed, params=params)
    return {name: np.asarray(result.series[name], dtype=np.float64) for name in SERIES}


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--members", type=int, default=35)
    parser.add_argument("--measures", type=int, default=8)
    parser.add_argument("--months", type=int, default=120)
    parser.add_argument("--accord-runs", type=int, default=10_000)
    parser.add_argument("--mesa-runs", type=int, default=20)
    parser.add_argument("--seed", type=int, default=0)
    a = parser.parse_args()
    regime = benchmark_regime(a.members, a.measures, a.months)
    costs = benchmark_costs(a.members, a.measures)
    start = time.perf_counter()
    fast = accord_series(regime, costs, a.accord_runs, a.months, a.seed)["cohesion"]
    accord_s = time.perf_counter() - start
    start = time.perf_counter()
    slow = mesa_series(regime, costs, a.mesa_runs, a.months, a.seed)["cohesion"]
    mesa_s = time.perf_counter() - start
    per_accord = accord_s / a.accord_runs
    per_mesa = mesa_s / a.mesa_runs
    print(f"job: {a.members} members x {a.measures} measures x {a.months} months, all mechanisms")
    print(f"accord: {a.accord_runs} runs in {accord_s:.2f} s ({per_accord * 1e3:.3f} ms/run)")
    print(f"mesa:   {a.mesa_runs} runs in {mesa_s:.2f} s ({per_mesa * 1e3:.1f} ms/run)")
    print(f"speed ratio accord / mesa (per run): {per_mesa / per_accord:.0f}x")
    se = np.sqrt(fast[-1].var(ddof=1) / a.accord_runs + slow[-1].var(ddof=1) / a.mesa_runs)
    gap = (fast[-1].mean() - slow[-1].mean()) / se if se > 0 else 0.0
    print(
        f"mean cohesion at the horizon: accord {fast[-1].mean():.3f}, mesa {slow[-1].mean():.3f}"
        f" ({gap:+.1f} standard errors apart)"
    )


if __name__ == "__main__":
    main()
