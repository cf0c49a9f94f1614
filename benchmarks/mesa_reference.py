"""Mesa reference: Accord's decision model written as a Mesa 3 agent-based model.

Each member is a :class:`mesa.Agent` that holds its own state (levels, beliefs,
fatigue, resolve...) and decides month by month; the model holds the target and the
framework, which it asks the same rules engine as the simulator (one run at a time);
a :class:`mesa.DataCollector` records cohesion. The constants come from the
simulator's :func:`accord.sim.build_setting`, so both models read a scenario the same
way; the monthly dynamics (``accord.sim.engine.advance``) are written again here, per
agent, in the style of a Mesa model. Random numbers come from each model's own
``numpy`` generator, so the two agree in distribution, not draw for draw.

    .venv/bin/python benchmarks/mesa_reference.py [--accord-runs 10000] [--mesa-runs 20]

times the same job (the benchmark scenario below, every mechanism on) in both, in the
same process, and prints the speed ratio per run-month.
"""

from __future__ import annotations

import argparse
import time
from typing import Any

import mesa
import numpy as np
import numpy.typing as npt

from accord.domain import ECONOMIES, Regime
from accord.rules import MonthInputs, initial_state, step
from accord.rules.cohesion import cohesion
from accord.sim import SimCosts, build_setting, simulate, synthetic_costs
from accord.sim.setting import Setting

F = npt.NDArray[np.float64]


class Member(mesa.Agent):  # type: ignore[misc]
    """One coalition member: its posture on every measure and what drives it."""

    def __init__(self, model: Coalition, index: int) -> None:
        super().__init__(model)
        st = model.setting
        k = st.shape[1]
        rng = model.rng
        self.index = index
        self.weight = float(st.weight[index])
        self.level = np.zeros(k)
        self.desire = np.ones(k)
        self.belief = np.ones(k)
        self.required = np.zeros(k)
        self.detected = np.zeros(k, dtype=bool)
        self.quiet = np.zeros(k, dtype=bool)
        self.unseen = np.zeros(k, dtype=bool)
        self.fatigue = 0.0
        self.pressure = 0.0
        self.last_loss = 0.0
        self.loss = 0.0
        self.resolve = 0.0
        spread = rng.standard_normal()
        self.threat = st.threat_mean + st.threat_spread * (1.0 - st.threat_align) * spread
        self.taste = rng.standard_normal(k) * st.idiosyncratic_sd

    def decide(self) -> None:
        """Weigh costs, pressure, threat, penalties and reputation; choose levels."""
        model: Coalition = self.model
        st, t, req = model.setting, model.month, model.requirements
        rng = model.rng
        r = req.required[0, self.index].astype(np.float64)
        politics = rng.random()
        elect = politics < st.election
        if politics < st.change:  # a new government, its resolve uniform with sd resolve_sd
            self.resolve = (rng.random() - 0.5) * st.resolve_sd * np.sqrt(12.0)
        threat = self.threat * np.exp(-st.threat_decay * t) * st.resolve_boost
        cost_weight = st.cost_weight * (1.0 + self.fatigue / st.fatigue_scale)
        cost_weight += st.pressure_weight * self.pressure
        ladder = float(st.ladder_next[req.ladder[0, self.index]])
        credit = st.pressure_weight * self.pressure
        open_cost = self.belief * st.reputation + (ladder - credit)
        caught_cost = self.belief * (st.detection * (1.0 + st.caught_premium) * st.reputation)
        caught_cost += st.detection * ladder
        self.quiet = caught_cost < open_cost
        z = np.maximum(np.minimum(open_cost, caught_cost), 0.0)
        # Shared threat: a contribution is worth as much as the others are believed to add.
        z += threat * self.belief
        severity = float(st.secondary_path[min(t, len(st.secondary_path) - 1)])
        z += self.resolve + float(st.secondary[self.index]) * severity + 0.5 / st.slope
        z += float(st.affinity[self.index])
        z += self.taste
        z -= st.perceived_cost[self.index] * cost_weight * r  # the cost of what is required
        self.desire = np.clip(z * st.slope, 0.0, 1.0)
        aim = self.desire * r
        revise = (r != self.required) | elect | req.review_due | (t == 0)
        self.level = np.where(revise, aim, self.level + st.drift * (aim - self.level))
        self.required = r

    def show(self) -> F:
        """What the others see: the share of the requirement implemented, or full
        compliance where a quiet shortfall goes unfound."""
        st, rng = self.model.setting, self.model.rng
        r = self.required
        short = self.level < r * (1.0 - st.tolerance)
        hidden = short & self.quiet
        # The simulator resolves the monthly detection probability to 1/256.
        found = rng.random(len(r)) < round(st.detection * 256) / 256
        self.detected = (short & ~self.quiet) | (hidden & found)
        self.unseen = hidden & ~found
        visible = np.divide(self.level, r, out=np.ones_like(r), where=r > 0)
        visible[self.unseen] = 1.0
        return visible

    def learn(self, total: F, visible: F) -> None:
        """Update beliefs about the others from what they showed, with noise."""
        st = self.model.setting
        noise_scale = st.belief_noise * np.sqrt(12.0)
        noise = (self.model.rng.random(len(total)) - 0.5) * noise_scale
        others = (total - self.weight * visible) / max(1.0 - self.weight, 1e-6) + noise
        self.belief = np.clip(self.belief + st.belief_rate * (others - self.belief), 0.0, 1.0)

    def effective(self) -> F:
        """Trade actually cut: the level plus private over-compliance on the rest."""
        positive = self.required > 0
        return self.level + (1.0 - self.level) * positive * self.model.setting.over_compliance

    def suffer(self) -> None:
        """Own loss (before burden sharing) from the measures and the ladder's penalty."""
        st, req = self.model.setting, self.model.requirements
        unit = st.unit_cost[self.index].astype(np.float64)
        month = min(self.model.month, len(st.counter_loss) - 1)
        counter = st.counter_loss[month, self.index]
        self.loss = float(self.effective() @ unit) + float(req.penalty[0, self.index])
        self.loss += float(counter)  # the target's countermeasures

    def tire(self, loss: float) -> None:
        """Fatigue and domestic pressure from this month's net loss."""
        st = self.model.setting
        self.fatigue = st.fatigue_memory * self.fatigue + (1 - st.fatigue_memory) * loss
        jump = max(loss - self.last_loss, 0.0)
        pm = st.pressure_memory
        self.pressure = pm * self.pressure + (1 - pm) * loss + st.disruption * jump
        self.last_loss = loss


