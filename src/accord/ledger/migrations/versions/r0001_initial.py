"""The first schema: regimes with their chain head, events, API tokens.

Revision ID: 0001
Revises:
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "regimes",
        sa.Column("id", sa.String(64), primary_key=True),
        sa.Column("name", sa.String(200), nullable=False),
        sa.Column("definition", sa.Text(), nullable=False),
        sa.Column("hash", sa.String(64), nullable=False),
        sa.Column("created_at", sa.String(40), nullable=False),
        sa.Column("head_seq", sa.Integer(), nullable=False),
        sa.Column("head_hash", sa.String(64), nullable=False),
    )
    op.create_table(
        "events",
        sa.Column("id", sa.String(64), primary_key=True),
        sa.Column("regime_id", sa.String(64), sa.ForeignKey("regimes.id"), nullable=False),
        sa.Column("seq", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(40), nullable=False),
        sa.Column("date", sa.Date(), nullable=False),
        sa.Column("member", sa.String(3), nullable=True),
        sa.Column("measure", sa.String(64), nullable=True),
        sa.Column("body", sa.Text(), nullable=False),
        sa.Column("prev", sa.String(64), nullable=False),
        sa.Column("hash", sa.String(64), nullable=False),
        sa.Column("recorded_at", sa.String(40), nullable=False),
        sa.Column("recorded_by", sa.String(200), nullable=False),
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
        sa.Column("name", sa.String(200), nullable=False, unique=True),
        sa.Column("role", sa.String(20), nullable=False),
        sa.Column("member", sa.String(3), nullable=True),
        sa.Column("token_hash", sa.String(64), nullable=False, unique=True),
        sa.Column("created_at", sa.String(40), nullable=False),
        sa.Column("revoked", sa.Boolean(), nullable=False),
    )


def downgrade() -> None:
    op.drop_table("tokens")
    op.drop_index("ix_events_regime_kind", "events")
    op.drop_index("ix_events_regime_date", "events")
    op.drop_index("ix_events_regime_measure", "events")
    op.drop_index("ix_events_regime_member", "events")
    op.drop_table("events")
    op.drop_table("regimes")
