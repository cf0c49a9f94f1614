"""The framework's rules as pure array functions: the batch entry point.

``step`` takes the framework's memory, a month and what happened in it, and returns the
new memory and what the framework requires. It is written once, over a leading runs
axis, and serves the simulator (R = thousands) and the ledger (R = 1) alike.

The rules, each a function below:
- phase-in: the level a measure requires by month (``phase_level``);
- exemptions: carve-outs in force lower the level for the members they cover;
- reviews: due every ``every_months`` from the first review;
- sunsets: an act lapses at the end of its term unless the renewal vote passes under the
  rule, ending its measures for the members it binds;
- consequence ladder: one step up per month with a detected violation, never more;
  one step down after ``remedy_months`` clean months (the remedial pathway);
- relief: a certified milestone lifts its measures ``certification_delay_months`` later;
- escalation: after ``after_months`` without a certified milestone the measures rise,
  while they have room to (an escalation that cannot raise anything does not happen).
"""

from __future__ import annotations

import numpy as np

from accord.domain import RenewalRule
from accord.rules.acts import in_force_for
from accord.rules.compiled import F32, I32, NEVER, B, CompiledRegime
from accord.rules.state import MonthInputs, Requirements, RulesState


def phase_level(cr: CompiledRegime, t: int) -> F32:
    """[K] level each measure's phase-in requires in month ``t`` (0 before adoption)."""
    return cr.phase[:, cr.month(t)]


def exemptions_in_force(cr: CompiledRegime, t: int) -> B:
    """[E] carve-outs in force in month ``t`` (start inclusive, end exclusive)."""
    return (cr.ex_start <= t) & (t < cr.ex_end)


def owed_share(cr: CompiledRegime, t: int) -> F32:
    """[M, K] share of each measure's level a member owes in month ``t``: nothing of a
    measure it is not bound by, the rest less the carve-outs in force."""
    return np.asarray((1.0 - exempt_share(cr, t)) * cr.bound, dtype=np.float32)


def exempt_share(cr: CompiledRegime, t: int) -> F32:
    """[M, K] share of each measure carved out for each member in month ``t``."""
    M, K = len(cr.members), len(cr.measures)
    share = np.zeros((M, K), dtype=np.float32)
    active = exemptions_in_force(cr, t)
    if active.any():
        contrib = cr.ex_members[active] * cr.ex_share[active, None]  # [E', M]
        np.add.at(share.T, cr.ex_measure[active], contrib)
    return np.minimum(share, 1.0)


def review_due(cr: CompiledRegime, t: int) -> bool:
    """True when a scheduled review falls in month ``t``."""
    e = cr.review_every
    return bool(e > 0 and t >= cr.review_first and (t - cr.review_first) % e == 0)


def renewal_passes(cr: CompiledRegime, inputs: MonthInputs) -> B:
    """[R, A] whether a renewal vote on each act held now would pass under the rule.

    A lead listed among the voters votes like any of them (its vote counts towards
    unanimity and the count of a qualified majority; it carries no member weight).
    """
    if cr.renewal is None:
        return np.ones_like(inputs.lead_in_favour)
    if cr.renewal == RenewalRule.LEAD_DECIDES:
        return inputs.lead_in_favour.copy()
    voters = cr.voter_mask.astype(np.float32)
    # Votes in favour as 0/1, summed over members by matrix products (counts are exact in
    # float32 far beyond any coalition's size).
    yes = np.ascontiguousarray(inputs.in_favour, dtype=np.float32).transpose(0, 2, 1)
    count = yes @ voters  # [R, A]
    n_voters = int(cr.voter_mask.sum())
    if cr.lead_votes:
        count = count + inputs.lead_in_favour
        n_voters += 1
    if cr.renewal == RenewalRule.UNANIMITY:
        return np.asarray(count >= n_voters - 0.5)
    n_voters = max(n_voters, 1)
    by_count = count >= np.ceil(cr.threshold * n_voters - 1e-9) - 0.5
    w = cr.weight.astype(np.float64) * cr.voter_mask
    w_total = w.sum() or 1.0
    by_weight = (yes @ w) / w_total >= cr.weight_threshold - 1e-12
    return np.asarray(by_count & by_weight)


def ladder_step(cr: CompiledRegime, ladder: I32, clean: I32, violation: B) -> tuple[I32, I32]:
    """Consequence ladder: up one step on a detected violation (capped at the top), down
    one after ``remedy_months`` consecutive clean months. Never skips a step."""
    if cr.ladder_steps == 0:
        return ladder, np.where(violation, 0, clean + 1).astype(np.int32)
    up = np.minimum(ladder + 1, cr.ladder_steps)
    clean = np.where(violation, 0, clean + 1)
    down = ~violation & (clean >= cr.remedy_months) & (ladder > 0)
    new = np.where(violation, up, ladder - down)
    clean = np.where(down, 0, clean)
    return new.astype(np.int32), clean.astype(np.int32)


