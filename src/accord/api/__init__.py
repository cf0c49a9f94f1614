"""The HTTP API and dashboard of the ledger (``accord serve``).

:func:`accord.api.app.create_app` builds the FastAPI application over a
:class:`~accord.ledger.store.Ledger`; JSON under ``/api``, pages at ``/``.
"""
