"""Measures, their phase-in schedules and exemptions (carve-outs)."""

from __future__ import annotations

from datetime import date
from enum import StrEnum
from typing import Annotated, Literal

from pydantic import Field, model_validator

from accord.domain.base import Economy, Frozen, Ident, PositiveShare, Sector, Share

UsdBillions = Annotated[float, Field(gt=0.0, le=100_000.0)]
"""An amount in USD billion, positive and at most 100 trillion (a stock of assets)."""


class MeasureKind(StrEnum):
    """The instrument a measure uses; the economics model maps each onto trade shocks."""

    ASSET_FREEZE = "asset_freeze"
    EXPORT_BAN = "export_ban"
    IMPORT_BAN = "import_ban"
    FINANCIAL_CUTOFF = "financial_cutoff"
    PRICE_CAP = "price_cap"
    SECONDARY_PENALTY = "secondary_penalty"


class Tier(Frozen):
    """One step of a tiered phase-in: from ``start`` the measure applies at ``level``.

    A tier holds until the next one starts; ``end``, when given, only states the
    drafters' intent and must not run past the next tier's start.
    """

    start: date = Field(description="Date from which this tier applies.")
    end: date | None = Field(
        default=None,
        description="Optional stated end; must not run past the next tier's start.",
    )
    level: Share = Field(
        description="Implementation level required from the tier's start, in [0, 1] "
        "(1 = the measure in full)."
    )

    @model_validator(mode="after")
    def _end_after_start(self) -> Tier:
        if self.end is not None and self.end <= self.start:
            raise ValueError(f"tier ends ({self.end}) on or before it starts ({self.start})")
        return self


class PhaseIn(Frozen):
    """How a measure takes effect after adoption.

    ``immediate``: full level from adoption. ``wind_down``: existing contracts may be
    executed for ``wind_down_months``, during which the level is ``initial_level``.
    ``tiers``: dated steps; a later tier may also loosen the measure (a lower level,
    e.g. licences granted after a first ban).
    """

    kind: Literal["immediate", "wind_down", "tiers"] = Field(
        default="immediate",
        description="immediate: full level from adoption; wind_down: initial_level for "
        "wind_down_months, then full; tiers: dated steps.",
    )
    wind_down_months: int | None = Field(
        default=None,
        ge=1,
        le=120,
        description="Months during which existing contracts may still be executed "
        "(only and required for kind = 'wind_down').",
    )
    initial_level: Share = Field(
        default=0.0, description="Level during the wind-down period, in [0, 1]."
    )
    tiers: tuple[Tier, ...] = Field(
        default=(),
        description="Dated steps in date order, not overlapping; a later tier may loosen "
        "the measure (a lower level) "
        "(only and required for kind = 'tiers').",
    )

    @model_validator(mode="after")
    def _consistent(self) -> PhaseIn:
        if self.kind == "wind_down" and self.wind_down_months is None:
            raise ValueError("a wind_down phase-in needs wind_down_months")
        if self.kind != "wind_down" and self.wind_down_months is not None:
            raise ValueError("wind_down_months is only for kind = 'wind_down'")
        if self.kind == "tiers" and not self.tiers:
            raise ValueError("a tiers phase-in needs at least one tier")
        if self.kind != "tiers" and self.tiers:
            raise ValueError("tiers are only for kind = 'tiers'")
        for i, (a, b) in enumerate(zip(self.tiers, self.tiers[1:], strict=False)):
            if b.start <= a.start:
                raise ValueError(
                    f"tiers[{i + 1}] starts {b.start}, not after tiers[{i}] ({a.start}): "
                    "tiers must be in date order"
                )
            if a.end is not None and a.end > b.start:
                raise ValueError(
                    f"tiers[{i}] ends {a.end}, after tiers[{i + 1}] starts ({b.start}): "
                    "tiers overlap"
                )
        return self


