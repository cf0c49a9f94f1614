"""Economy codes a case may name: those the model knows (the 80 ICIO economies and the
ones carved out of its rest of the world), the EU27 bloc, and a few more.

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

CASE_ONLY_ECONOMIES: Final[dict[str, str]] = {
    "ALB": "Albania",
    "AND": "Andorra",
    "ARM": "Armenia",
    "BIH": "Bosnia and Herzegovina",
    "GEO": "Georgia",
    "IRQ": "Iraq",
    "LBN": "Lebanon",
    "LIE": "Liechtenstein",
    "LKA": "Sri Lanka",
    "MCO": "Monaco",
    "MDA": "Moldova, Republic of",
    "MKD": "North Macedonia",
    "MNE": "Montenegro",
    "SMR": "San Marino",
    "SRB": "Serbia",
}
"""Economies a case may name that the model does not know (neither in the ICIO nor
carved out of its rest of the world), with their ISO names."""


def is_known(code: str) -> bool:
    """True for an ICIO economy, a bloc (``EU27``) or an economy of :data:`CASE_ONLY_ECONOMIES`."""
    return is_economy(code) or code in BLOCS or code in CASE_ONLY_ECONOMIES


def blocs_of(code: str) -> tuple[str, ...]:
    """The blocs ``code`` belongs to (``DEU`` → ``("EU27",)``)."""
    return tuple(bloc for bloc, members in BLOCS.items() if code in members)