class Coalition(mesa.Model):  # type: ignore[misc]
    """One run: the members, the target and the framework's rules, month by month."""

    def __init__(self, setting: Setting, seed: int) -> None:
        super().__init__(seed=seed)
        self.setting = setting
        m, _, s = setting.shape
        self.members = [Member(self, i) for i in range(m)]
        self.rules = initial_state(setting.cr, 1)
        self.achieved = np.zeros(s, dtype=bool)
        self.target_pressure = 0.0
        self.month = 0
        self.cohesion = 1.0
        self.requirements: Any = None
        self.datacollector = mesa.DataCollector(model_reporters={"cohesion": "cohesion"})

    def step(self) -> None:
        st, t = self.setting, self.month
        w = st.weight.astype(np.float64)
        # The target concedes milestones with a hazard rising with pressure and relief.
        base = st.concession * (self.target_pressure / st.reference_pressure) ** st.elasticity
        hazard = base * (1.0 + st.relief_boost)
        conceded = ~self.achieved & (self.rng.random(len(self.achieved)) < hazard)
        self.achieved |= conceded
        # The framework, through the one rules engine.
        acts = st.cr.acts
        inputs = MonthInputs(
            detected=np.stack([a.detected for a in self.members])[None],
            # A member votes for an act when it wants every measure the act holds.
            in_favour=np.stack(
                [
                    [bool(np.all(a.desire[held] >= st.vote_threshold)) for held in acts.measures]
                    for a in self.members
                ]
            ).reshape(1, len(self.members), len(acts.ids)),
            lead_in_favour=np.ones((1, len(acts.ids)), dtype=bool),
            certified=conceded[None],
        )
        self.rules, self.requirements = step(st.cr, self.rules, t, inputs)
        # Members decide, show what they did, and learn from the others.
        self.agents.do("decide")
        visible = [a.show() for a in self.members]
        if st.beliefs_on:
            total = sum(a.weight * v for a, v in zip(self.members, visible, strict=True))
            for a, v in zip(self.members, visible, strict=True):
                a.learn(total, v)
        # Losses, burden sharing, fatigue and pressure.
        self.agents.do("suffer")
        mean_loss = sum(a.weight * a.loss for a in self.members)
        for a in self.members:
            a.tire(a.loss - st.burden * (a.loss - mean_loss))
        # Pressure on the target: the cost model's loss, already net of rerouting.
        effective = np.stack([a.effective() for a in self.members])  # [M, K]
        gross = (effective * st.target_unit).sum(axis=0)
        self.target_pressure = float(gross.sum())  # the cost model's loss, net of rerouting
        # Cohesion, by the rules' one definition (against the lead's level after a lapse).
        level = np.stack([a.level for a in self.members])
        self.cohesion = float(cohesion(level, self.requirements.reference[0], w))
        self.datacollector.collect(self)
        self.month += 1


