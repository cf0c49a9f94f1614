"""Import and export of a regime's history as JSON Lines, round-tripping exactly.

An export starts with one ``{"regime": ...}`` line (id, definition, hash, creation time)
followed by one record per event, in chain order, with its seq, id, hashes, time and
author: importing it into an empty ledger and exporting again gives the same bytes.
A hand-written history (such as the bundled russia-2022 example) is plain events, one
per line, recorded against a regime that is already defined. Every problem names the
file and line, and nothing is stored unless the whole file is good.
"""

from __future__ import annotations

import json
import os
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

from accord.domain import Regime
from accord.errors import ErrorDetail, EventRejected, InvalidArgument
from accord.ledger import canonical as c
from accord.ledger.store import Ledger


@dataclass(frozen=True, slots=True)
class ImportResult:
    regime_id: str
    stored: int
    defined: bool


def _lines(path: Path) -> Iterator[tuple[int, dict[str, Any]]]:
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise InvalidArgument(
            f"{path}: cannot read the file ({exc})",
            [{"loc": str(path), "msg": "unreadable", "expected": "a UTF-8 JSON Lines file"}],
        ) from None
    for n, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        try:
            obj = json.loads(line)
        except json.JSONDecodeError as exc:
            raise EventRejected(
                f"{path}:{n}: not valid JSON; nothing was stored",
                [{"loc": f"{path}:{n}", "msg": exc.msg, "expected": "one JSON object per line"}],
            ) from None
        if not isinstance(obj, dict):
            raise EventRejected(
                f"{path}:{n}: not a JSON object; nothing was stored",
                [
                    {
                        "loc": f"{path}:{n}",
                        "msg": f"got {type(obj).__name__}",
                        "expected": "one JSON object per line",
                    }
                ],
            )
        yield n, obj


def _header(path: Path, n: int, header: Any) -> tuple[str, Regime, str]:
    loc = f"{path}:{n}"
    try:
        rid = str(header["id"])
        regime = Regime.model_validate(header["definition"])
        created = str(header["created_at"])
        digest = str(header["hash"])
    except Exception as exc:  # any malformed header is the same located problem
        raise EventRejected(
            f"{loc}: not a regime header ({type(exc).__name__}); nothing was stored",
            [
                {
                    "loc": loc,
                    "msg": str(exc).splitlines()[0],
                    "expected": '{"regime": {id, definition, hash, created_at}}',
                }
            ],
        ) from None
    if c.regime_hash(rid, c.regime_body(regime)) != digest:
        raise EventRejected(
            f"{loc}: the regime definition does not match its hash; nothing was stored",
            [
                {
                    "loc": f"{loc}.regime.hash",
                    "msg": "altered definition",
                    "expected": "the hash written by accord ledger export",
                }
            ],
        )
    return rid, regime, created


def import_jsonl(
    ledger: Ledger,
    path: Path,
    *,
    regime_id: str | None = None,
    regime: Regime | None = None,
    recorded_by: str | None = None,
) -> ImportResult:
    """Import ``path``: an export (header + records) or plain events for ``regime_id``.

    With ``regime`` given, plain events may be imported into a regime that is not yet
    defined: the definition and the events are stored together, or neither.
    """
    lines = list(_lines(path))
    defined = False
    define: tuple[Regime, str | None] | None = None
    if lines and "regime" in lines[0][1]:
        n, head = lines.pop(0)
        header_id = str(head["regime"].get("id")) if isinstance(head["regime"], dict) else None
        if regime_id is not None and header_id != regime_id:
            raise InvalidArgument(
                f"{path}:{n}: the file is for regime {header_id!r}, not {regime_id!r}",
                [{"loc": f"{path}:{n}", "msg": "other regime", "expected": regime_id}],
            )
        known = {r.id for r in ledger.regimes()}
        regime_id, header_regime, created = _header(path, n, head["regime"])
        define = (header_regime, created)
        defined = regime_id not in known
    if regime_id is None:
        raise InvalidArgument(
            f"{path}: plain events need a regime",
            [{"loc": "--regime", "msg": "missing", "expected": "the id of a defined regime"}],
        )
    records = [(n, o) for n, o in lines if "event" in o]
    plain = [(n, o) for n, o in lines if "event" not in o]
    if records and plain:
        n = plain[0][0] if plain[0][0] > records[0][0] else records[0][0]
        problem: ErrorDetail = {
            "loc": f"{path}:{n}",
            "msg": "records and plain events mixed",
            "expected": "one form per file",
        }
        raise EventRejected(f"{path}: mixed forms; nothing was stored", [problem])
    if records:
        stored = ledger.append_records(
            regime_id,
            [o for _, o in records],
            locs=[f"{path}:{n}" for n, _ in records],
            define=define,
        )
    elif define is not None and plain:
        raise EventRejected(
            f"{path}: an export holds records, not plain events; nothing was stored",
            [
                {
                    "loc": f"{path}:{plain[0][0]}",
                    "msg": "plain event after a regime header",
                    "expected": "records written by accord ledger export",
                }
            ],
        )
    elif define is not None:
        stored = ledger.append_records(regime_id, [], define=define)
    else:
        known = {r.id for r in ledger.regimes()}
        defined = regime is not None and regime_id not in known
        stored = ledger.append(
            regime_id,
            [o for _, o in plain],
            recorded_by=recorded_by or f"import:{path.name}",
            locs=[f"{path}:{n}" for n, _ in plain],
            define=None if regime is None else (regime, None),
        )
    return ImportResult(regime_id, len(stored), defined)


def write_export(ledger: Ledger, regime_id: str, out: IO[str]) -> int:
    """Write the export of ``regime_id`` to ``out``; returns the number of events."""
    from accord.ledger.chain import ledger_definition

    info = ledger.regime_info(regime_id)
    header = {
        "regime": {
            "id": info.id,
            "hash": info.hash,
            "created_at": info.created_at,
            "definition": json.loads(ledger_definition(ledger, regime_id)),
        }
    }
    out.write(c.canonical(header) + "\n")
    n = 0
    for s in ledger.stream(regime_id):
        out.write(c.canonical(s.to_record()) + "\n")
        n += 1
    return n


def export_jsonl(ledger: Ledger, regime_id: str, path: Path) -> int:
    """Export to ``path`` atomically (a temporary file renamed into place)."""
    fd, tmp = tempfile.mkstemp(prefix=".export-", dir=path.resolve().parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as f:
            n = write_export(ledger, regime_id, f)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return n
