"""Observed against simulated: where the case library records what really happened in
the scenario's case, the report sets members' observed adoption dates and the observed
renewal votes beside the simulated ones.

A scenario's case is found by the bundled scenario it names (``Case.scenario``): the
case applies when that scenario's name, lead and target are the regime's, so Russia 2014
and Russia 2022 (same lead and target) are told apart by name, and a user's own scenario
gets no comparison unless it keeps a bundled scenario's name, lead and target.
"""

from __future__ import annotations

import datetime as dt
import tomllib
from dataclasses import dataclass
from functools import cache

import numpy as np

from accord.domain import Regime, month_index, month_start
from accord.estimate import Case, CaseLibrary, Observation, load_library
from accord.estimate.load import CASES_DIR
from accord.report.detail import ReportDetail
from accord.rules.acts import compile_acts
from accord.scenarios import bundled

Z90 = 1.6448536269514722
"""Normal quantile of a two-sided 90 % interval."""

VOTE_WINDOW = 3
"""Months either side of an observed vote within which a simulated vote on the same act
counts as the same vote (the scenario's renewal calendar is a simplification)."""


@cache
def _bundled_identity(name: str) -> tuple[str, str, str] | None:
    """(name, lead, target) of the bundled scenario ``name``, read from its file."""
    path = bundled().get(name)
    if path is None:
        return None
    with path.open("rb") as f:
        data = tomllib.load(f)
    return str(data.get("name")), str(data["lead"]["code"]), str(data["target"]["code"])


def matching_case(regime: Regime, library: CaseLibrary | None = None) -> Case | None:
    """The case of the library whose bundled scenario is this regime (same name, lead and
    target), or None; None too where the library is not at hand (an installed wheel
    ships the scenarios, not the case files)."""
    if library is None:
        if not CASES_DIR.is_dir():
            return None
        library = load_library()
    for case in library.values():
        if case.scenario is None:
            continue
        if _bundled_identity(case.scenario) == (regime.name, regime.lead.code, regime.target.code):
            return case
    return None


def share_interval(hits: int, total: int) -> tuple[float, float, float]:
    """Share of runs with its 90 % Wilson interval (Monte Carlo uncertainty)."""
    if total <= 0:
        return np.nan, np.nan, np.nan
    p = hits / total
    z2 = Z90 * Z90
    centre = (p + z2 / (2 * total)) / (1 + z2 / total)
    half = Z90 * np.sqrt(p * (1 - p) / total + z2 / (4 * total * total)) / (1 + z2 / total)
    return p, max(0.0, float(centre - half)), min(1.0, float(centre + half))


@dataclass(frozen=True)
class AdoptionRow:
    """One recorded outcome on one case measure: observed, and simulated on each scenario
    measure it covers. A bloc's entry (EU27) stands for its members, whose runs are
    pooled (member-runs, unweighted)."""

    entry: str  # the economy or bloc the case's entry names
    members: tuple[str, ...]  # the simulated members it stands for
    case_measure: str
    posture: str  # observed posture (mimic, adjust, resist) or "not classified"
    observed: str  # the observed date, or "not adopted by <date>"
    month: int | None  # month index compared (adoption or censoring), None: outside
    simulated: tuple[tuple[str, float, float, float, str], ...]
    # per covered scenario measure: (measure id, share adopted by month, low, high, timing)


def _timing(first: np.ndarray, start: dt.date) -> str:
    """Median simulated adoption month with the 5-95 % range across runs ('never' beyond)."""
    never = np.iinfo(np.int16).max
    months = np.where(first < 0, never, first)
    q = np.quantile(months, (0.05, 0.5, 0.95), method="inverted_cdf")

    def at(v: float) -> str:
        return "never" if v >= never else f"{month_start(start, int(v)):%b %Y}"

    return f"median {at(q[1])} (5-95 %: {at(q[0])} to {at(q[2])})"


