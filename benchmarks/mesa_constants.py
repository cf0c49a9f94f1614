"""docs/model.md's coefficients for the Mesa reference, read from a regime as written,
its ``[model]`` parameters and the cost inputs (nothing of the simulator's setting)."""

from __future__ import annotations

import numpy as np
import numpy.typing as npt

from accord.covariates import regime_affinity
from accord.domain import Regime, month_index
from accord.domain.parameters import ModelParameters
from accord.sim import SimCosts

F = npt.NDArray[np.float64]


class Constants:
    """docs/model.md's coefficients, read from the regime, its parameters and the costs
    (each zero or neutral when its mechanism is off)."""

    def __init__(self, regime: Regime, costs: SimCosts, p: ModelParameters) -> None:
        sg = regime.safeguards
        w = np.asarray(costs.member_weight, dtype=np.float64)
        self.weight = w / w.sum()
        self.unit_cost = np.asarray(costs.unit_cost, dtype=np.float64)
        self.target_unit = np.asarray(costs.target_unit, dtype=np.float64)
        self.leakage_share = np.asarray(costs.leakage_share, dtype=np.float64) * p.leakage.on
        self.burden = sg.burden_sharing if p.burden_sharing.on else 0.0
        msg = p.messaging.on and sg.coordinated_messaging
        hum = p.humanitarian.on and sg.humanitarian_channel
        co = [s.co_designed for s in regime.milestones]
        own = p.ownership.boost * sum(co) / len(co) if (p.ownership.on and co) else 0.0
        # Diversification: c~ = c (1 - psi rev_k), rev_k the mean of renewable (an act with
        # a term holds it), relief-linked and partial, as the design has them.
        sunset = sg.sunset is not None and p.reviews_sunsets.on
        relieved = {k for r in sg.relief for k in r.measures} if p.relief.on else set()
        if regime.acts:
            held = {k for a in regime.acts if a.expires is not None for k in a.measures}
        else:
            held = {m.id for m in regime.measures if m.renewable}
        rev = np.array(
            [
                (
                    (sunset and m.id in held)
                    + (m.id in relieved)
                    + (m.weight < 1.0 or m.phase_in.kind != "immediate")
                )
                / 3.0
                for m in regime.measures
            ]
        )
        self.reversibility_discount = 1.0 - p.diversification.discount * rev * p.diversification.on
        perceived = self.unit_cost * self.reversibility_discount
        # Burden sharing: perceived cost x ((1 - beta) + beta w_m).
        self.perceived = perceived * ((1.0 - self.burden) + self.burden * self.weight)[:, None]
        ec, dp, tp = p.economic_cost, p.domestic_pressure, p.threat_perception
        self.kappa = ec.weight if ec.on else 0.0
        self.fatigue_memory, self.fatigue_scale = ec.fatigue_memory, ec.fatigue_scale
        self.pi = (
            dp.weight
            * (1 - (p.messaging.pressure_cut if msg else 0.0))
            * (1 - (p.humanitarian.blowback_cut if hum else 0.0))
            if dp.on
            else 0.0
        )
        self.pressure_memory, self.disruption = dp.memory, dp.disruption
        joint = tp.on and sg.joint_threat_assessment
        raised = (1 + (tp.objectives_boost if sg.objectives else 0.0)) * (
            1 + (tp.joint_raise if joint else 0.0)
        )
        self.threat_mean = tp.level * raised if tp.on else 0.0
        self.threat_spread = tp.spread * (1 - (tp.joint_align if joint else 0.0)) if tp.on else 0.0
        self.habituation = tp.decay_per_year / 12 * (1 - (p.humanitarian.legitimacy if hum else 0))
        self.ownership = 1.0 + own
        sp = p.secondary_penalty
        cred = regime.lead.credibility if sp.credibility is None else sp.credibility
        exposure = np.asarray(costs.exposure_to_lead, dtype=np.float64)
        self.secondary = sp.weight * cred * exposure if sp.on else np.zeros(len(w))
        self.threats = [
            (month_index(regime.start, x.date), x.severity) for x in regime.lead.threats
        ]
        self.first_threat = regime.lead.secondary_threat
        af = p.affinity
        members = regime.member_codes
        self.affinity = (
            af.weight * (np.asarray(regime_affinity(regime, members), np.float64) - af.reference)
            if af.on
            else np.zeros(len(w))
        )
        self.lead_affinity = af.weight * (1 - af.reference) if af.on else 0.0
        rep = p.reputation
        self.rho = rep.weight * (1 + (p.messaging.reputation_boost if msg else 0)) * (1 + own)
        self.rho *= rep.on
        self.caught_premium = rep.caught_premium
        detection = 0.0
        if p.verification.on:
            if sg.verification is not None:
                factor = 1.0 if sg.verification.independent else p.verification.dependent_factor
                detection += sg.verification.detection * factor
            if sg.reporting is not None:
                detection += sg.reporting.detection
        self.detection = min(detection, 1.0)
        self.tolerance = sg.ladder.tolerance if sg.ladder is not None else 0.1
        self.rung_months = p.consequence_ladder.horizon_months
        # Relief term b_s = B / (1 + delay / tau_c) of milestones with relief criteria.
        self.relief_boost = np.zeros(len(regime.milestones))
        if p.relief.on:
            for s, ms in enumerate(regime.milestones):
                delays = [r.certification_delay_months for r in sg.relief if r.milestone == ms.id]
                if delays:
                    self.relief_boost[s] = p.relief.boost / (1 + min(delays) / p.relief.delay_scale)
        best = self.relief_boost.max(initial=0.0)
        predictable = best / p.relief.boost if p.relief.boost > 0 else 0.0
        oc = p.over_compliance
        clarity = 1 - (1 - oc.guidance) * (1 - oc.relief_clarity * predictable)
        self.over_compliance = oc.share * (1 - clarity) if oc.on else 0.0
        b = p.beliefs
        share = b.sharing_cut if sg.information_sharing else 0.0
        self.learning = b.on
        self.belief_noise = b.noise_sd * (1 - share)
        self.belief_rate = b.learning_rate + (1 - b.learning_rate) * share
        pc = p.political_cycle
        self.election = 1 / pc.election_every_months if pc.on else 0.0
        self.change = pc.change_probability
        self.resolve_sd = pc.resolve_sd
        self.drift = p.reviews_sunsets.drift
        self.sticky = p.reviews_sunsets.on  # off: every month is a decision moment
        self.target = p.target
        self.decision = p.decision
        self.leakage_tau, self.leakage_gap = p.leakage.months_to_mature, p.leakage.gap_factor
        self.adopted = np.array([month_index(regime.start, m.adopted) for m in regime.measures])

    def severity(self, t: int) -> float:
        """The lead's secondary threat in month t: the first, then each dated one."""
        out = self.first_threat
        for month, severity in self.threats:
            if month <= t:
                out = severity
        return out
