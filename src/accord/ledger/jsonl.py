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
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

from accord.domain import Regime
from accord.errors import ErrorDetail, EventRejected, InvalidArgument
from accord.ledger import canonical as c
from accord.ledger.restore import append_records
from accord.ledger.signing import load_public
from accord.ledger.store import Ledger
from accord.ledger.trailer import Expected, check_trailer, make_trailer


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
        except RecursionError:
            raise EventRejected(
                f"{path}:{n}: nested too deeply; nothing was stored",
                [{"loc": f"{path}:{n}", "msg": "nested too deeply", "expected": "an event"}],
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


def _header(path: Path, n: int, header: Any) -> tuple[str, Regime, str, str]:
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
    head = c.header_hash(
        regime_id=rid, name=regime.name, created_at=created, definition_hash=digest
    )
    return rid, regime, created, head


def _check_export(
    path: Path,
    lines: list[tuple[int, dict[str, Any]]],
    header: tuple[str, str, str],
    trusted: list[Any],
    allow_unsigned: bool,
) -> None:
    """Compare the trailer with the records (it is taken off ``lines``)."""
    regime_id, header_hash, definition_hash = header
    trailer_line, trailer = (None, None)
    if lines and "trailer" in lines[-1][1]:
        trailer_line, obj = lines.pop()
        trailer = obj["trailer"]
    records = [o for _, o in lines]
    last = records[-1].get("hash") if records else definition_hash
    got = Expected(regime_id, header_hash, len(records), str(last))
    check_trailer(path, trailer_line, trailer, got, trusted, allow_unsigned)


def import_jsonl(
    ledger: Ledger,
    path: Path,
    *,
    regime_id: str | None = None,
    regime: Regime | None = None,
    recorded_by: str | None = None,
    trust: Sequence[Path] = (),
    allow_unsigned: bool = False,
) -> ImportResult:
    """Import ``path``: an export (header + records + trailer) or plain events.

    An export's trailer must match its records and be signed by the ledger's own key or
    one of ``trust`` (public keys in PEM); ``allow_unsigned`` admits an export written
    by a ledger without a key. With ``regime`` given, plain events may be imported into a
    regime that is not yet defined: the definition and the events are stored together.
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
        regime_id, header_regime, created, header_hash = _header(path, n, head["regime"])
        trusted = [load_public(p) for p in trust]
        if ledger.signer is not None:
            trusted.append(ledger.signer.public)
        digest = str(head["regime"]["hash"])
        _check_export(path, lines, (regime_id, header_hash, digest), trusted, allow_unsigned)
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
        stored = append_records(
            ledger,
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
        stored = append_records(ledger, regime_id, [], define=define)
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
    header_hash = c.header_hash(
        regime_id=info.id, name=info.name, created_at=info.created_at, definition_hash=info.hash
    )
    header = {
        "regime": {
            "id": info.id,
            "hash": info.hash,
            "created_at": info.created_at,
            "definition": json.loads(ledger_definition(ledger, regime_id)),
        }
    }
    out.write(c.canonical(header) + "\n")
    n, last = 0, info.hash
    for s in ledger.stream(regime_id):
        out.write(c.canonical(s.to_record()) + "\n")
        n, last = n + 1, s.hash
    trailer = make_trailer(ledger.signer, info.id, header_hash, n, last)
    out.write(c.canonical(trailer) + "\n")
    return n


def export_jsonl(ledger: Ledger, regime_id: str, path: Path, *, force: bool = False) -> int:
    """Export to ``path`` atomically (a temporary file renamed into place); an existing
    file is replaced only with ``force``, a folder never."""
    ledger.regime_info(regime_id)  # an unknown regime writes nothing
    if path.is_dir():
        raise _bad_output(path, "is a folder", "a file name")
    if path.exists() and not force:
        raise _bad_output(path, "exists", "a new file, or --force to replace it")
    try:
        fd, tmp = tempfile.mkstemp(prefix=".export-", dir=path.resolve().parent)
    except OSError as exc:
        raise _bad_output(
            path, f"cannot write there ({exc.strerror})", "a writable folder"
        ) from None
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as f:
            n = write_export(ledger, regime_id, f)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return n


def _bad_output(path: Path, msg: str, expected: str) -> InvalidArgument:
    return InvalidArgument(
        f"{path}: {msg}; nothing was written",
        [{"loc": "--output", "msg": msg, "expected": expected}],
    )
