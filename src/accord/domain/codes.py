"""Economy and sector codes shared by every part of Accord.

Members, leads and targets are named by the ISO 3166 alpha-3 codes that the OECD
inter-country input-output tables (ICIO, 2025 release, year 2022) use for their 80
economies, so that a scenario's members are exactly the economies whose costs the
economics model can compute. Sectors are the ICIO's 50 activity codes.
"""

from __future__ import annotations

from typing import Final

ECONOMIES: Final[tuple[str, ...]] = tuple(
    [
        "AGO",
        "ARE",
        "ARG",
        "AUS",
        "AUT",
        "BEL",
        "BGD",
        "BGR",
        "BLR",
        "BRA",
        "BRN",
        "CAN",
        "CHE",
        "CHL",
        "CHN",
        "CIV",
        "CMR",
        "COD",
        "COL",
        "CRI",
        "CYP",
        "CZE",
        "DEU",
        "DNK",
        "EGY",
        "ESP",
        "EST",
        "FIN",
        "FRA",
        "GBR",
        "GRC",
        "HKG",
        "HRV",
        "HUN",
        "IDN",
        "IND",
        "IRL",
        "ISL",
        "ISR",
        "ITA",
        "JOR",
        "JPN",
        "KAZ",
        "KHM",
        "KOR",
        "LAO",
        "LTU",
        "LUX",
        "LVA",
        "MAR",
        "MEX",
        "MLT",
        "MMR",
        "MYS",
        "NGA",
        "NLD",
        "NOR",
        "NZL",
        "PAK",
        "PER",
        "PHL",
        "POL",
        "PRT",
        "ROU",
        "RUS",
        "SAU",
        "SEN",
        "SGP",
        "STP",
        "SVK",
        "SVN",
        "SWE",
        "THA",
        "TUN",
        "TUR",
        "TWN",
        "UKR",
        "USA",
        "VNM",
        "ZAF",
    ]
)

EU27: Final[tuple[str, ...]] = tuple(
    [
        "AUT",
        "BEL",
        "BGR",
        "HRV",
        "CYP",
        "CZE",
        "DNK",
        "EST",
        "FIN",
        "FRA",
        "DEU",
        "GRC",
        "HUN",
        "IRL",
        "ITA",
        "LVA",
        "LTU",
        "LUX",
        "MLT",
        "NLD",
        "POL",
        "PRT",
        "ROU",
        "SVK",
        "SVN",
        "ESP",
        "SWE",
    ]
)

BLOCS: Final[dict[str, tuple[str, ...]]] = {"EU27": EU27}

SECTORS: Final[tuple[str, ...]] = tuple(
    [
        "A01",
        "A02",
        "A03",
        "B05",
        "B06",
        "B07",
        "B08",
        "B09",
        "C10T12",
        "C13T15",
        "C16",
        "C17_18",
        "C19",
        "C20",
        "C21",
        "C22",
        "C23",
        "C24A",
        "C24B",
        "C25",
        "C26",
        "C27",
        "C28",
        "C29",
        "C301",
        "C302T309",
        "C31T33",
        "D",
        "E",
        "F",
        "G",
        "H49",
        "H50",
        "H51",
        "H52",
        "H53",
        "I",
        "J58T60",
        "J61",
        "J62_63",
        "K",
        "L",
        "M",
        "N",
        "O",
        "P",
        "Q",
        "R",
        "S",
        "T",
    ]
)

_ECONOMY_SET: Final[frozenset[str]] = frozenset(ECONOMIES)
_SECTOR_SET: Final[frozenset[str]] = frozenset(SECTORS)


def is_economy(code: str) -> bool:
    """True for one of the 80 ICIO economies."""
    return code in _ECONOMY_SET


def is_sector(code: str) -> bool:
    """True for one of the 50 ICIO sectors."""
    return code in _SECTOR_SET


def expand(codes: tuple[str, ...] | list[str]) -> tuple[str, ...]:
    """Replace bloc names (``EU27``) by their members, keeping order and dropping repeats."""
    out: list[str] = []
    for code in codes:
        for c in BLOCS.get(code, (code,)):
            if c not in out:
                out.append(c)
    return tuple(out)
