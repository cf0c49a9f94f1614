"""Normalised keys for linking: names, birth dates, countries and identifiers.

Transliteration uses ``normality.ascii_text`` (ICU, cached): ``rigour.text.ascii_text``
gives the same result but measured 0.85 ms a name here against 0.04 ms, which would cost
minutes on the 150 000 names of the four lists. Person prefixes and company-form words
("OOO", "Limited Liability Company") are normalised with ``rigour.names``; countries
with ``rigour.territories``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

from accord.observe.records import Designation, ListsError

PERSON = "Person"
_YEAR = re.compile(r"\b(1[89]\d\d|20\d\d)\b")
_DAY_FORMS = (
    re.compile(r"^(?P<y>\d{4})-(?P<m>\d{2})-(?P<d>\d{2})$"),
    re.compile(r"^(?P<d>\d{1,2})[./](?P<m>\d{1,2})[./](?P<y>\d{4})$"),
)
_MONTHS = {m: i for i, m in enumerate(
    ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"], 1
)}  # fmt: skip
_WORD_DAY = re.compile(r"^(?P<d>\d{1,2}) (?P<m>[A-Za-z]{3})[a-z]*\.? (?P<y>\d{4})$")
_VOWELS = re.compile(r"[aeiouy]")
_REPEATS = re.compile(r"(.)\1+")
MIN_ID_LENGTH = 7
MIN_DIGITS = 6
_TOKEN = re.compile(r"[A-Z0-9]+")


@lru_cache(maxsize=400_000)
def norm_name(name: str, person: bool) -> tuple[str, ...]:
    """Tokens of a name: ASCII, lower case, company forms and titles normalised."""
    from normality import ascii_text
    from rigour.names import remove_person_prefixes, replace_org_types_compare

    text = (ascii_text(name) or "").lower()
    text = re.sub(r"[^a-z0-9 ]+", " ", text)
    text = remove_person_prefixes(text) if person else replace_org_types_compare(text)
    return tuple(t for t in text.split() if t)


@lru_cache(maxsize=400_000)
def skeleton(token: str) -> str:
    """A spelling-tolerant key for blocking: consonants without repeats, first four.

    ``aksyonov`` and ``aksenov`` both give ``ksnv``; ``sergey`` and ``sergei`` ``srg``.
    """
    if token.isdigit():
        return token
    body = _REPEATS.sub(r"\1", _VOWELS.sub("", token[1:]))
    head = "" if token[0] in "aeiouy" else token[0]
    return (head + body)[:4] or token[:2]


def birth_dates(values: list[str]) -> tuple[frozenset[str], frozenset[int]]:
    """Full days (ISO) and years found in a list's free-text birth dates."""
    days: set[str] = set()
    years: set[int] = set()
    for value in values:
        text = value.strip()
        for form in (*_DAY_FORMS, _WORD_DAY):
            match = form.match(text)
            if match:
                month_text = match.group("m")
                month = (
                    _MONTHS.get(month_text[:3].lower(), 0) if form is _WORD_DAY else int(month_text)
                )
                day = int(match.group("d"))
                if 1 <= month <= 12 and 1 <= day <= 31:
                    days.add(f"{match.group('y')}-{month:02d}-{day:02d}")
                break
        years.update(int(y) for y in _YEAR.findall(text))
    return frozenset(days), frozenset(years)


@lru_cache(maxsize=20_000)
def country_code(name: str) -> str:
    """ISO code of a country name (``Russian Federation`` -> ``ru``), or empty if unknown."""
    from rigour.territories import lookup_territory

    territory = lookup_territory(name.strip())
    return territory.code if territory is not None else ""


def id_keys(kind: str, value: str) -> list[str]:
    """Comparable identifier keys found in a cell (``imo:9123456``, ``num:772807385405``).

    Cells hold free text (``516384722 (UK Passport issued ... on 6.5.2013)``,
    ``(1) 836220035 (2) 745230692``), so every run of letters and digits with at least
    ``MIN_DIGITS`` digits is a key. Passport, national identity, registration and tax
    numbers share one family: lists file the same number under different labels.
    """
    if kind == "imo":
        return [f"imo:{m}" for m in re.findall(r"\b(\d{7})\b", value)]
    keys = []
    for token in _TOKEN.findall(value.upper().replace("-", "").replace("/", "")):
        if len(token) >= MIN_ID_LENGTH and sum(c.isdigit() for c in token) >= MIN_DIGITS:
            keys.append(f"num:{token}")
    return keys


@dataclass
class Entry:
    """One list entry (a jurisdiction's ``source_id``) with everything linking compares."""

    key: tuple[str, str]
    schema: str
    names: set[tuple[str, ...]] = field(default_factory=set)
    display: str = ""
    days: frozenset[str] = frozenset()
    years: frozenset[int] = frozenset()
    countries: frozenset[str] = frozenset()
    ids: set[str] = field(default_factory=set)

    @property
    def person(self) -> bool:
        """Whether the entry is a natural person."""
        return self.schema == PERSON


_BRACKETS = re.compile(r"\s*[(\[][^)\]]*[)\]]")


def _variants(name: str) -> tuple[str, ...]:
    """The name, and without bracketed parts (``... CENTER (DTSRC)``) when it has any."""
    bare = _BRACKETS.sub("", name).strip()
    return (name, bare) if bare and bare != name else (name,)


def build_entries(designations: list[Designation]) -> dict[tuple[str, str], Entry]:
    """Fold designations into entries keyed by (jurisdiction, source_id)."""
    entries: dict[tuple[str, str], Entry] = {}
    raw_dates: dict[tuple[str, str], list[str]] = {}
    raw_countries: dict[tuple[str, str], set[str]] = {}
    for d in designations:
        key = (d.jurisdiction, d.source_id)
        entry = entries.get(key)
        if entry is None:
            entry = entries[key] = Entry(key=key, schema=d.schema, display=d.name)
            raw_dates[key], raw_countries[key] = [], set()
        elif entry.schema != d.schema:
            raise ListsError.at(
                d.source_file, None, "source_id",
                f"{d.jurisdiction} entry {d.source_id} is both {entry.schema} and {d.schema}",
                "one schema per list entry",
            )  # fmt: skip
        person = d.schema == PERSON
        for name in (d.name, *d.aliases):
            for variant in _variants(name):
                tokens = norm_name(variant, person)
                if tokens:
                    entry.names.add(tokens)
        raw_dates[key].extend(d.birth_dates)
        raw_countries[key].update(d.countries)
        for kind, values in d.identifiers.items():
            for value in values:
                entry.ids.update(id_keys(kind, value))
        if d.un_ref:
            entry.ids.add(f"unref:{d.un_ref}")
    for key, entry in entries.items():
        entry.days, entry.years = birth_dates(raw_dates[key])
        entry.countries = frozenset(c for c in map(country_code, raw_countries[key]) if c)
    return entries
