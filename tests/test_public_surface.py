"""The package's public surface is small, documented and does no work at import."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import accord

API_PAGE = Path(__file__).resolve().parents[1] / "docs" / "python-api.md"


def documented_names() -> set[str]:
    """The names the Python API page documents (``::: accord.NAME``)."""
    return set(re.findall(r"::: accord\.(\w+)", API_PAGE.read_text(encoding="utf-8")))


def test_the_public_names_are_exactly_the_documented_ones() -> None:
    assert set(accord.__all__) == documented_names()
    assert {"load", "simulate", "compare", "sweep", "sensitivity"} <= set(accord.__all__)
    assert {"calibrate", "backtest"} <= set(accord.__all__)
    for name in accord.__all__:
        assert getattr(accord, name) is not None


def test_scenario_error_is_accord_error() -> None:
    assert issubclass(accord.ScenarioError, accord.AccordError)
    assert issubclass(accord.AccordError, Exception)
    assert not issubclass(accord.AccordError, KeyboardInterrupt)


def test_import_does_no_work() -> None:
    """Importing accord loads neither the simulator, the economics, pandas, xarray,
    matplotlib nor any optional part."""
    heavy = [
        "pandas",
        "xarray",
        "matplotlib",
        "scipy",
        "pyarrow",
        "sanction_simulator",
        "accord.sim.engine",
        "accord.economics.network",
        "sqlalchemy",
        "fastapi",
        "ray",
        "SALib",
        "polars",
        "followthemoney",
        "emcee",
        "arviz",
        "statsmodels",
        "accord.estimate",
    ]
    code = f"import sys, accord; print(' '.join(m for m in {heavy!r} if m in sys.modules))"
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    ).stdout
    assert out.strip() == ""
