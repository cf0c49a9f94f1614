"""Parameter uncertainty in every result: each block of Monte Carlo runs takes its own
posterior draw of the fitted parameters.

The engine holds one :class:`~accord.domain.parameters.ModelParameters` per
:class:`~accord.sim.setting.Setting`, so runs are split into blocks:

- **blocks**: under ``--parameters posterior`` the runs are cut into blocks of
  :data:`BLOCK_RUNS` (50) runs, run ``i`` in block ``i // 50`` whatever the total;
  under ``point`` and ``defaults`` all runs are one block (one engine call, seeded
  with the seed itself);
- **parameters**: block ``b`` takes posterior draw number ``d_b``, drawn by a
  generator seeded with ``(seed, b, 0)`` (:class:`numpy.random.SeedSequence`), written
  into the fields the scenario does not set (:func:`accord.estimate.defaults.with_fitted`);
- **shocks**: block ``b`` is simulated from the seed derived from ``(seed, b, 1)``.

So (i) the same seed gives the same numbers; (ii) two designs run with one seed see the
same draw and the same shocks in block ``b``, run for run (common random numbers: a
design compared with itself differs by exactly zero); (iii) every hook sees each month
once, for all runs, the blocks' months joined along the run axis in block order, as one
engine call over ``runs`` runs would show them; run ``i``'s parameters and shocks do
not depend on how many runs there are in all.

:func:`plan` and :func:`run_planned` are the one place this happens: an engine that
takes per-run parameters in one call can replace the loop over blocks here without
changing a caller.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, fields
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
from accord.sim.engine import Draws, Month, MonthHook, SimState, advance, initial
from accord.sim.setting import Setting, build_setting
from accord.sim.watch import Watcher

BLOCK_RUNS = 50
"""Runs per parameter block under ``--parameters posterior``: each block costs the
engine's per-month overhead once more (about 4 ms a month on russia-2022), so 1,000 runs
take 20 draws at about twice the time of one call."""
_DRAW, _SHOCKS = 0, 1
FITTED_FIELDS = tuple(path for _, path in FITTED)


def block_seed(seed: int, block: int, stream: int) -> int:
    """A 64-bit seed derived from ``(seed, block, stream)``."""
    state = np.random.SeedSequence([seed, block, stream]).generate_state(2, dtype=np.uint32)
    return int(state[0]) << 32 | int(state[1])


@dataclass(frozen=True)
class Block:
    """Runs ``first .. first + runs - 1``, simulated from ``seed`` under ``params``;
    ``draw`` is the posterior draw they took (None: no draw)."""

    first: int
    runs: int
    seed: int
    params: ModelParameters
    draw: int | None = None


@dataclass(frozen=True)
class ParametersUsed:
    """What a result's parameters were, for its metadata and report."""

    mode: str
    source: str = ""
    sha256: str = ""
    draws: int = 0  # distinct posterior draws used
    blocks: int = 1
    fitted: tuple[str, ...] = ()  # fields the posterior set
    explicit: tuple[str, ...] = ()  # fitted fields the scenario set itself

    def describe(self) -> str:
        """One line, e.g. ``posterior (posterior.nc (shipped), 20 draws in 20 blocks ...)``."""
        kept = f"; set by the scenario: {', '.join(self.explicit)}" if self.explicit else ""
        if self.mode == "posterior":
            return (
                f"posterior ({self.source}, {self.draws} draws in {self.blocks} blocks "
                f"of up to {BLOCK_RUNS} runs{kept})"
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
            "blocks": self.blocks,
            "fitted": list(self.fitted),
            "explicit": list(self.explicit),
            "describe": self.describe(),
        }


def parameter_blocks(
    model: ModelParameters, runs: int, seed: int, choice: ParameterChoice
) -> tuple[tuple[Block, ...], ParametersUsed]:
    """The blocks of ``runs`` runs from ``seed`` under ``choice`` (see the module)."""
    if runs < 1:
        raise ValueError("runs must be at least 1")
    if choice.mode == "defaults":
        return (Block(0, runs, seed, model),), ParametersUsed("defaults")
    found = fitted_draws(choice)
    fitted = fitted_paths(model)
    explicit = tuple(sorted(explicit_fields(model) & set(FITTED_FIELDS)))
    if choice.mode == "point":
        used = ParametersUsed("point", found.source, found.sha256, 1, 1, fitted, explicit)
        return (Block(0, runs, seed, with_fitted(found.point(), model)),), used
    blocks = []
    for b, first in enumerate(range(0, runs, BLOCK_RUNS)):
        draw = int(np.random.default_rng(block_seed(seed, b, _DRAW)).integers(len(found.values)))
        blocks.append(
            Block(
                first=first,
                runs=min(BLOCK_RUNS, runs - first),
                seed=block_seed(seed, b, _SHOCKS),
                params=with_fitted(found.values[draw], model),
                draw=draw,
            )
        )
    distinct = len({b.draw for b in blocks})
    used = ParametersUsed(
        "posterior", found.source, found.sha256, distinct, len(blocks), fitted, explicit
    )
    return tuple(blocks), used


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
        build_setting(regime.model_copy(update={"model": b.params}), costs, months) for b in blocks
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
    """Advance every block month by month; each hook sees each month once, for all
    runs (blocks joined in order). Returns each block's watchers (made by ``watchers``
    from its setting), which the caller merges. Each block advances exactly as
    :func:`~accord.sim.engine.run_months` would from its seed (same draws, same order)."""
    if months < 1:
        raise ValueError("months must be at least 1")
    rngs = [np.random.default_rng(b.seed) for b in p.blocks]
    states: list[SimState] = [
        initial(st, b.runs, rng) for st, b, rng in zip(p.settings, p.blocks, rngs, strict=True)
    ]
    seen: list[W] = [watchers(st) for st in p.settings] if watchers else []
    none: tuple[Watcher, ...] = ()
    m, k, ms = p.base.shape
    who = np.zeros(m, dtype=bool)
    for t in range(months):
        if forced:
            who[:] = [forced.get(i, months + 1) <= t for i in range(m)]
        parts = []
        for i, (st, s, rng, b) in enumerate(zip(p.settings, states, rngs, p.blocks, strict=True)):
            ws = seen[i] if seen else none
            d = Draws.draw(rng, b.runs, m, k, ms)
            for w in ws:
                w.before(t, s)
            month = advance(st, s, t, d, who if who.any() else None)
            for w in ws:
                w.after(t, s, month)
            parts.append(month)
        joined = parts[0] if len(parts) == 1 else join_months(parts)
        for hook in hooks:
            hook(joined)
    return seen


def join_months(parts: Sequence[Month]) -> Month:
    """The blocks' months as one month over all their runs (run axis first)."""
    first = parts[0]
    values: dict[str, Any] = {}
    for f in fields(Month):
        value = getattr(first, f.name)
        if isinstance(value, np.ndarray):
            values[f.name] = np.concatenate([getattr(part, f.name) for part in parts])
        else:
            values[f.name] = value
    return Month(**values)


__all__ = [
    "BLOCK_RUNS",
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
