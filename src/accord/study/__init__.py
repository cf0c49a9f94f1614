"""The Python API: load a regime, edit it, simulate it, compare designs, sweep parameters.

Everything is re-exported by :mod:`accord`; see ``docs/python-api.md``.
"""

from accord.study.designs import compare, sensitivity, sweep
from accord.study.regimes import load, with_changes
from accord.study.simulation import Simulation, simulate

__all__ = ["Simulation", "compare", "load", "sensitivity", "simulate", "sweep", "with_changes"]
