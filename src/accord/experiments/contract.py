"""What an experiment needs from the simulator: one evaluator contract.

Experiments never reach into the simulator's internals. They see an *evaluator*: given a
design (a validated regime and, optionally, the simulator's model parameters), a number
of runs, a number of months and a seed, it returns one value per run for each metric.
Every design point, executor and analysis in this package is built on that contract, so
the same experiment runs unchanged against any evaluator that keeps it, and the seed is
the only source of randomness (``numpy.random.default_rng(seed)`` inside the evaluator).

Evaluators are named by an import path (``"package.module:attribute"``) rather than passed
as objects, so a worker process started with ``spawn`` or a Ray worker can resolve the
same evaluator by itself.
"""

from __future__ import annotations

import importlib
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Protocol, runtime_checkable

import numpy as np
from numpy.typing import NDArray
from pydantic import BaseModel

from accord.domain import Regime
from accord.errors import InvalidArgument
from accord.estimate.defaults import ParameterChoice

Metrics = Mapping[str, NDArray[np.float64]]
"""Per-run metrics: metric name → array of shape ``[runs]`` (NaN where undefined)."""


@dataclass(frozen=True)
class Design:
    """One framework design to evaluate: the regime as written, the model's parameters
    (``None`` when the evaluator has none), and where the fitted behavioural parameters
    the regime's ``[model]`` does not set come from (Accord's simulator reads it; the
    calibrated posterior by default, :mod:`accord.sim.parameters`)."""

    regime: Regime
    model: BaseModel | None = None
    parameters: ParameterChoice = field(default_factory=ParameterChoice)


@runtime_checkable
class Evaluator(Protocol):
    """The contract between experiments and a simulator.

    ``metrics`` names the per-run metrics the evaluator returns, in a stable order;
    ``default_model`` gives the model parameters a design starts from (``None`` when the
    evaluator has no parameters outside the regime).
    """

    @property
    def metrics(self) -> tuple[str, ...]: ...

    def default_model(self) -> BaseModel | None: ...

    def __call__(self, design: Design, runs: int, months: int, seed: int) -> Metrics: ...


def resolve_evaluator(path: str) -> Evaluator:
    """Import the evaluator named ``"module:attribute"``; a bad name is an InvalidArgument."""
    module_name, sep, attribute = path.partition(":")
    if not sep or not module_name or not attribute:
        raise InvalidArgument(f"evaluator {path!r}: expected 'package.module:attribute'")
    try:
        module = importlib.import_module(module_name)
    except ImportError as exc:
        raise InvalidArgument(f"evaluator {path!r}: cannot import {module_name}: {exc}") from None
    found = getattr(module, attribute, None)
    if not isinstance(found, Evaluator):
        raise InvalidArgument(
            f"evaluator {path!r}: {attribute} is not an evaluator "
            "(expected metrics, default_model and a call (design, runs, months, seed))"
        )
    return found


def check_metrics(
    evaluator: Evaluator, metrics: Metrics, runs: int
) -> dict[str, NDArray[np.float64]]:
    """The evaluator's output as float arrays of length ``runs``, in its declared order.

    A broken evaluator is a programming error, not a user's: it raises ``RuntimeError``.
    """
    out: dict[str, NDArray[np.float64]] = {}
    for name in evaluator.metrics:
        if name not in metrics:
            raise RuntimeError(f"evaluator returned no metric {name!r}")
        values = np.asarray(metrics[name], dtype=np.float64)
        if values.shape != (runs,):
            raise RuntimeError(f"metric {name!r} has shape {values.shape}, expected ({runs},)")
        out[name] = values
    return out
