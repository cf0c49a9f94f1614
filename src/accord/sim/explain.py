"""Why a member chooses what it chooses: the terms of its decision, recomputed.

The engine adds a member's reasons for implementing a measure into one propensity ``z``
(``docs/model.md``, "One month", step 3) and keeps only the result. This module
recomputes the same sum term by term, from the :class:`~accord.sim.setting.Setting` and
the state the engine recorded, so a report can say *why* a member resists: is it the
cost, the domestic pressure, doubts about the others, a weak fear of secondary
penalties? It is a pure function and never changes the engine; a known-answer test
(``tests/test_sim_explain.py``) checks that the terms add up to the engine's desire.

The propensity, split into additive terms, every term in the unit of ``z``: percent of
the member's output per month (what the member would pay, or is paying, each month;
``slope`` turns it into a share of the requirement)::

    z = base + threat + beliefs + reputation + ladder + credit + secondary + affinity
        + resolve + taste - cost - fatigue - pressure

    base       = 0.5 / slope                          (propensity 0 means desire 0.5)
    threat     = theta_m(t)                           shared threat at full belief
    reputation = rho_eff                              reputation at full belief
    beliefs    = (b - 1) (theta_m(t) + rho_eff)       what doubts about the others take away
    ladder     = H x next rung's penalty (x p if hiding)  the consequence ladder's deterrent
    credit     = D_mk - (rho_eff b + ladder)          domestic credit of open deviation,
                                                      pi P_m c~_mk r_mk, as far as D >= 0
    secondary  = s_m path(t)                          fear of the lead's secondary penalties
    affinity   = lambda (a_m - a_ref)                 alignment with the lead (covariates)
    resolve    = rho^pol_m                            the government's political resolve
    taste      = eps_mk                               persistent idiosyncratic propensity
    cost       = c~_mk r_mk kappa                     cost of what is required now
    fatigue    = c~_mk r_mk kappa F_m / F*            accumulated losses,
                                                      F_t = mu F_(t-1) + L_t
    pressure   = c~_mk r_mk pi P_m                    domestic price pressure

with ``rho_eff = rho`` when deviating openly is cheaper and ``p (1 + k) rho`` when
hiding is (the engine's ``quiet`` choice), ``D_mk = max(0, min(open, quiet))`` the
deviation cost, ``H = horizon_months`` and ``desire = clip(slope z, 0, 1)``.

Engine quantities read (all from :class:`~accord.sim.engine.SimState` or the Setting):
before the month is advanced, ``belief [R,M,K]``, ``fatigue [R,M]`` and ``pressure
[R,M]``; after it, ``resolve [R,M]`` (redrawn in the month at a change of government)
``rules.ladder [R,M]`` (the rung the rules engine set in the month) and ``required
[R,M,K]`` (what the framework requires in the month); throughout,
``threat [R,M]`` and ``taste [R,M,K]``; from the Setting ``perceived_cost, cost_weight,
fatigue_scale, pressure_weight, reputation, detection, caught_premium, ladder_next,
secondary, secondary_path, affinity, threat_decay, resolve_boost, slope``. The engine's
check is ``desire [R,M,K]`` after the month.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from accord.sim.setting import Setting

F64 = npt.NDArray[np.float64]

TERMS: tuple[tuple[str, str, str], ...] = (
    ("base", "baseline", "the constant that makes a propensity of 0 a desire of half"),
    ("threat", "shared threat", "how much the member fears the target"),
    ("beliefs", "beliefs about others", "what doubts that the others comply take away"),
    ("reputation", "reputation", "cost of being seen to break ranks"),
    ("ladder", "consequence ladder", "the penalty of the next rung for non-compliance"),
    ("credit", "domestic credit", "political credit for openly protecting voters"),
    ("secondary", "secondary-penalty fear", "the lead's threat x credibility x exposure"),
    (
        "affinity",
        "alignment with the lead",
        "security ties, blocs and UN voting with the lead, less those with the target",
    ),
    ("resolve", "political resolve", "the government's stance (redrawn at elections)"),
    ("taste", "idiosyncratic", "a member's own lasting lean on this measure"),
    ("cost", "economic cost", "the measure's own cost to the member"),
    ("fatigue", "fatigue", "accumulated losses making costs weigh more"),
    ("pressure", "domestic pressure", "price pressure on households and industry"),
)
"""(key, name, what it means) of each term, in the order the report shows them; the
last three are subtracted from the propensity."""

SUBTRACTED = frozenset({"cost", "fatigue", "pressure"})


@dataclass(frozen=True)
class DecisionInputs:
    """The recorded state a month's decision read (arrays ``[R, M, K]`` or ``[R, M]``)."""

    month: int
    belief: npt.NDArray[np.floating]  # [R, M, K] before the month
    fatigue: npt.NDArray[np.floating]  # [R, M] before the month
    pressure: npt.NDArray[np.floating]  # [R, M] before the month
    resolve: npt.NDArray[np.floating]  # [R, M] after the month's political draw
    threat: npt.NDArray[np.floating]  # [R, M] initial threat perception
    taste: npt.NDArray[np.floating]  # [R, M, K]
    ladder: npt.NDArray[np.integer]  # [R, M] rung after the month's rules step
    required: npt.NDArray[np.floating]  # [R, M, K] what the framework requires this month


