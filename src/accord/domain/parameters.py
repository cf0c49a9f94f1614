"""The simulator's behavioural parameters: one table per mechanism, each with an on/off switch.

A scenario may carry a ``[model]`` table; every key here is optional and checked as
strictly as the rest of the regime (``model.secondary_penalty.credibility`` must be a
share). Each mechanism of ``docs/model.md`` is one field below, so a design comparison
can switch a single mechanism off (``on = false``) and see what it did. The numbers
are the model's defaults, chosen to put effects in a plausible range; they are
assumptions, stated in ``docs/model.md``, not estimates.
"""

from __future__ import annotations

from pydantic import Field

from accord.domain.base import Frozen, Share


class Mechanism(Frozen):
    """A mechanism of the decision model; ``on = false`` removes it from the model."""

    on: bool = True


class EconomicCost(Mechanism):
    """Own output loss from implementing measures, accumulating into fatigue.

    ``weight`` (kappa) is how heavily a member weighs the cost of what is required of it,
    1 at face value (the propensity's unit is a percent of output per month). Fatigue
    accumulates the loss history, ``F_t = mu F_(t-1) + L_t`` (percent-months of output,
    ``mu = fatigue_memory`` discounting old losses), and ``fatigue_scale`` (F*) is the
    accumulated loss at which fatigue doubles the weight. A constant loss L builds up to
    ``L / (1 - mu)``; the default F* = 33 is the old average-loss scale of 1 % of output
    per month times ``1 / (1 - 0.97)``, so default behaviour is unchanged in order.
    """

    weight: float = Field(default=1.0, ge=0.0, le=100.0)
    fatigue_memory: Share = 0.97
    fatigue_scale: float = Field(default=33.0, gt=0.0, le=10_000.0)


class DomesticPressure(Mechanism):
    """Price pressure on households and disruption of critical inputs: a jump in losses
    weighs more than a steady one and fades with ``memory``. ``weight`` (pi, per percent
    of output per month of pressure) raises the weight of a measure's cost, and the same
    pressure part of the cost is the domestic credit of deviating from it openly."""

    weight: float = Field(default=0.5, ge=0.0, le=100.0)
    disruption: float = Field(default=1.0, ge=0.0, le=100.0)
    memory: Share = 0.8


class PoliticalCycle(Mechanism):
    """Elections every ``election_every_months`` on average; at an election the government
    changes with ``change_probability`` and the member's resolve is redrawn."""

    election_every_months: float = Field(default=48.0, ge=1.0, le=600.0)
    change_probability: Share = 0.4
    resolve_sd: float = Field(default=0.5, ge=0.0, le=10.0)


class ThreatPerception(Mechanism):
    """Perceived threat from the target and shared objectives, decaying with habituation;
    a joint threat assessment raises the mean by ``joint_raise`` and pulls members
    ``joint_align`` of the way towards it."""

    level: float = Field(default=0.35, ge=0.0, le=10.0)
    spread: float = Field(default=0.15, ge=0.0, le=10.0)
    decay_per_year: Share = 0.1
    objectives_boost: Share = 0.1
    joint_raise: Share = 0.2
    joint_align: Share = 0.5


class Affinity(Mechanism):
    """Alignment with the lead: security ties, political blocs and UN voting alignment
    with the lead, less those with the target, from covariates read the day before the
    regime's start (``accord.covariates``). ``weight`` turns affinity in [-1, 1] into
    propensity, measured from ``reference``, the affinity of the ally the default
    disposition was set for; ``security``, ``bloc`` and ``un_voting`` weigh the three
    ties. The defaults are assumptions until calibrated."""

    weight: float = Field(default=0.5, ge=0.0, le=100.0)
    reference: float = Field(default=0.5, ge=-1.0, le=1.0)
    security: float = Field(default=1.0, ge=0.0, le=100.0)
    bloc: float = Field(default=1.0, ge=0.0, le=100.0)
    un_voting: float = Field(default=1.0, ge=0.0, le=100.0)


