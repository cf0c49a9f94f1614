"""How each kind of measure cuts bilateral, sectoral trade with the target.

A measure becomes a *cut profile*: for each direction (``EXPORT``: the member's sales to
the target; ``IMPORT``: the target's sales to the member) and each selling sector, the
share of the benchmark flow removed when the measure is fully implemented. This is the
reference solver's representation of a sanction (a severed leg ``l -> k`` with a
selling-sector mask), so both models cut the same flows. Two kinds are mostly not flow
cuts: a price cap takes revenue and an asset freeze immobilises a stock; their effects
beyond the flows below are in :mod:`accord.economics.nonflow`. The mapping of every
:class:`~accord.domain.MeasureKind`, and what it leaves out, is in ``docs/model.md``.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Final

import numpy as np

from accord.domain.codes import SECTORS
from accord.domain.measures import Measure, MeasureKind
from accord.economics.network import F64

EXPORT: Final = 0
IMPORT: Final = 1

FINANCE_SECTORS: Final[tuple[str, ...]] = ("K",)
"""Sectors a financial measure cuts when it names none (ICIO K: financial services)."""

CAP_SERVICE_SECTORS: Final[tuple[str, ...]] = ("H50", "H52", "K")
"""The coalition's services a price cap withholds from sales above the cap: ICIO H50
(water transport), H52 (warehousing and support activities for transportation, which
holds shipbroking and cargo handling) and K (financial and insurance activities)."""

TRADE_FINANCE_DRAG: Final = 0.1
"""Share of all other bilateral trade a full financial cut-off removes, as a trade cost.

Payments for goods run through correspondent banks; cutting them raises the cost of
all bilateral trade, not only of financial services. Accord applies this uniform drag;
it is an assumption (documented in ``docs/model.md``), not an estimate.
"""


@dataclass(frozen=True)
class MeasureSpec:
    """What the cost model needs of a measure: its kind, scope and weight.

    ``discount`` (price caps; ``None``: the documented default) and ``stock`` (asset
    freezes: the target's stock in scope, USD million like the network's flows) feed the
    effects that are not flow cuts (:mod:`accord.economics.nonflow`).
    """

    id: str
    kind: MeasureKind
    sectors: tuple[str, ...] = ()
    weight: float = 1.0
    discount: float | None = None
    stock: float = 0.0

    @classmethod
    def of(cls, measure: Measure) -> MeasureSpec:
        stock = 1000.0 * measure.stock_usd_bn if measure.stock_usd_bn is not None else 0.0
        return cls(
            measure.id,
            measure.kind,
            tuple(measure.sectors),
            float(measure.weight),
            measure.discount,
            stock,
        )


def cut_profile(spec: MeasureSpec, sectors: Sequence[str] = SECTORS) -> F64:
    """Share of each ``[direction, selling sector]`` flow the measure removes at level 1.

    ``sectors`` are the network's sector codes in order (the ICIO's 50 by default).
    """

    def mask(default: Sequence[str] | None = None) -> F64:
        return of(spec.sectors or (default if default is not None else sectors))

    def of(chosen: Sequence[str]) -> F64:
        return np.array([1.0 if s in chosen else 0.0 for s in sectors])

    out = np.zeros((2, len(sectors)))
    w = spec.weight
    if spec.kind == MeasureKind.EXPORT_BAN:
        out[EXPORT] = w * mask()
    elif spec.kind == MeasureKind.IMPORT_BAN:
        out[IMPORT] = w * mask()
    elif spec.kind == MeasureKind.PRICE_CAP:
        # Not a cut of members' imports: the coalition withholds its shipping, insurance
        # and finance from the target's sales above the cap. The cost model scales this
        # by the in-scope sectors' share of the target's purchases of those services;
        # the revenue the target loses is in ``accord.economics.nonflow``.
        out[EXPORT] = w * of(CAP_SERVICE_SECTORS)
    elif spec.kind == MeasureKind.FINANCIAL_CUTOFF:
        fin = mask(FINANCE_SECTORS)
        drag = w * (fin + TRADE_FINANCE_DRAG * (1.0 - fin))
        out[EXPORT] = drag
        out[IMPORT] = drag
    # ASSET_FREEZE cuts no flow: it immobilises a stock (``accord.economics.nonflow``).
    # SECONDARY_PENALTY cuts no member-target flow: it acts on third parties (leakage).
    return out


def cut_profiles(specs: Sequence[MeasureSpec], sectors: Sequence[str] = SECTORS) -> F64:
    """``[K, 2, S]`` cut profiles of a regime's measures."""
    if not specs:
        return np.zeros((0, 2, len(sectors)))
    return np.stack([cut_profile(s, sectors) for s in specs])


def embargo(sectors: Sequence[str] = (), weight: float = 1.0) -> list[MeasureSpec]:
    """A bilateral embargo: export and import bans on ``sectors`` (all if empty)."""
    scope = tuple(sectors)
    return [
        MeasureSpec("export_ban", MeasureKind.EXPORT_BAN, scope, weight),
        MeasureSpec("import_ban", MeasureKind.IMPORT_BAN, scope, weight),
    ]
