"""Everything the monthly loop needs that does not change from month to month.

A regime, its model parameters and its cost inputs are turned once into constants:
the compiled regime (with switched-off safeguards removed before compiling, so the one
rules engine never sees them), per-member and per-measure coefficients, and each
mechanism's effective strength (zero when the mechanism is off). The loop then does
arithmetic only.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from accord.covariates import regime_affinity
from accord.domain import Regime, RenewalRule, expand, month_index
from accord.domain.parameters import ModelParameters
from accord.rules import CompiledRegime, compile_regime
from accord.rules.compiled import F32
from accord.sim.broadcast import PerRun
from accord.sim.costs import SimCosts

DEFAULT_TOLERANCE = 0.1
"""Shortfall tolerated before it counts as a violation when the regime has no ladder."""


@dataclass(frozen=True)
class LeadDisposition:
    """The lead's own decision constants, shaped as a coalition of one (``[1, K]``, ``[1]``).

    The lead decides by the members' rule (``docs/model.md``, "The lead's vote") with
    terms of its own: the cost of its own measures (``unit_cost``, from the cost model when
    given, else none), discounted for reversibility as the members' are but not shared
    by burden sharing; no fear of secondary penalties (they are its own); the affinity of
    a perfect ally (it stands with itself); no consequence ladder (the ladder binds members).
    """

    unit_cost: F32  # [1, K] its own loss, percent of its output per month, at full level
    perceived_cost: F32  # [1, K] after the reversibility discount
    secondary: F32  # [1] zero
    affinity: F32  # [1] lambda x (1 - a_ref); [R, 1] with per-run parameters


@dataclass(frozen=True)
class Setting:
    """Constants of one simulated design (see ``docs/model.md`` for each symbol)."""

    cr: CompiledRegime
    params: ModelParameters
    weight: F32  # [M] w_m
    unit_cost: F32  # [M, K] c_mk, actual own loss at full implementation
    perceived_cost: F32  # [M, K] c~_mk, after diversification and burden sharing
    target_unit: F32  # [M, K] g_mk
    leakage_share: F32  # [K] lambda_k (0 when leakage is off)
    burden: float  # beta
    cost_weight: PerRun  # kappa
    fatigue_memory: float
    fatigue_scale: float
    pressure_weight: float  # pi, after messaging and humanitarian cuts
    pressure_memory: float
    disruption: float
    threat_decay: float  # per month
    threat_mean: float
    threat_spread: float
    threat_align: float
    resolve_boost: float  # ownership multiplier on threat and reputation (1 + o)
    secondary: F32  # [M] s_m at unit severity = weight x credibility x exposure ([R, M] per run)
    secondary_path: F32  # [T + 1] severity of the lead's threat by month
    counter_loss: F32  # [T + 1, M] members' loss from the target's countermeasures
    affinity: F32  # [M] lambda x (a_m - a_ref), alignment with the lead ([R, M] per run)
    reputation: PerRun  # rho, after messaging and ownership
    caught_premium: float
    detection: float  # p, monthly chance a quiet shortfall is found
    tolerance: float  # shortfall below the requirement that counts as a violation
    ladder_next: F32  # [steps + 1] deterrent of the next rung, by current rung
    over_compliance: float  # omega x (1 - clarity)
    belief_noise: float
    belief_rate: float
    beliefs_on: bool
    election: float  # monthly chance of an election
    change: float  # monthly chance of a change of government
    resolve_sd: float
    drift: float
    concession: float
    reference_pressure: float
    elasticity: float
    relief_boost: F32  # [S]
    leakage_tau: float
    leakage_gap: float
    slope: PerRun
    vote_threshold: PerRun
    idiosyncratic_sd: float
    fracture_threshold: float
    lead: LeadDisposition
    lead_votes: bool  # the lead's vote is read (it is a voter, or the rule is lead_decides)
    sticky: bool  # postures are sticky between decision moments (reviews and sunsets on)
    runs: int = 0  # runs the per-run parameters are for (0: one set for every run)

    @property
    def shape(self) -> tuple[int, int, int]:
        """(members, measures, milestones)."""
        return len(self.cr.members), len(self.cr.measures), len(self.cr.milestones)


def _design_regime(regime: Regime, p: ModelParameters) -> Regime:
    """The regime the rules engine sees: safeguards whose mechanism is off are removed."""
    sg = regime.safeguards
    update: dict[str, object] = {}
    if not p.reviews_sunsets.on:
        update.update(review=None, sunset=None)
    if not p.consequence_ladder.on:
        update["ladder"] = None
    if not p.relief.on:
        update["relief"] = ()
    if not p.escalation.on:
        update["escalation"] = ()
    out = regime.model_copy(update={"safeguards": sg.model_copy(update=update)})
    if not p.carve_outs.on:
        out = out.model_copy(update={"exemptions": ()})
    return out


def _reversibility(regime: Regime) -> F32:
    """[K] in [0, 1]: how reversible and calibrated each measure is (renewable under a
    sunset, tied to relief, partial in weight or phased), the mean of the three."""
    sg = regime.safeguards
    relieved = {m for r in sg.relief for m in r.measures}
    sunset = sg.sunset is not None
    if sunset and regime.acts:  # with acts, a measure is renewable when an act with a term holds it
        held = {k for a in regime.acts if a.expires is not None for k in a.measures}
    else:
        held = {m.id for m in regime.measures if m.renewable}
    out = [
        (
            float(sunset and m.id in held)
            + float(m.id in relieved)
            + float(m.weight < 1.0 or m.phase_in.kind != "immediate")
        )
        / 3.0
        for m in regime.measures
    ]
    return np.asarray(out, dtype=np.float32)


def _threat_path(regime: Regime, months: int) -> F32:
    """[months + 1] severity of the lead's secondary threat by month: ``secondary_threat``
    from the start, each dated threat from its month on (a dated fact belongs to its month)."""
    path = np.full(months + 1, regime.lead.secondary_threat, dtype=np.float32)
    for threat in regime.lead.threats:
        path[max(month_index(regime.start, threat.date), 0) :] = threat.severity
    return path


def _counter_loss(regime: Regime, costs: SimCosts, months: int) -> F32:
    """[months + 1, M] each member's loss, percent of output, from the target's
    countermeasures in force that month (from their start month to their end month)."""
    members = regime.member_codes
    out = np.zeros((months + 1, len(members)), dtype=np.float32)
    cost = costs.countermeasure_cost
    if cost is None or not regime.countermeasures:
        return out
    for c, cm in enumerate(regime.countermeasures):
        hit = set(expand(cm.members)) if cm.members else set(members)
        first = max(month_index(regime.start, cm.start), 0)
        last = months + 1 if cm.end is None else max(month_index(regime.start, cm.end), 0)
        mask = np.array([m in hit for m in members], dtype=np.float32)
        out[first:last] += cost[:, c] * mask
    return out


def _relief_boost(regime: Regime, p: ModelParameters) -> F32:
    """[S] how much credible, predictable relief raises the concession hazard of each
    milestone: ``boost / (1 + delay / delay_scale)`` for milestones with relief criteria."""
    out = np.zeros(len(regime.milestones), dtype=np.float32)
    if not p.relief.on:
        return out
    for s, ms in enumerate(regime.milestones):
        delays = [
            r.certification_delay_months for r in regime.safeguards.relief if r.milestone == ms.id
        ]
        if delays:
            out[s] = p.relief.boost / (1.0 + min(delays) / p.relief.delay_scale)
    return out


def secondary_fear(regime: Regime, p: ModelParameters, costs: SimCosts) -> F32:
    """[M] fear of secondary penalties at unit severity: weight x credibility x exposure."""
    if not p.secondary_penalty.on:
        return np.zeros(len(regime.member_codes), dtype=np.float32)
    cred = p.secondary_penalty.credibility
    cred = regime.lead.credibility if cred is None else cred
    return np.asarray(p.secondary_penalty.weight * cred * costs.exposure_to_lead, np.float32)


def alignment(p: ModelParameters, affinity: F32) -> F32:
    """[M] the affinity term ``lambda (a_m - a_ref)`` from the members' affinity ``a_m``
    (0 when the term is off)."""
    if not p.affinity.on:
        return np.zeros_like(affinity, dtype=np.float32)
    return np.asarray(p.affinity.weight * (affinity - p.affinity.reference), dtype=np.float32)


def reputation(regime: Regime, p: ModelParameters) -> float:
    """rho after messaging and ownership (0 when reputation is off)."""
    if not p.reputation.on:
        return 0.0
    sg = regime.safeguards
    msg = p.messaging.on and sg.coordinated_messaging
    co = [s.co_designed for s in regime.milestones]
    own = p.ownership.boost * (sum(co) / len(co)) if (p.ownership.on and co) else 0.0
    return p.reputation.weight * (1.0 + (p.messaging.reputation_boost if msg else 0.0)) * (1 + own)


def lead_alignment(p: ModelParameters) -> float:
    """The lead's affinity term, a perfect ally's: ``lambda (1 - a_ref)``."""
    return p.affinity.weight * (1.0 - p.affinity.reference) if p.affinity.on else 0.0


def _lead(
    regime: Regime, p: ModelParameters, discount: F32, lead_cost: npt.ArrayLike | None
) -> LeadDisposition:
    """The lead's decision constants (see :class:`LeadDisposition`)."""
    k = len(regime.measures)
    unit = np.zeros((1, k), dtype=np.float32)
    if lead_cost is not None:
        unit = np.asarray(lead_cost, dtype=np.float32).reshape(1, k).copy()
    affinity = lead_alignment(p)
    return LeadDisposition(
        unit_cost=unit,
        perceived_cost=np.asarray(unit * discount[None, :], dtype=np.float32),
        secondary=np.zeros(1, dtype=np.float32),
        affinity=np.full(1, affinity, dtype=np.float32),
    )


