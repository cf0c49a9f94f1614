"""Debian's Chromium driven by Playwright, for the browser tests. Skips without Chromium
or Playwright, except under CI, where ``.ci/run`` installs them and a missing browser
is a failure."""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest

from tests.ledger_support import in_ci

FLAGS = [
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def chromium() -> str:
    path = os.environ.get("ACCORD_CHROMIUM") or shutil.which("chromium") or "/usr/bin/chromium"
    if not Path(path).exists():
        reason = f"Chromium not found at {path} (apt-get install chromium; .ci/run does)"
        if in_ci():
            pytest.fail(reason)
        pytest.skip(reason)
    return path


@contextmanager
def browser_context(**options: Any) -> Iterator[Any]:
    """A headless Chromium browser context (``options`` as Playwright's ``new_context``)."""
    exe = chromium()
    try:
        from playwright.sync_api import sync_playwright
    except ImportError as exc:  # the dev extra installs it
        if in_ci():
            pytest.fail(f"playwright is not installed: {exc}")
        pytest.skip(f"playwright is not installed: {exc}")
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=exe, args=FLAGS, headless=True)
        context = browser.new_context(**options)
        try:
            yield context
        finally:
            context.close()
            browser.close()