def decision_terms(st: Setting, x: DecisionInputs) -> dict[str, F64]:
    """Every term of the propensity ``z`` for every run, member and measure ``[R, M, K]``,
    signed as it enters ``z`` (cost, fatigue and pressure are negative)."""
    belief = np.asarray(x.belief, dtype=np.float64)
    shape = belief.shape
    fatigue = np.asarray(x.fatigue, dtype=np.float64)[:, :, None]
    pressure = np.asarray(x.pressure, dtype=np.float64)[:, :, None]
    # the cost weighed is that of what is required now (phase-in, carve-outs, commitments)
    cost = np.asarray(st.perceived_cost, dtype=np.float64)[None, :, :] * np.asarray(
        x.required, dtype=np.float64
    )
    threat = np.asarray(x.threat, dtype=np.float64) * float(
        np.float32(np.exp(-st.threat_decay * x.month) * st.resolve_boost)
    )
    threat3 = np.broadcast_to(threat[:, :, None], shape)
    next_rung = np.asarray(st.ladder_next, dtype=np.float64)[np.asarray(x.ladder)][:, :, None]
    credit = st.pressure_weight * pressure * cost
    rho_open = st.reputation
    rho_quiet = st.detection * (1.0 + st.caught_premium) * st.reputation
    open_cost = belief * rho_open + next_rung - credit
    caught_cost = belief * rho_quiet + st.detection * next_rung
    quiet = caught_cost < open_cost
    rho = np.where(quiet, rho_quiet, rho_open)
    ladder = np.broadcast_to(np.where(quiet, st.detection * next_rung, next_rung), shape)
    deviation = np.maximum(np.minimum(open_cost, caught_cost), 0.0)
    kept = belief * rho + ladder  # what deviating would cost without the credit
    return {
        "base": np.broadcast_to(0.5 / np.asarray(st.slope, dtype=np.float64), shape).copy(),
        "threat": np.array(threat3),
        "beliefs": (belief - 1.0) * (threat3 + rho),
        "reputation": np.array(rho),
        "ladder": np.array(ladder),
        "credit": deviation - kept,
        "secondary": np.broadcast_to(
            _by_run(st.secondary)
            * float(st.secondary_path[min(x.month, len(st.secondary_path) - 1)]),
            shape,
        ).copy(),
        "affinity": np.broadcast_to(_by_run(st.affinity), shape).copy(),
        "resolve": np.broadcast_to(np.asarray(x.resolve, np.float64)[:, :, None], shape).copy(),
        "taste": np.asarray(x.taste, dtype=np.float64).copy(),
        "cost": np.broadcast_to(-cost * st.cost_weight, shape).copy(),
        "fatigue": -cost * st.cost_weight * fatigue / st.fatigue_scale,
        "pressure": -cost * st.pressure_weight * pressure,
    }


def _by_run(x: npt.NDArray[np.floating]) -> F64:
    """A per-member constant ``[M]`` (or ``[R, M]`` per run) as ``[., M, 1]``."""
    x64 = np.asarray(x, dtype=np.float64)
    return (x64[None, :] if x64.ndim == 1 else x64)[:, :, None]


def propensity(terms: dict[str, F64]) -> F64:
    """The sum of the terms: the engine's propensity ``z``."""
    return np.asarray(sum(terms[key] for key, _, _ in TERMS), dtype=np.float64)


def desire(st: Setting, terms: dict[str, F64]) -> F64:
    """The desired share of the requirement, ``clip(slope z, 0, 1)``, as the engine has it."""
    return np.clip(st.slope * propensity(terms), 0.0, 1.0)
