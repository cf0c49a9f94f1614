"""The month loop: the one place the engine is advanced month after month.

Every way of running the engine is a sequence of :class:`Stream` objects handed to
:func:`run_streams`: a stream is a number of runs under one
:class:`~accord.sim.setting.Setting`, drawn from the generator of its own seed. Each
month, stream after stream, the loop draws the stream's random numbers, shows its state
to the stream's watchers, advances it (:func:`~accord.sim.engine.advance`) and shows it
again; then every hook sees the month once, the streams' months joined along the run
axis in stream order, as one call over all the runs would show them. Forced defections
apply to every stream alike.

The entry points are thin calls of it, so a draw, a watcher or a forced defection
cannot be handled one way in one of them and another way in the next:

- :func:`run_months`: one stream, with forced defections and shock blocks (the
  estimators' batches);
- :func:`accord.sim.watch.run_watched`: one stream with watchers (the report's "why");
- :func:`accord.sim.parameters.run_planned`: one stream per parameter block of a plan.

A stream advances exactly as a standalone call from its seed would (same draws, same
order), whatever else shares the loop: streams hold separate generators, and what a
watcher or a hook does cannot change the draws.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Protocol, TypeVar

import numpy as np

from accord.rules import initial_state
from accord.sim.draws import Draws
from accord.sim.engine import Month, MonthHook, SimState, advance, check_runs, initial
from accord.sim.lead import LeadMind
from accord.sim.setting import Setting

__all__ = ["Stream", "Watcher", "join_months", "run_months", "run_streams"]


class Watcher(Protocol):
    """Sees its stream's state before and after each month (what the monthly output
    does not carry, e.g. the desires behind a renewal vote)."""

    def before(self, t: int, s: SimState) -> None: ...

    def after(self, t: int, s: SimState, month: Month) -> None: ...


@dataclass(frozen=True)
class Stream:
    """``runs`` runs of ``setting`` from the generator seeded with ``seed``.

    ``shock_runs`` draws the random numbers (the initial state's and every month's) for
    that many runs only, in the order a standalone ``shock_runs``-run stream draws them,
    and repeats them along the run axis. With per-run parameters holding ``D`` parameter
    sets in blocks of ``shock_runs`` runs, block ``b`` then sees bit for bit the shocks
    of a ``shock_runs``-run stream at the same seed: the simulated likelihood of each set
    stays one deterministic function of its parameters however many sets share the call
    (common random numbers across the batch). Bit for bit holds for blocks of two runs or
    more; a standalone one-run call can differ in the last float32 bit (numpy sums an
    axis of length one another way).
    """

    setting: Setting
    runs: int
    seed: int
    shock_runs: int | None = None
    watchers: tuple[Watcher, ...] = ()


def run_streams(
    streams: Sequence[Stream],
    months: int,
    hooks: Sequence[MonthHook] = (),
    forced: dict[int, int] | None = None,
) -> list[SimState]:
    """Advance every stream by ``months`` months (see the module); returns each
    stream's final state.

    ``forced`` maps a member's index to the month from which it defects visibly (an
    experiment's lever, e.g. to measure how one defection spreads). The streams must
    share their members, measures and milestones, since their months are joined.
    """
    if not streams:
        raise ValueError("streams: expected at least one stream of runs")
    shape = streams[0].setting.shape
    for stream in streams:
        check_runs(stream.setting, stream.runs, months)
        if stream.setting.shape != shape:
            raise ValueError(
                f"streams: every stream needs members x measures x milestones {shape}, "
                f"not {stream.setting.shape}"
            )
    blocks = [_block(stream.runs, stream.shock_runs) for stream in streams]
    rngs = [np.random.default_rng(stream.seed) for stream in streams]
    states = [
        _initial(stream.setting, stream.runs, block, rng)
        for stream, block, rng in zip(streams, blocks, rngs, strict=True)
    ]
    lanes = list(zip(streams, states, rngs, blocks, strict=True))
    m, k, ms = shape
    who = np.zeros(m, dtype=bool)
    for t in range(months):
        if forced:
            who[:] = [forced.get(i, months + 1) <= t for i in range(m)]
        defecting = who if who.any() else None
        parts = []
        for stream, s, rng, block in lanes:
            d = Draws.draw(rng, block, m, k, ms)
            if block != stream.runs:
                d = _repeat(d, stream.runs // block)
            for watcher in stream.watchers:
                watcher.before(t, s)
            month = advance(stream.setting, s, t, d, defecting)
            for watcher in stream.watchers:
                watcher.after(t, s, month)
            parts.append(month)
        joined = parts[0] if len(parts) == 1 else join_months(parts)
        for hook in hooks:
            hook(joined)
    return states


def run_months(
    st: Setting,
    runs: int,
    months: int,
    seed: int,
    hooks: tuple[MonthHook, ...] = (),
    forced: dict[int, int] | None = None,
    shock_runs: int | None = None,
) -> SimState:
    """Run ``months`` months of ``runs`` runs from ``seed``; every hook sees every month.

    One :class:`Stream` through :func:`run_streams`: ``forced`` as there, ``shock_runs``
    as in :class:`Stream` (the estimators batch parameter sets along the run axis with
    it, :mod:`accord.estimate.simulator`).
    """
    return run_streams([Stream(st, runs, seed, shock_runs)], months, hooks, forced)[0]


def join_months(parts: Sequence[Month]) -> Month:
    """The streams' months as one month over all their runs (run axis first)."""
    first = parts[0]
    values: dict[str, Any] = {}
    for item in dataclasses.fields(Month):
        value = getattr(first, item.name)
        if isinstance(value, np.ndarray):
            values[item.name] = np.concatenate([getattr(part, item.name) for part in parts])
        else:
            values[item.name] = value
    return Month(**values)


