"""Watching the engine's state, not only its monthly output, for the report's "why".

:func:`run_watched` advances the engine through the same month loop as
:func:`accord.sim.run_months` (:mod:`accord.sim.loop`: same draws in the same order, so
the same seed gives the same months, which ``tests/test_sim_explain.py`` and
``tests/test_sim_loop.py`` check), and also shows the :class:`SimState` to *watchers*
(:class:`~accord.sim.loop.Watcher`) before and after each month. Two watchers serve the
report:

- :class:`VoteWatcher` records every renewal vote on an act: which runs held it, who
  voted against (a member blocks when its desire for one of the act's measures is below
  ``vote_threshold``), and whether the act lapsed;
- :class:`TermsWatcher` records the terms of every member's decision
  (:mod:`accord.sim.explain`) at chosen months, averaged over runs.

Engine quantities read: ``rules.act_in_force``, ``rules.act_expiry``, ``desire`` and
``lead.desire`` before a month (a renewal vote reads last month's desire, through the
engine's own ``act_votes``), ``rules.act_in_force`` after it; and those listed in
:mod:`accord.sim.explain`.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np
import numpy.typing as npt

from accord.sim.engine import Month, MonthHook, SimState
from accord.sim.explain import TERMS, DecisionInputs, decision_terms, desire
from accord.sim.lead import act_votes, lead_votes
from accord.sim.loop import Stream, Watcher, run_streams
from accord.sim.setting import Setting

F64 = npt.NDArray[np.float64]


def run_watched(
    st: Setting,
    runs: int,
    months: int,
    seed: int,
    hooks: Sequence[MonthHook] = (),
    watchers: Sequence[Watcher] = (),
) -> SimState:
    """:func:`accord.sim.run_months` (without forced defections or shock blocks), with
    ``watchers`` shown the state before and after each month: one stream of
    :func:`accord.sim.loop.run_streams`, so the months are the same as run_months's."""
    stream = Stream(st, runs, seed, watchers=tuple(watchers))
    return run_streams([stream], months, hooks)[0]


@dataclass(frozen=True)
class Renewal:
    """One renewal vote on one act (``measure`` indexes the compiled regime's acts), over
    the runs in which it was held.

    ``against[M]`` is the share of those runs in which each member voted against;
    ``sole[M]`` the share in which it was the only one against; ``lead_against`` the
    share in which the lead voted against (0 where its vote is not counted); ``margin``
    the yes votes beyond those needed, per run (negative: it failed by that many votes).
    """

    month: int
    measure: int
    held: int  # runs in which the vote was held
    failed: int  # runs in which the measure lapsed
    against: F64  # [M]
    sole: F64  # [M]
    margin: F64  # [held]
    lead_against: float = 0.0


@dataclass
class VoteWatcher:
    """Records every renewal vote (see the module's docstring)."""

    st: Setting
    renewals: list[Renewal] = field(default_factory=list)
    _due: npt.NDArray[np.bool_] | None = None
    _no: npt.NDArray[np.bool_] | None = None
    _lead_no: npt.NDArray[np.bool_] | None = None

    def voters(self) -> int:
        """Votes cast on a renewal: the voting members, and the lead when it votes."""
        cr = self.st.cr
        return int(cr.voter_mask.sum()) + int(bool(cr.lead_votes))

    def needed(self) -> int:
        """Yes votes a renewal needs by count (the weight threshold aside)."""
        cr = self.st.cr
        if cr.renewal is not None and cr.renewal.value == "unanimity":
            return self.voters()
        return int(np.ceil(cr.threshold * self.voters() - 1e-9))

    def before(self, t: int, s: SimState) -> None:
        due = s.rules.act_in_force & (s.rules.act_expiry == t)  # [R, A]
        if not due.any():
            self._due = None
            return
        self._due = due
        votes = act_votes(self.st, s.rules, t, s.desire)
        self._no = ~votes & self.st.cr.voter_mask[None, :, None]  # [R, M, A]
        counted = bool(self.st.cr.lead_votes)
        self._lead_no = ~lead_votes(self.st, s.rules, t, s.lead) & counted  # [R, A]

    def after(self, t: int, s: SimState, month: Month) -> None:
        if self._due is None or self._no is None or self._lead_no is None:
            return
        due, no, lead_no = self._due, self._no, self._lead_no
        lapsed = due & ~s.rules.act_in_force
        voters = self.voters()
        for k in np.flatnonzero(due.any(axis=0)):
            held = due[:, k]
            against = no[held, :, k]  # [held, M]
            count = against.sum(axis=1) + lead_no[held, k]
            self.renewals.append(
                Renewal(
                    month=t,
                    measure=int(k),
                    held=int(held.sum()),
                    failed=int(lapsed[held, k].sum()),
                    against=against.mean(axis=0),
                    sole=(against & (count == 1)[:, None]).mean(axis=0),
                    margin=(voters - count - self.needed()).astype(np.float64),
                    lead_against=float(lead_no[held, k].mean()),
                )
            )
        self._due = self._no = self._lead_no = None


@dataclass
class TermsWatcher:
    """Mean over runs of every decision term at chosen months: ``terms[month]`` is
    ``[len(TERMS), M, K]``; ``desire[month]`` and ``check[month]`` (the largest gap
    between the recomputed desire and the engine's) beside it."""

    st: Setting
    months: tuple[int, ...]
    terms: dict[int, F64] = field(default_factory=dict)
    desire: dict[int, F64] = field(default_factory=dict)
    check: dict[int, float] = field(default_factory=dict)
    _before: tuple[np.ndarray, np.ndarray, np.ndarray] | None = None

    def before(self, t: int, s: SimState) -> None:
        chosen = t in self.months
        self._before = (s.belief.copy(), s.fatigue.copy(), s.pressure.copy()) if chosen else None

    def after(self, t: int, s: SimState, month: Month) -> None:
        if self._before is None:
            return
        belief, fatigue, pressure = self._before
        inputs = DecisionInputs(
            month=t,
            belief=belief,
            fatigue=fatigue,
            pressure=pressure,
            resolve=s.resolve,
            threat=s.threat,
            taste=s.taste,
            ladder=s.rules.ladder,
            required=month.required,
        )
        terms = decision_terms(self.st, inputs)
        wanted = desire(self.st, terms)
        self.terms[t] = np.stack([terms[key].mean(axis=0) for key, _, _ in TERMS])
        self.desire[t] = wanted.mean(axis=0)
        self.check[t] = float(np.abs(wanted - s.desire).max())
        self._before = None
