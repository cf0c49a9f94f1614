"""The one month loop (``accord.sim.loop``): every entry point is a call of it, so the
same runs give the same months through each, and every watcher and hook sees every
month exactly once, in order."""

from __future__ import annotations

import dataclasses

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from accord.sim import Month, SimState, build_setting, run_months
from accord.sim.loop import Stream, run_streams
from accord.sim.parameters import Block, ParametersUsed, Plan, run_planned, single
from accord.sim.setting import Setting
from accord.sim.watch import VoteWatcher, run_watched
from tests.sim_support import MEMBERS, sim_costs, sim_regime

MONTHS = 14
REGIME = sim_regime({"sunset": {"months": 6, "renewal": "unanimity"}})
COSTS = sim_costs(unevenness=1.5, mean_cost=0.6)
SETTING = build_setting(REGIME, COSTS, MONTHS)


class Keep:
    """A month hook holding a copy of every field of every month it sees."""

    def __init__(self) -> None:
        self.months: list[dict[str, object]] = []

    def __call__(self, month: Month) -> None:
        self.months.append(
            {
                item.name: np.array(value) if isinstance(value, np.ndarray) else value
                for item in dataclasses.fields(Month)
                if (value := getattr(month, item.name)) is not None
            }
        )

    def field(self, name: str) -> np.ndarray:
        """``name`` stacked over months (the run axis second)."""
        return np.stack([np.asarray(month[name]) for month in self.months])


def assert_same_months(a: Keep, b: Keep) -> None:
    assert len(a.months) == len(b.months) == MONTHS
    for t, (left, right) in enumerate(zip(a.months, b.months, strict=True)):
        assert left.keys() == right.keys()
        for name, value in left.items():
            np.testing.assert_array_equal(value, right[name], err_msg=f"month {t}: {name}")


def two_block_plan(setting: Setting, runs: tuple[int, int], seeds: tuple[int, int]) -> Plan:
    """A plan of two blocks of ``setting`` (the same parameter set), one engine stream each."""
    blocks = (
        Block(0, runs[0], seeds[0], setting.params),
        Block(runs[0], runs[1], seeds[1], setting.params),
    )
    return Plan(blocks, (setting, setting), ParametersUsed("defaults"))


def test_every_entry_point_of_one_block_gives_the_same_months() -> None:
    kept = [Keep() for _ in range(4)]
    run_months(SETTING, 6, MONTHS, 5, hooks=(kept[0],))
    run_watched(SETTING, 6, MONTHS, 5, hooks=(kept[1],), watchers=(VoteWatcher(SETTING),))
    run_planned(single(SETTING, 6, 5), MONTHS, hooks=(kept[2],))
    run_streams([Stream(SETTING, 6, 5)], MONTHS, (kept[3],))
    for other in kept[1:]:
        assert_same_months(kept[0], other)
    assert kept[0].field("lapsed").any()  # renewals were voted on and some failed


def test_parameter_blocks_of_one_set_are_shock_blocks_and_standalone_calls() -> None:
    """Two blocks of 3 runs from one seed are a 6-run call with shocks in blocks of 3, and
    each is the standalone 3-run call, forced defections included."""
    forced = {MEMBERS.index("HUN"): 2}
    planned, blocked, alone = Keep(), Keep(), Keep()
    run_planned(two_block_plan(SETTING, (3, 3), (8, 8)), MONTHS, hooks=(planned,), forced=forced)
    run_months(SETTING, 6, MONTHS, 8, hooks=(blocked,), forced=forced, shock_runs=3)
    run_months(SETTING, 3, MONTHS, 8, hooks=(alone,), forced=forced)
    assert_same_months(planned, blocked)
    level = planned.field("level")
    np.testing.assert_array_equal(level[:, :3], alone.field("level"))
    np.testing.assert_array_equal(level[:, 3:], alone.field("level"))


@settings(max_examples=8, deadline=None)
@given(
    runs=st.tuples(st.integers(2, 4), st.integers(2, 4)),
    seeds=st.tuples(st.integers(0, 2**32 - 1), st.integers(0, 2**32 - 1)),
    defector=st.integers(0, len(MEMBERS) - 1),
    start=st.integers(0, MONTHS),
)
def test_joined_blocks_are_their_standalone_calls_side_by_side(
    runs: tuple[int, int], seeds: tuple[int, int], defector: int, start: int
) -> None:
    forced = {defector: start}
    joined = Keep()
    run_planned(two_block_plan(SETTING, runs, seeds), MONTHS, hooks=(joined,), forced=forced)
    parts = [Keep(), Keep()]
    for part, count, seed in zip(parts, runs, seeds, strict=True):
        run_months(SETTING, count, MONTHS, seed, hooks=(part,), forced=forced)
    for name in ("level", "posture", "loss", "lapsed", "target_pressure", "quiet"):
        np.testing.assert_array_equal(
            joined.field(name),
            np.concatenate([part.field(name) for part in parts], axis=1),
            err_msg=name,
        )


