"""Bilateral trade tables of economies outside the ICIO, read strictly.

The format is the one Accord bundles (``data/trade/imf_dots_bilateral_2016_2018.csv``,
IMF Direction of Trade Statistics): a CSV with a header and one row per (reporter,
partner, year, flow, series). A user may supply a table for any other economy in the
same format. Required columns: ``reporter_iso3``, ``partner_iso3`` (ISO 3166 alpha-3),
``year``, ``flow`` (``export``: goods from the reporter to the partner; ``import``) and
``value_usd`` (current US dollars, units). Optional: ``series`` (``own``, the default,
or ``partner-side``: mirror data reported by the partner), ``value_basis`` (``FOB``,
``CIF`` or empty), ``imf_status_flag``, ``source_partner_name``, ``source_partner_code``
(kept for readers, not used).

Every problem is reported with the file, the line, the column and what was expected;
a table with any problem is rejected whole, so nothing is computed from half of it.
"""

from __future__ import annotations

import contextlib
import csv
import io
import math
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Final

from accord.errors import AccordError, ErrorDetail

REQUIRED: Final = ("reporter_iso3", "partner_iso3", "year", "flow", "value_usd")
OPTIONAL: Final = (
    "series",
    "value_basis",
    "imf_status_flag",
    "source_partner_name",
    "source_partner_code",
)
FLOWS: Final = ("export", "import")
SERIES: Final = ("own", "partner-side")
MAX_BYTES: Final = 64 * 1024 * 1024
MAX_LISTED: Final = 20
_ISO3 = re.compile(r"^[A-Z]{3}$")


@dataclass
class TradeTableError(AccordError):
    """A trade table could not be read; ``errors`` locate each problem (file:line)."""

    file: str = "<trade table>"


@dataclass(frozen=True)
class BilateralTrade:
    """One economy's goods trade with each partner in one year, USD (not millions).

    ``exports[p]``: goods the economy sells to ``p``; ``imports[p]``: goods it buys.
    ``series`` says, per partner and flow, which series the value came from.
    """

    economy: str
    year: int
    exports: Mapping[str, float]
    imports: Mapping[str, float]
    source: str
    series: Mapping[tuple[str, str], str] = field(default_factory=dict)


@dataclass(frozen=True)
class TradeTable:
    """Validated rows: ``values[(reporter, year, flow, series)][partner] = USD``."""

    source: str
    values: Mapping[tuple[str, int, str, str], Mapping[str, float]]

    @property
    def economies(self) -> tuple[str, ...]:
        return tuple(sorted({k[0] for k in self.values}))

    def years(self, economy: str) -> tuple[int, ...]:
        return tuple(sorted({k[1] for k in self.values if k[0] == economy}))

    def bilateral(self, economy: str, year: int) -> BilateralTrade:
        """Totals by partner: the partner-side (mirror) series where a partner reported,
        the economy's own series otherwise (``docs/model.md``, carve-out)."""
        if year not in self.years(economy):
            raise KeyError(f"{self.source}: no rows for {economy} in {year}")
        flows: dict[str, dict[str, float]] = {"export": {}, "import": {}}
        used: dict[tuple[str, str], str] = {}
        for flow in FLOWS:
            for series in ("own", "partner-side"):  # partner-side overwrites own
                for partner, value in self.values.get((economy, year, flow, series), {}).items():
                    flows[flow][partner] = value
                    used[(partner, flow)] = series
        return BilateralTrade(economy, year, flows["export"], flows["import"], self.source, used)


def _problem(file: str, line: int, column: str, got: str, expected: str) -> ErrorDetail:
    return {"loc": f"{file}:{line}: column {column!r}", "msg": f"got {got!r}", "expected": expected}


def _text(path: Path) -> str:
    name = str(path)
    try:
        size = path.stat().st_size
    except OSError as exc:
        raise TradeTableError(f"{name}: cannot read the trade table ({exc})", file=name) from exc
    if size > MAX_BYTES:
        raise TradeTableError(
            f"{name}: {size} bytes; a trade table is at most {MAX_BYTES} bytes", file=name
        )
    raw = path.read_bytes()
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise TradeTableError(
            f"{name}:{line}: not UTF-8 text (expected a CSV file in UTF-8)", file=name
        ) from exc