def relief_owed(cr: CompiledRegime, certified: I32, t: int) -> F32:
    """[R, K] share of each measure lifted: a criterion pays out from certification plus
    its delay onwards, never before."""
    R, K = certified.shape[0], len(cr.measures)
    if len(cr.relief_share) == 0:
        return np.zeros((R, K), dtype=np.float32)
    when = certified[:, cr.relief_milestone]  # [R, C]
    owed = (when >= 0) & (t >= when + cr.relief_delay)
    lifted = owed.astype(np.float32) @ (cr.relief_measures * cr.relief_share[:, None])
    return np.minimum(lifted, 1.0).astype(np.float32)


def escalation_due(cr: CompiledRegime, state: RulesState, certified: I32, t: int) -> B:
    """[R, X] criteria whose defiance clock (since the last certified milestone or the
    criterion's last escalation) has run ``after_months``."""
    if len(cr.esc_after) == 0:
        return np.zeros((state.runs, 0), dtype=bool)
    last_cert = certified.max(axis=1, initial=-1)[:, None]  # [R, 1]
    since = t - np.maximum(state.last_escalation, last_cert)
    adopted = t >= cr.adopted  # [K]
    headroom = (phase_level(cr, t)[None, :] + state.escalation < 1.0) & adopted  # [R, K]
    can_rise = (headroom.astype(np.float32) @ cr.esc_measures.T.astype(np.float32)) > 0
    return np.asarray((since >= cr.esc_after) & can_rise)


def _any_measure(detected: B) -> B:
    """[R, M] whether any measure is flagged. The K flags of a member are K contiguous
    bytes; read as wider integers (8 flags as one uint64) the test is one comparison,
    much faster than ``any(axis=2)`` on the simulator's ``[runs, members, measures]``."""
    flags = np.ascontiguousarray(detected)
    k = flags.shape[-1]
    width = next(n for n in (8, 4, 2, 1) if k % n == 0)
    wide = flags.view(f"u{width}") != 0
    return np.asarray(wide.any(axis=-1) if wide.shape[-1] > 1 else wide[..., 0])


def step(
    cr: CompiledRegime, state: RulesState, t: int, inputs: MonthInputs
) -> tuple[RulesState, Requirements]:
    """Apply every rule for month ``t``; returns the new memory and the requirements."""
    certified = np.where((state.certified < 0) & inputs.certified, t, state.certified)
    certified = certified.astype(np.int32)

    esc_now = escalation_due(cr, state, certified, t)
    escalated_k = (esc_now.astype(np.float32) @ cr.esc_measures) > 0  # [R, K]
    escalation = state.escalation + esc_now.astype(np.float32) @ (
        cr.esc_measures * cr.esc_step[:, None]
    )
    last_escalation = np.where(esc_now, t, state.last_escalation).astype(np.int32)

    acts = cr.acts
    due = state.act_in_force & (state.act_expiry == t)  # [R, A]
    # The vote is read only where an act's term ends; most months none does.
    if due.any():
        passes = renewal_passes(cr, inputs)
        renewed, lapsed = due & passes, due & ~passes
        expiry = np.where(renewed, acts.next_after(t)[None, :], state.act_expiry)
        expiry = np.where(lapsed, NEVER, expiry).astype(np.int32)
        act_in_force = state.act_in_force & ~lapsed
    else:
        renewed = lapsed = due
        expiry, act_in_force = state.act_expiry, state.act_in_force
    by_measure = acts.measures.astype(np.float32)

    violation = _any_measure(inputs.detected)
    ladder, clean = ladder_step(cr, state.ladder, state.clean, violation)

    relief = relief_owed(cr, certified, t)
    adopted = (t >= cr.adopted).astype(np.float32)  # [K]
    level = np.minimum(phase_level(cr, t)[None, :] + escalation * adopted, 1.0)  # [R, K]
    level = level * (1.0 - relief)
    owed = owed_share(cr, t)
    required = level[:, None, :] * owed[None, :, :]
    reference = required
    if not act_in_force.all():
        live = in_force_for(acts, act_in_force, len(cr.members))
        required = required * live
        # After a lapse the lead keeps its own measure: matching it means keeping it too.
        lead = (phase_level(cr, t)[None, :] * owed)[None, :, :]
        reference = np.where(live, required, lead).astype(np.float32)

    new = RulesState(
        act_in_force=act_in_force,
        act_expiry=expiry,
        ladder=ladder,
        clean=clean,
        certified=certified,
        last_escalation=last_escalation,
        escalation=np.minimum(escalation, 1.0).astype(np.float32),
    )
    req = Requirements(
        month=t,
        required=required.astype(np.float32, copy=False),
        reference=reference.astype(np.float32, copy=False),
        review_due=review_due(cr, t),
        sunset_due=(due.astype(np.float32) @ by_measure) > 0,
        renewed=(renewed.astype(np.float32) @ by_measure) > 0,
        lapsed=(lapsed.astype(np.float32) @ by_measure) > 0,
        act_due=due,
        act_renewed=renewed,
        act_lapsed=lapsed,
        ladder=ladder,
        penalty=cr.ladder_penalty[ladder],
        relief=relief,
        escalated=escalated_k & (adopted > 0),
        exemptions_in_force=exemptions_in_force(cr, t),
    )
    return new, req
