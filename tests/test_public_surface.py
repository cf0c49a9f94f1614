"""The package's public surface is small and stable."""

import accord


def test_public_names() -> None:
    assert set(accord.__all__) == {
        "AccordError",
        "Regime",
        "ScenarioError",
        "load_scenario",
        "parse_scenario",
    }
    for name in accord.__all__:
        assert getattr(accord, name) is not None


def test_scenario_error_is_accord_error() -> None:
    assert issubclass(accord.ScenarioError, accord.AccordError)
    assert issubclass(accord.AccordError, Exception)
    assert not issubclass(accord.AccordError, KeyboardInterrupt)
