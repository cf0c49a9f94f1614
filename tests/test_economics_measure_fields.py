"""The scenario fields of measures that are not flow cuts (``discount``, ``stock_usd_bn``,
``stock_source``): read into the cost model, and rejected with a located error where they
do not fit the measure's kind."""

from __future__ import annotations

from pathlib import Path

import pytest

from accord.economics import MeasureSpec
from accord.scenario import parse_scenario
from tests.scenario_helpers import RUSSIA_2022, validate

# The bundled file states the freezes' stock; the cases below add fields to a freeze without one.
BASE = "".join(
    line
    for line in RUSSIA_2022.read_text(encoding="utf-8").splitlines(keepends=True)
    if not line.startswith(("stock_usd_bn", "stock_source"))
)
FREEZE = 'id = "cbr_freeze"\n'
CAP = 'id = "price_cap"\n'
STOCK = 'stock_usd_bn = 300\nstock_source = "Reuters, 13 March 2022"\n'


def with_lines(anchor: str, lines: str) -> str:
    assert anchor in BASE, anchor
    return BASE.replace(anchor, anchor + lines, 1)


def test_the_fields_reach_the_cost_model() -> None:
    text = with_lines(FREEZE, STOCK)
    text = text.replace(CAP, CAP + "discount = 0.2\n", 1)
    regime = parse_scenario(text, "fields.toml")
    specs = {m.id: MeasureSpec.of(m) for m in regime.measures}
    assert specs["cbr_freeze"].stock == pytest.approx(300_000.0)  # USD million
    assert specs["price_cap"].discount == pytest.approx(0.2)
    assert specs["swift_cutoff"].stock == 0.0 and specs["swift_cutoff"].discount is None


@pytest.mark.parametrize(
    ("anchor", "lines", "fragments"),
    [
        (FREEZE, "discount = 0.2\n", ("measures[0]", "discount is only for kind = 'price_cap'")),
        (CAP, STOCK, ("stock_usd_bn and stock_source are only for kind = 'asset_freeze'",)),
        (FREEZE, "stock_usd_bn = 300\n", ("stock_usd_bn needs stock_source",)),
        (FREEZE, 'stock_source = "x"\n', ("stock_source is given without stock_usd_bn",)),
        (FREEZE, 'stock_usd_bn = -5\nstock_source = "x"\n', ("stock_usd_bn",)),
        (CAP, "discount = 1.5\n", ("discount",)),
    ],
)
def test_misplaced_or_bad_fields_are_located(
    tmp_path: Path, anchor: str, lines: str, fragments: tuple[str, ...]
) -> None:
    path = tmp_path / "bad.toml"
    path.write_text(with_lines(anchor, lines), encoding="utf-8")
    outcome = validate(path)
    assert outcome.escaped is None and outcome.code == 1, outcome.output
    assert outcome.output.startswith(f"error: {path}"), outcome.output
    for fragment in fragments:
        assert fragment in outcome.output, outcome.output
