"""Accord: sanctions coalitions you can write down, run and check against reality.

The public surface is small on purpose: load a scenario into a :class:`Regime`; the
rest lives in the sub-packages named in ``docs/``.
"""

from accord.domain import Regime
from accord.errors import AccordError, ScenarioError
from accord.scenario import load_scenario, parse_scenario

__all__ = ["AccordError", "Regime", "ScenarioError", "load_scenario", "parse_scenario"]
__version__ = "0.1.0"
