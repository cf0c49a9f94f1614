"""The first schema: regimes with their chain head, events, API tokens.

Revision ID: 0001
Revises:
"""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


# The kinds of column the ledger repeats: ids and digests, timestamps, names.
DIGEST, STAMP, NAME = sa.String(64), sa.String(40), sa.String(200)


def _required(**types: sa.types.TypeEngine[Any]) -> list[sa.Column[Any]]:
    """NOT NULL columns, in the order given: most of the ledger's columns are."""
    return [sa.Column(name, type_, nullable=False) for name, type_ in types.items()]


def upgrade() -> None:
    op.create_table(
        "regimes",
        sa.Column("id", DIGEST, primary_key=True),
        *_required(name=NAME, definition=sa.Text(), hash=DIGEST, created_at=STAMP),
        *_required(head_seq=sa.Integer(), head_hash=DIGEST),
    )
    op.create_table(
        "events",
        sa.Column("id", DIGEST, primary_key=True),
        sa.Column("regime_id", DIGEST, sa.ForeignKey("regimes.id"), nullable=False),
        *_required(seq=sa.Integer(), kind=sa.String(40), date=sa.Date()),
        sa.Column("member", sa.String(3), nullable=True),
        sa.Column("measure", DIGEST, nullable=True),
        *_required(body=sa.Text(), prev=DIGEST, hash=DIGEST),
        *_required(recorded_at=STAMP, recorded_by=NAME),
        sa.UniqueConstraint("regime_id", "seq", name="uq_events_regime_seq"),
        sa.UniqueConstraint("regime_id", "prev", name="uq_events_regime_prev"),
    )
    op.create_index("ix_events_regime_member", "events", ["regime_id", "member", "seq"])
    op.create_index("ix_events_regime_measure", "events", ["regime_id", "measure", "seq"])
    op.create_index("ix_events_regime_date", "events", ["regime_id", "date", "seq"])
    op.create_index("ix_events_regime_kind", "events", ["regime_id", "kind", "seq"])
    op.create_table(
        "tokens",
        sa.Column("id", sa.Integer(), primary_key=True, autoincrement=True),
        sa.Column("name", NAME, nullable=False, unique=True),
        *_required(role=sa.String(20)),
        sa.Column("member", sa.String(3), nullable=True),
        sa.Column("token_hash", DIGEST, nullable=False, unique=True),
        *_required(created_at=STAMP, revoked=sa.Boolean()),
    )


def downgrade() -> None:
    op.drop_table("tokens")
    op.drop_index("ix_events_regime_kind", "events")
    op.drop_index("ix_events_regime_date", "events")
    op.drop_index("ix_events_regime_measure", "events")
    op.drop_index("ix_events_regime_member", "events")
    op.drop_table("events")
    op.drop_table("regimes")
