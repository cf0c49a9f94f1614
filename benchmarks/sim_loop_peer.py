"""The simulator's decision model written as a plain Python loop over runs and members.

The peer of ``benchmarks/sim_throughput.py``: the same equations as
``accord.sim.engine.advance`` and the same random numbers (drawn by the same
``Draws.draw`` calls), evaluated one run and one member at a time, with the rules engine
called once per run. ``tests/test_sim_engine.py`` checks that it reproduces the
vectorised engine, so the timing ratio compares two implementations of one model.
"""

from __future__ import annotations

import numpy as np

from accord.rules import MonthInputs, RulesState, classify, initial_state, step
from accord.rules.engine import phase_level
from accord.sim.engine import Draws
from accord.sim.setting import Setting


def _votes(st: Setting, rules: RulesState, t: int, desire: np.ndarray) -> np.ndarray:
    """[1, N, A] votes of N deciders in one run: against an act when the desire for one
    of its measures is below the threshold (read only where a term ends)."""
    acts = st.cr.acts
    yes = np.ones((1, desire.shape[0], len(acts.ids)), bool)
    if (rules.act_expiry == t).any():
        for a in range(len(acts.ids)):
            held = acts.measures[a] > 0
            yes[0, :, a] = ~(desire[:, held] < np.float32(st.vote_threshold)).any(axis=1)
    return yes


def _desire(
    st: Setting,
    t: int,
    rq: np.ndarray,
    cost: np.ndarray,
    secondary: float,
    affinity: float,
    mind: dict[str, np.ndarray],
    ladder: float,
) -> tuple[np.ndarray, np.ndarray]:
    """One decider's desired share of each measure ``[K]`` and whether it would hide."""
    f = np.float32
    threat = mind["threat"] * f(np.exp(-st.threat_decay * t) * st.resolve_boost)
    cw = f(st.cost_weight) * (1.0 + mind["fatigue"] / f(st.fatigue_scale))
    press = f(st.pressure_weight) * mind["pressure"]
    credit = cost * rq * press
    b = mind["belief"]
    open_cost = b * f(st.reputation) + ladder - credit
    caught = b * f(st.detection * (1.0 + st.caught_premium) * st.reputation)
    caught += f(st.detection) * ladder
    quiet = caught < open_cost
    z = np.maximum(np.minimum(open_cost, caught), 0.0)
    z += threat * b
    severity = st.secondary_path[min(t, len(st.secondary_path) - 1)]
    z += mind["resolve"] + secondary * severity + affinity + f(0.5 / st.slope)
    z += mind["taste"]
    z -= cost * rq * (cw + press)
    return np.clip(z * f(st.slope), 0.0, 1.0).astype(f), quiet


def _slice(state: RulesState, r: int) -> RulesState:
    return RulesState(
        *(getattr(state, f)[r : r + 1].copy() for f in RulesState.__dataclass_fields__)
    )


