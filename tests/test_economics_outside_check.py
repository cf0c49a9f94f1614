"""The carve-out check on the real network: the figures of docs/model.md ("Economies
outside the ICIO", the carve-out check), recomputed and held within bounds.

RUS, BLR and SAU are folded into the rest of the world and rebuilt from their bilateral
goods totals only; a G7 + EU embargo and oil import ban are compared with the full
network. The bounds are the documented figures (each within 0.02 for Spearman, 5
percentage points for the target error), so a change of the procedure that moves them
must update the documentation too.
"""

from __future__ import annotations

from functools import cache

import pytest

from accord.economics.carve_check import CarveCheck, check_carve_out
from accord.economics.response import responses_for
from tests.economics_support import real_network

# economy, measures: (Spearman over the other economies, relative target error)
DOCUMENTED = {
    ("RUS", "embargo"): (0.989, 0.13),
    ("RUS", "oil import ban"): (0.973, -0.71),
    ("BLR", "embargo"): (0.956, -0.47),
    ("BLR", "oil import ban"): (0.942, 2.75),
    ("SAU", "embargo"): (0.964, -0.07),
    ("SAU", "oil import ban"): (0.979, -0.82),
}


@cache
def checks(code: str) -> dict[str, CarveCheck]:
    network = real_network()
    found = check_carve_out(network, code, responses=responses_for(network))
    return {c.measures: c for c in found}


@pytest.mark.parametrize(("code", "measures"), sorted(DOCUMENTED))
def test_figures_match_the_documentation(code: str, measures: str) -> None:
    spearman, error = DOCUMENTED[(code, measures)]
    got = checks(code)[measures]
    assert got.spearman == pytest.approx(spearman, abs=0.02)
    assert got.target_error == pytest.approx(error, abs=0.05)


@pytest.mark.parametrize("code", ["RUS", "BLR", "SAU"])
def test_the_rebuilt_economy_ranks_everyone_elses_losses_well(code: str) -> None:
    for check in checks(code).values():
        assert check.spearman > 0.9
    embargo = checks(code)["embargo"]
    assert abs(embargo.target_error) < 0.5  # the target's loss from a full embargo, within half
    assert 0.5 < embargo.output_ratio < 2.0  # the output fit, within a factor of two
