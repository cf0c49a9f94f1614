"""Economy codes a case may name: the 80 ICIO economies, the EU27 bloc, and a few more.

Real coalitions include states the ICIO tables fold into their rest of the world: EU
candidates that aligned with the EU's measures (Montenegro, Albania, Georgia…),
Liechtenstein, or Sri Lanka among the buyers of Iranian oil. A case records what they
did, so that the record is complete, even though the economics model cannot yet price
their costs. Each code here is ISO 3166-1 alpha-3 (https://www.iso.org/obp/ui/#search),
and nothing else in a case may name an economy.
"""

from __future__ import annotations

from typing import Final

from accord.domain.codes import BLOCS, is_economy

OUTSIDE_ICIO: Final[dict[str, str]] = {
    "ALB": "Albania",
    "AND": "Andorra",
    "ARM": "Armenia",
    "BIH": "Bosnia and Herzegovina",
    "GEO": "Georgia",
    "IRN": "Iran, Islamic Republic of",
    "IRQ": "Iraq",
    "LBN": "Lebanon",
    "LIE": "Liechtenstein",
    "LKA": "Sri Lanka",
    "MCO": "Monaco",
    "MDA": "Moldova, Republic of",
    "MKD": "North Macedonia",
    "MNE": "Montenegro",
    "PRK": "Korea, Democratic People's Republic of",
    "SMR": "San Marino",
    "SRB": "Serbia",
    "SYR": "Syrian Arab Republic",
    "VEN": "Venezuela, Bolivarian Republic of",
}
"""Economies outside the 80 of the ICIO that a case may name, with their ISO names."""


def is_known(code: str) -> bool:
    """True for an ICIO economy, a bloc (``EU27``) or an economy of :data:`OUTSIDE_ICIO`."""
    return is_economy(code) or code in BLOCS or code in OUTSIDE_ICIO


def blocs_of(code: str) -> tuple[str, ...]:
    """The blocs ``code`` belongs to (``DEU`` → ``("EU27",)``)."""
    return tuple(bloc for bloc, members in BLOCS.items() if code in members)
