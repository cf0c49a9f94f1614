"""Properties of ``Regime.with_changes``: it never alters the regime it is called on, an
edit and its inverse give the regime back, and any value at any path either gives a
valid regime or a located ScenarioError (never another exception)."""

from __future__ import annotations

from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

import accord

REGIME = accord.load("russia-2022")
PATHS = [
    "lead.credibility",
    "lead.secondary_threat",
    "horizon_months",
    "safeguards.sunset",
    "safeguards.sunset.renewal",
    "safeguards.sunset.threshold",
    "safeguards.review.every_months",
    "measures.oil_embargo.weight",
    "measures[0].adopted",
    "exemptions",
    "exemptions.pipeline_crude.share",
    "members[0].code",
    "model.reputation.weight",
    "name",
    "no.such.path",
    "measures[99].weight",
]
VALUES = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(10**6), max_value=10**6),
    st.floats(allow_nan=True, allow_infinity=True),
    st.text(max_size=12),
    st.sampled_from(["unanimity", "qualified_majority", "2022-03-01", "DEU", "EU27"]),
    st.lists(st.integers(), max_size=3),
    st.dictionaries(st.text(max_size=5), st.integers(), max_size=2),
)


@settings(max_examples=150, deadline=None)
@given(st.dictionaries(st.sampled_from(PATHS), VALUES, min_size=1, max_size=3))
def test_any_change_gives_a_regime_or_a_located_error(changes: dict[str, Any]) -> None:
    before = REGIME.model_dump()
    try:
        changed = REGIME.with_changes(changes)
    except accord.ScenarioError as error:
        assert error.errors, str(error)
        assert all(e["loc"] for e in error.errors)
    else:
        assert isinstance(changed, accord.Regime)
    assert REGIME.model_dump() == before


@settings(max_examples=50, deadline=None)
@given(
    st.floats(min_value=0.0, max_value=1.0),
    st.integers(min_value=1, max_value=120),
)
def test_an_edit_and_its_inverse_give_the_regime_back(credibility: float, months: int) -> None:
    assert REGIME.safeguards.sunset is not None
    changed = REGIME.with_changes(
        {"lead.credibility": credibility, "safeguards.sunset.months": months}
    )
    assert changed.lead.credibility == credibility
    back = changed.with_changes(
        {
            "lead.credibility": REGIME.lead.credibility,
            "safeguards.sunset.months": REGIME.safeguards.sunset.months,
        }
    )
    assert back == REGIME
