"""``accord sectors``: the sector codes measures are written in, with their names.

Sectors are the 50 activity codes of the OECD ICIO (``accord.domain.codes``); a
scenario's ``sectors`` and ``accord economics --sectors`` take these codes. The goods
sectors (A, B, C) are the ones merchandise trade tables such as DOTS cover.
"""

from __future__ import annotations

import json
import sys
from enum import StrEnum
from typing import Annotated

import typer

from accord.domain.codes import SECTOR_NAMES


class SectorFormat(StrEnum):
    table = "table"
    json = "json"


def sector_rows() -> list[dict[str, str | bool]]:
    """One row per ICIO sector: code, name, and whether it is a goods sector."""
    return [
        {"code": code, "name": name, "goods": code[0] in "ABC"}
        for code, name in SECTOR_NAMES.items()
    ]


def sectors(
    fmt: Annotated[
        SectorFormat, typer.Option("--format", help="Output format.")
    ] = SectorFormat.table,
) -> None:
    """List the ICIO sector codes with their names (goods sectors marked)."""
    rows = sector_rows()
    if fmt == SectorFormat.json:
        sys.stdout.write(json.dumps(rows, indent=2) + "\n")
        return
    width = max(len(str(r["code"])) for r in rows)
    lines = [f"{'code':<{width}}  goods  name"]
    lines += [
        f"{r['code']:<{width}}  {'yes' if r['goods'] else 'no':<5}  {r['name']}" for r in rows
    ]
    sys.stdout.write("\n".join(lines) + "\n")
