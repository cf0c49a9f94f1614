"""Shared test fixtures: small regimes built in code, and paths to bundled data."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from accord.domain import Regime

ROOT = Path(__file__).resolve().parent.parent
SCENARIOS = ROOT / "src" / "accord" / "scenarios"


def make_regime(**overrides: Any) -> Regime:
    """A three-member regime with two measures; keyword arguments replace top-level fields."""
    data: dict[str, Any] = {
        "name": "test",
        "start": "2022-01-01",
        "horizon_months": 36,
        "lead": {"code": "USA"},
        "target": {"code": "RUS"},
        "members": [
            {"code": "DEU", "weight": 0.5},
            {"code": "FRA", "weight": 0.3},
            "HUN",  # no written weight: takes the 0.2 the others leave
        ],
        "measures": [
            {"id": "freeze", "kind": "asset_freeze", "adopted": "2022-01-10"},
            {
                "id": "oil",
                "kind": "import_ban",
                "sectors": ["B06", "C19"],
                "adopted": "2022-03-01",
                "phase_in": {
                    "kind": "tiers",
                    "tiers": [
                        {"start": "2022-06-01", "level": 0.5},
                        {"start": "2022-09-01", "level": 1.0},
                    ],
                },
            },
        ],
    }
    data.update(overrides)
    return Regime.model_validate(data)


@pytest.fixture
def regime() -> Regime:
    return make_regime()
