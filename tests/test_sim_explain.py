"""The decision terms add up to the engine's desire; the watched run is the engine's run;
renewal votes are counted as the rules engine counts them."""

from __future__ import annotations

import numpy as np
import pytest

from accord.sim import Month, build_setting, run_months
from accord.sim.explain import SUBTRACTED, TERMS
from accord.sim.watch import TermsWatcher, VoteWatcher, run_watched
from tests.sim_support import sim_costs, sim_regime

MONTHS = 30


@pytest.fixture(scope="module")
def setting():  # type: ignore[no-untyped-def]
    return build_setting(sim_regime(), sim_costs(unevenness=1.5, mean_cost=0.6), MONTHS)


def test_watched_run_is_the_engine_run(setting) -> None:  # type: ignore[no-untyped-def]
    seen: list[list[Month]] = [[], []]
    run_months(setting, 64, MONTHS, 9, hooks=(seen[0].append,))
    run_watched(setting, 64, MONTHS, 9, hooks=(seen[1].append,), watchers=(VoteWatcher(setting),))
    for a, b in zip(*seen, strict=True):
        np.testing.assert_array_equal(a.level, b.level)
        np.testing.assert_array_equal(a.posture, b.posture)
        np.testing.assert_array_equal(a.lapsed, b.lapsed)


def test_terms_add_up_to_the_engines_desire(setting) -> None:  # type: ignore[no-untyped-def]
    chosen = (0, 1, 7, 13, 29)
    watcher = TermsWatcher(setting, chosen)
    run_watched(setting, 200, MONTHS, 4, watchers=(watcher,))
    assert sorted(watcher.check) == list(chosen)
    for t in chosen:
        # float32 in the engine, float64 here: equal to rounding
        assert watcher.check[t] < 1e-5, (t, watcher.check[t])
    terms = watcher.terms[29]
    names = [key for key, _, _ in TERMS]
    # costs lower the propensity, and fatigue has built up by month 29 but not at month 0
    for key in SUBTRACTED:
        assert (terms[names.index(key)] <= 0).all()
    assert (watcher.terms[0][names.index("fatigue")] == 0).all()
    assert (terms[names.index("fatigue")] < 0).any()
    # beliefs start at full alignment: no doubts at month 0
    assert (watcher.terms[0][names.index("beliefs")] == 0).all()


def test_a_wrong_term_breaks_the_check(setting, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    import accord.sim.explain as explain

    original = explain.decision_terms

    def without_secondary(st, x):  # type: ignore[no-untyped-def]
        terms = original(st, x)
        terms["secondary"] = terms["secondary"] * 0.0
        return terms

    monkeypatch.setattr("accord.sim.watch.decision_terms", without_secondary)
    watcher = TermsWatcher(setting, (5,))
    run_watched(setting, 50, 6, 4, watchers=(watcher,))
    assert watcher.check[5] > 1e-2


def test_votes_match_the_lapses(setting) -> None:  # type: ignore[no-untyped-def]
    months: list[Month] = []
    votes = VoteWatcher(setting)
    run_watched(setting, 300, MONTHS, 2, hooks=(months.append,), watchers=(votes,))
    assert votes.renewals, "the regime has a six-month sunset"
    for t, month in enumerate(months):
        held = [r for r in votes.renewals if r.month == t]
        assert sum(r.failed for r in held) == int(month.lapsed.sum())
        assert sum(r.held - r.failed for r in held) == int(month.renewed.sum())
    for r in votes.renewals:
        # a vote fails exactly in the runs whose margin is negative (count rule; the
        # qualified majority's weight threshold can only add failures)
        assert int((r.margin < 0).sum()) <= r.failed
        assert ((r.against >= 0) & (r.against <= 1)).all() and (r.sole <= r.against).all()


def test_under_unanimity_one_vote_against_is_a_veto() -> None:
    regime = sim_regime({"sunset": {"months": 6, "renewal": "unanimity"}})
    st = build_setting(regime, sim_costs(unevenness=1.5, mean_cost=0.6), MONTHS)
    votes = VoteWatcher(st)
    run_watched(st, 300, MONTHS, 2, watchers=(votes,))
    assert sum(r.failed for r in votes.renewals) > 0
    for r in votes.renewals:
        assert int((r.margin < 0).sum()) == r.failed
        if r.failed:
            # in each failed run someone voted against; the sole blockers are among them
            assert r.against.sum() * r.held >= r.failed