def adoption_rows(
    regime: Regime,
    members: tuple[str, ...],
    measures: tuple[str, ...],
    detail: ReportDetail,
    case: Case,
) -> list[AdoptionRow]:
    """Every recorded outcome of the case's members on a measure covering scenario
    measures, one row per entry of the case (a bloc's members together)."""
    k_of = {m: k for k, m in enumerate(measures)}
    i_of = {c: i for i, c in enumerate(members)}
    last = len(detail.in_force) - 1
    groups: dict[tuple[str, str], list[int]] = {}
    found: dict[tuple[str, str], Observation] = {}
    for obs in case.observations():
        entry = case.outcome(obs.economy, obs.measure)
        if obs.economy not in i_of or entry is None:
            continue
        key = (entry.economy, obs.measure)
        groups.setdefault(key, []).append(i_of[obs.economy])
        found.setdefault(key, obs)
    rows: list[AdoptionRow] = []
    for key, idx in groups.items():
        obs = found[key]
        covered = [k for k in case.measure(obs.measure).covers if k in k_of]
        if not covered:
            continue
        when = obs.date if obs.date is not None else obs.censored
        month = None if when is None else month_index(regime.start, when)
        if month is not None and not 0 <= month <= last:
            month = None
        observed = (
            f"{obs.date:%d %b %Y}"
            if obs.date is not None
            else f"not adopted by {obs.censored:%d %b %Y}"
            if obs.censored is not None
            else "-"
        )
        sims = []
        for m in covered:
            first = detail.adopted[:, idx, k_of[m]].ravel()
            if month is None:
                p = lo = hi = np.nan
            else:
                hits = int(((first >= 0) & (first <= month)).sum())
                p, lo, hi = share_interval(hits, first.size)
            sims.append((m, p, lo, hi, _timing(first, regime.start)))
        rows.append(
            AdoptionRow(
                key[0],
                tuple(members[i] for i in idx),
                obs.measure,
                obs.posture or "not classified",
                observed,
                month,
                tuple(sims),
            )
        )
    return rows


def adoption_marks(rows: list[AdoptionRow]) -> dict[str, list[tuple[int, str]]]:
    """Per scenario measure, the months of observed adoptions with who adopted then."""
    by_month: dict[str, dict[int, list[str]]] = {}
    for row in rows:
        if row.month is None or row.observed.startswith("not"):
            continue
        for measure, *_ in row.simulated:
            by_month.setdefault(measure, {}).setdefault(row.month, []).append(row.entry)
    return {
        m: [(t, ", ".join(who)) for t, who in sorted(months.items())]
        for m, months in by_month.items()
    }


@dataclass(frozen=True)
class VoteRow:
    """One observed renewal vote and the simulated votes on the same act nearest to it."""

    date: dt.date
    act: str
    outcome: str
    held_out: tuple[str, ...]
    simulated: tuple[tuple[int, str, int, float, float, float, tuple[tuple[str, float], ...]], ...]
    # (month, sim act id, runs held, P(fails), low, high, ((member, share against), ...))


def vote_rows(
    regime: Regime,
    members: tuple[str, ...],
    measures: tuple[str, ...],
    detail: ReportDetail,
    case: Case,
) -> list[VoteRow]:
    """Each observed renewal of the case beside the simulated votes, within
    :data:`VOTE_WINDOW` months, on the acts holding the measures the case's act covers."""
    acts = compile_acts(regime, members)
    k_of = {m: k for k, m in enumerate(measures)}
    rows = []
    for obs in sorted(case.renewals, key=lambda r: (r.date, r.act)):
        covered = {
            k_of[k] for m in case.measures if m.act == obs.act for k in m.covers if k in k_of
        }
        sim_acts = {a for a in range(len(acts.ids)) if any(acts.measures[a, k] for k in covered)}
        month = month_index(regime.start, obs.date)
        nearest: dict[int, tuple[int, int]] = {}
        for n, r in enumerate(detail.renewals):
            gap = abs(r.month - month)
            usable = r.measure in sim_acts and gap <= VOTE_WINDOW and r.held > 0
            if usable and (r.measure not in nearest or gap < nearest[r.measure][0]):
                nearest[r.measure] = (gap, n)
        sims = []
        for a in sorted(nearest):
            r = detail.renewals[nearest[a][1]]
            p, lo, hi = share_interval(r.failed, r.held)
            top = [int(i) for i in np.argsort(-r.against, kind="stable")[:3] if r.against[i] > 0]
            top += [members.index(c) for c in obs.held_out if c in members]
            against = tuple((members[i], float(r.against[i])) for i in dict.fromkeys(top))
            sims.append((r.month, detail.acts[a], r.held, p, lo, hi, against))
        rows.append(VoteRow(obs.date, obs.act, obs.outcome, obs.held_out, tuple(sims)))
    return rows
