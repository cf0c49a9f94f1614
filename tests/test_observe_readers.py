"""Readers: committed US, UN and UK extracts load fully; garbage gives located errors."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from accord.observe.eu import read_eu_csv
from accord.observe.ofac import read_sdn_dir
from accord.observe.ofac_history import history_designations
from accord.observe.records import ListsError, Precision
from accord.observe.uk import read_uk
from accord.observe.un import read_un_xml
from tests.observe_fixtures import DATA, build_bundle

UK_CSV = DATA / "uk" / "ConList_extract_2025-04-14.csv"
UN_XML = DATA / "un" / "UN_consolidated_extract_2026-02-27.xml"


def test_sdn_dir_reads_every_row_with_aliases_and_ids() -> None:
    made, reports = read_sdn_dir(DATA / "us_ofac" / "sdn_2021-07", date(2021, 8, 1))
    assert all(r.unexplained == 0 for r in reports)
    assert reports[0].skipped == {"end-of-file marker or blank line": 1}
    sechin = [d for d in made if d.source_id == "16692"]
    assert sechin and all(d.precision is Precision.BEFORE for d in sechin)
    assert any("SECHIN" in a.upper() for d in sechin for a in [d.name, *d.aliases])
    assert sechin[0].birth_dates


def test_history_dates_first_sightings_and_censors_the_first_snapshot(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("ACCORD_CACHE_DIR", str(tmp_path / "cache"))
    bundle = build_bundle(tmp_path)
    made, report, history = history_designations(bundle)
    assert report.unexplained == 0
    assert history.empty_snapshots == 1  # the emptied file is not a mass delisting
    by = {(d.source_id, d.programme): d for d in made}
    usmanov = by[("35283", "RUSSIA-EO14024")]
    assert (usmanov.listed_on, usmanov.precision) == (date(2022, 3, 4), Precision.SIX_HOURS)
    old = by[("16692", "UKRAINE-EO13661")]
    assert (old.listed_on, old.precision) == (date(2021, 8, 18), Precision.BEFORE)
    # a programme tag added later is dated by its own first sighting
    added = by[("16692", "RUSSIA-EO14024")]
    assert (added.listed_on, added.precision) == (date(2022, 3, 4), Precision.SIX_HOURS)
    assert history.last_seen["35283"].date() == date(2022, 3, 4)


def test_un_extract() -> None:
    made, report = read_un_xml(UN_XML)
    assert report.unexplained == 0 and report.rows == len(made) == 3
    assert report.snapshot == date(2026, 2, 27)
    kumsan = next(d for d in made if d.un_ref == "KPe.044")
    assert kumsan.listed_on == date(2017, 6, 2) and kumsan.precision is Precision.DAY


def test_uk_csv_and_xlsx_agree(tmp_path: Path) -> None:
    import csv

    import openpyxl

    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    with UK_CSV.open(encoding="utf-8") as handle:
        for row in csv.reader(handle):
            sheet.append([c if c else None for c in row])
    xlsx = tmp_path / "ConList.xlsx"
    book.save(xlsx)
    from_csv, report = read_uk(UK_CSV)
    from_xlsx, _ = read_uk(xlsx)
    assert report.unexplained == 0 and report.snapshot == date(2025, 4, 14)
    assert [(d.source_id, d.name, d.listed_on) for d in from_csv] == [
        (d.source_id, d.name, d.listed_on) for d in from_xlsx
    ]
    usmanov = next(d for d in from_csv if d.source_id == "14210")
    assert usmanov.listed_on == date(2022, 3, 3) and usmanov.programme == "Russia"
    kumsan = next(d for d in from_csv if d.source_id == "13485")
    assert kumsan.un_ref == "KPe.044"


# ---- garbage in, located errors out -------------------------------------------------


def test_sdn_row_with_wrong_columns_is_located(tmp_path: Path) -> None:
    folder = tmp_path / "sdn_2021-07"
    folder.mkdir()
    (folder / "sdn.csv").write_text('36,"A",-0- ,"CUBA"\n', encoding="latin-1")
    with pytest.raises(ListsError) as err:
        read_sdn_dir(folder, date(2021, 8, 1))
    assert err.value.row == 1 and "12 columns" in str(err.value)


def test_sdn_bad_type_is_located(tmp_path: Path) -> None:
    folder = tmp_path / "sdn"
    folder.mkdir()
    row = '37,"X","robot","CUBA",-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- \n'
    (folder / "sdn.csv").write_text(row, encoding="latin-1")
    with pytest.raises(ListsError) as err:
        read_sdn_dir(folder, date(2021, 8, 1))
    assert err.value.field_name == "SDN_Type"


def test_un_bad_date_is_located(tmp_path: Path) -> None:
    bad = tmp_path / "un.xml"
    bad.write_text(UN_XML.read_text(encoding="utf-8").replace("2017-06-02", "02/06/2017"))
    with pytest.raises(ListsError) as err:
        read_un_xml(bad)
    assert err.value.field_name == "LISTED_ON" and "YYYY-MM-DD" in str(err.value)


def test_un_not_xml(tmp_path: Path) -> None:
    bad = tmp_path / "un.xml"
    bad.write_text("<CONSOLIDATED_LIST><INDIVIDUALS>")
    with pytest.raises(ListsError, match="not well-formed"):
        read_un_xml(bad)


def test_uk_bad_listed_on_is_located(tmp_path: Path) -> None:
    import csv

    with UK_CSV.open(encoding="utf-8") as handle:
        rows = list(csv.reader(handle))
    rows[2][rows[1].index("Listed On")] = "2022-03-03"
    bad = tmp_path / "ConList.csv"
    with bad.open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle).writerows(rows)
    with pytest.raises(ListsError) as err:
        read_uk(bad)
    assert err.value.row == 3 and err.value.field_name == "Listed On"


def test_uk_missing_header(tmp_path: Path) -> None:
    bad = tmp_path / "ConList.csv"
    bad.write_text("Last Updated,14/04/2025\nName 6,Name 1\n", encoding="utf-8")
    with pytest.raises(ListsError) as err:
        read_uk(bad)
    assert err.value.row == 2 and "Regime" in err.value.field_name


def test_uk_xlsx_garbage(tmp_path: Path) -> None:
    bad = tmp_path / "ConList.xlsx"
    bad.write_bytes(b"not a zip file")
    with pytest.raises(ListsError, match="not a readable xlsx"):
        read_uk(bad)


EU_HEADER = (
    "celex,recordId,programKey,annex,measure,startDate,reason,schema,name,alias,weakAlias,"
    "previousName,country,nationality,jurisdiction,birthDate,passportNumber,imoNumber\n"
)


def test_eu_synthetic_rows_and_located_bad_date(tmp_path: Path) -> None:
    good = tmp_path / "30000R0001.csv"
    good.write_text(
        EU_HEADER
        + "30000R0001,1,EU-XX,I,Asset freeze,1.3.2022,,Person,Jane DOE,,,,,,,1.1.1970,,\n"
        + "30000R0001,2,EU-XX,I,Asset freeze,17 March 2022,,Vessel,SHIP,,,,,,,,,9123456\n",
        encoding="utf-8",
    )
    made, report = read_eu_csv(good, {})
    assert report.unexplained == 0
    assert [d.listed_on for d in made] == [date(2022, 3, 1), date(2022, 3, 17)]
    assert made[1].identifiers == {"imo": ["9123456"]}
    bad = tmp_path / "30000R0002.csv"
    bad.write_text(
        EU_HEADER + "30000R0002,1,EU-XX,I,Asset freeze,31.2.2022,,Person,X,,,,,,,,,\n",
        encoding="utf-8",
    )
    with pytest.raises(ListsError) as err:
        read_eu_csv(bad, {})
    assert err.value.row == 2 and err.value.field_name == "startDate"


def test_eu_undated_row_is_censored_at_the_pinned_version(tmp_path: Path) -> None:
    path = tmp_path / "30000R0001.csv"
    path.write_text(
        EU_HEADER + "30000R0001,1,EU-XX,I,Asset freeze,,,Person,Jane DOE,,,,,,,,,\n",
        encoding="utf-8",
    )
    made, _ = read_eu_csv(path, {"30000R0001": date(2026, 7, 24)})
    assert (made[0].listed_on, made[0].precision) == (date(2026, 7, 24), Precision.BEFORE)
