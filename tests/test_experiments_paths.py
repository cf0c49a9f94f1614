"""Parameter paths and ranges: addressing, applying through validation, located errors."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from accord.errors import InvalidArgument
from accord.experiments.contract import Design
from accord.experiments.params import check_params, parse_param
from accord.experiments.paths import apply, get_value, parse_path
from tests.conftest import make_regime


def design(**overrides: object) -> Design:
    return Design(regime=make_regime(**overrides))


def test_parse_path_reads_names_and_indices() -> None:
    assert parse_path("measures[1].phase_in.tiers[0].level") == (
        "measures",
        1,
        "phase_in",
        "tiers",
        0,
        "level",
    )
    assert parse_path("lead.credibility") == ("lead", "credibility")


@pytest.mark.parametrize("bad", ["", "lead..credibility", "lead.[x]", "."])
def test_malformed_paths_are_errors(bad: str) -> None:
    with pytest.raises(InvalidArgument):
        parse_path(bad)


def test_items_are_found_by_index_id_or_code() -> None:
    d = design()
    assert get_value(d, "measures[1].weight") == get_value(d, "measures.oil.weight")
    assert get_value(d, "members.DEU.weight") == 0.5


def test_apply_sets_the_value_and_keeps_the_rest() -> None:
    d = design()
    new = apply(d, {"lead.credibility": 0.9, "measures.oil.weight": 0.25})
    assert new.regime.lead.credibility == 0.9
    assert new.regime.measure("oil").weight == 0.25
    assert new.regime.measure("freeze") == d.regime.measure("freeze")
    assert d.regime.lead.credibility == 0.5  # the base design is untouched


def test_integer_fields_take_rounded_values() -> None:
    d = design(safeguards={"sunset": {"months": 6, "renewal": "unanimity"}})
    new = apply(d, {"safeguards.sunset.months": 11.6})
    assert new.regime.safeguards.sunset is not None
    assert new.regime.safeguards.sunset.months == 12


def test_a_value_the_domain_forbids_is_located() -> None:
    with pytest.raises(InvalidArgument) as info:
        apply(design(), {"lead.credibility": 1.5})
    assert info.value.errors[0]["loc"] == "lead.credibility"


def test_a_broken_cross_field_rule_is_located() -> None:
    with pytest.raises(InvalidArgument) as info:
        apply(design(), {"members.DEU.weight": 0.9})  # with FRA's 0.3, above 1
    assert "members" in str(info.value)


@pytest.mark.parametrize(
    ("path", "words"),
    [
        ("lead.credibilty", "no field 'credibilty'"),
        ("measures.gas.weight", "no item 'gas'"),
        ("measures[7].weight", "no item 7"),
        ("safeguards.sunset.months", "not set in this scenario"),
        ("lead.code", "not a number"),
    ],
)
def test_bad_paths_name_the_path(path: str, words: str) -> None:
    with pytest.raises(InvalidArgument) as info:
        check_params(design(), [parse_param(f"{path}=0:1")])
    assert path in str(info.value)
    assert words in str(info.value)


@pytest.mark.parametrize(
    "spec",
    [
        "lead.credibility",
        "lead.credibility=1:0",
        "lead.credibility=a:1",
        "lead.credibility=0:1:1",
        "lead.credibility=0:1:2:3",
        "lead.credibility=0:inf",
    ],
)
def test_bad_ranges_name_the_path(spec: str) -> None:
    with pytest.raises(InvalidArgument) as info:
        parse_param(spec)
    assert "lead.credibility" in str(info.value)


def test_a_range_leaving_the_domain_is_refused_before_running() -> None:
    with pytest.raises(InvalidArgument) as info:
        check_params(design(), [parse_param("lead.credibility=0.5:1.2")])
    assert "lead.credibility" in str(info.value)
    assert "high end" in str(info.value)


def test_the_same_path_twice_is_refused() -> None:
    with pytest.raises(InvalidArgument, match="twice"):
        check_params(design(), [parse_param("lead.credibility=0:1")] * 2)


@settings(max_examples=40, deadline=None)
@given(value=st.floats(min_value=0.0, max_value=1.0))
def test_apply_then_read_gives_the_value(value: float) -> None:
    assert (
        get_value(apply(design(), {"lead.secondary_threat": value}), "lead.secondary_threat")
        == value
    )


def test_model_parameters_are_addressed_in_the_regime() -> None:
    d = design()
    checked = check_params(d, [parse_param("model.secondary_penalty.credibility=0:1")])
    assert not checked[0].integer  # unset (None) in the scenario, a share when set
    new = apply(d, {"model.secondary_penalty.credibility": 0.25, "model.decision.slope": 2.0})
    assert new.regime.model.secondary_penalty.credibility == 0.25
    assert new.regime.model.decision.slope == 2.0
    with pytest.raises(InvalidArgument) as info:
        check_params(d, [parse_param("model.decision.fracture_threshold=0.5:1.5")])
    assert "model.decision.fracture_threshold" in str(info.value)