def build_setting(
    regime: Regime,
    costs: SimCosts,
    months: int,
    *,
    lead_cost: npt.ArrayLike | None = None,
    parameters: Sequence[ModelParameters] | None = None,
) -> Setting:
    """Constants for simulating ``regime`` under its ``model`` parameters for ``months``.

    ``lead_cost[K]`` is the lead's own loss (percent of its output per month) from each
    measure at full level; without it the lead weighs no cost of its own measures.
    ``parameters``, when given, are one parameter set per run (they replace the regime's
    ``model``; see :func:`accord.sim.per_run.per_run_setting`): the Setting is then for
    exactly ``len(parameters)`` runs.
    """
    if parameters is not None:
        from accord.sim.per_run import per_run_setting

        return per_run_setting(regime, costs, months, parameters, lead_cost=lead_cost)
    p = regime.model
    sg = regime.safeguards
    design = _design_regime(regime, p)
    cr = compile_regime(design, horizon=months, weight=costs.member_weight)
    m, k = len(cr.members), len(cr.measures)
    if costs.shape != (m, k):
        raise ValueError(f"cost inputs are {costs.shape}; the regime has {(m, k)}")
    w = cr.weight
    burden = sg.burden_sharing if p.burden_sharing.on else 0.0
    perceived = costs.unit_cost.copy()
    discount = np.ones(k, dtype=np.float32)
    if p.diversification.on:
        # Reversibility as the design has it: a switched-off sunset or relief adds none.
        discount = (1.0 - p.diversification.discount * _reversibility(design)).astype(np.float32)
    perceived = perceived * discount[None, :]
    # Under burden sharing a member bears (1 - beta) of its own marginal loss plus its
    # weighted share of everyone's transfers.
    perceived = perceived * ((1.0 - burden) + burden * w)[:, None]
    msg = p.messaging.on and sg.coordinated_messaging
    hum = p.humanitarian.on and sg.humanitarian_channel
    co = [s.co_designed for s in regime.milestones]
    own = p.ownership.boost * (sum(co) / len(co)) if (p.ownership.on and co) else 0.0
    tp = p.threat_perception
    joint = tp.on and sg.joint_threat_assessment
    threat_mean = (tp.level * (1.0 + (tp.objectives_boost if sg.objectives else 0.0))) * (
        1.0 + (tp.joint_raise if joint else 0.0)
    )
    ver, rep = sg.verification, sg.reporting
    detection = 0.0
    if p.verification.on:
        if ver is not None:
            detection += ver.detection * (
                1.0 if ver.independent else p.verification.dependent_factor
            )
        if rep is not None:
            detection += rep.detection
    ladder = cr.ladder_penalty
    nxt = ladder[np.minimum(np.arange(len(ladder)) + 1, len(ladder) - 1)]
    predictable = max((float(b) for b in _relief_boost(regime, p)), default=0.0)
    predictable = predictable / p.relief.boost if p.relief.boost > 0 else 0.0
    oc = p.over_compliance
    clarity = 1.0 - (1.0 - oc.guidance) * (1.0 - oc.relief_clarity * predictable)
    b = p.beliefs
    sharing = sg.information_sharing
    pc = p.political_cycle
    return Setting(
        cr=cr,
        params=p,
        weight=w,
        unit_cost=costs.unit_cost,
        perceived_cost=np.asarray(perceived, dtype=np.float32),
        target_unit=costs.target_unit,
        leakage_share=costs.leakage_share if p.leakage.on else np.zeros(k, np.float32),
        burden=float(burden),
        cost_weight=p.economic_cost.weight if p.economic_cost.on else 0.0,
        fatigue_memory=p.economic_cost.fatigue_memory,
        fatigue_scale=p.economic_cost.fatigue_scale,
        pressure_weight=(
            p.domestic_pressure.weight
            * (1.0 - (p.messaging.pressure_cut if msg else 0.0))
            * (1.0 - (p.humanitarian.blowback_cut if hum else 0.0))
            if p.domestic_pressure.on
            else 0.0
        ),
        pressure_memory=p.domestic_pressure.memory,
        disruption=p.domestic_pressure.disruption,
        threat_decay=tp.decay_per_year / 12.0 * (1.0 - (p.humanitarian.legitimacy if hum else 0.0)),
        threat_mean=threat_mean if tp.on else 0.0,
        threat_spread=tp.spread if tp.on else 0.0,
        threat_align=tp.joint_align if joint else 0.0,
        resolve_boost=1.0 + own,
        secondary=secondary_fear(regime, p, costs),
        secondary_path=_threat_path(regime, months),
        counter_loss=_counter_loss(regime, costs, months),
        affinity=alignment(
            p, regime_affinity(regime, cr.members) if p.affinity.on else np.zeros(m, np.float32)
        ),
        reputation=reputation(regime, p),
        caught_premium=p.reputation.caught_premium,
        detection=min(detection, 1.0),
        # The regime's tolerance even with the ladder switched off (the ladder holds it).
        tolerance=sg.ladder.tolerance if sg.ladder is not None else DEFAULT_TOLERANCE,
        ladder_next=np.asarray(nxt * p.consequence_ladder.horizon_months, dtype=np.float32),
        over_compliance=(
            p.over_compliance.share * (1.0 - clarity) if p.over_compliance.on else 0.0
        ),
        belief_noise=b.noise_sd * (1.0 - (b.sharing_cut if sharing else 0.0)),
        belief_rate=b.learning_rate + (1.0 - b.learning_rate) * (b.sharing_cut if sharing else 0.0),
        beliefs_on=b.on,
        election=1.0 / pc.election_every_months if pc.on else 0.0,
        change=pc.change_probability / pc.election_every_months if pc.on else 0.0,
        resolve_sd=pc.resolve_sd,
        drift=p.reviews_sunsets.drift,
        concession=p.target.concession_rate,
        reference_pressure=p.target.reference_pressure,
        elasticity=p.target.elasticity,
        relief_boost=_relief_boost(regime, p),
        leakage_tau=p.leakage.months_to_mature,
        leakage_gap=p.leakage.gap_factor,
        slope=p.decision.slope,
        vote_threshold=p.decision.vote_threshold,
        idiosyncratic_sd=p.decision.idiosyncratic_sd,
        fracture_threshold=p.decision.fracture_threshold,
        lead=_lead(regime, p, discount, lead_cost),
        lead_votes=cr.lead_votes or cr.renewal == RenewalRule.LEAD_DECIDES,
        sticky=p.reviews_sunsets.on,
    )
