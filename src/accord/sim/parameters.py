"""Parameter uncertainty in every result: each Monte Carlo run takes its own posterior
draw of the fitted parameters.

Under ``--parameters posterior`` run ``i`` takes posterior draw number ``d_i``, the
``i``-th integer of a generator seeded with the seed derived from ``(seed, 0)``
(:func:`draw_seed`), written into the fields the scenario does not set
(:func:`accord.estimate.defaults.with_fitted`); all runs advance in one engine call
from ``seed`` on a Setting with one parameter set per run
(``build_setting(..., parameters=[...])``, :mod:`accord.sim.per_run`). Under ``point``
and ``defaults`` every run has the same set: the same one call, on a scalar Setting.

So (i) the same seed gives the same numbers; (ii) two designs run with one seed see the
same draw and the same shocks run for run (common random numbers: a design compared
with itself differs by exactly zero); (iii) run ``i``'s draw does not depend on how
many runs there are in all.

:func:`plan` and :func:`run_planned` are the one place this happens. A plan is a
sequence of engine calls (blocks) whose months every hook sees joined along the run
axis, in block order, as one call would show them; today every plan is one call, and
the blocks remain for parameter sets the per-run Setting cannot hold together. The
blocks advance through the one month loop (:mod:`accord.sim.loop`), a stream each.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, TypeVar

import numpy as np

from accord.domain import Regime
from accord.domain.parameters import ModelParameters
from accord.estimate.defaults import (
    FITTED,
    ParameterChoice,
    explicit_fields,
    fitted_draws,
    fitted_paths,
    with_fitted,
)
from accord.sim.costs import SimCosts
from accord.sim.engine import MonthHook
from accord.sim.loop import Stream, Watcher, join_months, run_streams
from accord.sim.setting import Setting, build_setting

FITTED_FIELDS = tuple(path for _, path in FITTED)


def draw_seed(seed: int) -> int:
    """The seed of the generator that picks each run's posterior draw: derived from
    ``(seed, 0)``, apart from the engine's own stream (seeded with ``seed``)."""
    state = np.random.SeedSequence([seed, 0]).generate_state(2, dtype=np.uint32)
    return int(state[0]) << 32 | int(state[1])


@dataclass(frozen=True)
class Block:
    """Runs ``first .. first + runs - 1``, one engine call from ``seed`` under ``params``
    or, when ``per_run`` is given, under one parameter set per run (``draws`` the
    posterior draw each run took)."""

    first: int
    runs: int
    seed: int
    params: ModelParameters
    per_run: tuple[ModelParameters, ...] | None = None
    draws: tuple[int, ...] = ()


@dataclass(frozen=True)
class ParametersUsed:
    """What a result's parameters were, for its metadata and report."""

    mode: str
    source: str = ""
    sha256: str = ""
    draws: int = 0  # distinct posterior draws used
    runs: int = 0
    fitted: tuple[str, ...] = ()  # fields the posterior set
    explicit: tuple[str, ...] = ()  # fitted fields the scenario set itself

    def describe(self) -> str:
        """One line, e.g. ``posterior (posterior.nc (shipped), a draw per run: ...)``."""
        kept = f"; set by the scenario: {', '.join(self.explicit)}" if self.explicit else ""
        if self.mode == "posterior":
            return (
                f"posterior ({self.source}, a draw per run: {self.draws} distinct draws "
                f"in {self.runs} runs{kept})"
            )
        if self.mode == "point":
            return f"point (median of each parameter in {self.source}{kept})"
        return "defaults (the model's built-in assumptions, not calibrated)"

    def to_dict(self) -> dict[str, Any]:
        return {
            "mode": self.mode,
            "source": self.source,
            "sha256": self.sha256,
            "draws": self.draws,
            "runs": self.runs,
            "fitted": list(self.fitted),
            "explicit": list(self.explicit),
            "describe": self.describe(),
        }


def parameter_blocks(
    model: ModelParameters, runs: int, seed: int, choice: ParameterChoice
) -> tuple[tuple[Block, ...], ParametersUsed]:
    """The engine calls of ``runs`` runs from ``seed`` under ``choice`` (see the module)."""
    if runs < 1:
        raise ValueError("runs must be at least 1")
    if choice.mode == "defaults":
        return (Block(0, runs, seed, model),), ParametersUsed("defaults", runs=runs)
    found = fitted_draws(choice)
    fitted = fitted_paths(model)
    explicit = tuple(sorted(explicit_fields(model) & set(FITTED_FIELDS)))
    if choice.mode == "point":
        used = ParametersUsed("point", found.source, found.sha256, 1, runs, fitted, explicit)
        return (Block(0, runs, seed, with_fitted(found.point(), model)),), used
    picker = np.random.default_rng(draw_seed(seed))
    draws = tuple(int(d) for d in picker.integers(len(found.values), size=runs))
    sets = {d: with_fitted(found.values[d], model) for d in set(draws)}
    per_run = tuple(sets[d] for d in draws)
    used = ParametersUsed(
        "posterior", found.source, found.sha256, len(sets), runs, fitted, explicit
    )
    return (Block(0, runs, seed, per_run[0], per_run, draws),), used


@dataclass(frozen=True)
class Plan:
    """A simulation's blocks with their settings; ``base`` (block 0's setting) serves
    what does not depend on the fitted parameters (members, weights, acts)."""

    blocks: tuple[Block, ...]
    settings: tuple[Setting, ...]
    used: ParametersUsed

    @property
    def base(self) -> Setting:
        return self.settings[0]

    @property
    def runs(self) -> int:
        return sum(b.runs for b in self.blocks)


def plan(
    regime: Regime,
    costs: SimCosts,
    runs: int,
    months: int,
    seed: int,
    choice: ParameterChoice | None = None,
) -> Plan:
    """The blocks and settings of ``runs`` runs of ``regime`` from ``seed``; ``None``
    takes the regime's ``model`` table as it is (one block)."""
    chosen = choice if choice is not None else ParameterChoice("defaults")
    blocks, used = parameter_blocks(regime.model, runs, seed, chosen)
    settings = tuple(
        build_setting(
            regime.model_copy(update={"model": b.params}), costs, months, parameters=b.per_run
        )
        for b in blocks
    )
    return Plan(blocks, settings, used)


def single(st: Setting, runs: int, seed: int) -> Plan:
    """The plan of one engine call: ``runs`` runs of ``st`` from ``seed``."""
    return Plan((Block(0, runs, seed, st.params),), (st,), ParametersUsed("defaults"))


W = TypeVar("W", bound=tuple[Watcher, ...])


def run_planned(
    p: Plan,
    months: int,
    hooks: Sequence[MonthHook] = (),
    watchers: Callable[[Setting], W] | None = None,
    forced: dict[int, int] | None = None,
) -> list[W]:
    """Advance every block month by month, one stream of
    :func:`~accord.sim.loop.run_streams` per block; each hook sees each month once, for
    all runs (blocks joined in order). Returns each block's watchers (made by
    ``watchers`` from its setting), which the caller merges. Each block advances exactly
    as :func:`accord.sim.run_months` would from its seed (same draws, same order)."""
    seen: list[W] = [watchers(st) for st in p.settings] if watchers else []
    streams = [
        Stream(st, b.runs, b.seed, watchers=seen[i] if seen else ())
        for i, (st, b) in enumerate(zip(p.settings, p.blocks, strict=True))
    ]
    run_streams(streams, months, hooks, forced)
    return seen


__all__ = [
    "Block",
    "ParameterChoice",
    "ParametersUsed",
    "Plan",
    "join_months",
    "parameter_blocks",
    "plan",
    "run_planned",
    "single",
]
