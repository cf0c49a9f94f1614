"""API tokens and roles: who may write what.

A token is shown once when it is issued and stored only as its SHA-256 (tokens are 256
random bits, so a plain hash cannot be reversed by guessing). Each token has one role;
a member token is bound to one member state and may only speak for it.
"""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from enum import StrEnum

from sqlalchemy import bindparam, insert, select, update

from accord.errors import InvalidArgument
from accord.ledger.prepared import Prepared
from accord.ledger.rows import now
from accord.ledger.store import Ledger
from accord.ledger.tables import TokenRow


class Role(StrEnum):
    """What a token's holder does in the coalition."""

    SECRETARIAT = "secretariat"
    MEMBER = "member"
    VERIFIER = "verifier"
    REPORTER = "reporter"
    OBSERVER = "observer"


READS_CONFIDENTIAL = frozenset({Role.SECRETARIAT, Role.VERIFIER})
"""Roles that may read violation reports (the reporting channel is not public)."""


@dataclass(frozen=True, slots=True)
class Principal:
    """The holder of a valid token."""

    name: str
    role: Role
    member: str | None = None


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def _check_member(ledger: Ledger, member: str) -> None:
    """A member token speaks for a member of a regime the ledger holds."""
    known: set[str] = set()
    for info in ledger.regimes():
        known.update(ledger.regime(info.id).member_codes)
    if member not in known:
        raise InvalidArgument(
            f"{member!r} is not a member of any regime in the ledger",
            [
                {
                    "loc": "member",
                    "msg": f"unknown member {member[:12]!r}",
                    "expected": "one of " + (", ".join(sorted(known)) or "(define a regime first)"),
                }
            ],
        )


def issue_token(
    ledger: Ledger,
    name: str,
    role: Role,
    member: str | None = None,
    *,
    expires_in: int | None = None,
) -> str:
    """Create a token, valid for ``expires_in`` days if given; the returned secret is not
    stored and cannot be shown again."""
    if expires_in is not None and expires_in < 1:
        raise InvalidArgument(
            "a token must be valid for at least a day",
            [{"loc": "expires_in", "msg": str(expires_in), "expected": "a number of days ≥ 1"}],
        )
    if role == Role.MEMBER and member is None:
        raise InvalidArgument(
            "a member token needs the member it speaks for",
            [{"loc": "member", "msg": "missing", "expected": "a member code such as DEU"}],
        )
    if role != Role.MEMBER and member is not None:
        raise InvalidArgument(
            "only member tokens are bound to a member",
            [{"loc": "member", "msg": f"given for role {role}", "expected": "no member"}],
        )
    if not name.strip():
        raise InvalidArgument(
            "a token needs a name", [{"loc": "name", "msg": "empty", "expected": "a name"}]
        )
    if member is not None:
        _check_member(ledger, member)
    secret = "acc_" + secrets.token_urlsafe(32)
    with ledger.writing() as conn:
        if conn.execute(select(TokenRow.id).where(TokenRow.name == name)).first() is not None:
            raise InvalidArgument(
                f"a token named {name!r} exists",
                [{"loc": "name", "msg": "taken", "expected": "a new name"}],
            )
        conn.execute(
            insert(TokenRow).values(
                name=name,
                role=str(role),
                member=member,
                token_hash=token_hash(secret),
                created_at=now(),
                revoked=False,
                expires_at=None if expires_in is None else _later(expires_in),
            )
        )
    return secret


def _later(days: int) -> str:
    return (datetime.now(UTC) + timedelta(days=days)).isoformat(timespec="seconds")


def revoke_token(ledger: Ledger, name: str) -> bool:
    """Revoke the token called ``name``; False if there is none."""
    with ledger.writing() as conn:
        result = conn.execute(update(TokenRow).where(TokenRow.name == name).values(revoked=True))
    return bool(result.rowcount)


_AUTH = Prepared(
    select(
        TokenRow.name, TokenRow.role, TokenRow.member, TokenRow.token_hash, TokenRow.expires_at
    ).where(TokenRow.token_hash == bindparam("digest"), TokenRow.revoked.is_(False))
)
"""Run on every request: prepared once (see :mod:`accord.ledger.prepared`)."""


def authenticate(ledger: Ledger, token: str) -> Principal | None:
    """The principal holding ``token``, or None if it is unknown, revoked or expired."""
    digest = token_hash(token)
    with ledger.engine.connect() as conn:
        row = _AUTH.first(conn, {"digest": digest})
    if row is None:
        return None
    name, role, member, stored, expires_at = row
    if not secrets.compare_digest(stored, digest):
        return None
    if expires_at is not None and expires_at <= datetime.now(UTC).isoformat():
        return None
    return Principal(name, Role(role), member)


def list_tokens(ledger: Ledger) -> list[tuple[str, str, str | None, bool]]:
    """(name, role, member, revoked) of every token; secrets are never stored."""
    with ledger.engine.connect() as conn:
        rows = conn.execute(
            select(TokenRow.name, TokenRow.role, TokenRow.member, TokenRow.revoked).order_by(
                TokenRow.name
            )
        ).all()
    return [(r.name, r.role, r.member, bool(r.revoked)) for r in rows]