def _block(runs: int, shock_runs: int | None) -> int:
    """The number of runs whose shocks are drawn; ``runs`` must be a multiple of it."""
    if shock_runs is None:
        return runs
    if shock_runs < 1 or runs % shock_runs:
        raise ValueError(
            f"shock_runs: expected a positive divisor of runs ({runs}), got {shock_runs}"
        )
    return shock_runs


def _initial(st: Setting, runs: int, block: int, rng: np.random.Generator) -> SimState:
    """The state before month 0, its draws made for ``block`` runs (see :class:`Stream`)."""
    return initial(st, runs, rng) if block == runs else _repeat_state(st, runs, block, rng)


_Held = TypeVar("_Held", Draws, LeadMind)


def _repeat(held: _Held, times: int) -> _Held:
    """``held`` with every per-run array (and the lead's draws) repeated ``times`` times
    along the run axis, block after block."""
    changes: dict[str, object] = {}
    for item in dataclasses.fields(held):
        value = getattr(held, item.name)
        if isinstance(value, np.ndarray):
            changes[item.name] = np.tile(value, (times,) + (1,) * (value.ndim - 1))
        elif isinstance(value, Draws):
            changes[item.name] = _repeat(value, times)
    return dataclasses.replace(held, **changes)  # type: ignore[arg-type]


def _repeat_state(st: Setting, runs: int, block: int, rng: np.random.Generator) -> SimState:
    """The initial state drawn for ``block`` runs and repeated to ``runs``: what is drawn
    (tastes, threats, the lead's) depends only on shared parameters, so repeating the
    drawn state equals drawing it per block."""
    s = initial(st, block, rng)
    times = runs // block
    arrays = {
        item.name: np.tile(value, (times,) + (1,) * (value.ndim - 1))
        for item in dataclasses.fields(s)
        if isinstance(value := getattr(s, item.name), np.ndarray)
    }
    return dataclasses.replace(
        s, rules=initial_state(st.cr, runs), lead=_repeat(s.lead, times), **arrays
    )
