"""What the measures cost, in the form the monthly loop needs.

The economics model answers "what do these implementation levels cost everyone" for any
batch of levels. The simulator asks it once per regime, not once per month: it takes
each member's own unit cost of each measure, the target's loss from each member ×
measure, and the share of the target's loss that rerouting through third parties
undoes. Within a month, losses are then linear in the levels (a first-order expansion
around the baseline, the same linearisation the economics model is checked for).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol

import numpy as np
import numpy.typing as npt

F32 = npt.NDArray[np.float32]


class CostModelLike(Protocol):
    """The part of ``accord.economics.CostModel`` the simulator relies on."""

    @property
    def unit_cost(self) -> npt.NDArray[np.floating]: ...  # [M, K]

    @property
    def member_weight(self) -> npt.NDArray[np.floating]: ...  # [M]

    @property
    def exposure_to_lead(self) -> npt.NDArray[np.floating]: ...  # [M]

    def losses(
        self, levels: npt.NDArray[np.floating]
    ) -> tuple[
        npt.NDArray[np.floating],
        npt.NDArray[np.floating],
        npt.NDArray[np.floating],
        npt.NDArray[np.floating],
    ]: ...


@dataclass(frozen=True)
class SimCosts:
    """Cost inputs of one regime, members × measures in the compiled regime's order.

    - ``unit_cost[M, K]``: each member's own loss, percent of its output per month, from
      implementing a measure fully;
    - ``target_unit[M, K]``: the target's loss, percent of its output, from one member
      implementing one measure fully (before leakage);
    - ``leakage_share[K]``: share of the target's loss from a measure that mature
      rerouting through third parties undoes when the whole coalition implements it;
    - ``member_weight[M]``: economic weight (shares of gross output among members);
    - ``exposure_to_lead[M]``: dependence on the lead's market and finance, in [0, 1].
    """

    unit_cost: F32
    target_unit: F32
    leakage_share: F32
    member_weight: F32
    exposure_to_lead: F32

    def __post_init__(self) -> None:
        m, k = self.unit_cost.shape
        shapes = {
            "target_unit": (self.target_unit.shape, (m, k)),
            "leakage_share": (self.leakage_share.shape, (k,)),
            "member_weight": (self.member_weight.shape, (m,)),
            "exposure_to_lead": (self.exposure_to_lead.shape, (m,)),
        }
        for name, (got, want) in shapes.items():
            if got != want:
                raise ValueError(f"{name} has shape {got}; expected {want}")

    @property
    def shape(self) -> tuple[int, int]:
        m, k = self.unit_cost.shape
        return int(m), int(k)


def _f32(a: npt.ArrayLike) -> F32:
    return np.ascontiguousarray(a, dtype=np.float32)


def from_cost_model(model: CostModelLike) -> SimCosts:
    """Linearise an economics cost model around the baseline, one member × measure at a
    time (a batch of M·K unit-level scenarios in a single call)."""
    unit = np.asarray(model.unit_cost, dtype=np.float64)
    m, k = unit.shape
    eye = np.eye(m * k, dtype=np.float64).reshape(m * k, m, k)
    _, _, target_loss, leakage = model.losses(eye)
    target_unit = np.asarray(target_loss, dtype=np.float64).reshape(m, k)
    leak = np.asarray(leakage, dtype=np.float64).reshape(m, k)
    gross = target_unit + leak
    with np.errstate(invalid="ignore", divide="ignore"):
        share = np.where(gross.sum(axis=0) > 0, leak.sum(axis=0) / gross.sum(axis=0), 0.0)
    return SimCosts(
        unit_cost=_f32(np.clip(unit, 0.0, None)),
        target_unit=_f32(np.clip(target_unit, 0.0, None)),
        leakage_share=_f32(np.clip(share, 0.0, 1.0)),
        member_weight=_f32(model.member_weight),
        exposure_to_lead=_f32(np.clip(model.exposure_to_lead, 0.0, 1.0)),
    )


def synthetic_costs(
    members: int,
    measures: int,
    rng: np.random.Generator,
    unevenness: float = 1.0,
    mean_cost: float = 0.05,
    exposure: float = 0.5,
    leakage: float = 0.3,
) -> SimCosts:
    """Cost inputs drawn from ``rng`` for experiments and tests: lognormal unit costs whose
    dispersion is ``unevenness`` (0: every member pays the same), equal weights."""
    z = rng.standard_normal((members, measures))
    unit = mean_cost * np.exp(unevenness * z - unevenness**2 / 2)
    return SimCosts(
        unit_cost=_f32(unit),
        target_unit=_f32(np.full((members, measures), 1.0 / members)),
        leakage_share=_f32(np.full(measures, leakage)),
        member_weight=_f32(np.full(members, 1.0 / members)),
        exposure_to_lead=_f32(np.full(members, exposure)),
    )
