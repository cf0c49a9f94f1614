"""Signed chain heads and the append-only anchor: tamper evidence the database cannot undo.

A hash chain alone shows that rows were edited, not that someone with write access to the
database recomputed every hash afterwards, cut the tail off and moved the head back, or
deleted a whole regime. Two things outside the database close those doors:

- the **signing key** (Ed25519, RFC 8032, through ``cryptography``): every new head is
  signed with it, and the signature over (regime, header hash, seq, head hash) is kept on
  the regime's row. Without the key nobody can sign a rehashed chain or an edited header;
- the **anchor**: an append-only JSON Lines file where every signed head is also written.
  ``accord ledger verify`` checks that each anchored head is still on the chain, so a
  rolled-back tail, a chain reset to nothing and a deleted regime are found, even when
  the rollback restores an old, genuinely signed head.

For a SQLite file both default to files beside it (``FILE.key``, ``FILE.anchor.jsonl``);
``ACCORD_LEDGER_KEY`` and ``ACCORD_LEDGER_ANCHOR`` (or ``--key`` / ``--anchor``) put them
elsewhere, which is where they belong: on a disk the database's writers cannot reach.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import (
    Ed25519PrivateKey,
    Ed25519PublicKey,
)

from accord.errors import InvalidArgument
from accord.ledger import canonical as c


class Signer:
    """An Ed25519 key that signs chain heads (the private half never enters the database)."""

    def __init__(self, key: Ed25519PrivateKey) -> None:
        self._key = key
        self.public = key.public_key()

    def sign(self, message: bytes) -> str:
        return self._key.sign(message).hex()

    def public_hex(self) -> str:
        return public_hex(self.public)


def public_hex(key: Ed25519PublicKey) -> str:
    """The raw 32-byte public key as hex, as exports name the key that signed them."""
    return key.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw).hex()


def valid_signature(public: Ed25519PublicKey, message: bytes, signature: str | None) -> bool:
    """Whether ``signature`` (hex) is ``public``'s signature of ``message``."""
    if not signature:
        return False
    try:
        public.verify(bytes.fromhex(signature), message)
    except (InvalidSignature, ValueError):
        return False
    return True


def load_public(path: Path) -> Ed25519PublicKey:
    """A public key from a PEM file (a public key, or a private key whose half it takes)."""
    try:
        data = path.read_bytes()
        if b"PRIVATE" in data:
            return _load_private(data).public_key()
        key = serialization.load_pem_public_key(data)
    except (OSError, ValueError) as exc:
        raise _bad_key(path, str(exc)) from None
    if not isinstance(key, Ed25519PublicKey):
        raise _bad_key(path, "not an Ed25519 key")
    return key


def _load_private(data: bytes) -> Ed25519PrivateKey:
    key = serialization.load_pem_private_key(data, password=None)
    if not isinstance(key, Ed25519PrivateKey):
        raise ValueError("not an Ed25519 key")
    return key


def _bad_key(path: Path, why: str) -> InvalidArgument:
    return InvalidArgument(
        f"{path}: not a usable signing key ({why})",
        [{"loc": str(path), "msg": why, "expected": "an Ed25519 key in PEM"}],
    )


def load_signer(path: Path, *, create: bool) -> Signer | None:
    """The signer kept at ``path``; a new key is written there (mode 0600) when ``create``
    and there is none; None when there is none and ``create`` is false."""
    if path.exists():
        try:
            return Signer(_load_private(path.read_bytes()))
        except (OSError, ValueError) as exc:
            raise _bad_key(path, str(exc)) from None
    if not create:
        return None
    key = Ed25519PrivateKey.generate()
    pem = key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    )
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:  # another process created it first: use theirs
        return load_signer(path, create=False)
    with os.fdopen(fd, "wb") as f:
        f.write(pem)
    return Signer(key)


@dataclass(frozen=True, slots=True)
class AnchoredHead:
    """One head as written to the anchor."""

    regime_id: str
    header: str
    seq: int
    head: str
    signature: str
    line: int

    def message(self) -> bytes:
        return c.head_message(
            regime_id=self.regime_id, header=self.header, seq=self.seq, head=self.head
        )


def append_anchor(path: Path, regime_id: str, header: str, seq: int, head: str, sig: str) -> None:
    """Append one signed head to the anchor (one ``write`` on an O_APPEND file, so
    concurrent writers' lines never interleave). It is not forced to disk: a line lost in
    a crash leaves the anchor behind the database, which ``verify`` accepts, and forcing
    it would cost every append a disk flush."""
    line = c.canonical(
        {"head": head, "header": header, "regime": regime_id, "seq": seq, "signature": sig}
    )
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o644)
    try:
        os.write(fd, (line + "\n").encode())
    finally:
        os.close(fd)


def read_anchor(path: Path) -> tuple[list[AnchoredHead], list[int]]:
    """The anchored heads, and the numbers of lines that are not one (a damaged anchor)."""
    heads: list[AnchoredHead] = []
    bad: list[int] = []
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return heads, bad
    for n, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        try:
            obj: Any = json.loads(line)
            heads.append(
                AnchoredHead(
                    str(obj["regime"]),
                    str(obj["header"]),
                    int(obj["seq"]),
                    str(obj["head"]),
                    str(obj["signature"]),
                    n,
                )
            )
        except (ValueError, KeyError, TypeError, RecursionError):
            bad.append(n)
    return heads, bad
