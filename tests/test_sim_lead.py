"""The lead votes like any voter: its renewal vote comes from the members' rule, applied
to its own decision terms, and is not fixed at yes."""

from __future__ import annotations

import sys
from pathlib import Path

import numpy as np
import pytest

from accord.sim import Month, build_setting, run_months
from accord.sim.lead import act_votes
from accord.sim.setting import Setting
from accord.sim.watch import VoteWatcher, run_watched
from tests.sim_support import sim_costs, sim_regime

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "benchmarks"))
from sim_loop_peer import loop_simulate

MONTHS = 30
LEAD_DECIDES = {"sunset": {"months": 6, "renewal": "lead_decides"}}


def lapses(st: Setting, runs: int = 200, seed: int = 3) -> np.ndarray:
    """[R] acts lapsed per run."""
    seen: list[np.ndarray] = []

    def keep(month: Month) -> None:
        seen.append(month.lapsed.copy())

    run_months(st, runs, MONTHS, seed, hooks=(keep,))
    return np.stack(seen).sum(axis=0)


def test_a_lead_that_weighs_a_heavy_cost_declines_to_renew() -> None:
    """Under ``lead_decides`` the lead's own cost of its measures can end them: a lead
    bearing 3 % of its output per month for each measure wants none of them and lets
    every act lapse at its first end of term; a lead bearing nothing renews them all."""
    regime = sim_regime(LEAD_DECIDES)
    heavy = build_setting(regime, sim_costs(), MONTHS, lead_cost=[3.0, 3.0, 3.0])
    free = build_setting(regime, sim_costs(), MONTHS, lead_cost=[0.0, 0.0, 0.0])
    assert heavy.lead_votes
    assert (lapses(heavy) == len(heavy.cr.acts.ids)).all()
    assert (lapses(free) == 0).all()


def test_the_lead_weighs_the_cost_at_its_own_level_like_a_member() -> None:
    """A middling cost makes the lead's vote depend on its draws (taste, resolve): some
    runs lapse, not all, so the vote is a decision and not a constant."""
    st = build_setting(sim_regime(LEAD_DECIDES), sim_costs(), MONTHS, lead_cost=[0.5] * 3)
    lapsed = lapses(st, runs=400)
    assert 0 < (lapsed > 0).mean() < 1


def test_a_lead_among_unanimous_voters_can_veto() -> None:
    """The lead listed among the voters: its vote counts towards unanimity, and the
    vote watcher counts it (a vote fails exactly where the margin is negative)."""
    members = [m.code for m in sim_regime().members]
    sunset = {"months": 6, "renewal": "unanimity", "voters": ["USA", *members]}
    st = build_setting(sim_regime({"sunset": sunset}), sim_costs(), MONTHS, lead_cost=[0.8] * 3)
    assert st.cr.lead_votes
    votes = VoteWatcher(st)
    run_watched(st, 300, MONTHS, 2, watchers=(votes,))
    assert any(r.lead_against > 0 for r in votes.renewals)
    for r in votes.renewals:
        assert int((r.margin < 0).sum()) == r.failed


def test_the_lead_votes_by_the_members_rule() -> None:
    """The same threshold rule turns the lead's desire into its vote as a member's."""
    st = build_setting(sim_regime(LEAD_DECIDES), sim_costs(), MONTHS)
    from accord.rules import initial_state

    rules = initial_state(st.cr, 2)
    t = int(rules.act_expiry.min())
    desire = np.ones((2, 1, 3), dtype=np.float32)
    desire[1, 0, 0] = np.float32(st.vote_threshold) - np.float32(0.01)
    votes = act_votes(st, rules, t, desire)[:, 0, :]
    holds_first = st.cr.acts.measures[:, 0] > 0
    due = rules.act_expiry[1] == t
    assert votes[0].all()
    assert not votes[1][holds_first & due].any() and votes[1][~holds_first].all()


def test_where_the_lead_does_not_vote_its_cost_changes_nothing() -> None:
    regime = sim_regime()  # a qualified majority of members; the lead is no voter
    a = build_setting(regime, sim_costs(), MONTHS)
    b = build_setting(regime, sim_costs(), MONTHS, lead_cost=[5.0, 5.0, 5.0])
    assert not a.lead_votes
    seen: list[list[np.ndarray]] = [[], []]
    run_months(a, 50, MONTHS, 1, hooks=(lambda m: seen[0].append(m.level.copy()),))
    run_months(b, 50, MONTHS, 1, hooks=(lambda m: seen[1].append(m.level.copy()),))
    np.testing.assert_array_equal(np.stack(seen[0]), np.stack(seen[1]))


@pytest.mark.parametrize("cost", [0.5, 1.0])
def test_the_lead_in_the_engine_matches_the_per_member_loop(cost: float) -> None:
    """The plain loop of ``benchmarks/sim_loop_peer.py`` writes the lead's decision out
    by hand; the engine's [R, 1, K] slice through the members' phases agrees with it."""
    st = build_setting(sim_regime(LEAD_DECIDES), sim_costs(mean_cost=0.6), 18, lead_cost=[cost] * 3)
    seen: list[np.ndarray] = []
    run_months(st, 6, 18, 11, hooks=(lambda m: seen.append(m.level.copy()),))
    np.testing.assert_allclose(np.stack(seen), loop_simulate(st, 6, 18, seed=11), atol=1e-5)
