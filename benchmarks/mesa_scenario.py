"""The benchmark scenario of the Mesa reference: a small regime in which every mechanism
of docs/model.md moves what is measured, and its seeded cost inputs."""

from __future__ import annotations

from typing import Any

import numpy as np

from accord.domain import ECONOMIES, Regime
from accord.sim import SimCosts, synthetic_costs


def benchmark_regime(members: int, measures: int, months: int) -> Regime:
    """A regime in which every mechanism of docs/model.md moves what is measured: uneven
    affinities, a phased measure with room to escalate, a carve-out, reviews, a sunset
    under qualified majority, independent verification and a ladder, relief on a
    co-designed milestone the target may reach, messaging, a humanitarian channel,
    information sharing, a joint threat assessment and burden sharing. Some of the
    ``[model]`` defaults are made stronger (documented here, chosen for visibility, not
    estimates) so that each mechanism's effect stands out of Monte Carlo noise."""
    codes = [c for c in ECONOMIES if c not in ("USA", "RUS")][:members]
    kinds = ["export_ban", "import_ban", "financial_cutoff", "asset_freeze", "price_cap"]
    tiers = {"kind": "tiers", "tiers": [{"start": "2022-02-01", "level": 0.6}]}
    data: dict[str, Any] = {
        "name": "mesa reference",
        "start": "2022-01-01",
        "horizon_months": months,
        "lead": {"code": "USA", "secondary_threat": 1.0, "credibility": 0.9},
        "target": {"code": "RUS"},
        "members": [
            {"code": c, "affinity": round(0.5 - 1.5 * i / max(members - 1, 1), 3)}
            for i, c in enumerate(codes)
        ],
        "measures": [
            {
                "id": f"m{k}",
                "kind": kinds[k % len(kinds)],
                "adopted": f"2022-{1 + k % 3:02d}-01",
                **({"phase_in": tiers} if k == 1 else {}),
            }
            for k in range(measures)
        ],
        "exemptions": [
            {
                "id": "exposed",
                "kind": "member_specific",
                "measure": "m0",
                "members": codes[-2:],
                "share": 0.8,
            }
        ],
        "milestones": [{"id": "talks", "co_designed": True}],
        "safeguards": {
            "objectives": ["withdrawal"],
            "review": {"every_months": 6},
            "sunset": {
                "months": 6,
                "renewal": "qualified_majority",
                "threshold": 0.75,
                "voters": [*codes, "USA"],  # the lead votes too
            },
            "verification": {"independent": True, "detection": 0.3},
            "ladder": {
                "steps": [{"name": "warning", "penalty": 0.05}, {"name": "fine", "penalty": 0.3}],
                "remedy_months": 3,
            },
            "relief": [{"milestone": "talks", "measures": ["m0", "m2"], "relief": 0.7}],
            "escalation": [{"after_months": 3, "measures": ["m1"], "step": 0.4}],
            "information_sharing": True,
            "joint_threat_assessment": True,
            "coordinated_messaging": True,
            "humanitarian_channel": True,
            "burden_sharing": 0.5,
        },
        "model": {
            "political_cycle": {"election_every_months": 6, "resolve_sd": 1.5},
            "ownership": {"boost": 1.0},
            "diversification": {"discount": 1.0},
            "over_compliance": {"share": 1.0, "guidance": 0.0},
            "target": {"concession_rate": 0.04},
            "reputation": {"weight": 0.8},
            "threat_perception": {"level": 0.6},
            "beliefs": {"noise_sd": 0.6},
            "affinity": {"weight": 1.0},
            "domestic_pressure": {"weight": 2.0},
            "humanitarian": {"blowback_cut": 0.8, "legitimacy": 1.0},
        },
    }
    return Regime.model_validate(data)


def benchmark_costs(members: int, measures: int) -> SimCosts:
    """Seeded, uneven cost inputs with exposures to the lead spread over [0, 1]."""
    costs = synthetic_costs(
        members, measures, np.random.default_rng(2022), unevenness=1.0, mean_cost=1.5
    )
    exposure = np.linspace(0.1, 0.9, members).astype(np.float32)
    return SimCosts(
        unit_cost=costs.unit_cost,
        target_unit=costs.target_unit,
        leakage_share=costs.leakage_share,
        member_weight=costs.member_weight,
        exposure_to_lead=exposure,
    )
