"""Reader for the EU Official Journal annex transcriptions (one CSV per framework act).

Each row is one designation as printed in a regulation's annex; ``startDate`` is the
printed "Date of listing" (``d.m.yyyy``, sometimes ``17 March 2022``). A consolidated
row with no printed date is censored: it was listed *before* the consolidated version
pinned in ``consolidation_pins.yml``. These files are CC BY-NC 4.0: they are read from
the shared folder and never copied into the project.
"""

from __future__ import annotations

import csv
import re
from datetime import date, datetime
from pathlib import Path

from accord.observe.records import Designation, ListsError, Precision, ReadReport

SCHEMAS = {"Person", "LegalEntity", "Organization", "Company", "Vessel", "Asset"}
REQUIRED = ("recordId", "programKey", "startDate", "schema", "name", "alias", "birthDate")
_REGISTRY_COLUMNS = ("registrationNumber", "taxNumber", "innCode", "ogrnCode", "okpoCode")
ID_COLUMNS = {
    **dict.fromkeys(_REGISTRY_COLUMNS, "registration"),
    **{"passportNumber": "passport", "idNumber": "national_id", "imoNumber": "imo"},
}
_ISO = re.compile(r"^(\d{4})-(\d{2})-(\d{2})$")
_NUMERIC = re.compile(r"^(\d{1,2})\.(\d{1,2})\.(\d{4})$")
_WORDS = re.compile(r"^(\d{1,2}) ([A-Za-z]+)\.? (\d{4})$")
_PIN = re.compile(r"^\s*(3\d{4}[A-Z]\d{4}):\s*0\d{4}[A-Z]\d{4}-(\d{8})\s*$")


def parse_start_date(value: str, file: str, row: int) -> date:
    """Parse a printed listing date (``17.3.2014``, ``17 March 2014``, ``17 Mar. 2014``)."""
    text = value.strip()
    try:
        iso = _ISO.match(text)
        if iso:
            year, month, day = (int(g) for g in iso.groups())
            return date(year, month, day)
        numeric = _NUMERIC.match(text)
        if numeric:
            day, month, year = (int(g) for g in numeric.groups())
            return date(year, month, day)
        words = _WORDS.match(text)
        if words:
            day_text, month_text, year_text = words.groups()
            month_no = datetime.strptime(month_text[:3], "%b").month
            return date(int(year_text), month_no, int(day_text))
    except ValueError as exc:
        raise ListsError.at(file, row, "startDate", f"{value!r}: {exc}", "a valid day") from exc
    raise ListsError.at(
        file, row, "startDate", repr(value), "d.m.yyyy, yyyy-mm-dd or '17 March 2022'"
    )


def read_pins(path: Path) -> dict[str, date]:
    """Read ``consolidation_pins.yml``: framework CELEX -> date of the consolidated version."""
    pins: dict[str, date] = {}
    if not path.exists():
        return pins
    for line_no, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        match = _PIN.match(line)
        if match:
            try:
                pins[match.group(1)] = datetime.strptime(match.group(2), "%Y%m%d").date()
            except ValueError as exc:
                raise ListsError.at(str(path), line_no, match.group(1), str(exc), "a date") from exc
    return pins


def _split(cell: str) -> list[str]:
    return [p.strip() for p in cell.split(";") if p.strip()]


def read_eu_csv(
    path: Path, pins: dict[str, date], seen: set[tuple[str, str, str]] | None = None
) -> tuple[list[Designation], ReadReport]:
    """Read one consolidated or amendment file.

    ``seen`` holds (framework, programme, name) of rows already read from the
    consolidated acts: an amendment row repeating one of them is skipped, counted.
    """
    file = str(path)
    report = ReadReport(source=file)
    out: list[Designation] = []
    with path.open(encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle)
        header = reader.fieldnames or []
        missing = [c for c in REQUIRED if c not in header]
        framework_col = "celex" if "celex" in header else "amendedCelex"
        if missing or framework_col not in header:
            raise ListsError.at(file, 1, ", ".join(missing) or "celex", "missing", "EU header")
        amendment = framework_col == "amendedCelex"
        for row in reader:
            line = reader.line_num
            report.rows += 1
            if None in row or any(v is None for v in row.values()):
                raise ListsError.at(file, line, "", "wrong number of cells", f"{len(header)}")
            d = _row(row, framework_col, file, line, pins, amendment)
            if d is None:
                report.skip("amendment row without a printed listing date")
                continue
            key = (row[framework_col], d.programme, d.name)
            if seen is not None and amendment and key in seen:
                report.skip("amendment row already in the consolidated act")
                continue
            if seen is not None and not amendment:
                seen.add(key)
            out.append(d)
            report.used += 1
    report.designations = len(out)
    return out, report


