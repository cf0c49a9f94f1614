"""Affinity: how much closer a member stands to the lead than to the target.

For member i, lead L and target T, with covariates read the day before the regime's
start (no look-ahead), the closeness of i to another state j is the weighted mean

    k(i, j) = (w_s s(i, j) + w_b b(i, j) + w_u u(i, j)) / (w_s + w_b + w_u)

of three ties in [0, 1]: a shared security arrangement s (NATO, a US collective defense
treaty, the CSTO); a shared political bloc b (EU, EFTA, G7, EAEU, SCO, BRICS, and an EU
member with an EU candidate or EEA EFTA state, which align with the EU's CFSP
declarations); and UN General Assembly alignment u = 1 - |c_i - c_j|, where c is voting
coincidence with the United States (c = 1 for the US itself; exact for j = US, and an
upper bound on the two states' agreement on yes/no votes otherwise). A tie that is not
known (no UN votes) leaves the mean, weights renormalised. Affinity is

    a_i = k(i, L) - k(i, T)  in [-1, 1],

positive for the lead's allies, negative for the target's. The political motive it
stands for is argued by Drezner (1999, *The Sanctions Paradox*, Cambridge University
Press: expectations of future conflict between two states shape their economic
coercion) and Early (2015, *Busted Sanctions*, Stanford University Press: political
ties to the target, or rivalry with the sender, drive third parties to undercut
sanctions; commercial motives are the cost term's job). The UN term stands in for
ideal-point distance (Bailey, Strezhnev & Voeten 2017, Journal of Conflict Resolution
61(2), doi:10.1177/0022002715595700) with the one series bundled. See ``docs/model.md``.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import numpy.typing as npt

from accord.covariates.store import Covariates, Snapshot, bundled
from accord.covariates.tables import CovariateError
from accord.domain import Regime

F32 = npt.NDArray[np.float32]
EU_ALIGNED = ("EU_CANDIDATE", "EEA_EFTA")
"""Non-members that align with the EU's CFSP declarations: tied to every EU member."""


def _ties(snapshot: Snapshot, economies: Sequence[str], other: str, kind: str) -> F32:
    """[n] 1 where an economy shares a bloc of ``kind`` with ``other`` on the day."""
    theirs = {b for b in snapshot.blocs_of(other) if snapshot.kinds.get(b) == kind}
    out = np.array(
        [bool(theirs & snapshot.blocs_of(e)) and e != other for e in economies], dtype=np.float32
    )
    if kind == "political":
        eu = np.array(["EU" in snapshot.blocs_of(e) for e in economies])
        aligned = np.array([bool(set(EU_ALIGNED) & snapshot.blocs_of(e)) for e in economies])
        other_eu = "EU" in theirs
        other_aligned = bool(set(EU_ALIGNED) & theirs)
        out = np.maximum(out, ((eu & other_aligned) | (aligned & other_eu)).astype(np.float32))
    return out


def _un(snapshot: Snapshot, economies: Sequence[str], other: str) -> F32:
    """[n] 1 - |c_i - c_other|, NaN where either has no coincidence."""
    theirs = snapshot.un_coincidence(other)
    c = np.array(
        [np.nan if (x := snapshot.un_coincidence(e)) is None else x for e in economies],
        dtype=np.float32,
    )
    out: F32 = (1.0 - np.abs(c - (np.nan if theirs is None else theirs))).astype(np.float32)
    return out


def _components(snapshot: Snapshot, economies: Sequence[str], other: str) -> F32:
    """[3, n] the security, bloc and UN ties of each economy with ``other`` (UN: NaN
    where unknown)."""
    return np.stack(
        [
            _ties(snapshot, economies, other, "security"),
            _ties(snapshot, economies, other, "political"),
            _un(snapshot, economies, other),
        ]
    )


def _mean(ties: F32, weights: tuple[float, float, float]) -> F32:
    """[n] the weighted mean of the known ties."""
    w = np.asarray(weights, dtype=np.float32)[:, None] * ~np.isnan(ties)
    total = w.sum(axis=0)
    num = (w * np.nan_to_num(ties)).sum(axis=0)
    out: F32 = np.divide(num, total, out=np.zeros_like(num), where=total > 0).astype(np.float32)
    return out


def closeness(
    snapshot: Snapshot,
    economies: Sequence[str],
    other: str,
    weights: tuple[float, float, float] = (1.0, 1.0, 1.0),
) -> F32:
    """[n] k(i, other) in [0, 1]: the weighted mean of security, bloc and UN ties."""
    return _mean(_components(snapshot, economies, other), weights)


def affinity(
    snapshot: Snapshot,
    members: Sequence[str],
    lead: str,
    target: str,
    weights: tuple[float, float, float] = (1.0, 1.0, 1.0),
    overrides: Sequence[float | None] | None = None,
    in_bloc: Sequence[bool] | None = None,
) -> F32:
    """[members] a_i = k(i, lead) - k(i, target) in [-1, 1].

    ``in_bloc[i]`` marks a member that takes part through a bloc of the coalition (a
    scenario's ``EU27``): its bloc tie with the coalition is 1, as the bloc decides
    with the lead. ``overrides[i]``, when not ``None``, replaces member i's value (a
    scenario's judgement)."""
    with_lead = _components(snapshot, members, lead)
    if in_bloc is not None:
        with_lead[1] = np.maximum(with_lead[1], np.asarray(in_bloc, dtype=np.float32))
    out = _mean(with_lead, weights) - closeness(snapshot, members, target, weights)
    if overrides is not None:
        given = np.array([np.nan if o is None else o for o in overrides], dtype=np.float32)
        out = np.where(np.isnan(given), out, given)
    return np.asarray(out, dtype=np.float32)


def regime_affinity(
    regime: Regime, members: Sequence[str], covariates: Covariates | None = None
) -> F32:
    """[members] affinity of ``members`` (the compiled regime's order) in ``regime``: the
    covariates of the day before its start, its ``model.affinity`` weights, each listed
    member's ``affinity`` where the scenario gives one, and the bloc tie of members
    listed through a bloc."""
    listed = {m.code: m for m in regime.members}
    overrides = [listed[c].affinity if c in listed else None for c in members]
    if all(o is not None for o in overrides):
        return np.array(overrides, dtype=np.float32)
    in_bloc = [c in listed and listed[c].bloc is not None for c in members]
    p = regime.model.affinity
    try:
        snapshot = (covariates or bundled()).before(regime.start)
    except CovariateError as exc:
        raise CovariateError(
            f"{exc.message}: give every member an affinity, or switch the term off "
            "([model.affinity] on = false)",
            [{"loc": "start", "msg": f"{regime.start}", "expected": exc.errors[0]["expected"]}],
        ) from exc
    weights = (p.security, p.bloc, p.un_voting)
    return affinity(
        snapshot, members, regime.lead.code, regime.target.code, weights, overrides, in_bloc
    )
