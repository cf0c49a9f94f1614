"""How the bundled UN voting coincidence table is derived from its source files.

The source is the US Department of State's annual report *Voting Practices in the United
Nations* (overall General Assembly voting coincidence with the United States),
transcribed to one CSV a year in the public repository ``markschaver/UN`` (commit
cf5e937). The yearly files differ: the opposite-vote column is ``OPPOSITE`` or
``OPPOSE``, ``PARTIAL`` moves, and the 2021 file has quoted names spanning two lines.
This module reads them by column name with the ``csv`` module (so multi-line names are
one field) and writes one tidy table, correcting only what its README lists.
"""

from __future__ import annotations

import csv
import io
import re
from pathlib import Path

from accord.covariates.tables import COINCIDENCE_COLUMNS, CovariateError

_FILE = re.compile(r"^un-coincidence-(\d{4})\.csv$")
CORRECTIONS = {(2018, "GRO"): "GRC"}
"""ISO codes mistyped in the transcription: (year, as written) -> code. Greece 2018."""

SOURCE = (
    "US Department of State, Voting Practices in the United Nations {year}, overall "
    "General Assembly voting coincidence with the United States; transcribed in "
    "github.com/markschaver/UN (commit cf5e937), un-coincidence-{year}.csv"
)


def derive_rows(folder: Path) -> list[dict[str, str]]:
    """One row per economy and year from every ``un-coincidence-YYYY.csv`` in ``folder``."""
    out: list[dict[str, str]] = []
    files = sorted(p for p in folder.iterdir() if _FILE.match(p.name))
    if not files:
        raise CovariateError(f"{folder}: no un-coincidence-YYYY.csv files", file=str(folder))
    for path in files:
        year = int(_FILE.match(path.name).group(1))  # type: ignore[union-attr]
        reader = csv.DictReader(io.StringIO(path.read_text(encoding="utf-8"), newline=""))
        opposite = "OPPOSITE" if "OPPOSITE" in (reader.fieldnames or ()) else "OPPOSE"
        for raw in reader:
            code = CORRECTIONS.get((year, raw["ISO"].strip()), raw["ISO"].strip())
            counts = {k: raw[k].strip() for k in ("SAME", opposite, "PARTIAL", "ABSENT")}
            voted = any(int(counts[k]) for k in ("SAME", opposite, "PARTIAL"))
            notes = []
            if (year, raw["ISO"].strip()) in CORRECTIONS:
                notes.append(f"ISO code corrected from {raw['ISO'].strip()} in the transcription")
            if not voted:
                notes.append(
                    "no recorded votes (all absent): the published share is not a measure "
                    "and is read as unavailable"
                )
            out.append(
                {
                    "economy": code,
                    "year": str(year),
                    "same": counts["SAME"],
                    "opposite": counts[opposite],
                    "partial": counts["PARTIAL"],
                    "absent": counts["ABSENT"],
                    "coincidence": f"{float(raw['COINCIDENCE']):.2f}",
                    "source": SOURCE.format(year=year),
                    "note": "; ".join(notes),
                }
            )
    return sorted(out, key=lambda r: (r["economy"], r["year"]))


def write_table(rows: list[dict[str, str]], path: Path) -> None:
    """Write the tidy table (the bundled ``un_coincidence_us.csv``)."""
    with path.open("w", encoding="utf-8", newline="") as f:
        writer = csv.DictWriter(f, fieldnames=list(COINCIDENCE_COLUMNS), lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
