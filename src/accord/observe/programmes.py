"""Map each jurisdiction's programme names onto comparable programme groups.

The same target is sanctioned under differently named programmes: the US Russia
executive orders, the EU's Ukraine-territorial-integrity and Russia regimes, the UK's
"Russia" regime. Alignment compares jurisdictions within one group. Unmapped programmes
keep their own name (prefixed with the jurisdiction) and are never compared.
"""

from __future__ import annotations

from typing import Final

GROUPS: Final[dict[str, dict[str, frozenset[str]]]] = {
    "russia": {
        "US": frozenset({
            "RUSSIA-EO14024", "BPI-RUSSIA-EO14024", "UKRAINE-EO13660", "UKRAINE-EO13661",
            "UKRAINE-EO13662", "UKRAINE-EO13685", "CAATSA - RUSSIA", "RUSSIA-EO14065",
        }),
        "EU": frozenset({"EU-UKR", "EU-RUS", "EU-RUSDA"}),
        "UK": frozenset({"Russia"}),
        "UN": frozenset(),
    },
    "belarus": {
        "US": frozenset({"BELARUS", "BELARUS-EO14038"}),
        "EU": frozenset({"EU-BLR"}),
        "UK": frozenset({"Belarus"}),
        "UN": frozenset(),
    },
    "iran": {
        "US": frozenset({
            "IRAN", "IRAN-EO13846", "IRAN-EO13871", "IRAN-EO13876", "IRAN-EO13902", "IRAN-HR",
            "IRAN-TRA", "IRGC", "IFSR", "IRAN-CON-ARMS-EO", "CAATSA - IRAN", "HRIT-IR",
        }),
        "EU": frozenset({"EU-IRN"}),
        "UK": frozenset({"Iran", "Iran (Nuclear)"}),
        "UN": frozenset({"Iran"}),
    },
    "dprk": {
        "US": frozenset({"DPRK", "DPRK2", "DPRK3", "DPRK4", "DPRK-NKSPEA"}),
        "EU": frozenset({"EU-PRK"}),
        "UK": frozenset({"Democratic People's Republic of Korea"}),
        "UN": frozenset({"DPRK"}),
    },
}  # fmt: skip

_LOOKUP: Final[dict[tuple[str, str], str]] = {
    (jurisdiction, programme): group
    for group, by_jurisdiction in GROUPS.items()
    for jurisdiction, names in by_jurisdiction.items()
    for programme in names
}


def programme_group(jurisdiction: str, programme: str) -> str:
    """The comparable group of a programme, or ``"<jurisdiction>:<programme>"`` if none."""
    return _LOOKUP.get((jurisdiction, programme), f"{jurisdiction}:{programme}")


def known_groups() -> list[str]:
    """The groups alignment can compare across jurisdictions."""
    return sorted(GROUPS)
