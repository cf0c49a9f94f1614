"""The calibrated posterior as the default ``[model]``: what the fitted parameters are
when a scenario does not write them.

Every fitted parameter of :mod:`accord.estimate.priors` that names a field of
:class:`~accord.domain.parameters.ModelParameters` (``affinity.weight``,
``economic_cost.weight``, ``decision.vote_threshold``, ...) takes its value from the
posterior unless the scenario's ``[model]`` table writes that field itself: a value a
scenario sets explicitly always wins (pydantic's ``model_fields_set`` records what was
written; :func:`explicit_fields`). Three choices (``--parameters``):

- ``posterior`` (the default): each Monte Carlo run takes its own posterior draw
  (:mod:`accord.sim.parameters`), so the bands carry parameter uncertainty;
- ``point``: every run takes the posterior's point estimate, the **median of each
  parameter's draws** (one number per parameter, taken separately; robust to the
  long right tails of the log-normal weights);
- ``defaults``: the model's built-in assumptions of ``accord.domain.parameters``,
  as before calibration.

The shipped posterior is read from ``data/posterior-draws.csv``, the draws of the
shipped ``data/posterior.nc`` as plain text, so the core install reads it without the
``accord[estimate]`` extra (``tests/test_estimate_defaults.py`` checks the two hold the
same numbers). A user's posterior file (``--posterior FILE``) is NetCDF from
``accord calibrate`` (needs the extra) or a CSV of the same form.
"""

from __future__ import annotations

import csv
import hashlib
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

import numpy as np
import numpy.typing as npt

from accord.domain.parameters import ModelParameters
from accord.errors import AccordError, InvalidArgument
from accord.estimate.priors import NAMES, PARAMETERS

F64 = npt.NDArray[np.float64]
Mode = Literal["posterior", "point", "defaults"]
MODES: tuple[Mode, ...] = ("posterior", "point", "defaults")
DATA = Path(__file__).resolve().parent / "data"
SHIPPED_DRAWS = DATA / "posterior-draws.csv"
"""The draws of the shipped posterior (``data/posterior.nc``) as CSV: one row per draw."""
SHIPPED_NAME = "posterior.nc (shipped)"
FITTED: tuple[tuple[int, str], ...] = tuple(
    (i, p.field) for i, p in enumerate(PARAMETERS) if p.field is not None
)
"""(position in theta, ModelParameters field) of every fitted simulator parameter."""


@dataclass(frozen=True)
class ParameterChoice:
    """Where every run's fitted parameters come from: ``mode`` and, for ``posterior``
    and ``point``, the posterior file (``None``: the shipped one)."""

    mode: Mode = "posterior"
    posterior: Path | None = None

    def __post_init__(self) -> None:
        if self.mode not in MODES:
            raise InvalidArgument(
                f"--parameters {self.mode!r}: expected one of {', '.join(MODES)}",
                [{"loc": "--parameters", "msg": f"got {self.mode!r}", "expected": str(MODES)}],
            )
        if self.mode == "defaults" and self.posterior is not None:
            raise InvalidArgument(
                "--posterior is for --parameters posterior or point, not defaults",
                [{"loc": "--posterior", "msg": "given", "expected": "no posterior file"}],
            )

    @classmethod
    def parse(cls, mode: str, posterior: Path | None = None) -> ParameterChoice:
        """The choice of ``--parameters MODE [--posterior FILE]``, checked."""
        for known in MODES:
            if mode == known:
                return cls(known, posterior)
        raise InvalidArgument(
            f"--parameters {mode!r}: expected one of {', '.join(MODES)}",
            [{"loc": "--parameters", "msg": f"got {mode!r}", "expected": ", ".join(MODES)}],
        )

    def fingerprint(self) -> dict[str, str]:
        """What the numbers depend on: the mode and the posterior file's content hash."""
        if self.mode == "defaults":
            return {"mode": self.mode}
        found = fitted_draws(self)
        return {"mode": self.mode, "posterior": found.source, "sha256": found.sha256}


@dataclass(frozen=True)
class FittedDraws:
    """Posterior draws ``values[N, P]`` (columns in the order of ``priors.NAMES``),
    with the file they came from and its SHA-256."""

    values: F64
    source: str
    sha256: str

    def point(self) -> F64:
        """[P] the point estimate: the median of each parameter's draws."""
        return np.asarray(np.median(self.values, axis=0), dtype=np.float64)


