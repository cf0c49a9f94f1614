"""The monitoring ledger: what members actually did, recorded so it can be checked.

- :mod:`accord.ledger.store` — :class:`~accord.ledger.store.Ledger`, the append-only,
  hash-chained event store (SQLite by default, PostgreSQL via ``ACCORD_DATABASE_URL``);
- :mod:`accord.ledger.checks` — events checked against the domain model and the regime;
- :mod:`accord.ledger.chain` — ``accord ledger verify``;
- :mod:`accord.ledger.jsonl` — import and export as JSON Lines;
- :mod:`accord.ledger.projections` — the rules engine applied to the record;
- :mod:`accord.ledger.tokens` — API tokens and roles.

Nothing is imported here, so ``accord --help`` does not load the database layer.
"""
