"""Canonical JSON and content hashes: the bytes every id and chain link is computed from.

An event's id is the SHA-256 of its regime and its canonical JSON, so the same fact
recorded twice has the same id and a changed fact has a new one (the habit of
content-addressed statement stores such as followthemoney's). Each stored record also
carries the hash of the record before it, so removing or editing any row breaks every
link after it.
"""

from __future__ import annotations

import hashlib
import json
from typing import Any

from accord.domain import EVENT_ADAPTER, Event, Regime

GENESIS = "0" * 64
"""The ``prev`` of a regime's definition: nothing comes before it."""


_ENCODER = json.JSONEncoder(sort_keys=True, separators=(",", ":"), ensure_ascii=False)


def canonical(obj: Any) -> str:
    """Deterministic JSON: sorted keys, no spaces, UTF-8 kept as is."""
    return _ENCODER.encode(obj)


def sha256(text: str) -> str:
    """Hex SHA-256 of ``text`` encoded as UTF-8."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def event_body(event: Event) -> str:
    """The canonical JSON of a validated event, defaults included."""
    return canonical(EVENT_ADAPTER.dump_python(event, mode="json"))


def regime_body(regime: Regime) -> str:
    """The canonical JSON of a regime definition."""
    return canonical(regime.model_dump(mode="json"))


def event_id(regime_id: str, body: str) -> str:
    """The content id of an event: it depends only on the regime and the fact itself.

    ``body`` is already canonical, so the object is assembled as text with its keys in
    sorted order: the same bytes as ``canonical({"event": ..., "regime": ...})``, without
    parsing the body again.
    """
    return sha256(f'{{"event":{body},"regime":{canonical(regime_id)}}}')


def regime_hash(regime_id: str, body: str) -> str:
    """The hash of a regime definition; the first event of the regime links to it."""
    return sha256(canonical({"regime": regime_id, "definition": json.loads(body)}))


def record_hash(
    *, seq: int, id: str, prev: str, body: str, recorded_at: str, recorded_by: str
) -> str:
    """The chain hash of one stored record: every column that says what was recorded.

    The same bytes as ``canonical`` of the record (keys in sorted order), assembled as
    text around the already canonical ``body``.
    """
    return sha256(
        f'{{"event":{body},"id":{canonical(id)},"prev":{canonical(prev)},'
        f'"recorded_at":{canonical(recorded_at)},"recorded_by":{canonical(recorded_by)},'
        f'"seq":{seq}}}'
    )


def header_hash(*, regime_id: str, name: str, created_at: str, definition_hash: str) -> str:
    """The hash of what a regime's row says besides its definition: its name and its
    creation time, bound to the definition's hash (editing either changes it)."""
    return sha256(
        canonical(
            {"created_at": created_at, "hash": definition_hash, "id": regime_id, "name": name}
        )
    )


def head_message(*, regime_id: str, header: str, seq: int, head: str) -> bytes:
    """The bytes a chain head's signature covers: the regime, its header, the head."""
    return canonical({"head": head, "header": header, "regime": regime_id, "seq": seq}).encode()