_READ: dict[tuple[str, int, int], FittedDraws] = {}


def fitted_draws(choice: ParameterChoice) -> FittedDraws:
    """The draws ``choice`` names, read once per process and file version."""
    path = SHIPPED_DRAWS if choice.posterior is None else choice.posterior
    if not path.is_file():
        raise InvalidArgument(
            f"--posterior {path}: no such file; expected `accord calibrate` output (NetCDF)",
            [{"loc": "--posterior", "msg": "no such file", "expected": "a posterior file"}],
        )
    stat = path.stat()
    key = (str(path.resolve()), stat.st_mtime_ns, stat.st_size)
    found = _READ.get(key)
    if found is None:
        values = _read_csv(path) if path.suffix == ".csv" else _read_netcdf(path)
        source = SHIPPED_NAME if choice.posterior is None else str(path)
        digest = hashlib.sha256(path.read_bytes()).hexdigest()
        found = _READ[key] = FittedDraws(values=values, source=source, sha256=digest)
    return found


def _read_netcdf(path: Path) -> F64:
    from accord.extras import require

    require("estimate", "a posterior file (--posterior)")
    from accord.estimate.posterior import read

    return read(path).draws


def _read_csv(path: Path) -> F64:
    """Rows of a draws CSV (``chain, draw`` and one column per parameter name)."""
    with path.open(newline="") as handle:
        reader = csv.DictReader(line for line in handle if not line.startswith("#"))
        missing = sorted(set(NAMES) - set(reader.fieldnames or ()))
        if missing:
            raise AccordError(f"{path}: no column(s) {missing}; expected {list(NAMES)}")
        try:
            rows = [[float(row[n]) for n in NAMES] for row in reader]
        except (TypeError, ValueError) as exc:
            raise AccordError(f"{path}, line {reader.line_num}: {exc}; expected numbers") from None
    if not rows:
        raise AccordError(f"{path}: no draws; expected one row per posterior draw")
    return np.asarray(rows, dtype=np.float64)


def write_draws_csv(values: F64, chains: int, path: Path, note: str) -> None:
    """Write ``values[chains * draws, P]`` (chain-major) as the CSV :func:`fitted_draws`
    reads; ``note`` becomes its leading comment (where the draws come from)."""
    per_chain = len(values) // chains
    with path.open("w", newline="") as handle:
        handle.write(f"# {note}\n")
        writer = csv.writer(handle)
        writer.writerow(["chain", "draw", *NAMES])
        for n, row in enumerate(values):
            writer.writerow([n // per_chain, n % per_chain, *(repr(float(x)) for x in row)])


def explicit_fields(model: ModelParameters) -> frozenset[str]:
    """``table.key`` of every field of ``model`` written explicitly (in a scenario's
    ``[model]`` table, or given when the parameters were built)."""
    out: set[str] = set()
    for table in model.model_fields_set:
        part = getattr(model, table)
        out.update(f"{table}.{key}" for key in part.model_fields_set)
    return frozenset(out)


def only_explicit(model: ModelParameters, explicit: frozenset[str]) -> ModelParameters:
    """``model`` rebuilt so that only the ``explicit`` fields count as written (the
    values are unchanged where written, the defaults elsewhere)."""
    full = model.model_dump()
    data: dict[str, dict[str, Any]] = {}
    for path in explicit:
        table, _, key = path.partition(".")
        if table in full and key in full[table]:
            data.setdefault(table, {})[key] = full[table][key]
    return ModelParameters.model_validate(data)


def with_fitted(theta: F64, model: ModelParameters) -> ModelParameters:
    """``model`` with every fitted field it does not write explicitly set from
    ``theta[P]`` (a scenario's explicit value wins), validated by the fields' bounds."""
    keep = explicit_fields(model)
    data = model.model_dump()
    for i, path in FITTED:
        if path not in keep:
            table, _, key = path.partition(".")
            data[table][key] = float(theta[i])
    return ModelParameters.model_validate(data)


def fitted_paths(model: ModelParameters) -> tuple[str, ...]:
    """The fitted fields the posterior sets in ``model`` (those it does not write)."""
    keep = explicit_fields(model)
    return tuple(path for _, path in FITTED if path not in keep)
