"""OFAC listing dates from the six-hourly git scrape of ``sdn.csv``.

The legacy file carries no dates, so the date an entry was listed under a programme is
the commit time of the first snapshot in which that programme tag appears on that
entry (precision ``six_hours``). Tags already present in the first snapshot are
censored: they were listed *before* it. Reading is one ``git log -p`` over the bundle's
history (about 9 MB of diffs) rather than 300 checkouts; the clone is cached.
"""

from __future__ import annotations

import csv
import hashlib
import os
import shutil
import subprocess
from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from pathlib import Path

from accord.observe.ofac import SDN_COLUMNS, clean, parse_sdn_row, programmes
from accord.observe.records import Designation, ListsError, Precision, ReadReport

SDN_PATH = "sdn.csv"


@dataclass
class History:
    """First and last sighting of each entry and of each (entry, programme) pair."""

    first_snapshot: datetime | None = None
    last_snapshot: datetime | None = None
    snapshots: int = 0
    empty_snapshots: int = 0
    first_seen: dict[str, datetime] = field(default_factory=dict)
    last_seen: dict[str, datetime] = field(default_factory=dict)
    tag_first_seen: dict[tuple[str, str], datetime] = field(default_factory=dict)
    last_row: dict[str, str] = field(default_factory=dict)


def cache_dir() -> Path:
    """Where clones of bundles are kept (``ACCORD_CACHE_DIR`` or ``~/.cache/accord``)."""
    root = os.environ.get("ACCORD_CACHE_DIR")
    return Path(root) if root else Path.home() / ".cache" / "accord"


def clone_bundle(bundle: Path) -> Path:
    """Clone ``bundle`` (bare) into the cache once; later calls reuse the clone."""
    if not bundle.exists():
        raise ListsError.at(str(bundle), None, "", "file not found", "a git bundle")
    stat = bundle.stat()
    key = hashlib.sha256(f"{bundle.resolve()}:{stat.st_size}:{stat.st_mtime_ns}".encode())
    target = cache_dir() / "bundles" / key.hexdigest()[:16]
    if (target / "HEAD").exists():
        return target
    tmp = target.with_name(target.name + ".tmp")
    shutil.rmtree(tmp, ignore_errors=True)
    tmp.parent.mkdir(parents=True, exist_ok=True)
    done = subprocess.run(
        ["git", "clone", "--quiet", "--bare", str(bundle), str(tmp)],
        capture_output=True,
        text=True,
        check=False,
    )
    if done.returncode != 0:
        raise ListsError.at(str(bundle), None, "", done.stderr.strip(), "a readable git bundle")
    tmp.rename(target)
    return target


def _diffs(repo: Path) -> Iterator[str]:
    proc = subprocess.Popen(
        [
            "git",
            "-C",
            str(repo),
            "log",
            "-p",
            "--reverse",
            "--unified=0",
            "--no-renames",
            "--format=commit %H %cI",
            "--",
            SDN_PATH,
        ],
        stdout=subprocess.PIPE,
        encoding="latin-1",
    )
    if proc.stdout is None:  # pragma: no cover - Popen with PIPE always sets stdout
        raise ListsError.at(str(repo), None, "", "git produced no output", "a git log")
    yield from proc.stdout
    if proc.wait() != 0:
        raise ListsError.at(str(repo), None, "", "git log failed", "a git history of sdn.csv")


def _ent(line: str) -> str:
    return line.split(",", 1)[0]


def read_history(bundle: Path) -> History:
    """Replay the scrape's diffs and record when each entry and tag was first and last seen.

    A commit that leaves the file empty (the scrape's last commit) is a failed download,
    not a mass delisting: it is counted in ``empty_snapshots`` and ignored.
    """
    repo = clone_bundle(bundle)
    history = History()
    present: dict[str, str] = {}
    tags: dict[str, set[str]] = {}

    def apply(when: datetime | None, added: dict[str, str], removed: set[str]) -> None:
        if when is None:
            return
        after = {k: v for k, v in present.items() if k not in removed or k in added}
        after.update(added)
        if not after:
            history.empty_snapshots += 1
            return
        history.snapshots += 1
        if history.first_snapshot is None:
            history.first_snapshot = when
        for ent in set(present) - set(after):
            history.last_seen[ent] = previous[0] or when
        present.clear()
        present.update(after)
        for ent, line in added.items():
            history.first_seen.setdefault(ent, when)
            history.last_row[ent] = line
            row = next(csv.reader([line]))
            now = set(programmes(clean(row[3]))) if len(row) == SDN_COLUMNS else set()
            for tag in now - tags.get(ent, set()):
                history.tag_first_seen.setdefault((ent, tag), when)
            tags[ent] = now
        previous[0] = when

    previous: list[datetime | None] = [None]
    when: datetime | None = None
    added: dict[str, str] = {}
    removed: set[str] = set()
    for raw in _diffs(repo):
        line = raw.rstrip("\r\n")
        if line.startswith("commit "):
            apply(when, added, removed)
            when = datetime.fromisoformat(line.split()[2]).astimezone(UTC)
            added, removed = {}, set()
        elif line.startswith("+") and not line.startswith("+++"):
            body = line[1:].rstrip("\r")
            if body and body != "\x1a":
                added[_ent(body)] = body
        elif line.startswith("-") and not line.startswith("---"):
            body = line[1:].rstrip("\r")
            if body and body != "\x1a":
                removed.add(_ent(body))
    apply(when, added, removed)
    history.last_snapshot = previous[0]
    for ent in present:
        history.last_seen[ent] = previous[0]  # type: ignore[assignment]
    return history


def history_designations(bundle: Path) -> tuple[list[Designation], ReadReport, History]:
    """One designation per (entry, programme) ever seen, dated by its first sighting.

    The entry's details come from the last version of its row. Dates in the first
    snapshot are ``before`` that snapshot's day.
    """
    history = read_history(bundle)
    report = ReadReport(source=f"{bundle} (history of {SDN_PATH})")
    if history.first_snapshot is None:
        raise ListsError.at(str(bundle), None, SDN_PATH, "no snapshot", "a history of sdn.csv")
    first_day = history.first_snapshot.date()
    tags_of: dict[str, dict[str, datetime]] = {}
    for (ent, tag), seen in history.tag_first_seen.items():
        tags_of.setdefault(ent, {})[tag] = seen
    out: list[Designation] = []
    for ent, line in history.last_row.items():
        report.rows += 1
        row = next(csv.reader([line]))
        made = parse_sdn_row(row, f"{bundle}@{SDN_PATH}", 0, first_day, Precision.BEFORE)
        report.used += 1
        # a tag dropped before the row's last version was still a listing: keep it
        template = made[0]
        current = {d.programme for d in made}
        for tag in sorted(set(tags_of.get(ent, {})) - current):
            made.append(replace(template, programme=tag, aliases=list(template.aliases)))
        for d in made:
            seen = tags_of.get(ent, {}).get(d.programme, history.first_seen[ent])
            if seen > history.first_snapshot:
                d.listed_on, d.precision = seen.date(), Precision.SIX_HOURS
            out.append(d)
    report.designations = len(out)
    return out, report, history