class SecondaryPenalty(Mechanism):
    """Fear of the lead's secondary penalties: threat x credibility x exposure to the lead.
    ``credibility``, when given, overrides the lead's written credibility."""

    weight: float = Field(default=1.0, ge=0.0, le=100.0)
    credibility: Share | None = None


class Reputation(Mechanism):
    """Cost of visible deviation from what the coalition is believed to do."""

    weight: float = Field(default=0.4, ge=0.0, le=100.0)
    caught_premium: float = Field(default=1.5, ge=0.0, le=100.0)


class Beliefs(Mechanism):
    """Beliefs about the others' alignment, learnt from what is visible with noise and a
    lag; information sharing cuts both by ``sharing_cut``. Off: members hold their prior
    (everyone aligns) and do not learn."""

    noise_sd: float = Field(default=0.15, ge=0.0, le=10.0)
    learning_rate: Share = 0.3
    sharing_cut: Share = 0.5


class OverCompliance(Mechanism):
    """Private-sector de-risking: firms cut up to ``share`` of the trade a measure leaves
    legal when rules are unclear; ``guidance`` is the clarity of published guidance and
    ``relief_clarity`` how much fully predictable relief adds to clarity (half as much
    as published guidance by default)."""

    share: Share = 0.25
    guidance: Share = 0.3
    relief_clarity: Share = 0.5


class CarveOuts(Mechanism):
    """Exemptions of the regime, applied by the rules engine. Off: none apply."""


class Messaging(Mechanism):
    """Coordinated messaging lowers the political cost of unpopular measures and raises the
    reputational cost of deviation."""

    pressure_cut: Share = 0.3
    reputation_boost: float = Field(default=0.3, ge=0.0, le=10.0)


class Humanitarian(Mechanism):
    """A humanitarian channel lowers domestic and international blowback and slows the
    erosion of legitimacy (the threat's habituation)."""

    blowback_cut: Share = 0.25
    legitimacy: Share = 0.5


class ReviewsSunsets(Mechanism):
    """Reviews and sunsets as decision moments (members revise fully), renewal votes and
    lapses through the rules engine, and the stickiness of postures between decision
    moments (a level moves ``drift`` of the way towards its aim). Off: no reviews, no
    sunsets, and no stickiness either: every month is a decision moment."""

    drift: Share = 0.15


class Verification(Mechanism):
    """Detection of quiet non-compliance; a verifier that is not independent finds only
    ``dependent_factor`` of what an independent one would."""

    dependent_factor: Share = 0.5


class ConsequenceLadder(Mechanism):
    """The consequence ladder and its remedial pathway (rules engine); ``horizon_months``
    is how many months of a step's penalty a member weighs."""

    horizon_months: float = Field(default=12.0, ge=0.0, le=120.0)


class Relief(Mechanism):
    """Relief tied to milestones: credible, predictable relief raises the target's
    concession hazard by up to ``boost``; a certification delay of ``delay_scale`` months
    halves the predictability. Off: no relief criteria apply."""

    boost: float = Field(default=2.0, ge=0.0, le=100.0)
    delay_scale: float = Field(default=3.0, gt=0.0, le=120.0)


class Escalation(Mechanism):
    """Escalation on defiance (rules engine): after the criterion's months without a
    certified milestone the named measures' required level rises. Off: no escalation
    criteria apply."""


class Target(Frozen):
    """The target's concession hazard per milestone and month at reference pressure."""

    concession_rate: Share = 0.004
    reference_pressure: float = Field(default=1.0, gt=0.0, le=100.0)
    elasticity: float = Field(default=1.0, ge=0.0, le=10.0)


class Ownership(Mechanism):
    """Co-designed milestones: members weigh reputation and resolve more (``boost`` at
    full co-design)."""

    boost: Share = 0.3


