"""The ledger's tables (SQLAlchemy 2 declarative); Alembic migrations create them.

Event bodies are stored as canonical JSON text, not a JSON column, so the bytes that
were hashed are the bytes that are read back on every database. ``kind``, ``date``,
``member`` and ``measure`` are copies of body fields kept for indexed filtering;
``confidential`` marks violation reports and the corrections of confidential events, and
``public_seq`` numbers the other events, so a reader who may not see the confidential ones
pages and counts by a sequence that has no gaps where they are.
"""

from __future__ import annotations

from datetime import date

from sqlalchemy import Date, ForeignKey, Index, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column


class Base(DeclarativeBase):
    """Metadata shared by the ledger's tables."""


class RegimeRow(Base):
    """A regime definition and the head of its event chain (the row writers lock)."""

    __tablename__ = "regimes"

    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    definition: Mapped[str] = mapped_column(Text)
    hash: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[str] = mapped_column(String(40))
    head_seq: Mapped[int] = mapped_column(Integer, default=0)
    head_hash: Mapped[str] = mapped_column(String(64))
    header_hash: Mapped[str | None] = mapped_column(String(64), nullable=True)
    head_signature: Mapped[str | None] = mapped_column(String(128), nullable=True)
    head_public: Mapped[int] = mapped_column(Integer, default=0)


class EventRow(Base):
    """One recorded event; ``seq`` counts from 1 within its regime."""

    __tablename__ = "events"
    __table_args__ = (
        UniqueConstraint("regime_id", "seq", name="uq_events_regime_seq"),
        UniqueConstraint("regime_id", "prev", name="uq_events_regime_prev"),
        Index("ix_events_regime_member", "regime_id", "member", "seq"),
        Index("ix_events_regime_measure", "regime_id", "measure", "seq"),
        Index("ix_events_regime_date", "regime_id", "date", "seq"),
        Index("ix_events_regime_kind", "regime_id", "kind", "seq"),
        Index("ix_events_regime_public", "regime_id", "public_seq"),
    )

    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    regime_id: Mapped[str] = mapped_column(String(64), ForeignKey("regimes.id"))
    seq: Mapped[int] = mapped_column(Integer)
    kind: Mapped[str] = mapped_column(String(40))
    date: Mapped[date] = mapped_column(Date)
    member: Mapped[str | None] = mapped_column(String(3), nullable=True)
    measure: Mapped[str | None] = mapped_column(String(64), nullable=True)
    body: Mapped[str] = mapped_column(Text)
    prev: Mapped[str] = mapped_column(String(64))
    hash: Mapped[str] = mapped_column(String(64))
    recorded_at: Mapped[str] = mapped_column(String(40))
    recorded_by: Mapped[str] = mapped_column(String(200))
    confidential: Mapped[bool] = mapped_column(default=False)
    public_seq: Mapped[int | None] = mapped_column(Integer, nullable=True)


class TokenRow(Base):
    """An API token, stored only as its SHA-256; ``member`` binds a member token to a state."""

    __tablename__ = "tokens"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    name: Mapped[str] = mapped_column(String(200), unique=True)
    role: Mapped[str] = mapped_column(String(20))
    member: Mapped[str | None] = mapped_column(String(3), nullable=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[str] = mapped_column(String(40))
    revoked: Mapped[bool] = mapped_column(default=False)
    expires_at: Mapped[str | None] = mapped_column(String(40), nullable=True)
