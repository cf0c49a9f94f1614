"""Acts compiled to arrays: which measures lapse together, for whom, and when they are due.

A regime with ``acts`` renews each act as one, on its calendar (``expires``, then the
``renew_on`` dates). A regime without acts but with a sunset gets one implicit act per
renewable measure under the sunset, binding every member, whose terms run
``sunset.months`` from the measure's adoption month: the simple form of the format.

Shapes: A acts, M members, K measures. The schedule is fixed by the regime: a renewal
extends an act to its next scheduled end, and a lapse ends it for good.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import numpy as np

from accord.domain import Regime, add_months, expand, expiries, month_index, month_start
from accord.rules.types import F32, I32, NEVER, B

_SCHEDULE_MONTHS = 600
"""Months past the horizon over which terms are scheduled (a ledger may replay beyond it)."""


@dataclass(frozen=True)
class CompiledActs:
    """The acts of a regime as arrays, and each act's due months with their dates."""

    ids: tuple[str, ...]
    names: tuple[str, ...]
    measures: B  # [A, K] measures each act holds
    bound: B  # [A, M] members each act binds
    cover: F32  # [A, M * K] 1 where the act holds that member's measure
    due: tuple[tuple[int, ...], ...]  # month indices at which each act's term ends
    dates: tuple[dict[int, date], ...]  # the end-of-term date of each due month

    @property
    def first(self) -> I32:
        """[A] month of each act's first renewal vote (``NEVER``: none)."""
        return np.array([d[0] if d else NEVER for d in self.due], dtype=np.int32)

    def next_after(self, t: int) -> I32:
        """[A] month of each act's next renewal vote after month ``t`` (``NEVER``: none)."""
        out = np.full(len(self.ids), NEVER, dtype=np.int32)
        for a, months in enumerate(self.due):
            later = [m for m in months if m > t]
            if later:
                out[a] = later[0]
        return out


def _legacy(regime: Regime, members: int) -> CompiledActs:
    """One act per measure: under a sunset, renewable measures it covers run in terms of
    ``sunset.months`` from their adoption month; the others never lapse."""
    sunset = regime.safeguards.sunset
    ids = regime.measure_ids
    K = len(ids)
    due: list[tuple[int, ...]] = []
    dates: list[dict[int, date]] = []
    covered = set((sunset.measures or ids) if sunset else ())
    for m in regime.measures:
        if sunset is None or not m.renewable or m.id not in covered:
            due.append(())
            dates.append({})
            continue
        adopted = month_index(regime.start, m.adopted)
        months = tuple(
            range(adopted + sunset.months, regime.horizon_months + _SCHEDULE_MONTHS, sunset.months)
        )
        due.append(months)
        dates.append({t: month_start(regime.start, t) for t in months})
    measures = np.eye(K, dtype=bool)
    bound = np.ones((K, members), dtype=bool)
    return _finish(ids, ("",) * K, measures, bound, due, dates)


def _finish(
    ids: tuple[str, ...],
    names: tuple[str, ...],
    measures: B,
    bound: B,
    due: list[tuple[int, ...]],
    dates: list[dict[int, date]],
) -> CompiledActs:
    cover = (bound[:, :, None] & measures[:, None, :]).reshape(len(ids), -1)
    return CompiledActs(
        ids=ids,
        names=names,
        measures=measures,
        bound=bound,
        cover=cover.astype(np.float32),
        due=tuple(due),
        dates=tuple(dates),
    )


def compile_acts(regime: Regime, members: tuple[str, ...]) -> CompiledActs:
    """The regime's acts (or the implicit one-per-measure acts of its sunset)."""
    if not regime.acts:
        return _legacy(regime, len(members))
    k_ix = {k: i for i, k in enumerate(regime.measure_ids)}
    A, K = len(regime.acts), len(k_ix)
    measures = np.zeros((A, K), dtype=bool)
    bound = np.zeros((A, len(members)), dtype=bool)
    due: list[tuple[int, ...]] = []
    dates: list[dict[int, date]] = []
    sunset = regime.safeguards.sunset
    until = add_months(regime.start, regime.horizon_months + _SCHEDULE_MONTHS)
    for a, act in enumerate(regime.acts):
        measures[a, [k_ix[k] for k in act.measures]] = True
        codes = set(expand(act.members)) if act.members else set(members)
        bound[a] = [c in codes for c in members]
        ends = expiries(act, until, sunset.months) if sunset is not None else []
        by_month = {month_index(regime.start, d): d for d in ends}
        due.append(tuple(sorted(by_month)))
        dates.append(by_month)
    names = tuple(act.name or act.id for act in regime.acts)
    return _finish(tuple(a.id for a in regime.acts), names, measures, bound, due, dates)


def in_force_for(acts: CompiledActs, act_in_force: B, members: int) -> B:
    """[R, M, K] whether each member's measure is still in force: false where an act that
    binds the member and holds the measure has lapsed."""
    runs, K = act_in_force.shape[0], acts.measures.shape[1]
    lapsed = (~act_in_force).astype(np.float32) @ acts.cover  # [R, M * K]
    return np.asarray(lapsed.reshape(runs, members, K) == 0)


def measure_view(acts: CompiledActs, act_in_force: B, act_expiry: I32) -> tuple[B, I32]:
    """Per measure: in force (no act holding it has lapsed for anyone) and the month of
    its next renewal vote (the earliest among the acts in force holding it)."""
    lapsed = (~act_in_force).astype(np.float32) @ acts.measures.astype(np.float32)  # [R, K]
    live = np.where(act_in_force, act_expiry, NEVER)[:, :, None]  # [R, A, 1]
    expiry = np.where(acts.measures[None, :, :], live, NEVER).min(axis=1, initial=int(NEVER))
    return np.asarray(lapsed == 0), expiry.astype(np.int32)