def loop_simulate(st: Setting, runs: int, months: int, seed: int) -> np.ndarray:
    """Levels ``[months, runs, members, measures]`` of the model, run by run, member by member."""
    rng = np.random.default_rng(seed)
    m_n, k_n, s_n = st.shape
    f = np.float32
    spread = rng.standard_normal((runs, m_n), dtype=f)
    taste = rng.standard_normal((runs, m_n, k_n), dtype=f) * f(st.idiosyncratic_sd)
    threat0 = st.threat_mean + st.threat_spread * (1.0 - st.threat_align) * spread
    lead_spread = rng.standard_normal((runs, 1), dtype=f)
    lead_taste = rng.standard_normal((runs, 1, k_n), dtype=f) * f(st.idiosyncratic_sd)
    lead_threat = st.threat_mean + st.threat_spread * (1.0 - st.threat_align) * lead_spread
    leads = [
        {
            "threat": f(lead_threat[r, 0]),
            "taste": lead_taste[r, 0],
            "belief": np.ones(k_n, f),
            "desire": np.ones(k_n, f),
            "resolve": f(0.0),
            "fatigue": f(0.0),
            "pressure": f(0.0),
            "last_loss": f(0.0),
        }
        for r in range(runs)
    ]
    rules = [_slice(initial_state(st.cr, runs), r) for r in range(runs)]
    level = np.zeros((runs, m_n, k_n), f)
    desire = np.ones((runs, m_n, k_n), f)
    belief = np.ones((runs, m_n, k_n), f)
    required = np.zeros((runs, m_n, k_n), f)
    detected = np.zeros((runs, m_n, k_n), bool)
    fatigue = np.zeros((runs, m_n), f)
    pressure = np.zeros((runs, m_n), f)
    last_loss = np.zeros((runs, m_n), f)
    resolve = np.zeros((runs, m_n), f)
    achieved = np.zeros((runs, s_n), bool)
    target_pressure = np.zeros(runs, f)
    w = st.weight
    out = np.zeros((months, runs, m_n, k_n), f)
    for t in range(months):
        d = Draws.draw(rng, runs, m_n, k_n, s_n)
        noise = d.noise(st.belief_noise)
        found_all = d.found(st.detection)
        changed, fresh = d.new_resolve(st.change, st.resolve_sd)
        assert d.lead is not None
        lead_noise = d.lead.noise(st.belief_noise)
        lead_changed, lead_fresh = d.lead.new_resolve(st.change, st.resolve_sd)
        for r in range(runs):
            base = st.concession * (target_pressure[r] / f(st.reference_pressure)) ** f(
                st.elasticity
            )
            conceded = ~achieved[r] & (d.concession[r] < base * (1.0 + st.relief_boost))
            achieved[r] |= conceded
            lead = leads[r]
            lead_yes = np.ones((1, len(st.cr.acts.ids)), bool)
            if st.lead_votes:
                lead_yes = _votes(st, rules[r], t, lead["desire"][None, :])[:, 0]
            inputs = MonthInputs(
                detected=detected[r : r + 1],
                in_favour=_votes(st, rules[r], t, desire[r]),
                lead_in_favour=lead_yes,
                certified=conceded[None, :],
            )
            rules[r], req = step(st.cr, rules[r], t, inputs)
            visible = np.ones((m_n, k_n), f)
            effective = np.zeros((m_n, k_n), f)
            loss = np.zeros(m_n, f)
            quiet_rows = []
            for m in range(m_n):
                rq = req.required[0, m]
                if changed[r, m]:
                    resolve[r, m] = fresh[r, m]
                mind = {
                    "threat": threat0[r, m],
                    "fatigue": fatigue[r, m],
                    "pressure": pressure[r, m],
                    "belief": belief[r, m],
                    "resolve": resolve[r, m],
                    "taste": taste[r, m],
                }
                ladder = st.ladder_next[req.ladder[0, m]]
                want, quiet = _desire(
                    st, t, rq, st.perceived_cost[m], st.secondary[m], st.affinity[m], mind, ladder
                )
                desire[r, m] = want
                aim = want * rq
                revise = (rq != required[r, m]) | (d.politics[r, m] < st.election)
                if req.review_due or t == 0 or not st.sticky:
                    revise[:] = True
                lv = level[r, m] + (aim - level[r, m]) * f(st.drift)
                lv = np.where(revise, aim, lv).astype(f)
                short = lv < rq * f(1.0 - st.tolerance)
                hidden = short & quiet
                found = found_all[r, m]
                detected[r, m] = (short & ~quiet) | (hidden & found)
                unseen = hidden & ~found
                vis = np.divide(lv, rq, out=np.ones_like(rq), where=rq > 0)
                vis[unseen] = 1.0
                visible[m] = vis
                eff = lv + (1.0 - lv) * (rq > 0) * f(st.over_compliance)
                effective[m] = eff
                counter = st.counter_loss[min(t, len(st.counter_loss) - 1), m]
                loss[m] = float(eff @ st.unit_cost[m]) + req.penalty[0, m] + counter
                level[r, m], required[r, m] = lv, rq
                quiet_rows.append(unseen)
            if st.beliefs_on:
                total = visible.T @ w
                for m in range(m_n):
                    others = (total - w[m] * visible[m]) / max(1.0 - w[m], 1e-6)
                    others += noise[r, m]
                    belief[r, m] = np.clip(
                        belief[r, m] + f(st.belief_rate) * (others - belief[r, m]), 0, 1
                    )
            if st.burden > 0:
                loss = loss - f(st.burden) * (loss - loss @ w)
            for m in range(m_n):
                fatigue[r, m] = f(st.fatigue_memory) * fatigue[r, m] + loss[m]
                jump = max(loss[m] - last_loss[r, m], 0.0)
                pressure[r, m] = (
                    f(st.pressure_memory) * pressure[r, m]
                    + (1 - f(st.pressure_memory)) * loss[m]
                    + f(st.disruption) * jump
                )
                last_loss[r, m] = loss[m]
            if st.lead_votes:
                _lead_month(
                    st,
                    t,
                    lead,
                    visible.T @ w,
                    lead_noise[r, 0],
                    lead_changed[r, 0],
                    lead_fresh[r, 0],
                    d.lead.politics[r, 0],
                )
            gross = (effective * st.target_unit).sum(axis=0)
            target_pressure[r] = gross.sum()  # net of rerouting already
            classify(level[r], required[r])
        out[t] = level
    return out


def _lead_month(
    st: Setting,
    t: int,
    lead: dict[str, np.ndarray],
    seen: np.ndarray,
    noise: np.ndarray,
    changed: bool,
    fresh: float,
    politics: float,
) -> None:
    """The lead's month in one run: resolve, desire at its own level, beliefs, fatigue."""
    f = np.float32
    if changed:
        lead["resolve"] = f(fresh)
    level = phase_level(st.cr, t)
    cost = st.lead.perceived_cost[0]
    lead["desire"], _ = _desire(
        st, t, level, cost, float(st.lead.secondary[0]), float(st.lead.affinity[0]), lead, 0.0
    )
    if st.beliefs_on:
        b = lead["belief"]
        lead["belief"] = np.clip(b + f(st.belief_rate) * (seen + noise - b), 0, 1).astype(f)
    loss = f(st.lead.unit_cost[0] @ level)
    jump = max(loss - lead["last_loss"], 0.0)
    lead["fatigue"] = f(st.fatigue_memory) * lead["fatigue"] + loss
    lead["pressure"] = (
        f(st.pressure_memory) * lead["pressure"]
        + (1 - f(st.pressure_memory)) * loss
        + f(st.disruption) * jump
    )
    lead["last_loss"] = loss
