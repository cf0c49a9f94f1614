"""On the full shared snapshots (skipped when ``../shared/data/lists`` is absent).

The EU files are read from the shared folder only (CC BY-NC 4.0: never copied here).
"""

from __future__ import annotations

import csv
import shutil
from datetime import date
from pathlib import Path

import polars as pl
import pytest

from accord.observe.pipeline import LinkResult, run_link
from tests.observe_fixtures import DATA, SHARED

pytestmark = [
    pytest.mark.shared_data,
    pytest.mark.skipif(
        not (SHARED / "eu_journal").is_dir(),
        reason=f"shared lists not found at {SHARED} (set ACCORD_LISTS_DIR)",
    ),
]


@pytest.fixture(scope="module")
def full(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, LinkResult]:
    out = tmp_path_factory.mktemp("full")
    return out, run_link(SHARED, out, ftm=False)


def test_every_reader_loads_every_file_without_unexplained_drops(
    full: tuple[Path, LinkResult],
) -> None:
    _out, result = full
    sources = {Path(r.source.split(" ")[0]).name for r in result.reports}
    assert {"sdn.csv", "alt.csv", "add.csv", "jackdwyer-sdn-history.bundle"} <= sources
    assert any(s.startswith("UN_consolidated_") for s in sources)
    assert any(s.startswith("ConList_") for s in sources)
    assert all(r.unexplained == 0 for r in result.reports)


def test_first_and_last_seen_match_the_derived_cross_check() -> None:
    from accord.observe.ofac_history import read_history

    folder = SHARED / "us_ofac" / "sdn_gitscrape"
    history = read_history(folder / "jackdwyer-sdn-history.bundle")
    with (folder / "sdn_first_last_seen.csv").open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    assert len(rows) == len(history.first_seen)
    for row in rows:
        assert history.first_seen[row["ent_num"]].isoformat() == row["first_seen"]
        assert history.last_seen[row["ent_num"]].isoformat() == row["last_seen"]


def test_last_scrape_csv_and_uk_xlsx_read_cleanly(tmp_path: Path) -> None:
    from accord.observe.ofac import read_sdn_dir
    from accord.observe.uk import read_uk

    folder = tmp_path / "sdn_2024-05"
    folder.mkdir()
    shutil.copy(SHARED / "us_ofac" / "sdn_gitscrape" / "sdn_2024-05-03.csv", folder / "sdn.csv")
    _made, reports = read_sdn_dir(folder, date(2024, 5, 4))
    assert reports[0].unexplained == 0 and reports[0].used == 14_965
    from_xlsx, report = read_uk(SHARED / "uk" / "ConList_2023-06-05.xlsx")
    from_csv, _ = read_uk(SHARED / "uk" / "ConList_2023-06-05.csv")
    assert report.unexplained == 0 and len(from_xlsx) == len(from_csv)


def _dates(out: Path, jurisdiction: str, source_id: str) -> dict[str, date]:
    frame = pl.read_parquet(out / "listings.parquet")
    entity = frame.filter(
        (pl.col("jurisdiction") == jurisdiction) & (pl.col("source_id") == source_id)
    )["entity_id"][0]
    rows = frame.filter((pl.col("entity_id") == entity) & (pl.col("programme") == "russia"))
    out_dates: dict[str, date] = {}
    for r in rows.iter_rows(named=True):
        old = out_dates.get(r["jurisdiction"])
        out_dates[r["jurisdiction"]] = r["listed_on"] if old is None else min(old, r["listed_on"])
    return out_dates


def test_usmanov_eu_uk_us_within_a_week_each_with_its_date(full: tuple[Path, LinkResult]) -> None:
    out, _ = full
    assert _dates(out, "UK", "14210") == {
        "EU": date(2022, 2, 28),
        "UK": date(2022, 3, 3),
        "US": date(2022, 3, 4),
    }


def test_abramovich_eu_and_uk_but_no_us_listing(full: tuple[Path, LinkResult]) -> None:
    out, _ = full
    frame = pl.read_parquet(out / "listings.parquet")
    entity = frame.filter((pl.col("jurisdiction") == "UK") & (pl.col("source_id") == "14212"))[
        "entity_id"
    ][0]
    assert set(frame.filter(pl.col("entity_id") == entity)["jurisdiction"]) == {"EU", "UK"}
    assert _dates(out, "UK", "14212") == {"EU": date(2022, 3, 15), "UK": date(2022, 3, 10)}


def test_linking_quality_on_the_labelled_pairs(full: tuple[Path, LinkResult]) -> None:
    from accord.observe.evaluate import quality, read_labelled

    q = quality(read_labelled(DATA / "labelled_pairs.csv"), full[1].ids)
    assert q.pairs >= 300 and q.missing == 0
    assert q.precision >= 0.98 and q.recall >= 0.90
