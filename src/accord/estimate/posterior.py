"""Posterior draws as ArviZ InferenceData (NetCDF), and the identification report.

The file holds a ``posterior`` group (walkers as chains), a ``prior`` group and a
``sample_stats`` group (``lp``), so ``arviz.summary``, ``plot_posterior`` and
``plot_dist`` work on it unchanged; its attributes record the cases fitted, the
sampler's settings and the command that made it. Identification compares each
parameter's posterior spread with its prior spread (posterior contraction,
1 - var_post / var_prior; Schad, Betancourt & Vasishth 2021, Psychological Methods
26(1), doi:10.1037/met0000275): a parameter whose contraction is below
:data:`PINNED` is one the data do not pin down. Beside it stand the chains' mixing
diagnostics: the rank-normalised split R-hat and bulk effective sample size of
ArviZ (Vehtari et al. 2021, Bayesian Analysis 16(2), doi:10.1214/20-BA1221), and the
integrated autocorrelation time of emcee (Goodman & Weare 2010), since walkers of one
ensemble are not independent chains: a parameter is *mixed* when R-hat is below
:data:`RHAT_MAX`, its ESS at least :data:`ESS_MIN`, and the kept steps at least
:data:`TAU_LENGTHS` autocorrelation times (emcee's rule of thumb).
"""

from __future__ import annotations

import os
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import arviz as az
import emcee
import numpy as np
import numpy.typing as npt

from accord.errors import AccordError
from accord.estimate.calibrate import Fit
from accord.estimate.priors import NAMES, PARAMETERS

F64 = npt.NDArray[np.float64]
BUNDLED = Path(__file__).resolve().parent / "data" / "posterior.nc"
"""The shipped posterior (docs/validation.md, "Calibration run")."""
PINNED = 0.5
"""Posterior contraction above which the data are said to pin a parameter down."""
RHAT_MAX = 1.05
"""Split R-hat below which the walkers agree on a parameter's distribution."""
ESS_MIN = 400.0
"""Bulk effective draws a parameter needs before its 5-95 % interval is read."""
TAU_LENGTHS = 50.0
"""Autocorrelation times the kept steps must span."""


def inference_data(fit: Fit, command: str) -> Any:
    """The InferenceData of ``fit``; ``command`` is recorded in its attributes."""
    posterior = {n: fit.posterior[..., i] for i, n in enumerate(NAMES)}
    prior = {n: fit.prior[None, :, i] for i, n in enumerate(NAMES)}
    attrs = {
        "cases": ",".join(fit.cases),
        "command": command,
        "sampler": "emcee.EnsembleSampler (DEMove 0.8, DESnookerMove 0.2)",
        "acceptance": fit.acceptance,
        **{k: int(v) for k, v in fit.settings.items()},
    }
    data = az.from_dict(posterior=posterior, prior=prior, sample_stats={"lp": fit.log_probability})
    data.posterior.attrs.update(attrs)
    return data


def write(fit: Fit, path: Path, command: str) -> None:
    """Write ``fit`` to ``path`` (NetCDF) atomically: a failed write leaves nothing."""
    data = inference_data(fit, command)
    handle, tmp = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.resolve().parent)
    os.close(handle)
    try:
        data.to_netcdf(tmp)
        os.chmod(tmp, 0o666 & ~_umask())  # mkstemp makes it private; a posterior is not
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


@dataclass(frozen=True)
class Posterior:
    """Draws read back from a posterior file: ``draws[N, P]`` (chains flattened)."""

    draws: F64
    prior: F64
    attrs: dict[str, Any]

    def thin(self, n: int, rng: np.random.Generator) -> F64:
        """[n, P] draws taken without replacement (with, if fewer are stored)."""
        pick = rng.choice(len(self.draws), size=n, replace=n > len(self.draws))
        return self.draws[pick]


def read(path: Path) -> Posterior:
    """Read a posterior file written by :func:`write`; a located error if it is not one."""
    if not path.is_file():
        raise AccordError(f"{path}: no such posterior file; expected `accord calibrate` output")
    try:
        data = az.from_netcdf(path)  # type: ignore[no-untyped-call]
    except (OSError, KeyError, ValueError) as exc:
        raise AccordError(
            f"{path}: not a posterior file ({exc}); expected the parameters {list(NAMES)}"
        ) from None
    return posterior_of(data, str(path))


def posterior_of(data: Any, source: str = "<InferenceData>") -> Posterior:
    """The draws of InferenceData as :func:`inference_data` makes it (read from a file
    or returned by ``accord.calibrate``); ``source`` names it in the located error."""
    try:
        post = data["posterior"]
        prior = data["prior"]
        draws = np.column_stack([np.asarray(post[n]).reshape(-1) for n in NAMES])
        prior_draws = np.column_stack([np.asarray(prior[n]).reshape(-1) for n in NAMES])
        attrs = dict(post.attrs)
    except (KeyError, ValueError, TypeError) as exc:
        raise AccordError(
            f"{source}: not a posterior ({exc}); expected the parameters {list(NAMES)}"
        ) from None
    return Posterior(draws=draws, prior=prior_draws, attrs=attrs)


@dataclass(frozen=True)
class Identification:
    """One parameter's prior and posterior spread, and how well its chains mixed."""

    name: str
    prior_mean: float
    prior_sd: float
    posterior_mean: float
    posterior_sd: float
    low: float  # 5 % posterior quantile
    high: float  # 95 % posterior quantile
    rhat: float
    ess: float  # bulk effective sample size
    steps_per_tau: float  # kept steps / integrated autocorrelation time

    @property
    def contraction(self) -> float:
        """1 - var_post / var_prior: 0 the data say nothing, 1 they fix it."""
        return float(1.0 - (self.posterior_sd / self.prior_sd) ** 2)

    @property
    def pinned(self) -> bool:
        return self.contraction >= PINNED

    @property
    def mixed(self) -> bool:
        """The chains agree and are long enough for the interval to be read."""
        return bool(
            self.rhat < RHAT_MAX and self.ess >= ESS_MIN and self.steps_per_tau >= TAU_LENGTHS
        )


def identification(chains: F64, prior: F64) -> tuple[Identification, ...]:
    """Per parameter, prior against posterior spread, with the mixing diagnostics of
    ``chains[walkers, steps, P]`` (burn-in dropped)."""
    steps = chains.shape[1]
    with np.errstate(invalid="ignore", divide="ignore"):  # a walker that never moved: NaN
        tau = emcee.autocorr.integrated_time(chains.transpose(1, 0, 2), quiet=True)
    out = []
    for i, p in enumerate(PARAMETERS):
        post = chains[..., i].reshape(-1)
        values = chains[..., i]
        out.append(
            Identification(
                name=p.name,
                prior_mean=float(prior[:, i].mean()),
                prior_sd=float(prior[:, i].std()),
                posterior_mean=float(post.mean()),
                posterior_sd=float(post.std()),
                low=float(np.quantile(post, 0.05)),
                high=float(np.quantile(post, 0.95)),
                rhat=float(az.rhat(values)),  # type: ignore[no-untyped-call]
                ess=float(az.ess(values, method="bulk")),  # type: ignore[no-untyped-call]
                steps_per_tau=float(steps / tau[i]),
            )
        )
    return tuple(out)