class Measure(Frozen):
    """One instrument the lead adopts and asks members to adopt.

    ``weight`` is the share of the in-scope bilateral trade (or finance) with the target
    that the measure removes at full implementation. Two kinds are not flow cuts and
    read it on their own base: for a ``price_cap``, the share of the target's in-scope
    exports the cap can reach (seaborne, sold with the coalition's services); for an
    ``asset_freeze``, the share of ``stock_usd_bn`` immobilised.
    """

    id: Ident = Field(description="Identifier other parts of the scenario refer to.")
    name: str = Field(default="", description="Human-readable name.")
    kind: MeasureKind = Field(description="The instrument the measure uses.")
    sectors: tuple[Sector, ...] = Field(
        default=(), description="ICIO sector codes in scope; empty means every sector."
    )
    goods: tuple[str, ...] = Field(
        default=(), description="Free-text goods in scope, for readers (not used in costs)."
    )
    tier: int = Field(default=1, ge=1, le=10, description="Severity tier, 1 (first wave) to 10.")
    weight: PositiveShare = Field(
        default=1.0,
        description="Share of in-scope trade or finance with the target the measure removes "
        "at full implementation, in (0, 1] (price_cap: share of the target's in-scope "
        "exports the cap reaches; asset_freeze: share of stock_usd_bn immobilised).",
    )
    adopted: date = Field(description="Date the lead adopts the measure.")
    phase_in: PhaseIn = Field(
        default=PhaseIn(), description="How the measure takes effect after adoption."
    )
    renewable: bool = Field(
        default=True,
        description="Whether the sunset applies to this measure (false: it stays until lifted).",
    )
    lead_only: bool = Field(
        default=False,
        description="Whether the measure binds only the lead (e.g. restrictions on the "
        "lead's own persons): no member owes any of it.",
    )
    discount: PositiveShare | None = Field(
        default=None,
        description="price_cap only: share of the market price the cap removes on the "
        "target's sales it reaches, in (0, 1]; absent: the economics model's documented "
        "default (docs/model.md, Measures that are not flow cuts).",
    )
    stock_usd_bn: UsdBillions | None = Field(
        default=None,
        description="asset_freeze only: the target's stock of assets in scope (USD "
        "billion), of which weight is immobilised at full implementation; absent: the "
        "freeze has no stated stock and costs nothing in the economics model.",
    )
    stock_source: str = Field(
        default="",
        description="asset_freeze only: the public source of stock_usd_bn (required with it).",
    )

    @model_validator(mode="after")
    def _non_flow_fields_fit_the_kind(self) -> Measure:
        if self.discount is not None and self.kind != MeasureKind.PRICE_CAP:
            raise ValueError(f"discount is only for kind = 'price_cap', not '{self.kind}'")
        if self.kind != MeasureKind.ASSET_FREEZE and (
            self.stock_usd_bn is not None or self.stock_source
        ):
            raise ValueError(
                f"stock_usd_bn and stock_source are only for kind = 'asset_freeze', "
                f"not '{self.kind}'"
            )
        if self.stock_usd_bn is not None and not self.stock_source.strip():
            raise ValueError("stock_usd_bn needs stock_source: the public source of the amount")
        if self.stock_source and self.stock_usd_bn is None:
            raise ValueError("stock_source is given without stock_usd_bn")
        return self

    @model_validator(mode="after")
    def _tiers_after_adoption(self) -> Measure:
        if self.phase_in.tiers and self.phase_in.tiers[0].start < self.adopted:
            raise ValueError(
                f"phase_in.tiers[0] starts {self.phase_in.tiers[0].start}, before the measure "
                f"is adopted ({self.adopted})"
            )
        return self


class ExemptionKind(StrEnum):
    """The kind of carve-out."""

    HUMANITARIAN = "humanitarian"
    SECTORAL = "sectoral"
    MEMBER_SPECIFIC = "member_specific"
    WAIVER = "waiver"


class Exemption(Frozen):
    """A carve-out from one measure.

    ``share`` is the fraction of the measure's scope left out while the exemption is in
    force; ``members`` empty means every member. A waiver is time-bound: it needs an end.
    """

    id: Ident = Field(description="Identifier of the exemption.")
    kind: ExemptionKind = Field(
        description="humanitarian, sectoral, member_specific, or waiver (time-bound)."
    )
    measure: Ident = Field(description="Id of the measure it carves out of.")
    members: tuple[Economy, ...] = Field(
        default=(),
        description="Members it applies to (member codes); empty means every member.",
    )
    sectors: tuple[Sector, ...] = Field(
        default=(), description="ICIO sectors it covers (required for kind = 'sectoral')."
    )
    share: PositiveShare = Field(
        description="Fraction of the measure's scope left out while in force, in (0, 1]."
    )
    start: date | None = Field(
        default=None, description="First day in force; absent means from the regime's start."
    )
    end: date | None = Field(
        default=None,
        description="Last day in force; absent means open-ended (required for a waiver).",
    )
    description: str = Field(default="", description="What the carve-out covers, for readers.")

    @model_validator(mode="after")
    def _consistent(self) -> Exemption:
        if self.kind == ExemptionKind.WAIVER and self.end is None:
            raise ValueError("a waiver is time-bound: it needs an end date")
        if self.kind == ExemptionKind.MEMBER_SPECIFIC and not self.members:
            raise ValueError("a member_specific exemption needs members")
        if self.kind == ExemptionKind.SECTORAL and not self.sectors:
            raise ValueError("a sectoral exemption needs sectors")
        if self.start is not None and self.end is not None and self.end <= self.start:
            raise ValueError(f"exemption ends ({self.end}) on or before it starts ({self.start})")
        return self