def test_a_forced_member_defects_from_its_month_in_every_stream() -> None:
    """Forced defections reach every stream alike, from the month named and not before."""
    hun, start = MEMBERS.index("HUN"), 4
    kept = [Keep(), Keep(), Keep()]
    run_months(SETTING, 4, MONTHS, 2, hooks=(kept[0],), forced={hun: start})
    run_planned(two_block_plan(SETTING, (2, 3), (2, 9)), MONTHS, (kept[1],), forced={hun: start})
    streams = [Stream(SETTING, 2, 1), Stream(SETTING, 4, 6, shock_runs=2)]
    run_streams(streams, MONTHS, (kept[2],), forced={hun: start})
    for keep in kept:
        level = keep.field("level")[:, :, hun]  # [months, runs, measures]
        assert (level[start - 1] > 0).any(axis=-1).all()  # every run still implements
        assert not level[start:].any()


class Diary:
    """A watcher writing down every call it gets, with the runs it was shown."""

    def __init__(self, name: str, events: list[tuple[str, str, int, int]]) -> None:
        self.name = name
        self.events = events

    def before(self, t: int, s: SimState) -> None:
        self.events.append(("before", self.name, t, s.level.shape[0]))

    def after(self, t: int, s: SimState, month: Month) -> None:
        assert month.t == t and month.level is s.level  # its own stream's month
        self.events.append(("after", self.name, t, s.level.shape[0]))


def expected_diary(streams: dict[str, int]) -> list[tuple[str, str, int, int]]:
    """Each month: every stream's watcher before and after it, then the hook once on
    all the runs."""
    out: list[tuple[str, str, int, int]] = []
    for t in range(MONTHS):
        for name, runs in streams.items():
            out += [("before", name, t, runs), ("after", name, t, runs)]
        out.append(("hook", "all", t, sum(streams.values())))
    return out


def test_watchers_and_hooks_see_every_month_once_in_order() -> None:
    events: list[tuple[str, str, int, int]] = []

    def hook(month: Month) -> None:
        events.append(("hook", "all", month.t, month.level.shape[0]))

    sizes = {"first": 4, "second": 2, "third": 6}
    streams = [
        Stream(SETTING, 4, 1, watchers=(Diary("first", events),)),
        Stream(SETTING, 2, 2, watchers=(Diary("second", events),)),
        Stream(SETTING, 6, 3, shock_runs=3, watchers=(Diary("third", events),)),
    ]
    run_streams(streams, MONTHS, (hook,))
    assert events == expected_diary(sizes)

    events.clear()
    run_watched(SETTING, 5, MONTHS, 4, hooks=(hook,), watchers=(Diary("only", events),))
    assert events == expected_diary({"only": 5})

    events.clear()
    plan = two_block_plan(SETTING, (3, 2), (1, 2))
    names = iter(("first", "second"))
    seen = run_planned(
        plan, MONTHS, hooks=(hook,), watchers=lambda s: (Diary(next(names), events),)
    )
    assert [w[0].name for w in seen] == ["first", "second"]
    assert events == expected_diary({"first": 3, "second": 2})

    events.clear()
    run_months(SETTING, 3, MONTHS, 4, hooks=(hook, hook))
    assert events == [("hook", "all", t, 3) for t in range(MONTHS) for _ in range(2)]


def test_the_loop_refuses_what_it_cannot_join() -> None:
    with pytest.raises(ValueError, match="at least one stream"):
        run_streams([], MONTHS)
    milestones = [{"id": "ceasefire", "co_designed": True}, {"id": "withdrawal"}]
    other = build_setting(sim_regime(milestones=milestones), COSTS, MONTHS)
    with pytest.raises(ValueError, match="members x measures x milestones"):
        run_streams([Stream(SETTING, 2, 1), Stream(other, 2, 1)], MONTHS)
    with pytest.raises(ValueError, match="runs and months must be at least 1"):
        run_planned(single(SETTING, 2, 1), 0)
