"""Alignment on a small hand-made listings table with known answers."""

from __future__ import annotations

from datetime import date

import polars as pl

from accord.observe.align import align, align_pair, entity_dates
from accord.observe.listings import COLUMNS


def frame(rows: list[tuple[str, str, date, str]]) -> pl.DataFrame:
    return pl.DataFrame(
        {
            "entity_id": [r[0] for r in rows],
            "jurisdiction": [r[1] for r in rows],
            "source_id": [f"{r[1]}-{r[0]}" for r in rows],
            "schema": ["Person"] * len(rows),
            "name": [r[0] for r in rows],
            "programme": ["russia"] * len(rows),
            "listed_on": [r[2] for r in rows],
            "date_precision": [r[3] for r in rows],
        }
    ).select(COLUMNS)


ROWS = [
    ("a", "UK", date(2022, 3, 1), "day"),
    ("a", "US", date(2022, 3, 4), "six_hours"),
    ("b", "UK", date(2022, 3, 1), "day"),
    ("b", "US", date(2022, 3, 11), "six_hours"),
    ("c", "UK", date(2022, 4, 1), "day"),  # never followed by the US in the window
    ("d", "UK", date(2022, 5, 1), "day"),
    ("d", "US", date(2021, 8, 18), "before"),  # the US had it already: left-censored
    ("e", "US", date(2022, 6, 1), "six_hours"),
]
UNTIL = {"UK": date(2025, 4, 14), "US": date(2024, 5, 3), "EU": date(2026, 7, 1)}


def test_coverage_lags_and_first_mover() -> None:
    dates = entity_dates(frame(ROWS), "russia")
    row = align_pair(dates, "russia", "UK", "US", date(2022, 2, 24), date(2024, 5, 3))
    assert row.leader_designations == 4 and row.followed == 3
    assert row.coverage == 0.75
    assert (row.left_censored, row.right_censored) == (1, 1)
    # followed lags: 3, 10 and a censored "< -256": median is 3 days
    assert row.followed_lag_median == 3.0
    assert (row.leader_first, row.follower_first, row.same_day) == (2, 1, 0)
    back = align_pair(dates, "russia", "US", "UK", date(2022, 2, 24), date(2024, 5, 3))
    assert back.leader_designations == 3 and back.followed == 2  # a, b (UK first); e not


def test_listing_after_the_window_counts_as_not_yet_followed() -> None:
    rows = [("x", "UK", date(2022, 3, 1), "day"), ("x", "US", date(2024, 6, 1), "six_hours")]
    dates = entity_dates(frame(rows), "russia")
    row = align_pair(dates, "russia", "UK", "US", date(2022, 2, 24), date(2024, 5, 3))
    assert row.followed == 0 and row.right_censored == 1


def test_align_gives_every_ordered_pair_and_months() -> None:
    rows = align(frame(ROWS), "russia", date(2022, 2, 24), UNTIL)
    pairs = {(r.leader, r.follower) for r in rows if r.period == "all"}
    assert pairs == {(a, b) for a in ("EU", "UK", "US") for b in ("EU", "UK", "US") if a != b}
    march = next(r for r in rows if (r.leader, r.follower, r.period) == ("UK", "US", "2022-03"))
    assert (march.leader_designations, march.followed) == (2, 2)
