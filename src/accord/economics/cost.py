"""The fast cost model the simulator calls every month for every run.

Implementation levels ``[..., M, K]`` become cuts of each member's flows with the
target, ``cut[..., m, d, r] = min(1, sum_k level[..., m, k] * profile[k, d, r])`` (two
measures on the same flow never remove more than the flow), and every economy's loss is
one contraction with the target's response tensor, plus the effects that are not flow
cuts (a price cap's revenue, a frozen stock: ``accord.economics.nonflow``), linear in the
levels. No Python loop runs over runs, members or measures; the equations are in
``docs/model.md``.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import cached_property
from typing import Any

import numpy as np
from numpy.typing import NDArray

from accord.domain.measures import MeasureKind
from accord.domain.regime import Regime
from accord.economics.final_demand import CAPITAL_GOODS
from accord.economics.network import F32, F64, Network, f32
from accord.economics.nonflow import nonflow_loss, scale_cap_profiles
from accord.economics.response import Responses, responses_for
from accord.economics.shocks import MeasureSpec, cut_profiles
from accord.economics.target import DELTA, TAU, TargetResponse, target_response
from accord.economics.trade_table import TradeTable
from accord.errors import InvalidArgument


@dataclass(frozen=True, eq=False)
class Losses:
    """Losses in percent of each economy's benchmark gross output (positive = loss).

    ``leakage`` is the share of the sanctioned trade that still reaches or leaves the
    target through third parties (direct evasion plus rerouting), in [0, 1].
    """

    economy_loss: F32
    member_loss: F32
    target_loss: F32
    leakage: F32


@dataclass(frozen=True, eq=False)
class CostModel:
    """Costs of a set of measures against one target, for a fixed list of members.

    ``fixed_cut`` ``[2, S]`` is the lead's own cut (it imposes the measures first); it
    is part of every evaluation but not of ``unit_cost``. ``nonflow[p, k, e]`` is the
    loss economy ``e`` suffers when partner ``p`` implements measure ``k`` fully, from
    what is not a flow cut.
    """

    network: Network
    target: str
    members: tuple[str, ...]
    measures: tuple[MeasureSpec, ...]
    lead: str | None
    profile: F64  # [K, 2, S]
    response: TargetResponse
    member_index: NDArray[np.intp]
    fixed_cut: F64  # [2, S]
    lead_level: float
    nonflow: F64  # [P, K, E]

    @classmethod
    def build(
        cls,
        network: Network,
        target: str,
        members: Sequence[str],
        measures: Sequence[MeasureSpec],
        lead: str | None = None,
        lead_level: float = 1.0,
        responses: Responses | None = None,
        final_demand: Sequence[str] = CAPITAL_GOODS,
    ) -> CostModel:
        """Cost model for ``members`` (and optionally ``lead`` at ``lead_level``).

        ``final_demand``: selling sectors whose sales to the target carry a final-demand
        leg (capital goods by default; empty for intermediate flows only, as the
        reference solver cuts them).
        """
        codes = network.economies
        unknown = [c for c in (target, *members, *([lead] if lead else [])) if c not in codes]
        if unknown:
            raise InvalidArgument(f"unknown economy code(s): {', '.join(unknown)}")
        if target in members or target == lead:
            raise InvalidArgument(f"the target {target} cannot sanction itself")
        if len(set(members)) != len(members):
            raise InvalidArgument("a member is listed twice")
        if lead is not None and lead in members:
            raise InvalidArgument(f"the lead {lead} is also listed as a member")
        if not 0.0 <= lead_level <= 1.0:
            raise InvalidArgument(f"lead_level {lead_level} is outside [0, 1]")
        resp = responses if responses is not None else responses_for(network)
        t = network.index(target)
        tr = target_response(network, resp, t, final_demand)
        specs = tuple(measures)
        profile = scale_cap_profiles(cut_profiles(specs, network.sectors), specs, network, t)
        fixed = np.zeros(profile.shape[1:])
        if lead is not None:
            fixed = np.minimum(1.0, lead_level * profile.sum(axis=0))
        return cls(
            network=network,
            target=target,
            members=tuple(members),
            measures=specs,
            lead=lead,
            profile=profile,
            response=tr,
            member_index=np.array([codes.index(c) for c in members], dtype=np.intp),
            fixed_cut=fixed,
            lead_level=lead_level if lead is not None else 0.0,
            nonflow=nonflow_loss(network, resp, t, specs),
        )

    @classmethod
    def for_regime(
        cls,
        network: Network,
        regime: Regime,
        lead_level: float = 1.0,
        tables: Sequence[TradeTable] = (),
        **kw: Any,
    ) -> CostModel:
        """Members ``regime.member_codes``, measures ``regime.measures``; the lead applies
        every measure at ``lead_level``.

        Economies of the regime outside ``network`` (Iran, Venezuela, ...) are carved out
        of its rest of the world first, from the trade table's latest year before the
        regime starts (``accord.economics.outside``); ``tables`` are the user's trade
        tables, searched before the bundled one.
        """
        from accord.economics.outside import with_outside

        codes = (regime.target.code, regime.lead.code, *regime.member_codes)
        extended = with_outside(network, codes, before=regime.start.year, tables=tables)
        if extended is not network:
            kw.pop("responses", None)  # they belong to the network without the carve-out
        return cls.build(
            extended,
            regime.target.code,
            regime.member_codes,
            [MeasureSpec.of(m) for m in regime.measures],
            lead=regime.lead.code,
            lead_level=lead_level,
            **kw,
        )

    # ------------------------------------------------------------------ evaluation
    def _levels(self, levels: Any) -> F32:
        lv = np.asarray(levels, dtype=np.float32)
        M, K = len(self.members), len(self.measures)
        if lv.ndim < 2 or lv.shape[-2:] != (M, K):
            raise InvalidArgument(f"levels have shape {lv.shape}; expected [..., {M}, {K}]")
        if not np.isfinite(lv).all() or lv.min(initial=0.0) < 0.0 or lv.max(initial=0.0) > 1.0:
            raise InvalidArgument("implementation levels must lie in [0, 1]")
        return lv

    @cached_property
    def overlapping(self) -> bool:
        """True when measures together can remove more than a whole flow, so the cut
        must be capped at one flow by flow (the slower, exact path)."""
        return bool(self.profile.sum(axis=0).max(initial=0.0) > 1.0 + 1e-9)

    def losses(self, levels: Any) -> Losses:
        """Losses for implementation levels ``[..., M, K]`` in [0, 1]."""
        lv = self._levels(levels)
        batch = lv.shape[:-2]
        M, K = lv.shape[-2:]
        if self.overlapping:
            prof = self.profile.reshape(K, -1).astype(np.float32)
            cut = np.minimum(np.float32(1.0), lv.reshape(-1, K) @ prof).reshape(*batch, M, -1)
            economy = cut.reshape(*batch, -1) @ self._loss_matrix
            economy = economy + lv.reshape(*batch, M * K) @ self._nonflow_matrix
            sev = (cut * self._member_flow).sum(axis=-2)
        else:
            flat = lv.reshape(*batch, M * K)
            economy = flat @ self._measure_loss
            sev = flat @ self._measure_flow
        economy = economy + self._lead_loss
        mi = self.member_index
        return Losses(
            economy_loss=economy,
            member_loss=economy[..., mi],
            target_loss=economy[..., self.response.target],
            leakage=self._leakage(sev.reshape(*batch, *self.response.total.shape), lv),
        )

    @cached_property
    def _loss_matrix(self) -> F32:
        """``[M * 2 * S, E]``: the members' slices of the response tensor."""
        loss = self.response.loss[self.member_index]
        return np.ascontiguousarray(loss.reshape(-1, loss.shape[-1]), dtype=np.float32)

    @cached_property
    def _member_flow(self) -> F32:
        """``[M, 2 * S]``: the members' bilateral flows with the target."""
        flow = self.response.flow[self.member_index]
        return flow.reshape(len(self.members), -1).astype(np.float32)

    @cached_property
    def _nonflow_matrix(self) -> F32:
        """``[M * K, E]``: members' losses per unit level from what is not a flow cut."""
        out = self.nonflow[self.member_index]
        return np.ascontiguousarray(out.reshape(-1, out.shape[-1]), dtype=np.float32)

    @cached_property
    def _measure_loss(self) -> F32:
        """``[M * K, E]``: loss per unit level of each member's measure (no overlap)."""
        loss = self.response.loss[self.member_index]
        out = np.einsum("kdr,mdre->mke", self.profile, loss)
        flat = out.reshape(-1, out.shape[-1]) + self.nonflow[self.member_index].reshape(
            -1, out.shape[-1]
        )
        return np.ascontiguousarray(flat, dtype=np.float32)

    @cached_property
    def _measure_flow(self) -> F32:
        """``[M * K, 2 * S]``: flow each member's measure removes per unit level."""
        K = len(self.measures)
        out = self.profile.reshape(1, K, -1) * self._member_flow[:, None, :]
        return np.ascontiguousarray(out.reshape(-1, out.shape[-1]), dtype=np.float32)

    @cached_property
    def _lead_loss(self) -> F32:
        """``[E]``: losses from the lead's own cut, part of every evaluation."""
        if self.lead is None:
            return np.zeros(self.network.n_economies, dtype=np.float32)
        lead = self.network.index(self.lead)
        flows = np.einsum("dr,dre->e", self.fixed_cut, self.response.loss[lead])
        return f32(flows + self.lead_level * self.nonflow[lead].sum(axis=0))

    def _leakage(self, sev: F32, levels: F32) -> F32:
        """Share of the sanctioned flow that reaches the target through third parties.

        Of a severed flow, ``delta`` leaks directly; of the rest, ``1 - tau`` is
        recomposed across the target's remaining partners in proportion to their flows
        (the solver's RAS rule), and only the foreign part of that goes through third
        parties. Secondary penalties shrink the rerouted part by the output-weighted
        share of the coalition enforcing them.
        """
        tr = self.response
        if self.lead is not None:
            sev = sev + (self.fixed_cut * tr.flow[self.network.index(self.lead)]).astype(np.float32)
        remaining_total = np.maximum(tr.total - sev, 1e-12)
        remaining_foreign = np.clip(tr.foreign - sev, 0.0, None)
        third = remaining_foreign / remaining_total
        cut_total = sev.sum(axis=(-2, -1))
        rerouted = (sev * third).sum(axis=(-2, -1)) / np.maximum(cut_total, 1e-12)
        rerouted = rerouted * (1.0 - self._penalty_pressure(levels))
        leak = DELTA + (1.0 - DELTA) * (1.0 - TAU) * rerouted
        return np.where(cut_total > 0, leak, 0.0).astype(np.float32)

    def _penalty_pressure(self, levels: F32) -> F32:
        sp = [k for k, m in enumerate(self.measures) if m.kind == MeasureKind.SECONDARY_PENALTY]
        if not sp:
            return np.zeros(levels.shape[:-2], dtype=np.float32)
        out = self.network.output
        weight = np.array([self.measures[k].weight for k in sp])
        enforcing = np.einsum("...mk,m,k->...", levels[..., sp], out[self.member_index], weight)
        total = out[self.member_index].sum()
        if self.lead is not None:
            lead_out = out[self.network.index(self.lead)]
            enforcing = enforcing + self.lead_level * lead_out * weight.sum()
            total += lead_out
        return f32(np.clip(enforcing / max(total, 1e-12), 0.0, 1.0))

    # ------------------------------------------------------- inputs to the decisions
    @cached_property
    def unit_cost(self) -> F32:
        """``[M, K]``: a member's own loss (percent of output) from one measure, fully
        implemented by that member alone."""
        cut = np.minimum(1.0, self.profile)  # [K, d, r]
        mi = self.member_index
        own = self.response.loss[mi, :, :, mi]  # [M, d, r]: member's loss from its own cut
        nonflow = self.nonflow[mi][:, :, mi]  # [M, K, M]
        return f32(np.einsum("kdr,mdr->mk", cut, own) + np.einsum("mkm->mk", nonflow))

    @cached_property
    def member_weight(self) -> F32:
        """``[M]``: members' shares of gross output among members (cohesion weights)."""
        out = self.network.output[self.member_index]
        return f32(out / out.sum())

    @cached_property
    def exposure_to_lead(self) -> F32:
        """``[M]``: the lead's share of each member's foreign trade and finance.

        Mean of two shares from the benchmark flows: the lead's share of the member's
        foreign intermediate trade (sales plus purchases, all sectors), and its share
        of the member's foreign trade in financial services (ICIO sector K). Zero when
        the regime has no lead.
        """
        M = len(self.members)
        if self.lead is None:
            return np.zeros(M, dtype=np.float32)
        F4 = self.network.flow_tensor()
        lead = self.network.index(self.lead)
        k = self.network.sectors.index("K")
        bilateral = F4.sum(axis=(0, 2))  # [seller economy, buyer economy]
        trade = bilateral + bilateral.T
        np.fill_diagonal(trade, 0.0)
        fin = F4[k].sum(axis=1)  # K sold by u to v
        fin = fin + fin.T
        np.fill_diagonal(fin, 0.0)
        mi = self.member_index
        share_trade = trade[mi, lead] / np.maximum(trade[mi].sum(axis=1), 1e-12)
        share_fin = fin[mi, lead] / np.maximum(fin[mi].sum(axis=1), 1e-12)
        return f32(0.5 * (share_trade + share_fin))
