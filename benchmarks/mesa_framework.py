"""The framework's rules for one run, transcribed from docs/rules.md for the Mesa reference.

This is a second, independent writing of what ``accord.rules`` computes, read from the
documentation and not from its code: it imports nothing of the rules engine (no compiled
regime, no ``step``, no ``classify``), only the domain model (the regime as written, its
calendar helpers). It holds one history, member by member and measure by measure, in
plain Python, the way a reader of docs/rules.md would work a month out by hand:
phase-in, exemptions, binding, reviews, acts and their renewal votes, the consequence
ladder with its remedial pathway, relief after certification and delay, escalation on
defiance, and the reference (the lead's own level after a lapse).

A mechanism switched off in the model parameters removes its safeguard here, as
docs/model.md says: no reviews or sunsets (``reviews_sunsets``), no ladder
(``consequence_ladder``), no relief criteria (``relief``), no escalation criteria
(``escalation``), no exemptions (``carve_outs``).
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from datetime import date

from accord.domain import SECTORS, Regime, RenewalRule, add_months, expand, expiries, month_index
from accord.domain.parameters import ModelParameters

SCHEDULE_MONTHS = 600
"""Months past the horizon over which terms of acts are scheduled."""

MIMIC_AT = 0.95
RESIST_BELOW = 0.1
"""docs/rules.md: mimic at 95 % of the reference or more, resist below 10 %."""


def posture(level: float, reference: float) -> str:
    """docs/rules.md's posture of a level against a positive reference (``none`` where
    nothing is due)."""
    if reference <= 0:
        return "none"
    if level >= MIMIC_AT * reference:
        return "mimic"
    if level < RESIST_BELOW * reference:
        return "resist"
    return "adjust"


@dataclass
class Act:
    """Measures that lapse together, the members they bind, and the months terms end."""

    measures: list[int]
    binds: list[bool]
    ends: list[int]
    live: bool = True
    next_end: int | None = None


@dataclass
class FrameworkMonth:
    """What the framework says of one month (lists indexed by member, then measure)."""

    required: list[list[float]]
    reference: list[list[float]]
    review: bool
    ladder: list[int]
    penalty: list[float]
    lapsed: int
    escalated: int
    relief_in_force: bool


@dataclass
class Framework:
    """The framework's memory for one run, moved month by month by :meth:`month`."""

    regime: Regime
    params: ModelParameters
    weight: list[float]  # members' economic weight, for a weighted qualified majority
    acts: list[Act] = field(init=False)
    ladder: list[int] = field(init=False)
    clean: list[int] = field(init=False)
    certified: list[int] = field(init=False)
    last_escalation: list[int] = field(init=False)
    escalation: list[float] = field(init=False)

    def __post_init__(self) -> None:
        r, p = self.regime, self.params
        sg = r.safeguards
        self.members = list(r.member_codes)
        self.measures = list(r.measures)
        self.ids = ids = [m.id for m in self.measures]
        self.adopted = [self._month(m.adopted) for m in self.measures]
        self.review = sg.review if p.reviews_sunsets.on else None
        self.sunset = sg.sunset if p.reviews_sunsets.on else None
        self.steps = list(sg.ladder.steps) if (p.consequence_ladder.on and sg.ladder) else []
        self.remedy = sg.ladder.remedy_months if sg.ladder else 0
        self.reliefs = list(sg.relief) if p.relief.on else []
        self.escalations = list(sg.escalation) if p.escalation.on else []
        self.exemptions = list(r.exemptions) if p.carve_outs.on else []
        self.milestones = [s.id for s in r.milestones]
        self.bound = [[r.binds(c, k) for k in ids] for c in self.members]
        self.acts = self._acts()
        for act in self.acts:
            act.next_end = act.ends[0] if act.ends else None
        voters = expand(self.sunset.voters) if self.sunset and self.sunset.voters else ()
        self.voters = [(not voters) or c in voters for c in self.members]
        self.lead_votes = r.lead.code in voters
        self.ladder = [0] * len(self.members)
        self.clean = [0] * len(self.members)
        self.certified = [-1] * len(self.milestones)
        self.last_escalation = [0] * len(self.escalations)
        self.escalation = [0.0] * len(self.measures)

    def _month(self, when: date) -> int:
        return month_index(self.regime.start, when)

    def _acts(self) -> list[Act]:
        """docs/rules.md, "Sunsets and renewal": the regime's acts, or one implicit act per
        renewable measure under the sunset whose terms end every ``months`` after adoption."""
        r, sunset = self.regime, self.sunset
        everyone = [True] * len(self.members)
        horizon = r.horizon_months + SCHEDULE_MONTHS
        ids = [m.id for m in self.measures]
        if not r.acts:
            covered = set(sunset.measures or ids) if sunset else set()
            out = []
            for k, m in enumerate(self.measures):
                ends: list[int] = []
                if sunset is not None and m.renewable and m.id in covered:
                    ends = list(range(self.adopted[k] + sunset.months, horizon, sunset.months))
                out.append(Act([k], everyone, ends))
            return out
        until = add_months(r.start, horizon)
        acts = []
        for act in r.acts:
            codes = set(expand(act.members)) if act.members else set(self.members)
            ends = expiries(act, until, sunset.months) if sunset is not None else []
            months = sorted({self._month(d) for d in ends})
            held = [ids.index(k) for k in act.measures]
            acts.append(Act(held, [c in codes for c in self.members], months))
        return acts

    def phase(self, k: int, t: int) -> float:
        """docs/rules.md, "Phase-in"."""
        m, a = self.measures[k], self.adopted[k]
        if t < a:
            return 0.0
        p = m.phase_in
        if p.kind == "immediate":
            return 1.0
        if p.kind == "wind_down":
            return p.initial_level if t < a + (p.wind_down_months or 0) else 1.0
        level = 0.0
        for tier in p.tiers:
            if self._month(tier.start) <= t:
                level = tier.level
        return level

    def exempt(self, m: int, k: int, t: int) -> float:
        """docs/rules.md, "Exemptions": the carved-out share of measure k for member m."""
        total = 0.0
        measure = self.measures[k]
        for e in self.exemptions:
            start = self._month(e.start) if e.start else 0
            if e.measure != measure.id or t < start or (e.end and t >= self._month(e.end)):
                continue
            if e.members and self.members[m] not in e.members:
                continue
            scope = set(measure.sectors or SECTORS)
            part = len(scope & set(e.sectors)) / len(scope) if e.sectors else 1.0
            total += e.share * part
        return min(1.0, total)

    def review_due(self, t: int) -> bool:
        """docs/rules.md, "Reviews"."""
        if self.review is None:
            return False
        n = self.review.every_months
        first = self._month(self.review.first) if self.review.first else n
        return t >= first and (t - first) % n == 0

    def passes(self, yes: list[bool], lead_yes: bool) -> bool:
        """docs/rules.md: the renewal rule applied to the voters' votes (and the lead's
        when it is listed among them)."""
        if self.sunset is None:
            return True
        rule = self.sunset.renewal
        if rule == RenewalRule.LEAD_DECIDES:
            return lead_yes
        votes = [v for v, voter in zip(yes, self.voters, strict=True) if voter]
        weights = [w for w, voter in zip(self.weight, self.voters, strict=True) if voter]
        if self.lead_votes:
            votes.append(lead_yes)
        if rule == RenewalRule.UNANIMITY:
            return all(votes)
        n = max(len(votes), 1)
        threshold = self.sunset.threshold or 1.0
        by_count = sum(votes) >= math.ceil(threshold * n - 1e-9)
        member_yes = [v for v, voter in zip(yes, self.voters, strict=True) if voter]
        share = sum(w for w, v in zip(weights, member_yes, strict=True) if v) / (sum(weights) or 1)
        return by_count and share >= (self.sunset.weight_threshold or 0.0) - 1e-12

    def month(
        self,
        t: int,
        detected: list[bool],
        votes: list[list[bool]],
        lead_votes: list[bool],
        conceded: list[bool],
    ) -> FrameworkMonth:
        """Apply the rules for month ``t``. ``detected[m]``: a violation of member m was
        found last month; ``votes[m][a]``: m's vote on act a (read only when its term
        ends); ``lead_votes[a]``: the lead's; ``conceded[s]``: milestones certified now."""
        M, K = len(self.members), len(self.measures)
        for s, c in enumerate(conceded):
            if c and self.certified[s] < 0:
                self.certified[s] = t
        # Escalation: a criterion fires when its clock has run and a measure has room.
        last_cert = max(self.certified, default=-1)
        fired = []
        for x, crit in enumerate(self.escalations):
            held = [self.ids.index(i) for i in crit.measures]
            room = any(
                t >= self.adopted[k] and self.phase(k, t) + self.escalation[k] < 1 for k in held
            )
            if t - max(self.last_escalation[x], last_cert) >= crit.after_months and room:
                fired.append((x, held, crit.step))
        raised = set()
        for x, held, step in fired:
            self.last_escalation[x] = t
            for k in held:
                self.escalation[k] += step
                raised.add(k)
        # Renewal votes: one per act whose term ends now.
        lapsed = 0
        for a, act in enumerate(self.acts):
            if act.live and act.next_end == t:
                if self.passes([votes[m][a] for m in range(M)], lead_votes[a]):
                    act.next_end = next((e for e in act.ends if e > t), None)
                else:
                    act.live, act.next_end = False, None
                    lapsed += 1
        # The ladder, moved by last month's detected violations.
        for m in range(M):
            if detected[m]:
                self.ladder[m] = min(self.ladder[m] + 1, len(self.steps))
                self.clean[m] = 0
            else:
                self.clean[m] += 1
                if self.steps and self.clean[m] >= self.remedy and self.ladder[m] > 0:
                    self.ladder[m] -= 1
                    self.clean[m] = 0
        relief = [0.0] * K
        for crit in self.reliefs:
            when = self.certified[self.milestones.index(crit.milestone)]
            if when >= 0 and t >= when + crit.certification_delay_months:
                for i in crit.measures:
                    k = self.ids.index(i)
                    relief[k] = min(1.0, relief[k] + crit.relief)
        required = [[0.0] * K for _ in range(M)]
        reference = [[0.0] * K for _ in range(M)]
        for k in range(K):
            phase = self.phase(k, t)
            escalated = self.escalation[k] if t >= self.adopted[k] else 0.0
            level = min(1.0, phase + escalated) * (1.0 - relief[k])
            for m in range(M):
                owed = float(self.bound[m][k]) * (1.0 - self.exempt(m, k, t))
                live = not any(
                    not act.live and act.binds[m] and k in act.measures for act in self.acts
                )
                required[m][k] = level * owed if live else 0.0
                reference[m][k] = required[m][k] if live else phase * owed
        self.escalation = [min(e, 1.0) for e in self.escalation]
        steps = [0.0] + [s.penalty for s in self.steps]
        return FrameworkMonth(
            required=required,
            reference=reference,
            review=self.review_due(t),
            ladder=list(self.ladder),
            penalty=[steps[r] for r in self.ladder],
            lapsed=lapsed,
            escalated=sum(1 for k in raised if t >= self.adopted[k]),
            relief_in_force=any(v > 0 for v in relief),
        )
