"""Economy and sector codes: the ICIO's 80 and the carved-out economies, all named."""

from __future__ import annotations

import json

from typer.testing import CliRunner

from accord.cli import app
from accord.domain.codes import (
    ECONOMIES,
    ECONOMY_NAMES,
    ICIO_ECONOMIES,
    OUTSIDE_ECONOMIES,
    SECTOR_NAMES,
    SECTORS,
    is_economy,
    is_icio_economy,
)
from accord.economics.outside import bundled_table


def test_known_economies_are_the_icio_and_the_carved_out_ones() -> None:
    assert len(ICIO_ECONOMIES) == 80 and len(set(ECONOMIES)) == 86
    assert ECONOMIES == ICIO_ECONOMIES + OUTSIDE_ECONOMIES
    assert set(OUTSIDE_ECONOMIES) == {"IRN", "PRK", "SYR", "VEN", "CUB", "AFG"}
    assert set(OUTSIDE_ECONOMIES) == set(bundled_table().economies)  # each has its table
    assert all(is_economy(c) for c in ECONOMIES)
    assert is_icio_economy("RUS") and not is_icio_economy("IRN") and not is_economy("XYZ")
    assert set(ECONOMY_NAMES) == set(ECONOMIES) and all(ECONOMY_NAMES.values())
    assert ECONOMY_NAMES["IRN"] == "Iran (Islamic Republic of)"


def test_every_sector_has_a_name() -> None:
    assert tuple(SECTOR_NAMES) == SECTORS and len(SECTORS) == 50
    assert SECTOR_NAMES["B06"] == "Extraction of crude petroleum and natural gas"


def test_accord_sectors_lists_codes_and_names() -> None:
    result = CliRunner().invoke(app, ["sectors", "--format", "json"])
    assert result.exit_code == 0
    rows = json.loads(result.stdout)
    assert [r["code"] for r in rows] == list(SECTORS)
    assert {r["code"] for r in rows if r["goods"]} == {s for s in SECTORS if s[0] in "ABC"}
    table = CliRunner().invoke(app, ["sectors"])
    assert table.exit_code == 0
    assert "C19       yes    Manufacture of coke and refined petroleum products" in table.stdout
    assert "K         no     Financial and insurance activities" in table.stdout


def test_a_scenario_may_name_an_economy_outside_the_icio() -> None:
    from accord.domain.base import Economy, Frozen

    class Holder(Frozen):
        code: Economy

    assert Holder(code="VEN").code == "VEN"
