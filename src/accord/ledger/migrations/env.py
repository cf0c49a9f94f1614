"""Alembic environment: runs on the connection :func:`accord.ledger.engine.migrate` hands in."""

from __future__ import annotations

from alembic import context

from accord.ledger.tables import Base

connection = context.config.attributes["connection"]
context.configure(connection=connection, target_metadata=Base.metadata)
with context.begin_transaction():
    context.run_migrations()