def _row(
    row: dict[str, str], framework_col: str, file: str, line: int, pins: dict[str, date],
    amendment: bool,
) -> Designation | None:  # fmt: skip
    schema = row["schema"].strip()
    if schema not in SCHEMAS:
        raise ListsError.at(file, line, "schema", repr(schema), " or ".join(sorted(SCHEMAS)))
    name = row["name"].strip()
    if not name:
        raise ListsError.at(file, line, "name", "empty", "a name")
    programme = row["programKey"].strip()
    if not programme:
        raise ListsError.at(file, line, "programKey", "empty", "a programme key like EU-RUS")
    framework = row[framework_col].strip()
    if row["startDate"].strip():
        listed_on, precision = parse_start_date(row["startDate"], file, line), Precision.DAY
    elif amendment:
        return None
    elif framework in pins:
        listed_on, precision = pins[framework], Precision.BEFORE
    else:
        raise ListsError.at(file, line, "startDate", "empty and no pinned version", "a date")
    record = row["recordId"].strip() or f"row{line}"
    annex = row.get("annex", "").strip() or "-"
    d = Designation(
        jurisdiction="EU",
        # entry numbers restart in each annex section (persons, entities): keep the annex
        source_id=f"{framework}/{programme}/{annex}/{record}"
        + (f"@{row['amendmentCelex'].strip()}" if amendment else ""),
        schema="LegalEntity" if schema == "Asset" else schema,
        name=name,
        programme=_programme(programme, row.get("measure", "").strip()),
        listed_on=listed_on,
        precision=precision,
        source_file=file,
    )
    for column in ("alias", "weakAlias", "previousName"):
        d.aliases.extend(_split(row.get(column, "")))
    d.birth_dates.extend(_split(row.get("birthDate", "")))
    for column in ("nationality", "citizenship", "jurisdiction", "flag", "country"):
        d.countries.extend(_split(row.get(column) or ""))
    for column, kind in ID_COLUMNS.items():
        for value in _split(row.get(column) or ""):
            d.add_id(kind, value)
    return d


def _programme(key: str, measure: str) -> str:
    """``EU-RUS`` for an asset freeze, else ``EU-RUS/Export control``.

    The other lists compared here (OFAC's SDN list, the UK's ConList, the UN's list)
    are lists of asset freezes; the EU's export-control, port-access and financial
    annexes are different measures, so they keep a programme of their own and are not
    compared with them.
    """
    return key if measure in ("", "Asset freeze") else f"{key}/{measure}"


def read_eu_dir(directory: Path) -> tuple[list[Designation], list[ReadReport]]:
    """Read ``consolidated/*.csv`` then ``amendments/*.csv`` under ``directory``."""
    if not (directory / "consolidated").is_dir():
        raise ListsError.at(str(directory), None, "", "no consolidated/ folder", "EU journal CSVs")
    pins = read_pins(directory / "consolidation_pins.yml")
    seen: set[tuple[str, str, str]] = set()
    out: list[Designation] = []
    reports: list[ReadReport] = []
    for sub in ("consolidated", "amendments"):
        for path in sorted((directory / sub).glob("*.csv")):
            designations, report = read_eu_csv(path, pins, seen)
            report.snapshot = pins.get(path.stem)
            out.extend(designations)
            reports.append(report)
    return out, reports
