"""Alignment of jurisdictions within one programme group: coverage, lag, who moved first.

For an ordered pair (leader A, follower B), a programme group and a start date, the
leader's designations are A's listings in the group dated exactly on or after the start
and no later than the end of the common observation window (the earlier of the two
lists' last snapshots). For each of them B's lag is an interval (see
:mod:`accord.observe.survival`): exact when B printed a date in the window; left-censored
("listed before" a snapshot); right-censored when B had not listed the entity by the end
of the window. Lag quantiles are Turnbull estimates over these intervals, so unfollowed
designations pull the time-to-follow up rather than disappearing; ``followed_lag_*``
gives the same quantiles among the designations B followed within the window.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import asdict, dataclass
from datetime import date
from typing import TYPE_CHECKING, Any

import numpy as np

from accord.observe.programmes import GROUPS
from accord.observe.survival import INF, turnbull

if TYPE_CHECKING:
    import polars as pl

Dated = tuple[date, bool]  # (date, censored: listed before that date)


@dataclass
class PairAlignment:
    """One row of ``alignment.parquet``: a leader-follower pair over a period."""

    programme: str
    since: date
    until: date
    leader: str
    follower: str
    period: str
    leader_designations: int
    followed: int
    coverage: float | None
    lag_q1: float | None
    lag_median: float | None
    lag_q3: float | None
    followed_lag_q1: float | None
    followed_lag_median: float | None
    followed_lag_q3: float | None
    leader_first: int
    follower_first: int
    same_day: int
    undetermined: int
    left_censored: int
    right_censored: int


def entity_dates(frame: pl.DataFrame, programme: str) -> dict[str, dict[str, Dated]]:
    """Earliest listing of each entity by each jurisdiction in ``programme``."""
    out: dict[str, dict[str, Dated]] = {}
    rows = frame.filter(frame["programme"] == programme).select(
        "entity_id", "jurisdiction", "listed_on", "date_precision"
    )
    for entity, jurisdiction, listed_on, precision in rows.iter_rows():
        value: Dated = (listed_on, precision == "before")
        by_j = out.setdefault(entity, {})
        old = by_j.get(jurisdiction)
        if old is None or (value[0], not value[1]) < (old[0], not old[1]):
            by_j[jurisdiction] = value
    return out


def _interval(lead: date, follow: Dated | None, end: date) -> tuple[float, float, bool]:
    """(lower, upper, followed-by-end) of the follower's lag in days."""
    if follow is None or follow[0] > end:
        # not listed by the end of the window: the lag is strictly more than end - lead
        return float((end - lead).days) + 0.5, INF, False
    day, censored = follow
    lag = float((day - lead).days)
    return (-INF, lag, True) if censored else (lag, lag, True)


def _quartiles(lower: list[float], upper: list[float]) -> tuple[float | None, ...]:
    if not lower:
        return (None, None, None)
    dist = turnbull(np.array(lower), np.array(upper))
    return tuple(dist.quantile(q) for q in (0.25, 0.5, 0.75))


def _order(a: Dated, b: Dated) -> str:
    """Who listed first: 'leader', 'follower', 'same' or 'undetermined' (censoring)."""
    (da, ca), (db, cb) = a, b
    if not ca and not cb:
        return "leader" if da < db else "follower" if db < da else "same"
    if ca and not cb and da <= db:
        return "leader"
    if cb and not ca and db <= da:
        return "follower"
    return "undetermined"


def align_pair(
    dates: dict[str, dict[str, Dated]],
    programme: str,
    leader: str,
    follower: str,
    since: date,
    end: date,
    period: str = "all",
    months: Iterable[str] | None = None,
) -> PairAlignment:
    """Alignment of ``follower`` on ``leader`` over the leader's designations in a window."""
    wanted = set(months) if months is not None else None
    lower: list[float] = []
    upper: list[float] = []
    f_lower: list[float] = []
    f_upper: list[float] = []
    left = right = 0
    for by_j in dates.values():
        lead = by_j.get(leader)
        if lead is None or lead[1] or not since <= lead[0] <= end:
            continue
        if wanted is not None and lead[0].strftime("%Y-%m") not in wanted:
            continue
        lo, hi, followed = _interval(lead[0], by_j.get(follower), end)
        lower.append(lo)
        upper.append(hi)
        left += lo == -INF
        right += hi == INF
        if followed:
            f_lower.append(lo)
            f_upper.append(hi)
    order = {"leader": 0, "follower": 0, "same": 0, "undetermined": 0}
    if period == "all":
        for by_j in dates.values():
            a, b = by_j.get(leader), by_j.get(follower)
            if a is None or b is None or a[0] > end or b[0] > end:
                continue
            if not (since <= a[0] or since <= b[0]):
                continue
            order[_order(a, b)] += 1
    q = _quartiles(lower, upper)
    fq = _quartiles(f_lower, f_upper)
    n = len(lower)
    return PairAlignment(
        programme=programme, since=since, until=end, leader=leader, follower=follower,
        period=period, leader_designations=n, followed=len(f_lower),
        coverage=len(f_lower) / n if n else None,
        lag_q1=q[0], lag_median=q[1], lag_q3=q[2],
        followed_lag_q1=fq[0], followed_lag_median=fq[1], followed_lag_q3=fq[2],
        leader_first=order["leader"], follower_first=order["follower"],
        same_day=order["same"], undetermined=order["undetermined"],
        left_censored=left, right_censored=right,
    )  # fmt: skip


def jurisdictions_of(programme: str) -> list[str]:
    """Jurisdictions that have a programme in the group (the UN has none for Russia)."""
    return sorted(j for j, names in GROUPS[programme].items() if names)


def align(
    frame: pl.DataFrame, programme: str, since: date, observed_until: dict[str, date]
) -> list[PairAlignment]:
    """Every ordered pair, over the whole window and month by month."""
    dates = entity_dates(frame, programme)
    codes = [j for j in jurisdictions_of(programme) if j in observed_until]
    rows: list[PairAlignment] = []
    for leader in codes:
        for follower in codes:
            if leader == follower:
                continue
            end = min(observed_until[leader], observed_until[follower])
            if end < since:
                continue
            rows.append(align_pair(dates, programme, leader, follower, since, end))
            for month in _months(since, end):
                rows.append(
                    align_pair(dates, programme, leader, follower, since, end, month, [month])
                )
    return rows


def _months(since: date, end: date) -> list[str]:
    out = []
    year, month = since.year, since.month
    while (year, month) <= (end.year, end.month):
        out.append(f"{year:04d}-{month:02d}")
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return out


def alignment_frame(rows: list[PairAlignment]) -> pl.DataFrame:
    """The rows as a table (``alignment.parquet``)."""
    import polars as pl

    records: list[dict[str, Any]] = [asdict(r) for r in rows]
    return pl.DataFrame(records, infer_schema_length=None)
