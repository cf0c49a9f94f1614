"""Accord: sanctions coalitions you can write down, run and check against reality.

The public surface is small on purpose::

    import accord

    regime = accord.load("russia-2022")            # a file, a bundled name or scenario text
    majority = regime.with_changes({"safeguards.sunset.renewal": "qualified_majority",
                                    "safeguards.sunset.threshold": 0.55})
    result = accord.simulate(regime, runs=500, seed=1)
    result.metrics()                               # pandas DataFrames, an xarray Dataset
    accord.compare(regime, majority, runs=500, seed=1)
    posterior = accord.calibrate(simulate=False)   # ArviZ InferenceData (accord[estimate])
    accord.backtest(posterior).cases               # out-of-sample scores, pandas

Importing it does no work: the simulator, pandas and matplotlib load when first used.
"""

from accord.domain import Regime
from accord.errors import AccordError, ScenarioError
from accord.scenario import load_scenario, parse_scenario
from accord.scenarios import bundled as bundled_scenarios
from accord.study import (
    BacktestScores,
    Simulation,
    backtest,
    calibrate,
    compare,
    load,
    sensitivity,
    simulate,
    sweep,
)

__all__ = [
    "AccordError",
    "BacktestScores",
    "Regime",
    "ScenarioError",
    "Simulation",
    "backtest",
    "bundled_scenarios",
    "calibrate",
    "compare",
    "load",
    "load_scenario",
    "parse_scenario",
    "sensitivity",
    "simulate",
    "sweep",
]
__version__ = "0.1.0"
