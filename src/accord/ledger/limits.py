"""How much one request may ask the ledger to store or report, and the checks that say so.

Every bound is configurable (``accord serve --max-body ...``) and each has a default that
no genuine use comes near: a request body of 1 MiB, 10,000 characters in any one text
field (a note, a reason, a name), 10,000 events in one batch, and the first 100 problems
of a rejected request reported (with the total). A request over a bound is refused with a
located error and nothing is stored.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from accord.errors import ErrorDetail, EventRejected


@dataclass(frozen=True, slots=True)
class Limits:
    """The bounds one ledger (and its HTTP API) enforces."""

    body_bytes: int = 1 << 20
    text_chars: int = 10_000
    batch_events: int = 10_000
    errors_shown: int = 100


DEFAULT_LIMITS = Limits()


def _strings(value: Any, where: str, depth: int = 0) -> Iterator[tuple[str, str]]:
    """Every string inside ``value`` with its location (bounded depth: events are shallow)."""
    if isinstance(value, str):
        yield where, value
    elif depth < 32 and isinstance(value, dict):
        for k, v in value.items():
            yield from _strings(v, f"{where}.{k}" if where else str(k), depth + 1)
    elif depth < 32 and isinstance(value, list | tuple):
        for i, v in enumerate(value):
            yield from _strings(v, f"{where}[{i}]", depth + 1)


def text_problems(raw: Any, where: str, limits: Limits) -> list[ErrorDetail]:
    """Text fields of ``raw`` longer than the limit, each located."""
    return [
        {
            "loc": loc,
            "msg": f"{len(text):,} characters is too long",
            "expected": f"at most {limits.text_chars:,} characters",
        }
        for loc, text in _strings(raw, where)
        if len(text) > limits.text_chars
    ]


def check_batch_size(count: int, most: int, where: str = "events") -> None:
    """Refuse a batch of more than ``most`` events, before any of them is checked."""
    if count > most:
        raise EventRejected(
            f"{count:,} events in one batch; nothing was stored",
            [
                {
                    "loc": where,
                    "msg": f"{count:,} events",
                    "expected": f"at most {most:,} events per batch",
                }
            ],
        )


def shown(errors: list[ErrorDetail], limits: Limits) -> tuple[list[ErrorDetail], int]:
    """The problems a response reports (the first ones) and how many there were in all."""
    return errors[: limits.errors_shown], len(errors)
