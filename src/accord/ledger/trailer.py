"""The last line of an export: how many records it holds, the head they end on, signed.

An export's records are checked one by one on import (each id and hash against its
content, each link against the record before), but that cannot tell a file cut short
from a complete one, nor a file whose records were all rehashed after an edit. The
trailer can: it names the number of records, the hash of the last one and the header
hash of the regime, signed with the exporting ledger's Ed25519 key. Import refuses a
file without one, a count or head that does not match, and a signature that is not by a
key the importing ledger trusts (its own, or one given with ``--trust``).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

from accord.errors import EventRejected
from accord.ledger import canonical as c
from accord.ledger.signing import Signer, public_hex, valid_signature


def make_trailer(
    signer: Signer | None, regime_id: str, header: str, count: int, head: str
) -> dict[str, Any]:
    """The trailer object of an export of ``count`` records ending on ``head``."""
    body: dict[str, Any] = {"count": count, "head": head, "header": header}
    if signer is not None:
        message = c.head_message(regime_id=regime_id, header=header, seq=count, head=head)
        body |= {"key": signer.public_hex(), "signature": signer.sign(message)}
    return {"trailer": body}


@dataclass(frozen=True, slots=True)
class Expected:
    """What the records of an export add up to, to be compared with its trailer."""

    regime_id: str
    header: str
    count: int
    head: str


def check_trailer(
    path: Path,
    line: int | None,
    trailer: Any,
    got: Expected,
    trusted: list[Ed25519PublicKey],
    allow_unsigned: bool,
) -> None:
    """Refuse an export whose trailer is missing, does not match its records, or is not
    signed by a trusted key."""
    loc = f"{path}:{line}" if line is not None else str(path)

    def refuse(msg: str, expected: str) -> EventRejected:
        return EventRejected(
            f"{loc}: {msg}; nothing was stored", [{"loc": loc, "msg": msg, "expected": expected}]
        )

    if line is None or not isinstance(trailer, dict):
        raise refuse("the export has no trailer (cut short?)", 'a last line {"trailer": ...}')
    if trailer.get("count") != got.count or trailer.get("head") != got.head:
        raise refuse(
            f"the trailer says {trailer.get('count')} records ending on "
            f"{str(trailer.get('head'))[:12]}…, the file holds {got.count} ending on "
            f"{got.head[:12]}…",
            "the records the export was written with",
        )
    if trailer.get("header") != got.header:
        raise refuse("the trailer names another regime header", "the header of this export")
    signature = trailer.get("signature")
    if signature is None:
        if allow_unsigned:
            return
        raise refuse("the export is not signed", "an export signed by a trusted key")
    message = c.head_message(
        regime_id=got.regime_id, header=got.header, seq=got.count, head=got.head
    )
    if not any(valid_signature(k, message, str(signature)) for k in trusted):
        named = str(trailer.get("key", "?"))[:16]
        known = ", ".join(public_hex(k)[:16] for k in trusted) or "none"
        raise refuse(
            f"the trailer is not signed by a trusted key (key {named}…)",
            f"a signature by one of: {known}",
        )
