"""Economy and sector codes shared by every part of Accord.

Members, leads and targets are named by ISO 3166 alpha-3 codes. The 80 economies of the
OECD inter-country input-output tables (ICIO, 2025 release, year 2022) are the network
the economics model is built on; the economies outside it that Accord ships bilateral
trade tables for (``OUTSIDE_ECONOMIES``: Iran, North Korea, Syria, Venezuela, Cuba,
Afghanistan) are carved out of the ICIO's rest of the world by
``accord.economics.outside`` whenever a regime names them. Sectors are the ICIO's 50
activity codes. Names are the OECD's (``OECD_ICIO_2025_country_code_mapping.csv`` and
``OECD_ICIO_2025_sector_code_mapping.csv`` of the ICIO 2025 release, as shipped in
``sanction-simulator`` 0.1.4) and, outside the ICIO, the ISO 3166-1 short names.
"""

from __future__ import annotations

from typing import Final

ICIO_ECONOMY_NAMES: Final[dict[str, str]] = {
    "AGO": "Angola",
    "ARE": "United Arab Emirates",
    "ARG": "Argentina",
    "AUS": "Australia",
    "AUT": "Austria",
    "BEL": "Belgium",
    "BGD": "Bangladesh",
    "BGR": "Bulgaria",
    "BLR": "Belarus",
    "BRA": "Brazil",
    "BRN": "Brunei Darussalam",
    "CAN": "Canada",
    "CHE": "Switzerland",
    "CHL": "Chile",
    "CHN": "China (People's Republic of)",
    "CIV": "Côte d'Ivoire",
    "CMR": "Cameroon",
    "COD": "Democratic Republic of Congo",
    "COL": "Colombia",
    "CRI": "Costa Rica",
    "CYP": "Cyprus",
    "CZE": "Czechia",
    "DEU": "Germany",
    "DNK": "Denmark",
    "EGY": "Egypt",
    "ESP": "Spain",
    "EST": "Estonia",
    "FIN": "Finland",
    "FRA": "France",
    "GBR": "United Kingdom",
    "GRC": "Greece",
    "HKG": "Hong Kong, China",
    "HRV": "Croatia",
    "HUN": "Hungary",
    "IDN": "Indonesia",
    "IND": "India",
    "IRL": "Ireland",
    "ISL": "Iceland",
    "ISR": "Israel",
    "ITA": "Italy",
    "JOR": "Jordan",
    "JPN": "Japan",
    "KAZ": "Kazakhstan",
    "KHM": "Cambodia",
    "KOR": "Korea",
    "LAO": "Lao (People's Democratic Rep.)",
    "LTU": "Lithuania",
    "LUX": "Luxembourg",
    "LVA": "Latvia",
    "MAR": "Morocco",
    "MEX": "Mexico",
    "MLT": "Malta",
    "MMR": "Myanmar",
    "MYS": "Malaysia",
    "NGA": "Nigeria",
    "NLD": "Netherlands",
    "NOR": "Norway",
    "NZL": "New Zealand",
    "PAK": "Pakistan",
    "PER": "Peru",
    "PHL": "Philippines",
    "POL": "Poland",
    "PRT": "Portugal",
    "ROU": "Romania",
    "RUS": "Russian Federation",
    "SAU": "Saudi Arabia",
    "SEN": "Senegal",
    "SGP": "Singapore",
    "STP": "Saõ Tomé and Principe",
    "SVK": "Slovakia",
    "SVN": "Slovenia",
    "SWE": "Sweden",
    "THA": "Thailand",
    "TUN": "Tunisia",
    "TUR": "Türkiye",
    "TWN": "Chinese Taipei",
    "UKR": "Ukraine",
    "USA": "United States",
    "VNM": "Viet Nam",
    "ZAF": "South Africa",
}

OUTSIDE_ECONOMY_NAMES: Final[dict[str, str]] = {
    "IRN": "Iran (Islamic Republic of)",
    "PRK": "Korea (Democratic People's Republic of)",
    "SYR": "Syrian Arab Republic",
    "VEN": "Venezuela (Bolivarian Republic of)",
    "CUB": "Cuba",
    "AFG": "Afghanistan",
}
"""Economies outside the ICIO with bundled trade tables (``accord/economics/data``)."""

