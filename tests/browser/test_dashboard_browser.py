"""The dashboard in a real browser: Debian's Chromium driven by Playwright.

Loads the pages, filters the timeline (htmx), signs in as a member, records a posture
through the form and sees the compliance matrix change. Skips without Chromium, except
under CI, where ``.ci/run`` installs it and a missing browser is a failure.
"""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator
from typing import Any

import pytest

from accord.api.app import create_app
from accord.api.cli import DEMO_HISTORY
from accord.ledger.jsonl import import_jsonl
from accord.ledger.store import Ledger
from accord.ledger.tokens import Role, issue_token
from tests.browser.support import browser_context
from tests.ledger_support import russia

RID = "russia-2022"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, str]]:
    import uvicorn

    ledger = Ledger.open(f"sqlite:///{tmp_path_factory.mktemp('browser') / 'l.sqlite'}")
    import_jsonl(ledger, DEMO_HISTORY, regime_id=RID, regime=russia())
    token = issue_token(ledger, "germany", Role.MEMBER, "DEU")
    port = _free_port()
    config = uvicorn.Config(create_app(ledger), host="127.0.0.1", port=port, log_level="warning")
    srv = uvicorn.Server(config)
    thread = threading.Thread(target=srv.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 30
    while not srv.started:
        assert time.monotonic() < deadline, "the server did not start"
        time.sleep(0.05)
    yield f"http://127.0.0.1:{port}", token
    srv.should_exit = True
    thread.join(timeout=10)
    ledger.close()


@pytest.fixture(scope="module")
def page(server: tuple[str, str]) -> Iterator[Any]:
    with browser_context() as context:
        pg = context.new_page()
        pg.set_default_timeout(20_000)
        yield pg


def test_member_records_a_posture_and_the_matrix_changes(
    server: tuple[str, str], page: Any
) -> None:
    base, token = server
    page.goto(base + "/")
    assert page.url.endswith("/login")
    page.fill("input[name=token]", "wrong")
    page.click("button[type=submit]")
    assert "unknown or revoked token" in page.inner_text("#login-error")
    page.fill("input[name=token]", token)
    page.click("button[type=submit]")
    page.wait_for_url(base + "/")
    assert "germany (member DEU)" in page.inner_text("header")
    page.click(f"text={RID}")

    page.wait_for_selector("#chain")
    assert "intact" in page.inner_text("#chain")
    assert page.locator("#measures tr").count() == 1 + len(russia().measures)
    assert page.locator("#cohesion polyline").count() == 1

    page.goto(f"{base}/regimes/{RID}/timeline")
    page.select_option("select[name=member]", "CAN")  # htmx swaps the rows in place
    page.wait_for_function(
        "() => [...document.querySelectorAll('#rows tr')].every(r => r.innerText.includes('CAN'))"
    )
    assert page.locator("#rows tr").count() == 3

    cell = '#matrix td[data-member="DEU"][data-measure="cbr_freeze"]'
    page.goto(f"{base}/regimes/{RID}/matrix?at=2022-05-20")
    assert page.get_attribute(cell, "class") == "mimic"
    assert page.inner_text(cell).startswith("1.00 / 1.00")

    page.click("text=Declare a posture")
    page.select_option("select[name=measure]", "cbr_freeze")
    page.select_option("select[name=posture]", "adjust")
    page.fill("input[name=level]", "0.5")
    page.fill("input[name=date]", "2022-05-20")
    page.fill("input[name=note]", "partial unfreezing, recorded in the browser test")
    page.click("#record button[type=submit]")
    page.wait_for_url(f"{base}/regimes/{RID}/matrix?at=2022-05-20")
    assert page.get_attribute(cell, "class") == "adjust"
    assert page.inner_text(cell).startswith("0.50 / 1.00 adjust")

    page.goto(f"{base}/regimes/{RID}/record")
    page.fill("input[name=level]", "7")
    page.fill("input[name=date]", "2022-05-21")
    page.click("#record button[type=submit]")
    assert "body.level" in page.inner_text("#errors")
