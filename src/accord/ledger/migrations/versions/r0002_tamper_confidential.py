"""Tamper evidence and confidentiality: the regime header under a hash, a signed chain
head, events numbered for readers who may not see confidential ones, token expiry.

Revision ID: 0002
Revises: 0001

Existing rows are brought forward: each regime's header hash is computed from its
columns as they are at upgrade time (the upgrade trusts them; the first signature
covers them from then on), violation reports and the corrections of them are marked
confidential, and the other events are numbered in chain order.
"""

from __future__ import annotations

import hashlib
import json

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def _header_hash(row: sa.Row[tuple[str, str, str, str]]) -> str:
    """The same bytes as ``accord.ledger.canonical.header_hash`` at this revision."""
    text = json.dumps(
        {"created_at": row.created_at, "hash": row.hash, "id": row.id, "name": row.name},
        sort_keys=True,
        separators=(",", ":"),
        ensure_ascii=False,
    )
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def upgrade() -> None:
    with op.batch_alter_table("regimes") as t:
        t.add_column(sa.Column("header_hash", sa.String(64), nullable=True))
        t.add_column(sa.Column("head_signature", sa.String(128), nullable=True))
        t.add_column(sa.Column("head_public", sa.Integer(), nullable=False, server_default="0"))
    with op.batch_alter_table("events") as t:
        t.add_column(
            sa.Column("confidential", sa.Boolean(), nullable=False, server_default=sa.false())
        )
        t.add_column(sa.Column("public_seq", sa.Integer(), nullable=True))
    with op.batch_alter_table("tokens") as t:
        t.add_column(sa.Column("expires_at", sa.String(40), nullable=True))
    op.create_index("ix_events_regime_public", "events", ["regime_id", "public_seq"])
    conn = op.get_bind()
    regimes = sa.table(
        "regimes",
        sa.column("id"),
        sa.column("name"),
        sa.column("hash"),
        sa.column("created_at"),
        sa.column("header_hash"),
        sa.column("head_public"),
    )
    events = sa.table(
        "events",
        sa.column("id"),
        sa.column("regime_id"),
        sa.column("seq"),
        sa.column("kind"),
        sa.column("body"),
        sa.column("confidential"),
        sa.column("public_seq"),
    )
    for row in conn.execute(sa.select(regimes)).all():
        secret: set[str] = set()
        public = 0
        rows = conn.execute(
            sa.select(events.c.id, events.c.kind, events.c.body)
            .where(events.c.regime_id == row.id)
            .order_by(events.c.seq)
        ).all()
        for e in rows:
            corrects = json.loads(e.body).get("corrects") if e.kind == "correction" else None
            if e.kind == "violation_report" or corrects in secret:
                secret.add(e.id)
                conn.execute(sa.update(events).where(events.c.id == e.id).values(confidential=True))
            else:
                public += 1
                conn.execute(sa.update(events).where(events.c.id == e.id).values(public_seq=public))
        conn.execute(
            sa.update(regimes)
            .where(regimes.c.id == row.id)
            .values(header_hash=_header_hash(row), head_public=public)
        )


def downgrade() -> None:
    op.drop_index("ix_events_regime_public", "events")
    with op.batch_alter_table("tokens") as t:
        t.drop_column("expires_at")
    with op.batch_alter_table("events") as t:
        t.drop_column("public_seq")
        t.drop_column("confidential")
    with op.batch_alter_table("regimes") as t:
        t.drop_column("head_public")
        t.drop_column("head_signature")
        t.drop_column("header_hash")
