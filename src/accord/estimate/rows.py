"""A case's observed postures as rows with pre-period covariates, for fitting and scoring.

Each row is one economy's posture on one measure of a case, with the three ties
(security, bloc, UN voting) of the economy with the lead and with the target, read
from :mod:`accord.covariates` as of the day *before* the case's start: no covariate
looks ahead. When a bloc's single decision stands for its members (the EU27 entry of a
case), it is one row, not 27, with its members' mean ties, so one Council decision is
not counted as 27 independent choices. Likewise an economy that adopted none of a
case's measures made one choice, to stay out of the regime: it is one row (on the
case's first measure it is recorded on), not one per package, so a case with three
packages does not count each stayed-out economy three times (the test case Russia 2022
records that choice once, as `joined_sanctions`; russia-2014 records it per package).
Rows whose posture the record cannot tell (a late upper-bound date) are left out,
never guessed.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from accord.covariates import Covariates, bundled, closeness
from accord.covariates.store import Snapshot
from accord.domain.codes import BLOCS, expand
from accord.estimate.case import Case, Posture

F64 = npt.NDArray[np.float64]
POSTURES: tuple[Posture, ...] = ("mimic", "adjust", "resist")
"""Class order of every probability array: 0 mimic, 1 adjust, 2 resist."""
TIES: tuple[str, ...] = ("security", "bloc", "un_voting")


@dataclass(frozen=True)
class Rows:
    """Observed postures of one or more cases; ``ties[n, 2, 3]`` holds each row's
    (with lead, with target) x (security, bloc, UN) ties, NaN where a UN tie is unknown."""

    case: tuple[str, ...]
    economy: tuple[str, ...]
    measure: tuple[str, ...]
    posture: npt.NDArray[np.int64]  # [n] index into POSTURES
    ties: F64  # [n, 2, 3]
    lag_days: F64  # [n] days to adoption after the lead (NaN if never adopted)
    window_days: F64  # [n] days from the lead's adoption to the case's end

    def __len__(self) -> int:
        return len(self.case)

    def select(self, keep: npt.NDArray[np.bool_]) -> Rows:
        """The rows where ``keep`` is True."""
        idx = np.flatnonzero(keep)
        return Rows(
            case=tuple(self.case[i] for i in idx),
            economy=tuple(self.economy[i] for i in idx),
            measure=tuple(self.measure[i] for i in idx),
            posture=self.posture[idx],
            ties=self.ties[idx],
            lag_days=self.lag_days[idx],
            window_days=self.window_days[idx],
        )

    def of_cases(self, ids: Iterable[str]) -> Rows:
        """The rows of the cases ``ids``."""
        wanted = set(ids)
        return self.select(np.array([c in wanted for c in self.case], dtype=bool))


def _ties(snapshot: Snapshot, economies: Sequence[str], other: str) -> F64:
    """[n, 3] security, bloc and UN ties of ``economies`` with ``other``; a bloc as
    ``other`` stands for the mean over its members."""
    others = expand((other,)) if other in BLOCS else (other,)
    out = np.zeros((len(economies), 3))
    for o in others:
        for j, weights in enumerate(((1.0, 0.0, 0.0), (0.0, 1.0, 0.0), (0.0, 0.0, 1.0))):
            out[:, j] += closeness(snapshot, economies, o, weights)
    out /= len(others)
    un_known = np.array([snapshot.un_coincidence(e) is not None for e in economies])
    out[~un_known, 2] = np.nan
    return out


def _group_mean(ties: F64) -> F64:
    """[3] mean ties of a bloc's members (a UN tie none of them has stays NaN)."""
    known = ~np.isnan(ties)
    total = np.nansum(ties, axis=0)
    count = known.sum(axis=0)
    return np.where(count > 0, total / np.maximum(count, 1), np.nan)


def case_rows(case: Case, covariates: Covariates | None = None) -> Rows:
    """The rows of ``case`` with covariates as of the day before ``case.start``."""
    snapshot = (covariates or bundled()).before(case.start)
    seen_bloc: set[tuple[str, str]] = set()
    economy: list[str] = []
    members: list[tuple[str, ...]] = []
    measure: list[str] = []
    posture: list[int] = []
    lag: list[float] = []
    window: list[float] = []
    stayed_out: list[bool] = []
    for obs in case.observations():
        if obs.posture is None:
            continue
        outcome = case.outcome(obs.economy, obs.measure)
        if outcome is None:  # observations() lists recorded outcomes only
            continue
        code = outcome.economy
        if code in BLOCS:
            if (code, obs.measure) in seen_bloc:
                continue
            seen_bloc.add((code, obs.measure))
            group = tuple(e for e in expand((code,)) if e != case.lead)
        else:
            group = (obs.economy,)
        lead_on = case.adopted_on(case.lead, obs.measure) or case.start
        economy.append(code)
        members.append(group)
        measure.append(obs.measure)
        posture.append(POSTURES.index(obs.posture))
        lag.append(np.nan if obs.lag_days is None else float(max(obs.lag_days, 0)))
        window.append(float(max((case.end - lead_on).days, 1)))
        stayed_out.append(outcome.status == "never_adopted")
    ties = np.zeros((len(economy), 2, 3))
    for i, group in enumerate(members):
        with_lead = _ties(snapshot, group, case.lead)
        if case.lead in BLOCS:
            inside = np.array([e in expand((case.lead,)) for e in group])
            with_lead[inside, 1] = 1.0  # a bloc's members decide with the bloc
        ties[i, 0] = _group_mean(with_lead)
        ties[i, 1] = _group_mean(_ties(snapshot, group, case.target))
    rows = Rows(
        case=(case.id,) * len(economy),
        economy=tuple(economy),
        measure=tuple(measure),
        posture=np.array(posture, dtype=np.int64),
        ties=ties,
        lag_days=np.array(lag),
        window_days=np.array(window),
    )
    return rows.select(_one_row_per_stayed_out(economy, stayed_out))


def _one_row_per_stayed_out(
    economy: Sequence[str], stayed_out: Sequence[bool]
) -> npt.NDArray[np.bool_]:
    """[n] the rows to keep: every row, except that an economy whose every row is a
    never-adopted outcome keeps only its first."""
    joined = {code for code, gone in zip(economy, stayed_out, strict=True) if not gone}
    seen: set[str] = set()
    keep = np.ones(len(economy), dtype=bool)
    for i, code in enumerate(economy):
        if code not in joined:
            keep[i] = code not in seen
            seen.add(code)
    return keep


def join(parts: Sequence[Rows]) -> Rows:
    """The rows of several cases, in order."""
    if not parts:
        raise ValueError("no rows to join; expected at least one case")
    return Rows(
        case=sum((p.case for p in parts), ()),
        economy=sum((p.economy for p in parts), ()),
        measure=sum((p.measure for p in parts), ()),
        posture=np.concatenate([p.posture for p in parts]),
        ties=np.concatenate([p.ties for p in parts]),
        lag_days=np.concatenate([p.lag_days for p in parts]),
        window_days=np.concatenate([p.window_days for p in parts]),
    )
