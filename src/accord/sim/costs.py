"""What the measures cost, in the form the monthly loop needs.

The economics model answers "what do these implementation levels cost everyone" for any
batch of levels. The simulator asks it once per regime, not once per month: it takes
each member's own unit cost of each measure, the target's loss from each member x
measure, and the share of the target's loss that rerouting through third parties
undoes. Within a month, losses are then linear in the levels (a first-order expansion
around the baseline, the same linearisation the economics model is checked for).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol

import numpy as np
import numpy.typing as npt

from accord.domain import MeasureKind, Regime

F32 = npt.NDArray[np.float32]


class LossesLike(Protocol):
    """What the economics model returns for a batch of levels (percent of output)."""

    @property
    def target_loss(self) -> npt.NDArray[np.floating]: ...  # [...]

    @property
    def leakage(self) -> npt.NDArray[np.floating]: ...  # [...] share in [0, 1]


class CostModelLike(Protocol):
    """The part of ``accord.economics.CostModel`` the simulator relies on."""

    @property
    def unit_cost(self) -> npt.NDArray[np.floating]: ...  # [M, K]

    @property
    def member_weight(self) -> npt.NDArray[np.floating]: ...  # [M]

    @property
    def exposure_to_lead(self) -> npt.NDArray[np.floating]: ...  # [M]

    def losses(self, levels: npt.NDArray[np.floating]) -> LossesLike: ...


@dataclass(frozen=True)
class SimCosts:
    """Cost inputs of one regime, members x measures in the compiled regime's order.

    - ``unit_cost[M, K]``: each member's own loss, percent of its output per month, from
      implementing a measure fully;
    - ``target_unit[M, K]``: the target's loss, percent of its output, from one member
      implementing one measure fully (before leakage);
    - ``leakage_share[K]``: share of the target's loss from a measure that mature
      rerouting through third parties undoes when the whole coalition implements it;
    - ``member_weight[M]``: economic weight (shares of gross output among members);
    - ``exposure_to_lead[M]``: dependence on the lead's market and finance, in [0, 1];
    - ``countermeasure_cost[M, C]``: each member's own loss, percent of its output per
      month, from each of the target's countermeasures (none by default).
    """

    unit_cost: F32
    target_unit: F32
    leakage_share: F32
    member_weight: F32
    exposure_to_lead: F32
    countermeasure_cost: F32 | None = None

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
    """Linearise an economics cost model around the baseline (the lead's own measures in
    force, no member implementing): the target's loss from each member x measure alone,
    and each measure's leakage share when every member implements it; one batched call."""
    unit = np.asarray(model.unit_cost, dtype=np.float64)
    m, k = unit.shape
    singles = np.eye(m * k, dtype=np.float32).reshape(m * k, m, k)
    whole = np.zeros((k, m, k), dtype=np.float32)
    whole[np.arange(k), :, np.arange(k)] = 1.0
    batch = np.concatenate([np.zeros((1, m, k), np.float32), singles, whole])
    out = model.losses(batch)
    target = np.asarray(out.target_loss, dtype=np.float64)
    leakage = np.asarray(out.leakage, dtype=np.float64)
    target_unit = (target[1 : 1 + m * k] - target[0]).reshape(m, k)
    return SimCosts(
        unit_cost=_f32(np.clip(unit, 0.0, None)),
        target_unit=_f32(np.clip(target_unit, 0.0, None)),
        leakage_share=_f32(np.clip(leakage[1 + m * k :], 0.0, 1.0)),
        member_weight=_f32(model.member_weight),
        exposure_to_lead=_f32(np.clip(model.exposure_to_lead, 0.0, 1.0)),
    )


def costs_for_regime(regime: Regime) -> SimCosts:
    """Cost inputs of ``regime`` from the economics model on the ICIO 2022 network
    (raises :class:`~accord.errors.DataUnavailable` when its data is missing)."""
    from dataclasses import replace

    from accord.economics import CostModel, load_network
    from accord.economics.shocks import MeasureSpec

    network = load_network()
    costs = from_cost_model(CostModel.for_regime(network, regime))
    if not regime.countermeasures:
        return costs
    # A countermeasure cuts the same flows as a measure would: the target's purchases
    # from members (an export ban, as members see it) or its sales to them (an import ban).
    specs = [
        MeasureSpec(
            c.id,
            MeasureKind.EXPORT_BAN if c.flow == "exports" else MeasureKind.IMPORT_BAN,
            tuple(c.sectors),
            float(c.weight),
        )
        for c in regime.countermeasures
    ]
    counter = CostModel.build(network, regime.target.code, regime.member_codes, specs)
    return replace(costs, countermeasure_cost=_f32(np.clip(counter.unit_cost, 0.0, None)))


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
