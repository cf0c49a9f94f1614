"""Build the listings table: one row per listing, ``entity_id`` shared by linked entries.

Columns are exactly ``entity_id, jurisdiction, source_id, schema, name, programme,
listed_on, date_precision``; ``programme`` is the comparable group (``russia``,
``belarus``, ``iran``, ``dprk``) or ``<jurisdiction>:<programme>`` when there is none.
The table is written to a temporary file and renamed, so a failure leaves no partial file.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING

from accord.observe.programmes import programme_group
from accord.observe.records import Designation

if TYPE_CHECKING:
    import polars as pl

COLUMNS = (
    "entity_id", "jurisdiction", "source_id", "schema", "name", "programme", "listed_on",
    "date_precision",
)  # fmt: skip


def listings_frame(
    designations: list[Designation], ids: dict[tuple[str, str], str]
) -> pl.DataFrame:
    """One row per (entry, programme group): the earliest listing in that group."""
    import polars as pl

    frame = pl.DataFrame(
        {
            "entity_id": [ids[(d.jurisdiction, d.source_id)] for d in designations],
            "jurisdiction": [d.jurisdiction for d in designations],
            "source_id": [d.source_id for d in designations],
            "schema": [d.schema for d in designations],
            "name": [d.name for d in designations],
            "programme": [programme_group(d.jurisdiction, d.programme) for d in designations],
            "listed_on": [d.listed_on for d in designations],
            "date_precision": [d.precision.value for d in designations],
        },
        schema={
            "entity_id": pl.String,
            "jurisdiction": pl.String,
            "source_id": pl.String,
            "schema": pl.String,
            "name": pl.String,
            "programme": pl.String,
            "listed_on": pl.Date,
            "date_precision": pl.String,
        },
    )
    # several raw programmes of one group (UKRAINE-EO13661, RUSSIA-EO14024) are one listing
    # in that group: keep the earliest; an exact date beats an equal censored bound
    order = pl.when(pl.col("date_precision") == "before").then(1).otherwise(0)
    return (
        frame.with_columns(order.alias("_censored"))
        .sort(["listed_on", "_censored"])
        .unique(subset=["jurisdiction", "source_id", "programme"], keep="first")
        .drop("_censored")
        .sort(["entity_id", "programme", "jurisdiction", "listed_on"])
        .select(COLUMNS)
    )


def write_parquet(frame: pl.DataFrame, path: Path) -> None:
    """Write ``frame`` atomically (temporary file, then rename)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(path.name + ".tmp")
    try:
        frame.write_parquet(tmp)
        os.replace(tmp, path)
    finally:
        tmp.unlink(missing_ok=True)
