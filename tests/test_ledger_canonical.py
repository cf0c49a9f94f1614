"""Hashes are computed from canonical JSON; the fast text assembly gives the same bytes."""

from __future__ import annotations

import json

from hypothesis import given
from hypothesis import strategies as st

from accord.ledger import canonical as c

text = st.text(max_size=30)
json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | text,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(text, inner, max_size=4),
    max_leaves=12,
)


@given(st.dictionaries(text, json_values, max_size=6), text)
def test_event_id_is_the_hash_of_the_canonical_object(event: dict[str, object], rid: str) -> None:
    body = c.canonical(event)
    assert c.event_id(rid, body) == c.sha256(c.canonical({"regime": rid, "event": event}))


@given(
    st.dictionaries(text, json_values, max_size=6),
    st.integers(1, 10**9),
    text,
    text,
    text,
    text,
)
def test_record_hash_is_the_hash_of_the_canonical_record(
    event: dict[str, object], seq: int, eid: str, prev: str, at: str, by: str
) -> None:
    body = c.canonical(event)
    record = {
        "seq": seq,
        "id": eid,
        "prev": prev,
        "event": json.loads(body),
        "recorded_at": at,
        "recorded_by": by,
    }
    digest = c.record_hash(seq=seq, id=eid, prev=prev, body=body, recorded_at=at, recorded_by=by)
    assert digest == c.sha256(c.canonical(record))


@given(st.dictionaries(text, json_values, max_size=6))
def test_canonical_json_is_stable_under_key_order(obj: dict[str, object]) -> None:
    reordered = dict(reversed(list(obj.items())))
    assert c.canonical(obj) == c.canonical(reordered)
    assert json.loads(c.canonical(obj)) == obj
