"""Reading and validating scenario files (TOML) into a :class:`~accord.domain.Regime`."""

from accord.scenario.ineffective import SettingWarning
from accord.scenario.load import ScenarioProblems, load_scenario, parse_scenario, read_scenario
from accord.scenario.schema import scenario_schema

__all__ = [
    "ScenarioProblems",
    "SettingWarning",
    "load_scenario",
    "parse_scenario",
    "read_scenario",
    "scenario_schema",
]
