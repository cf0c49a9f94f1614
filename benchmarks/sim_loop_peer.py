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
from accord.sim.engine import Draws, act_votes
from accord.sim.setting import Setting


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
        for r in range(runs):
            base = st.concession * (target_pressure[r] / f(st.reference_pressure)) ** f(
                st.elasticity
            )
            conceded = ~achieved[r] & (d.concession[r] < base * (1.0 + st.relief_boost))
            achieved[r] |= conceded
            inputs = MonthInputs(
                detected=detected[r : r + 1],
                in_favour=act_votes(st.cr, rules[r], t, desire[r : r + 1], st.vote_threshold),
                lead_in_favour=np.ones((1, len(st.cr.acts.ids)), bool),
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
                threat = threat0[r, m] * f(np.exp(-st.threat_decay * t) * st.resolve_boost)
                cw = f(st.cost_weight) * (1.0 + fatigue[r, m] / f(st.fatigue_scale))
                cw += f(st.pressure_weight) * pressure[r, m]
                ladder = st.ladder_next[req.ladder[0, m]]
                credit = f(st.pressure_weight) * pressure[r, m]
                b = belief[r, m]
                open_cost = b * f(st.reputation) + (ladder - credit)
                caught = b * f(st.detection * (1.0 + st.caught_premium) * st.reputation)
                caught += f(st.detection) * ladder
                quiet = caught < open_cost
                z = np.maximum(np.minimum(open_cost, caught), 0.0)
                z += threat * b
                severity = st.secondary_path[min(t, len(st.secondary_path) - 1)]
                z += resolve[r, m] + st.secondary[m] * severity + st.affinity[m] + f(0.5 / st.slope)
                z += taste[r, m]
                z -= st.perceived_cost[m] * cw * rq
                want = np.clip(z * f(st.slope), 0.0, 1.0).astype(f)
                desire[r, m] = want
                aim = want * rq
                revise = (rq != required[r, m]) | (d.politics[r, m] < st.election)
                if req.review_due or t == 0:
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
                fatigue[r, m] = (
                    f(st.fatigue_memory) * fatigue[r, m] + (1 - f(st.fatigue_memory)) * loss[m]
                )
                jump = max(loss[m] - last_loss[r, m], 0.0)
                pressure[r, m] = (
                    f(st.pressure_memory) * pressure[r, m]
                    + (1 - f(st.pressure_memory)) * loss[m]
                    + f(st.disruption) * jump
                )
                last_loss[r, m] = loss[m]
            gross = (effective * st.target_unit).sum(axis=0)
            target_pressure[r] = gross.sum()  # net of rerouting already
            classify(level[r], required[r])
        out[t] = level
    return out
