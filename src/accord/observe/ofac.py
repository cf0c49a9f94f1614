"""Reader for OFAC's legacy SDN files (``sdn.csv`` with ``alt.csv``, ``add.csv``, comments).

The legacy format has no header and no designation dates; ``-0-`` means empty and the
encoding is latin-1. Identifiers (passport, IMO, registration and tax numbers), birth
dates, nationalities and ``a.k.a.`` names are written as free text in *Remarks*, so
they are pulled out here with patterns. A snapshot gives only an upper bound on each
entry's listing date (precision ``before``); :mod:`accord.observe.ofac_history` gives
exact first-seen dates from the six-hourly scrape.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Callable, Iterator
from datetime import date
from pathlib import Path

from accord.observe.records import Designation, ListsError, Precision, ReadReport

SDN_COLUMNS = 12
EMPTY = "-0-"
SCHEMA_OF_TYPE = {
    "": "LegalEntity",
    "individual": "Person",
    "vessel": "Vessel",
    "aircraft": "Airplane",
}

_AKA = re.compile(r"\b[af]\.k\.a\.,? '([^']+)'")
_DOB = re.compile(r"\bDOB (?:circa |[Bb]etween )?([0-9A-Za-z ]+?)(?: to [0-9A-Za-z ]+)?(?:;|\.$|$)")
_NATIONALITY = re.compile(r"\b(?:nationality|citizen) ([A-Za-z ,'()-]+?)(?:;|\.$|$)")
_PASSPORT = re.compile(r"\bPassport ([A-Z0-9][A-Z0-9-]{3,})")
_IMO = re.compile(r"\bIMO (\d{7})\b")
_REGISTRATION = re.compile(
    r"\b(?:Registration (?:ID|Number)|Tax ID No\.|Government Gazette Number|"
    r"Business Registration Number|Unified Social Credit Code \(USCC\)|"
    r"National ID No\.|Company Number|Identification Number) ([A-Z0-9][A-Z0-9-]{4,})"
)


def clean(cell: str) -> str:
    """Return the cell's text, with the ``-0-`` placeholder as empty."""
    value = cell.strip()
    return "" if value == EMPTY else value


def parse_remarks(designation: Designation, remarks: str) -> None:
    """Pull names, dates, countries and identifiers out of a Remarks text."""
    if not remarks:
        return
    designation.aliases.extend(_AKA.findall(remarks))
    designation.birth_dates.extend(m.strip() for m in _DOB.findall(remarks))
    designation.countries.extend(m.strip() for m in _NATIONALITY.findall(remarks))
    for value in _PASSPORT.findall(remarks):
        designation.add_id("passport", value)
    for value in _IMO.findall(remarks):
        designation.add_id("imo", value)
    for value in _REGISTRATION.findall(remarks):
        designation.add_id("registration", value)


def programmes(cell: str) -> list[str]:
    """Split OFAC's ``"SDGT] [NPWMD"`` programme cell into programme tags."""
    return [p.strip() for p in re.split(r"\]\s*\[", cell.strip().strip("[]")) if p.strip()]


def parse_sdn_row(
    row: list[str], file: str, line: int, listed_on: date, precision: Precision
) -> list[Designation]:
    """Turn one ``sdn.csv`` row into one designation per programme it is listed under."""
    if len(row) != SDN_COLUMNS:
        raise ListsError.at(file, line, "", f"{len(row)} columns", f"{SDN_COLUMNS} columns")
    ent_num = row[0].strip()
    if not ent_num.isdigit():
        raise ListsError.at(file, line, "ent_num", repr(ent_num), "a positive integer")
    name = clean(row[1])
    if not name:
        raise ListsError.at(file, line, "SDN_Name", "empty name", "the entry's name")
    sdn_type = clean(row[2]).lower()
    if sdn_type not in SCHEMA_OF_TYPE:
        raise ListsError.at(
            file, line, "SDN_Type", repr(sdn_type), "individual, vessel, aircraft or -0-"
        )
    tags = programmes(clean(row[3]))
    if not tags:
        raise ListsError.at(file, line, "Program", "no programme", "at least one programme tag")
    out: list[Designation] = []
    for tag in tags:
        d = Designation(
            jurisdiction="US",
            source_id=ent_num,
            schema=SCHEMA_OF_TYPE[sdn_type],
            name=name,
            programme=tag,
            listed_on=listed_on,
            precision=precision,
            source_file=file,
        )
        parse_remarks(d, clean(row[11]))
        out.append(d)
    return out


def sdn_rows(text: str, file: str, report: ReadReport) -> Iterator[tuple[int, list[str]]]:
    """Yield ``(line, row)`` for each data row, counting the end-of-file marker as skipped."""
    for line, row in enumerate(csv.reader(io.StringIO(text)), start=1):
        report.rows += 1
        if row in ([], ["\x1a"]):
            report.skip("end-of-file marker or blank line")
            continue
        yield line, row


def _enrich(
    directory: Path,
    name: str,
    by_ent: dict[str, list[Designation]],
    min_columns: int,
    apply: Callable[[Designation, list[str]], None],
) -> ReadReport | None:
    """Apply each row of a side file (alt, add, comments) to the entries it names."""
    path = directory / name
    if not path.exists():
        return None
    report = ReadReport(source=str(path))
    text = path.read_text(encoding="latin-1")
    for line, row in sdn_rows(text, str(path), report):
        if len(row) < min_columns:
            raise ListsError.at(
                str(path), line, "", f"{len(row)} columns", f"at least {min_columns} columns"
            )
        entries = by_ent.get(row[0].strip())
        if entries is None:
            report.skip("ent_num not in sdn.csv")
            continue
        report.used += 1
        for d in entries:
            apply(d, row)
    return report


def _add_comment(d: Designation, row: list[str]) -> None:
    parse_remarks(d, clean(row[1]))


def _add_alias(d: Designation, row: list[str]) -> None:
    if clean(row[3]):
        d.aliases.append(clean(row[3]))


def _add_country(d: Designation, row: list[str]) -> None:
    if clean(row[4]):
        d.countries.append(clean(row[4]))


def read_sdn_dir(directory: Path, snapshot: date) -> tuple[list[Designation], list[ReadReport]]:
    """Read one legacy snapshot folder; every entry is ``listed before`` ``snapshot``.

    ``alt.csv`` adds alternate names, ``sdn_comments.csv`` the overflow of long Remarks
    and ``add.csv`` (addresses) the address countries. Returns one report per file.
    """
    sdn_path = directory / "sdn.csv"
    if not sdn_path.exists():
        raise ListsError.at(str(sdn_path), None, "", "file not found", "an OFAC sdn.csv")
    file = str(sdn_path)
    report = ReadReport(source=file)
    by_ent: dict[str, list[Designation]] = {}
    text = sdn_path.read_text(encoding="latin-1")
    for line, row in sdn_rows(text, file, report):
        made = parse_sdn_row(row, file, line, snapshot, Precision.BEFORE)
        by_ent[made[0].source_id] = made
        report.used += 1
        report.designations += len(made)
    reports = [report]
    for name, columns, apply in (
        ("sdn_comments.csv", 2, _add_comment),
        ("alt.csv", 4, _add_alias),
        ("add.csv", 5, _add_country),
    ):
        side = _enrich(directory, name, by_ent, columns, apply)
        if side is not None:
            reports.append(side)
    return [d for ds in by_ent.values() for d in ds], reports
