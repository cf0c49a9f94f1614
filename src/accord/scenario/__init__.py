"""Reading and validating scenario files (TOML) into a :class:`~accord.domain.Regime`."""

from accord.scenario.load import load_scenario, parse_scenario

__all__ = ["load_scenario", "parse_scenario"]
