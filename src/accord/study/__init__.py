"""The Python API: load a regime, edit it, simulate it, compare designs, sweep parameters,
calibrate the behaviour model and backtest it.

Everything is re-exported by :mod:`accord`; see ``docs/python-api.md``.
"""

from accord.study.designs import compare, sensitivity, sweep
from accord.study.estimates import BacktestScores, backtest, calibrate
from accord.study.regimes import load, with_changes
from accord.study.simulation import Simulation, simulate

__all__ = [
    "BacktestScores",
    "Simulation",
    "backtest",
    "calibrate",
    "compare",
    "load",
    "sensitivity",
    "simulate",
    "sweep",
    "with_changes",
]