ICIO_ECONOMIES: Final[tuple[str, ...]] = tuple(ICIO_ECONOMY_NAMES)
"""The 80 ICIO economies, in the network's order."""

OUTSIDE_ECONOMIES: Final[tuple[str, ...]] = tuple(OUTSIDE_ECONOMY_NAMES)

ECONOMIES: Final[tuple[str, ...]] = ICIO_ECONOMIES + OUTSIDE_ECONOMIES
"""Every economy Accord knows: the ICIO's 80, then the carved-out ones."""

ECONOMY_NAMES: Final[dict[str, str]] = {**ICIO_ECONOMY_NAMES, **OUTSIDE_ECONOMY_NAMES}

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

SECTOR_NAMES: Final[dict[str, str]] = {
    "A01": "Agriculture and hunting",
    "A02": "Forestry and logging",
    "A03": "Fishing and aquaculture",
    "B05": "Mining of coal and lignite",
    "B06": "Extraction of crude petroleum and natural gas",
    "B07": "Mining of metal ores",
    "B08": "Other mining and quarrying",
    "B09": "Mining support service activities",
    "C10T12": "Manufacture of food products; beverages and tobacco products",
    "C13T15": "Manufacture of textiles, wearing apparel, leather and related products",
    "C16": "Manufacture of wood and of products of wood and cork",
    "C17_18": (
        "Manufacture of paper and paper products; Printing and reproduction of recorded media"
    ),
    "C19": "Manufacture of coke and refined petroleum products",
    "C20": "Manufacture of chemicals and chemical products",
    "C21": "Manufacture of basic pharmaceutical products and pharmaceutical preparations",
    "C22": "Manufacture of rubber and plastic products",
    "C23": "Manufacture of other non-metallic mineral products",
    "C24A": "Manufacture of basic iron and steel",
    "C24B": "Manufacture of basic precious and other non-ferrous metals",
    "C25": "Manufacture of fabricated metal products",
    "C26": "Manufacture of computer, electronic and optical products",
    "C27": "Manufacture of electrical equipment",
    "C28": "Manufacture of machinery and equipment n.e.c.",
    "C29": "Manufacture of motor vehicles, trailers and semi-trailers",
    "C301": "Building of ships and boats",
    "C302T309": "Manufacture of other transport equipment",
    "C31T33": "Manufacture of furniture and other manufacturing",
    "D": "Electricity, gas, steam and air conditioning supply",
    "E": "Water supply; sewerage, waste management and remediation activities",
    "F": "Construction",
    "G": "Wholesale and retail trade; repair of motor vehicles and motorcycles",
    "H49": "Land transport and transport via pipelines",
    "H50": "Water transport",
    "H51": "Air transport",
    "H52": "Warehousing and support activities for transportation",
    "H53": "Postal and courier activities",
    "I": "Accommodation and food service activities",
    "J58T60": (
        "Publishing, Motion picture, video, television programme production and "
        "broadcasting activities"
    ),
    "J61": "Telecommunications",
    "J62_63": "Computer programming and information service activities",
    "K": "Financial and insurance activities",
    "L": "Real estate activities",
    "M": "Professional, scientific and technical activities",
    "N": "Administrative and support service activities",
    "O": "Public administration and defence; compulsory social security",
    "P": "Education",
    "Q": "Human health and social work activities",
    "R": "Arts, entertainment and recreation activities",
    "S": "Other service activities",
    "T": (
        "Activities of households as employers; undifferentiated goods- and "
        "services-producing activities of households for own use"
    ),
}

SECTORS: Final[tuple[str, ...]] = tuple(SECTOR_NAMES)

_ECONOMY_SET: Final[frozenset[str]] = frozenset(ECONOMIES)
_ICIO_SET: Final[frozenset[str]] = frozenset(ICIO_ECONOMIES)
_SECTOR_SET: Final[frozenset[str]] = frozenset(SECTORS)


def is_economy(code: str) -> bool:
    """True for an economy Accord knows: one of the 80 ICIO economies or a carved-out one."""
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


def is_icio_economy(code: str) -> bool:
    """True for one of the 80 economies of the ICIO network itself."""
    return code in _ICIO_SET