def read_trade_table(path: str | Path) -> TradeTable:
    """Read and validate a whole table; raise :class:`TradeTableError` on any problem."""
    file = Path(path)
    name = str(file)
    reader = csv.reader(io.StringIO(_text(file), newline=""), strict=True)
    try:
        header = [h.strip() for h in next(reader)]
    except StopIteration:
        raise TradeTableError(f"{name}:1: empty file (expected a header line)", file=name) from None
    except csv.Error as exc:
        raise TradeTableError(f"{name}:1: not valid CSV ({exc})", file=name) from exc
    missing = [c for c in REQUIRED if c not in header]
    unknown = [c for c in header if c not in REQUIRED and c not in OPTIONAL]
    if missing or unknown or len(set(header)) != len(header):
        raise TradeTableError(
            f"{name}:1: header {header} (expected the columns {', '.join(REQUIRED)}, "
            f"optionally {', '.join(OPTIONAL)}, each once"
            + (f"; missing {', '.join(missing)}" if missing else "")
            + (f"; unknown {', '.join(unknown)}" if unknown else "")
            + ")",
            file=name,
        )
    values: dict[tuple[str, int, str, str], dict[str, float]] = {}
    problems: list[ErrorDetail] = []
    try:
        for row in reader:
            line = reader.line_num
            if not row or all(not c.strip() for c in row):
                continue
            if len(row) != len(header):
                problems.append(
                    {
                        "loc": f"{name}:{line}",
                        "msg": f"{len(row)} fields",
                        "expected": f"{len(header)} fields, as in the header",
                    }
                )
                continue
            key = _row(name, line, dict(zip(header, (c.strip() for c in row), strict=True)))
            if isinstance(key, list):
                problems.extend(key)
                continue
            (reporter, year, flow, series, partner), value = key
            bucket = values.setdefault((reporter, year, flow, series), {})
            if partner in bucket:
                problems.append(
                    _problem(
                        name,
                        line,
                        "partner_iso3",
                        partner,
                        "one row per reporter, partner, "
                        "year, flow and series (this one repeats an earlier row)",
                    )
                )
            bucket[partner] = value
    except csv.Error as exc:
        raise TradeTableError(
            f"{name}:{reader.line_num}: not valid CSV ({exc})", file=name
        ) from exc
    if problems:
        shown = problems[:MAX_LISTED]
        more = len(problems) - len(shown)
        message = f"{name}: the trade table has {len(problems)} problem(s)" + (
            f" (first {MAX_LISTED} listed)" if more else ""
        )
        raise TradeTableError(message, shown, file=name)
    if not values:
        raise TradeTableError(f"{name}: no data rows (expected at least one)", file=name)
    return TradeTable(name, values)


def _row(
    name: str, line: int, cells: dict[str, str]
) -> tuple[tuple[str, int, str, str, str], float] | list[ErrorDetail]:
    bad: list[ErrorDetail] = []
    reporter, partner = cells["reporter_iso3"], cells["partner_iso3"]
    for column, code in (("reporter_iso3", reporter), ("partner_iso3", partner)):
        if not _ISO3.match(code):
            bad.append(_problem(name, line, column, code, "an ISO 3166 alpha-3 code, e.g. IRN"))
    if reporter == partner and _ISO3.match(reporter):
        bad.append(
            _problem(name, line, "partner_iso3", partner, "a partner other than the reporter")
        )
    year = -1
    with contextlib.suppress(ValueError):
        year = int(cells["year"])
    if not 1900 <= year <= 2100:
        bad.append(_problem(name, line, "year", cells["year"], "a year from 1900 to 2100"))
    flow = cells["flow"]
    if flow not in FLOWS:
        bad.append(_problem(name, line, "flow", flow, "export or import"))
    value = math.nan
    with contextlib.suppress(ValueError):
        value = float(cells["value_usd"])
    if not (math.isfinite(value) and value >= 0.0):
        bad.append(
            _problem(name, line, "value_usd", cells["value_usd"], "a number >= 0 in US dollars")
        )
    series = cells.get("series") or "own"
    if series not in SERIES:
        bad.append(_problem(name, line, "series", series, "own or partner-side"))
    basis = cells.get("value_basis", "")
    if basis not in ("", "FOB", "CIF"):
        bad.append(_problem(name, line, "value_basis", basis, "FOB, CIF or empty"))
    if bad:
        return bad
    return (reporter, year, flow, series, partner), value