class Diversification(Mechanism):
    """Reversible and calibrated instruments (renewable, relief-linked or partial measures)
    lower the perceived cost of a measure by up to ``discount``."""

    discount: Share = 0.3


class Leakage(Mechanism):
    """Rerouting through third parties, maturing over ``months_to_mature`` and larger when
    members do not implement."""

    months_to_mature: float = Field(default=18.0, gt=0.0, le=600.0)
    gap_factor: float = Field(default=0.5, ge=0.0, le=10.0)


class BurdenSharing(Mechanism):
    """Transfers that offset the most exposed members' losses, paid by the others; the
    share transferred is the regime's ``safeguards.burden_sharing``."""


class Decision(Frozen):
    """How propensity becomes a level: ``slope`` (share of the requirement per percent of
    output per month of propensity) scales it into a share of the required level;
    ``vote_threshold`` is the share a member needs to want to vote for renewal
    (the resist threshold: a member blocks only a measure it would resist);
    ``idiosyncratic_sd`` is each member's persistent taste for each measure;
    ``fracture_threshold`` is the cohesion below which the coalition has fractured."""

    slope: float = Field(default=1.0, gt=0.0, le=100.0)
    vote_threshold: Share = 0.1
    idiosyncratic_sd: float = Field(default=0.1, ge=0.0, le=10.0)
    fracture_threshold: Share = 0.8


MECHANISMS: tuple[str, ...] = (
    "economic_cost",
    "domestic_pressure",
    "political_cycle",
    "threat_perception",
    "affinity",
    "secondary_penalty",
    "reputation",
    "beliefs",
    "over_compliance",
    "carve_outs",
    "messaging",
    "humanitarian",
    "reviews_sunsets",
    "verification",
    "consequence_ladder",
    "relief",
    "escalation",
    "ownership",
    "diversification",
    "leakage",
    "burden_sharing",
)
"""Every switchable mechanism, in the order of DESIGN.md's table (escalation, a rule of the
framework, beside relief)."""


class ModelParameters(Frozen):
    """All behavioural parameters of the simulator; one field per mechanism."""

    economic_cost: EconomicCost = EconomicCost()
    domestic_pressure: DomesticPressure = DomesticPressure()
    political_cycle: PoliticalCycle = PoliticalCycle()
    threat_perception: ThreatPerception = ThreatPerception()
    affinity: Affinity = Affinity()
    secondary_penalty: SecondaryPenalty = SecondaryPenalty()
    reputation: Reputation = Reputation()
    beliefs: Beliefs = Beliefs()
    over_compliance: OverCompliance = OverCompliance()
    carve_outs: CarveOuts = CarveOuts()
    messaging: Messaging = Messaging()
    humanitarian: Humanitarian = Humanitarian()
    reviews_sunsets: ReviewsSunsets = ReviewsSunsets()
    verification: Verification = Verification()
    consequence_ladder: ConsequenceLadder = ConsequenceLadder()
    relief: Relief = Relief()
    escalation: Escalation = Escalation()
    ownership: Ownership = Ownership()
    diversification: Diversification = Diversification()
    leakage: Leakage = Leakage()
    burden_sharing: BurdenSharing = BurdenSharing()
    target: Target = Target()
    decision: Decision = Decision()

    def switched(self, **on: bool) -> ModelParameters:
        """A copy with the named mechanisms switched on or off (``beliefs=False``)."""
        unknown = set(on) - set(MECHANISMS)
        if unknown:
            raise KeyError(f"unknown mechanism(s) {sorted(unknown)}; expected {MECHANISMS}")
        update = {k: getattr(self, k).model_copy(update={"on": v}) for k, v in on.items()}
        return self.model_copy(update=update)

    def enabled(self, name: str) -> bool:
        """Whether mechanism ``name`` is on."""
        mech: Mechanism = getattr(self, name)
        return mech.on
