"""Reader for the UN Security Council consolidated list (XML).

Each ``INDIVIDUAL`` or ``ENTITY`` carries its own listing date in ``LISTED_ON`` (a day,
sometimes with a time-zone suffix such as ``2001-01-25-05:00``), the permanent
``REFERENCE_NUMBER`` (``QDi.001``) that the UK and EU lists cite, aliases, birth dates,
nationalities and documents (passports, national identity numbers).
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from datetime import date
from pathlib import Path

from accord.observe.records import Designation, ListsError, Precision, ReadReport

_DATE = re.compile(r"^(\d{4}-\d{2}-\d{2})(?:[-+]\d{2}:\d{2}|Z)?$")
_IMO = re.compile(r"IMO[^0-9]{0,16}(\d{7})\b")
_REF = re.compile(r"^[A-Z]{2}[ie]\.\d{3}$")


def _text(element: ET.Element, tag: str) -> str:
    return " ".join((element.findtext(tag) or "").split())


def parse_listed_on(value: str, file: str, row: int) -> date:
    """Parse ``LISTED_ON``; anything but a day (with an optional zone) is a located error."""
    match = _DATE.match(value.strip())
    if match is None:
        raise ListsError.at(file, row, "LISTED_ON", repr(value), "YYYY-MM-DD")
    try:
        return date.fromisoformat(match.group(1))
    except ValueError as exc:
        raise ListsError.at(file, row, "LISTED_ON", str(exc), "a valid day") from exc


def _entry(element: ET.Element, file: str, row: int, person: bool) -> Designation:
    ref = _text(element, "REFERENCE_NUMBER")
    if not _REF.match(ref):
        raise ListsError.at(file, row, "REFERENCE_NUMBER", repr(ref), "a UN reference like QDi.001")
    parts = [_text(element, t) for t in ("FIRST_NAME", "SECOND_NAME", "THIRD_NAME", "FOURTH_NAME")]
    name = " ".join(p for p in parts if p)
    if not name:
        raise ListsError.at(file, row, "FIRST_NAME", "empty name", "the entry's name")
    programme = _text(element, "UN_LIST_TYPE")
    if not programme:
        raise ListsError.at(file, row, "UN_LIST_TYPE", "empty", "the sanctions regime")
    comments = _text(element, "COMMENTS1")
    schema = "Person" if person else "LegalEntity"
    imos = _IMO.findall(comments) if not person else []
    if imos and re.search(r"\bvessel\b", comments, re.IGNORECASE):
        schema = "Vessel"
    d = Designation(
        jurisdiction="UN",
        source_id=ref,
        schema=schema,
        name=name,
        programme=programme,
        listed_on=parse_listed_on(_text(element, "LISTED_ON"), file, row),
        precision=Precision.DAY,
        un_ref=ref,
        source_file=file,
    )
    alias_tag = "INDIVIDUAL_ALIAS" if person else "ENTITY_ALIAS"
    for alias in element.iter(alias_tag):
        value = _text(alias, "ALIAS_NAME")
        if value:
            d.aliases.append(value)
    original = _text(element, "NAME_ORIGINAL_SCRIPT")
    if original:
        d.aliases.append(original)
    for dob in element.iter("INDIVIDUAL_DATE_OF_BIRTH"):
        value = _text(dob, "DATE") or _text(dob, "YEAR")
        if value:
            d.birth_dates.append(value)
    for nat in element.iter("NATIONALITY"):
        d.countries.extend(v.text.strip() for v in nat.iter("VALUE") if v.text and v.text.strip())
    for doc in element.iter("INDIVIDUAL_DOCUMENT"):
        kind = _text(doc, "TYPE_OF_DOCUMENT").lower()
        number = _text(doc, "NUMBER")
        if number:
            d.add_id("passport" if "passport" in kind else "national_id", number)
    for imo in imos:
        d.add_id("imo", imo)
    return d


def read_un_xml(path: Path) -> tuple[list[Designation], ReadReport]:
    """Read one consolidated-list XML file; one designation per individual or entity."""
    file = str(path)
    if not path.exists():
        raise ListsError.at(file, None, "", "file not found", "a UN consolidated XML file")
    try:
        root = ET.parse(path).getroot()
    except ET.ParseError as exc:
        line = exc.position[0] if exc.position else None
        raise ListsError.at(file, line, "", f"not well-formed XML: {exc}", "XML") from exc
    if root.tag != "CONSOLIDATED_LIST":
        raise ListsError.at(file, None, root.tag, "unexpected root element", "CONSOLIDATED_LIST")
    generated = root.get("dateGenerated", "")
    report = ReadReport(source=file)
    if generated:
        report.snapshot = parse_listed_on(generated[:10], file, 1)
    out: list[Designation] = []
    for section, tag, person in (
        ("INDIVIDUALS", "INDIVIDUAL", True),
        ("ENTITIES", "ENTITY", False),
    ):
        container = root.find(section)
        if container is None:
            raise ListsError.at(file, None, section, "section missing", f"a <{section}> element")
        for number, element in enumerate(container.findall(tag), start=1):
            report.rows += 1
            out.append(_entry(element, f"{file} <{tag} #{number}>", number, person))
            report.used += 1
    report.designations = len(out)
    return out, report
