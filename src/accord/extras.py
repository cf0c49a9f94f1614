"""Optional parts of Accord and the packages each needs.

``pip install accord`` brings the core: scenarios, the domain model, the rules, the
economics, the simulator and its reports, and the Python API. The experiments at scale,
the ledger with its HTTP API, and the readers of official lists each come with an extra
(``accord[experiments]``, ``accord[ledger]``, ``accord[observe]``; ``accord[all]`` for
everything). Their imports happen inside the commands and functions that need them, so
a missing extra shows up as a :class:`MissingExtra` that names what to install.
"""

from __future__ import annotations

import importlib.util
from dataclasses import dataclass

from accord.errors import AccordError

EXTRAS: dict[str, tuple[str, ...]] = {
    "experiments": ("SALib", "ema_workbench", "ray"),
    "ledger": (
        "sqlalchemy",
        "alembic",
        "psycopg",
        "fastapi",
        "starlette",
        "uvicorn",
        "jinja2",
        "multipart",
        "python_multipart",
    ),
    "observe": ("followthemoney", "rigour", "normality", "polars", "openpyxl"),
}
"""Each extra and the top-level modules of the packages it installs."""


@dataclass
class MissingExtra(AccordError):
    """A part of Accord needs packages of an extra that is not installed."""

    extra: str = ""


def extra_of(module: str | None) -> str | None:
    """The extra that installs ``module`` (a dotted name is read by its top level)."""
    top = (module or "").partition(".")[0]
    return next((extra for extra, modules in EXTRAS.items() if top in modules), None)


def missing_extra(exc: ModuleNotFoundError, what: str) -> MissingExtra | None:
    """The :class:`MissingExtra` behind an import error, or None when no extra installs
    the module (then it is a broken installation, not a choice)."""
    extra = extra_of(exc.name)
    return None if extra is None else _missing(extra, str(exc.name), what)


def require(extra: str, what: str) -> None:
    """Raise :class:`MissingExtra` unless the packages of ``extra`` can be imported."""
    for module in EXTRAS[extra]:
        if module in OPTIONAL_NAMES:
            continue
        if importlib.util.find_spec(module) is None:
            raise _missing(extra, module, what)


OPTIONAL_NAMES = frozenset({"multipart", "python_multipart", "starlette"})
"""Modules of an extra installed by its other packages, under a name that varies by
version: an import error names them, but their absence alone proves nothing."""


def _missing(extra: str, module: str, what: str) -> MissingExtra:
    return MissingExtra(
        f"{what} needs the optional part accord[{extra}] (the package {module!r} is not "
        f"installed); expected it installed: pip install 'accord[{extra}]'",
        extra=extra,
    )
