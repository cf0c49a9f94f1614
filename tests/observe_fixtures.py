"""Shared helpers for the observe tests: a lists folder built from the committed extracts.

The US scrape history is rebuilt as a small git bundle from two committed snapshots
(the real rows of 2021-08-18 and 2022-03-04) plus an emptied file, as the real scrape
ends. EU files are never committed: tests needing them use the shared folder.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

DATA = Path(__file__).parent / "data" / "observe"
SHARED = Path(
    os.environ.get("ACCORD_LISTS_DIR")
    or Path(__file__).resolve().parents[1].parent / "shared" / "data" / "lists"
)
SNAPSHOTS = (
    ("snapshot_2021-08-18.csv", "2021-08-18T09:39:01+00:00"),
    ("snapshot_2022-03-04.csv", "2022-03-04T02:03:13+00:00"),
    (None, "2022-03-05T02:00:00+00:00"),  # the scrape's failed download: an empty file
)


def build_bundle(target: Path) -> Path:
    """A git bundle of ``sdn.csv`` snapshots, committed at the scrape's times."""
    repo = target / "scrape"
    repo.mkdir(parents=True)

    def git(*args: str, when: str = "2021-01-01T00:00:00+00:00") -> None:
        env = {
            **os.environ,
            "GIT_AUTHOR_DATE": when,
            "GIT_COMMITTER_DATE": when,
            "GIT_AUTHOR_NAME": "scrape",
            "GIT_AUTHOR_EMAIL": "scrape@example.org",
            "GIT_COMMITTER_NAME": "scrape",
            "GIT_COMMITTER_EMAIL": "scrape@example.org",
        }
        subprocess.run(["git", "-C", str(repo), *args], check=True, env=env, capture_output=True)

    git("init", "-q")
    for name, when in SNAPSHOTS:
        text = (DATA / "us_history" / name).read_bytes() if name else b""
        (repo / "sdn.csv").write_bytes(text)
        git("add", "sdn.csv")
        git("commit", "-q", "-m", f"snapshot {when}", when=when)
    bundle = target / "history.bundle"
    git("bundle", "create", str(bundle), "--all")
    shutil.rmtree(repo)
    return bundle


def build_lists(root: Path) -> Path:
    """A lists folder in the shared layout, from the committed US, UN and UK extracts."""
    lists = root / "lists"
    (lists / "us_ofac" / "sdn_gitscrape").mkdir(parents=True)
    shutil.copytree(DATA / "us_ofac" / "sdn_2021-07", lists / "us_ofac" / "sdn_2021-07")
    bundle = build_bundle(root / "bundle")
    shutil.copy(bundle, lists / "us_ofac" / "sdn_gitscrape" / "history.bundle")
    shutil.copytree(DATA / "un", lists / "un")
    shutil.copytree(DATA / "uk", lists / "uk")
    return lists
