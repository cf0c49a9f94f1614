"""Find the list files in a folder laid out like ``shared/data/lists`` and read them all.

Several snapshots of one list are merged per (entry, programme): details come from the
latest snapshot, the date from the best-known one (an exact day wins unless a snapshot
proves the entry was listed earlier, in which case the earlier upper bound is kept).
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from accord.errors import DataUnavailable
from accord.observe.records import Designation, Precision, ReadReport

ENV_VAR = "ACCORD_LISTS_DIR"
JURISDICTIONS = ("US", "EU", "UK", "UN")
_SNAPSHOT_DIR = re.compile(r"^sdn_(\d{4})-(\d{2})$")


DEFAULT_LISTS = Path("..") / "shared" / "data" / "lists"
"""Where the lists are when nothing says otherwise: beside the working directory (an
installed package has no checkout to find them from)."""


def lists_dir(explicit: Path | None = None) -> Path:
    """``--lists``, else ``$ACCORD_LISTS_DIR``, else ``../shared/data/lists`` from the
    working directory."""
    if explicit is not None:
        return explicit
    env = os.environ.get(ENV_VAR)
    if env:
        return Path(env)
    return DEFAULT_LISTS


@dataclass
class Loaded:
    """Every designation read, with one report per file and the scrape's time span."""

    designations: list[Designation] = field(default_factory=list)
    reports: list[ReadReport] = field(default_factory=list)
    observed_until: dict[str, date] = field(default_factory=dict)


def _snapshot_bound(folder: Path) -> date | None:
    """Upper bound on a legacy snapshot's date from its folder name (first of next month)."""
    match = _SNAPSHOT_DIR.match(folder.name)
    if match is None:
        return None
    year, month = int(match.group(1)), int(match.group(2))
    return date(year + month // 12, month % 12 + 1, 1)


def merge(designations: list[Designation]) -> list[Designation]:
    """Merge snapshots of one list: one designation per (jurisdiction, entry, programme).

    ``designations`` must be ordered oldest snapshot first.
    """
    merged: dict[tuple[str, str, str], Designation] = {}
    for d in designations:
        key = (d.jurisdiction, d.source_id, d.programme)
        old = merged.get(key)
        if old is None:
            merged[key] = d
            continue
        if old.precision is Precision.BEFORE and d.precision is Precision.BEFORE:
            listed_on, precision = min(old.listed_on, d.listed_on), Precision.BEFORE
        elif old.precision is Precision.BEFORE and old.listed_on <= d.listed_on:
            listed_on, precision = old.listed_on, old.precision
        elif d.precision is Precision.BEFORE and d.listed_on <= old.listed_on:
            listed_on, precision = d.listed_on, d.precision
        elif old.precision is not Precision.BEFORE and d.precision is not Precision.BEFORE:
            best = min((old, d), key=lambda x: (x.listed_on, x.precision is Precision.SIX_HOURS))
            listed_on, precision = best.listed_on, best.precision
        else:
            exact = old if old.precision is not Precision.BEFORE else d
            listed_on, precision = exact.listed_on, exact.precision
        d.listed_on, d.precision = listed_on, precision
        merged[key] = d
    return list(merged.values())


def load_all(root: Path, progress: Callable[[str], None] | None = None) -> Loaded:
    """Read every list under ``root`` (``us_ofac``, ``un``, ``uk``, ``eu_journal``)."""
    from accord.observe.eu import read_eu_dir
    from accord.observe.ofac import read_sdn_dir
    from accord.observe.ofac_history import history_designations
    from accord.observe.uk import read_uk
    from accord.observe.un import read_un_xml

    if not root.is_dir():
        raise DataUnavailable(f"lists folder not found: {root} (pass --lists DIR or set {ENV_VAR})")
    loaded = Loaded()
    note = progress or (lambda _msg: None)
    us: list[Designation] = []
    for folder in sorted((root / "us_ofac").glob("sdn_*")):
        bound = _snapshot_bound(folder)
        if bound is not None and (folder / "sdn.csv").exists():
            note(f"US {folder.name}")
            made, reports = read_sdn_dir(folder, bound)
            us.extend(made)
            loaded.reports.extend(reports)
    bundles = sorted((root / "us_ofac").glob("*/*.bundle"))
    for bundle in bundles:
        note(f"US history {bundle.name}")
        made, report, history = history_designations(bundle)
        us.extend(made)
        loaded.reports.append(report)
        if history.last_snapshot is not None:
            loaded.observed_until["US"] = history.last_snapshot.date()
    un: list[Designation] = []
    for path in sorted((root / "un").glob("*.xml")):
        note(f"UN {path.name}")
        made, report = read_un_xml(path)
        un.extend(made)
        loaded.reports.append(report)
    uk: list[Designation] = []
    for path in _uk_files(root / "uk"):
        note(f"UK {path.name}")
        made, report = read_uk(path)
        uk.extend(made)
        loaded.reports.append(report)
    eu: list[Designation] = []
    if (root / "eu_journal").is_dir():
        note("EU journal")
        eu, reports = read_eu_dir(root / "eu_journal")
        loaded.reports.extend(reports)
    for code, found in (("US", us), ("UN", un), ("UK", uk), ("EU", eu)):
        if found:
            loaded.designations.extend(merge(found))
            stated = [r.snapshot for r in loaded.reports if r.snapshot and _code(r) == code]
            if code not in loaded.observed_until:
                loaded.observed_until[code] = max(stated, default=max(d.listed_on for d in found))
    if not loaded.designations:
        raise DataUnavailable(f"no list found under {root} (expected us_ofac, un, uk, eu_journal)")
    return loaded


def _code(report: ReadReport) -> str:
    """The jurisdiction a report's source belongs to, from the folder layout."""
    parts = Path(report.source.split(" ")[0]).parts
    for folder, code in (("us_ofac", "US"), ("un", "UN"), ("uk", "UK"), ("eu_journal", "EU")):
        if folder in parts:
            return code
    return ""


def _uk_files(folder: Path) -> list[Path]:
    """One file per snapshot: the csv export when present (faster), else the xlsx."""
    chosen: dict[str, Path] = {}
    for path in sorted(folder.glob("ConList_*")):
        if path.suffix.lower() not in (".csv", ".xlsx"):
            continue
        if path.stem not in chosen or path.suffix.lower() == ".csv":
            chosen[path.stem] = path
    return [chosen[k] for k in sorted(chosen)]
