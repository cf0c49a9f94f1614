"""Reader for the UK consolidated list (OFSI "ConList"), as xlsx or as its csv export.

Row 1 is ``Last Updated,<date>``, row 2 the header; then one row per name variation.
Rows are grouped on ``Group ID`` (the entity) and ``Regime``: the primary name becomes
the designation's name, the other variations its aliases. ``Listed On`` (dd/mm/yyyy)
is the original listing date, also for regimes inherited from the UN or the EU.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Iterable, Iterator, Sequence
from datetime import date, datetime
from pathlib import Path

from accord.observe.records import Designation, ListsError, Precision, ReadReport

REQUIRED = (
    "Name 6", "Name 1", "Name 2", "Name 3", "Name 4", "Name 5", "Name Non-Latin Script",
    "DOB", "Nationality", "Passport Number", "National Identification Number",
    "Other Information", "Group Type", "Alias Type", "Regime", "Listed On", "Group ID",
)  # fmt: skip
SCHEMA_OF_GROUP = {"Individual": "Person", "Entity": "LegalEntity", "Ship": "Vessel"}
_DAY = re.compile(r"^(\d{2})/(\d{2})/(\d{4})$")
_UN_REF = re.compile(r"\(UN Ref\):\s*([A-Z]{2}[ie]\.\d{3})")
_IMO = re.compile(r"\(IMO number\):\s*(\d{7})")
_REG = re.compile(r"\(Business Reg No\):\s*([^()]+?)(?:\s*\(|$)")
_REG_NUMBER = re.compile(r"\b(\d[\d-]{5,}\d)\b")


def _cell(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.strftime("%d/%m/%Y")
    return " ".join(str(value).split())


def parse_day(value: str, file: str, row: int, field_name: str) -> date:
    """Parse a dd/mm/yyyy cell; anything else is a located error."""
    match = _DAY.match(value)
    if match is None:
        raise ListsError.at(file, row, field_name, repr(value), "dd/mm/yyyy")
    day, month, year = (int(g) for g in match.groups())
    try:
        return date(year, month, day)
    except ValueError as exc:
        raise ListsError.at(file, row, field_name, f"{value!r}: {exc}", "a valid day") from exc


def _rows_csv(path: Path) -> Iterator[list[str]]:
    with path.open(encoding="utf-8-sig", newline="") as handle:
        for row in csv.reader(handle):
            yield [_cell(c) for c in row]


def _rows_xlsx(path: Path) -> Iterator[list[str]]:
    import openpyxl

    try:
        book = openpyxl.load_workbook(path, read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises several unrelated types for a bad file
        raise ListsError.at(str(path), None, "", f"not a readable xlsx: {exc}", "xlsx") from exc
    try:
        for row in book.worksheets[0].iter_rows(values_only=True):
            yield [_cell(c) for c in row]
    finally:
        book.close()


def read_uk(path: Path) -> tuple[list[Designation], ReadReport]:
    """Read a ConList file (``.xlsx`` or ``.csv``); one designation per Group ID and regime."""
    file = str(path)
    if not path.exists():
        raise ListsError.at(file, None, "", "file not found", "a UK ConList xlsx or csv")
    rows = _rows_xlsx(path) if path.suffix.lower() == ".xlsx" else _rows_csv(path)
    return _read_rows(rows, file)


def _header(rows: Iterator[list[str]], file: str) -> tuple[dict[str, int], date]:
    first = next(rows, None)
    if first is None or len(first) < 2 or first[0] != "Last Updated":
        raise ListsError.at(file, 1, "", repr(first[:2] if first else first), "Last Updated,<date>")
    updated = parse_day(first[1], file, 1, "Last Updated")
    header = next(rows, None) or []
    index = {name: i for i, name in enumerate(header) if name}
    missing = [c for c in REQUIRED if c not in index]
    if missing:
        raise ListsError.at(file, 2, ", ".join(missing), "columns missing", "the ConList header")
    return index, updated


def _read_rows(rows: Iterator[list[str]], file: str) -> tuple[list[Designation], ReadReport]:
    index, updated = _header(rows, file)
    report = ReadReport(source=file, snapshot=updated)
    groups: dict[tuple[str, str], Designation] = {}
    width = len(index)
    for line, row in enumerate(rows, start=3):
        report.rows += 1
        if not any(row):
            report.skip("blank row")
            continue
        if len(row) < width:
            raise ListsError.at(file, line, "", f"{len(row)} columns", f"{width} columns")
        _add_row(groups, row, index, file, line)
        report.used += 1
    out = list(groups.values())
    report.designations = len(out)
    return out, report


def _get(row: Sequence[str], index: dict[str, int], name: str) -> str:
    return row[index[name]]


def _add_row(
    groups: dict[tuple[str, str], Designation],
    row: Sequence[str],
    index: dict[str, int],
    file: str,
    line: int,
) -> None:
    group = _get(row, index, "Group ID")
    if not group.isdigit():
        raise ListsError.at(file, line, "Group ID", repr(group), "a number")
    kind = _get(row, index, "Group Type")
    if kind not in SCHEMA_OF_GROUP:
        raise ListsError.at(file, line, "Group Type", repr(kind), "Individual, Entity or Ship")
    regime = _get(row, index, "Regime")
    if not regime:
        raise ListsError.at(file, line, "Regime", "empty", "the sanctions regime")
    names = [_get(row, index, f"Name {i}") for i in (1, 2, 3, 4, 5, 6)]
    name = " ".join(n for n in names if n)
    if not name:
        raise ListsError.at(file, line, "Name 6", "empty name", "a name")
    listed_on = parse_day(_get(row, index, "Listed On"), file, line, "Listed On")
    key = (group, regime)
    d = groups.get(key)
    if d is None:
        schema = SCHEMA_OF_GROUP[kind]
        d = Designation("UK", group, schema, name, regime, listed_on, Precision.DAY)
        d.source_file = file
        groups[key] = d
    elif _get(row, index, "Alias Type") == "Primary name" and d.name != name:
        d.aliases.append(d.name)
        d.name = name
    else:
        d.aliases.append(name)
    d.listed_on = min(d.listed_on, listed_on)
    _details(d, row, index)


def _details(d: Designation, row: Sequence[str], index: dict[str, int]) -> None:
    script = _get(row, index, "Name Non-Latin Script")
    if script:
        d.aliases.append(script)
    dob = _get(row, index, "DOB")
    if dob:
        d.birth_dates.append(dob)
    nationality = _get(row, index, "Nationality")
    if nationality:
        d.countries.extend(
            p.strip(" .") for p in re.split(r"\(\d+\)", nationality) if p.strip(" .")
        )
    d.add_id("passport", _get(row, index, "Passport Number"))
    d.add_id("national_id", _get(row, index, "National Identification Number"))
    info = _get(row, index, "Other Information")
    un_ref = _UN_REF.search(info)
    if un_ref:
        d.un_ref = un_ref.group(1)
    for imo in _IMO.findall(info):
        d.add_id("imo", imo)
    for reg in _REG.findall(info):
        for number in _REG_NUMBER.findall(reg):
            d.add_id("registration", number)


def dedupe(values: Iterable[str]) -> list[str]:
    """Keep the first of each value, in order (name variations repeat across rows)."""
    return list(dict.fromkeys(values))
