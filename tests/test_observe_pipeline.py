"""The whole chain on the committed US, UN and UK extracts, through the CLI."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import polars as pl
import pytest
from typer.testing import CliRunner

from accord.cli import app
from accord.observe.listings import COLUMNS
from tests.observe_fixtures import build_lists


@pytest.fixture(scope="module")
def linked(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("observe")
    lists = build_lists(root)
    out = root / "out"
    mp = pytest.MonkeyPatch()
    mp.setenv("ACCORD_CACHE_DIR", str(root / "cache"))
    try:
        result = CliRunner().invoke(
            app, ["observe", "link", "--lists", str(lists), "--out", str(out)]
        )
    finally:
        mp.undo()
    assert result.exit_code == 0, result.output
    assert "unexplained drops: 0" in result.output
    return out


def _listings(out: Path) -> pl.DataFrame:
    return pl.read_parquet(out / "listings.parquet")


def _entity_of(frame: pl.DataFrame, jurisdiction: str, source_id: str) -> str:
    rows = frame.filter(
        (pl.col("jurisdiction") == jurisdiction) & (pl.col("source_id") == source_id)
    )
    ids = set(rows["entity_id"])
    assert len(ids) == 1
    return ids.pop()


def test_listings_columns_exactly(linked: Path) -> None:
    frame = _listings(linked)
    assert tuple(frame.columns) == COLUMNS
    assert set(frame["date_precision"]) <= {"day", "six_hours", "before"}
    assert (linked / "entities.ftm.json").read_text(encoding="utf-8").count('"schema"') > 0


def test_usmanov_is_one_entity_with_each_jurisdictions_date(linked: Path) -> None:
    frame = _listings(linked)
    entity = _entity_of(frame, "UK", "14210")
    assert entity == _entity_of(frame, "US", "35283")
    rows = frame.filter((pl.col("entity_id") == entity) & (pl.col("programme") == "russia"))
    dates = {
        r["jurisdiction"]: (r["listed_on"], r["date_precision"]) for r in rows.iter_rows(named=True)
    }
    assert dates == {"UK": (date(2022, 3, 3), "day"), "US": (date(2022, 3, 4), "six_hours")}


def test_abramovich_has_no_us_listing(linked: Path) -> None:
    frame = _listings(linked)
    entity = _entity_of(frame, "UK", "14212")
    assert set(frame.filter(pl.col("entity_id") == entity)["jurisdiction"]) == {"UK"}


def test_un_reference_links_uk_and_un(linked: Path) -> None:
    frame = _listings(linked)
    assert _entity_of(frame, "UK", "13485") == _entity_of(frame, "UN", "KPe.044")


def test_vessel_links_by_imo(linked: Path) -> None:
    frame = _listings(linked)
    assert _entity_of(frame, "UK", "13649") == _entity_of(frame, "US", "23732")


def test_align_replay_report(linked: Path) -> None:
    runner = CliRunner()
    result = runner.invoke(app, ["observe", "align", str(linked), "--programme", "russia"])
    assert result.exit_code == 0, result.output
    frame = pl.read_parquet(linked / "alignment.parquet")
    uk_us = frame.filter(
        (pl.col("leader") == "UK") & (pl.col("follower") == "US") & (pl.col("period") == "all")
    ).row(0, named=True)
    # the window ends at the US scrape's last snapshot (2022-03-04): the UK's Usmanov and
    # Shuvalov (3 March) are in it, Peskov (15 March) is not; the US followed both a day later
    assert uk_us["until"] == date(2022, 3, 4)
    assert (uk_us["leader_designations"], uk_us["followed"]) == (2, 2)
    assert uk_us["followed_lag_median"] == 1.0 and uk_us["coverage"] == 1.0
    result = runner.invoke(app, ["observe", "replay", str(linked)])
    assert result.exit_code == 0, result.output
    result = runner.invoke(app, ["observe", "report", str(linked)])
    assert result.exit_code == 0, result.output
    html = (linked / "report.html").read_text(encoding="utf-8")
    assert "<svg" in html and 'id="entities"' in html and "USMANOV" in html
    assert "http://" not in html.replace('xmlns="http://www.w3.org/2000/svg"', "")
    assert "https://" not in html


def test_bad_arguments_exit_2(linked: Path, tmp_path: Path) -> None:
    runner = CliRunner()
    result = runner.invoke(app, ["observe", "align", str(linked), "--programme", "narnia"])
    assert result.exit_code == 2 and "unknown programme" in result.output
    result = runner.invoke(app, ["observe", "align", str(linked), "--since", "yesterday"])
    assert result.exit_code == 2
    result = runner.invoke(app, ["observe", "align", str(tmp_path)])
    assert result.exit_code == 2 and "observe link" in result.output
    result = runner.invoke(
        app, ["observe", "link", "--lists", str(tmp_path / "none"), "--out", str(tmp_path / "o")]
    )
    assert result.exit_code == 2


def test_malformed_list_exits_1_and_writes_nothing(tmp_path: Path) -> None:
    lists = tmp_path / "lists" / "uk"
    lists.mkdir(parents=True)
    (lists / "ConList_bad.csv").write_text("Last Updated,99/99/2025\n", encoding="utf-8")
    out = tmp_path / "out"
    result = CliRunner().invoke(
        app, ["observe", "link", "--lists", str(tmp_path / "lists"), "--out", str(out)]
    )
    assert result.exit_code == 1 and "ConList_bad.csv:1 [Last Updated]" in result.output
    assert not out.exists()
