"""The estimated parameters, their priors, and the map from a vector to ModelParameters.

Calibration works on a flat vector ``theta``; each entry is one :class:`Parameter`
with a documented prior (``docs/validation.md``, "Priors"). An entry that is one of the
simulator's behavioural parameters names its field in
:class:`~accord.domain.parameters.ModelParameters` (``"affinity.weight"``); the others
belong to the observation model only (the cut-points of the ordered logit). Every
prior is proper and sampled from a seeded generator, and every vector is checked
against the fields' own bounds before the simulator sees it.

The priors were chosen before looking at any case's outcomes: centred on the model's
documented defaults, wide enough to cover an order of magnitude either side.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np
import numpy.typing as npt
from scipy import stats

from accord.domain.parameters import ModelParameters

F64 = npt.NDArray[np.float64]


@dataclass(frozen=True)
class Parameter:
    """One estimated parameter: ``field`` is its path in ModelParameters (None for an
    observation-model parameter), ``prior`` a frozen scipy distribution."""

    name: str
    field: str | None
    prior: Any  # scipy.stats frozen distribution (untyped upstream)
    lower: float
    upper: float
    meaning: str

    def logpdf(self, x: F64) -> F64:
        inside = (x > self.lower) & (x < self.upper)
        with np.errstate(divide="ignore"):
            out = np.where(inside, self.prior.logpdf(x), -np.inf)
        return np.asarray(out, dtype=np.float64)


PARAMETERS: tuple[Parameter, ...] = (
    Parameter(
        "affinity_weight",
        "affinity.weight",
        stats.lognorm(s=1.0, scale=2.0),
        0.0,
        100.0,
        "propensity per unit of affinity with the lead (lambda)",
    ),
    Parameter(
        "affinity_reference",
        "affinity.reference",
        stats.truncnorm(a=(-1.0 - 0.3) / 0.4, b=(1.0 - 0.3) / 0.4, loc=0.3, scale=0.4),
        -1.0,
        1.0,
        "affinity at which a member is indifferent (a_ref)",
    ),
    Parameter(
        "security_weight",
        "affinity.security",
        stats.lognorm(s=0.75, scale=1.0),
        0.0,
        100.0,
        "weight of shared security arrangements in closeness",
    ),
    Parameter(
        "bloc_weight",
        "affinity.bloc",
        stats.lognorm(s=0.75, scale=1.0),
        0.0,
        100.0,
        "weight of shared political blocs in closeness",
    ),
    Parameter(
        "un_voting_weight",
        "affinity.un_voting",
        stats.lognorm(s=0.75, scale=1.0),
        0.0,
        100.0,
        "weight of UN General Assembly alignment in closeness",
    ),
    Parameter(
        "adjust_band",
        None,
        stats.lognorm(s=0.75, scale=1.0),
        0.0,
        20.0,
        "half-width of the adjust band of the ordered logit (cut-points -c, +c)",
    ),
    Parameter(
        "cost_weight",
        "economic_cost.weight",
        stats.lognorm(s=1.0, scale=1.0),
        0.0,
        100.0,
        "propensity lost per percent of output lost a month (kappa)",
    ),
    Parameter(
        "vote_threshold",
        "decision.vote_threshold",
        stats.beta(a=2.0, b=10.0),
        0.0,
        1.0,
        "share of the requirement a member must want to vote for renewal",
    ),
)
"""Every estimated parameter, in the order of the vector ``theta``."""

NAMES: tuple[str, ...] = tuple(p.name for p in PARAMETERS)
CHOICE: tuple[str, ...] = NAMES[:6]
"""The parameters the ordered logit of observed postures depends on."""
SIMULATED: tuple[str, ...] = NAMES[6:]
"""The parameters only the simulated renewal record informs."""


def index(name: str) -> int:
    """Position of parameter ``name`` in ``theta``."""
    return NAMES.index(name)


def log_prior(theta: F64) -> F64:
    """[...] log prior density of ``theta[..., P]`` (-inf outside the bounds)."""
    t = np.asarray(theta, dtype=np.float64)
    total = np.zeros(t.shape[:-1])
    for i, p in enumerate(PARAMETERS):
        total = total + p.logpdf(t[..., i])
    return total


def sample_prior(n: int, rng: np.random.Generator) -> F64:
    """[n, P] independent draws from the prior, from the seeded ``rng``."""
    cols = [p.prior.rvs(size=n, random_state=rng) for p in PARAMETERS]
    out = np.clip(
        np.column_stack(cols),
        [p.lower + 1e-9 for p in PARAMETERS],
        [p.upper - 1e-9 for p in PARAMETERS],
    )
    return np.asarray(out, dtype=np.float64)


def to_parameters(theta: F64, base: ModelParameters | None = None) -> ModelParameters:
    """The ModelParameters that ``theta`` stands for: ``base`` (the defaults when None)
    with every simulator entry of ``theta`` written into its field, validated by the
    field's own bounds (a ValidationError names the field)."""
    values = np.asarray(theta, dtype=np.float64)
    if values.shape != (len(PARAMETERS),):
        raise ValueError(f"theta has shape {values.shape}; expected ({len(PARAMETERS)},)")
    data = (base or ModelParameters()).model_dump()
    for p, x in zip(PARAMETERS, values, strict=True):
        if p.field is None:
            continue
        table, key = p.field.split(".")
        data[table][key] = float(x)
    return ModelParameters.model_validate(data)