def mesa_cohesion(setting: Setting, runs: int, months: int, seed: int) -> F:
    """Cohesion ``[months, runs]`` from ``runs`` Mesa models (run ``i`` seeded ``seed + i``)."""
    out = np.empty((months, runs))
    for i in range(runs):
        model = Coalition(setting, seed + i)
        for _ in range(months):
            model.step()
        out[:, i] = model.datacollector.get_model_vars_dataframe()["cohesion"].to_numpy()
    return out


def accord_cohesion(regime: Regime, costs: SimCosts, runs: int, months: int, seed: int) -> F:
    """Cohesion ``[months, runs]`` from Accord's vectorised simulator."""
    result = simulate(regime, costs, runs, months, seed)
    return np.asarray(result.series["cohesion"], dtype=np.float64)


def benchmark_regime(members: int, measures: int, months: int) -> Regime:
    """A regime with reviews, a sunset, verification and a ladder, so every mechanism works."""
    codes = [c for c in ECONOMIES if c not in ("USA", "RUS")][:members]
    kinds = ["asset_freeze", "export_ban", "import_ban", "financial_cutoff", "price_cap"]
    data: dict[str, Any] = {
        "name": "mesa reference",
        "start": "2022-01-01",
        "horizon_months": months,
        "lead": {"code": "USA", "secondary_threat": 0.5, "credibility": 0.7},
        "target": {"code": "RUS"},
        "members": codes,
        "measures": [
            {"id": f"m{k}", "kind": kinds[k % len(kinds)], "adopted": f"2022-{1 + k % 6:02d}-01"}
            for k in range(measures)
        ],
        "milestones": [{"id": "talks", "co_designed": True}],
        "safeguards": {
            "review": {"every_months": 6},
            "sunset": {"months": 12, "renewal": "qualified_majority", "threshold": 0.55},
            "verification": {"independent": True, "detection": 0.3},
            "ladder": {
                "steps": [{"name": "warning", "penalty": 0.0}, {"name": "fine", "penalty": 0.5}]
            },
            "relief": [{"milestone": "talks", "measures": ["m0"], "relief": 0.5}],
            "information_sharing": True,
            "coordinated_messaging": True,
            "burden_sharing": 0.2,
        },
    }
    return Regime.model_validate(data)


def job(members: int, measures: int, months: int) -> tuple[Regime, SimCosts, Setting]:
    """The benchmark's regime, cost inputs (seeded, uneven) and the simulator's constants."""
    regime = benchmark_regime(members, measures, months)
    costs = synthetic_costs(members, measures, np.random.default_rng(2022), unevenness=1.0)
    return regime, costs, build_setting(regime, costs, months)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--members", type=int, default=35)
    parser.add_argument("--measures", type=int, default=8)
    parser.add_argument("--months", type=int, default=120)
    parser.add_argument("--accord-runs", type=int, default=10_000)
    parser.add_argument("--mesa-runs", type=int, default=20)
    parser.add_argument("--seed", type=int, default=0)
    a = parser.parse_args()
    regime, costs, setting = job(a.members, a.measures, a.months)
    start = time.perf_counter()
    fast = accord_cohesion(regime, costs, a.accord_runs, a.months, a.seed)
    accord_s = time.perf_counter() - start
    start = time.perf_counter()
    slow = mesa_cohesion(setting, a.mesa_runs, a.months, a.seed)
    mesa_s = time.perf_counter() - start
    per_accord = accord_s / a.accord_runs
    per_mesa = mesa_s / a.mesa_runs
    print(
        f"job: {a.members} members x {a.measures} measures x {a.months} months, every mechanism on"
    )
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
