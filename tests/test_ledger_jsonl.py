"""Import and export: exact round trips, located errors, the bundled example history."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from accord.api.cli import DEMO_HISTORY
from accord.cli import app
from accord.errors import EventRejected
from accord.ledger.chain import verify_regime
from accord.ledger.jsonl import export_jsonl, import_jsonl
from accord.ledger.store import Ledger
from tests.ledger_support import BACKENDS, RUSSIA, database, posture, russia

RID = "russia-2022"


@pytest.mark.parametrize("backend", BACKENDS)
def test_export_import_export_is_byte_identical(backend: str, tmp_path: Path) -> None:
    key = tmp_path / "ledger.key"  # the same key: one organisation moving its ledger
    src = Ledger.open(f"sqlite:///{tmp_path / 'src.sqlite'}", key=key)
    src.define_regime(RID, russia())
    src.append(RID, [posture(m, note="héllo ✓") for m in ("DEU", "FRA", "ITA")], recorded_by="a")
    (wrong,) = src.append(RID, [posture("POL", level=0.3, posture="adjust")], recorded_by="b")
    src.append(
        RID,
        [{"kind": "correction", "date": "2022-05-03", "corrects": wrong.id, "reason": "typo"}],
        recorded_by="b",
    )
    first, second = tmp_path / "a.jsonl", tmp_path / "b.jsonl"
    assert export_jsonl(src, RID, first) == 5
    dst = Ledger.open(database(backend, tmp_path), key=key, anchor=tmp_path / "dst.anchor")
    result = import_jsonl(dst, first)
    assert (result.regime_id, result.stored, result.defined) == (RID, 5, True)
    export_jsonl(dst, RID, second)
    assert first.read_bytes() == second.read_bytes()
    assert verify_regime(dst, RID).ok
    assert dst.regime_info(RID) == src.regime_info(RID)
    src.close()
    dst.close()


def test_an_altered_export_is_refused(tmp_path: Path) -> None:
    src = Ledger.open(f"sqlite:///{tmp_path / 'src.sqlite'}", key=tmp_path / "k")
    src.define_regime(RID, russia())
    src.append(RID, [posture("DEU"), posture("FRA")], recorded_by="a")
    path = tmp_path / "x.jsonl"
    export_jsonl(src, RID, path)
    lines = path.read_text().splitlines()
    lines[2] = lines[2].replace('"recorded_by":"a"', '"recorded_by":"z"')
    path.write_text("\n".join(lines) + "\n")
    dst = Ledger.open(f"sqlite:///{tmp_path / 'dst.sqlite'}", key=tmp_path / "k")
    with pytest.raises(EventRejected) as err:
        import_jsonl(dst, path)
    assert err.value.errors[0]["loc"] == f"{path}:3.hash"
    assert dst.regimes() == []  # not even the regime was defined


def test_plain_events_with_a_bad_line_store_nothing(tmp_path: Path) -> None:
    path = tmp_path / "events.jsonl"
    good = json.dumps(posture("DEU"))
    path.write_text("\n".join([good, json.dumps(posture("FRA", level=3)), good]) + "\n")
    led = Ledger.open(f"sqlite:///{tmp_path / 'l.sqlite'}")
    with pytest.raises(EventRejected) as err:
        import_jsonl(led, path, regime_id=RID, regime=russia())
    assert [e["loc"] for e in err.value.errors] == [f"{path}:2.level"]
    assert led.regimes() == []
    path.write_text("\n".join([good, json.dumps(posture("FRA")), good]) + "\n")
    with pytest.raises(EventRejected) as err:
        import_jsonl(led, path, regime_id=RID, regime=russia())
    assert err.value.errors[0]["loc"] == f"{path}:3"
    assert f"same event as {path}:1" in err.value.errors[0]["msg"]
    assert led.regimes() == []
    path.write_text(good + "\n{not json\n")
    with pytest.raises(EventRejected, match=f"{path}:2: not valid JSON"):
        import_jsonl(led, path, regime_id=RID, regime=russia())


def test_bundled_history_is_real_dated_and_cited(tmp_path: Path) -> None:
    led = Ledger.open(f"sqlite:///{tmp_path / 'l.sqlite'}")
    result = import_jsonl(led, DEMO_HISTORY, regime_id=RID, regime=russia())
    assert result.stored >= 50
    events = led.history(RID)
    assert all(e.note.strip() for e in events), "every event cites its source in its note"
    kinds = {e.kind for e in events}
    assert {"measure_adopted", "posture_declared", "renewal_vote"} <= kinds
    assert verify_regime(led, RID).ok


def test_import_and_export_commands(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ACCORD_LEDGER_KEY", str(tmp_path / "ledger.key"))
    runner = CliRunner()
    db = f"sqlite:///{tmp_path / 'l.sqlite'}"
    out = runner.invoke(
        app,
        [
            "ledger",
            "import",
            str(DEMO_HISTORY),
            "--regime",
            RID,
            "--scenario",
            str(RUSSIA),
            "--db",
            db,
        ],
    )
    assert out.exit_code == 0, out.output
    exported = tmp_path / "x.jsonl"
    out = runner.invoke(app, ["ledger", "export", RID, "-o", str(exported), "--db", db])
    assert out.exit_code == 0, out.output
    stdout = runner.invoke(app, ["ledger", "export", RID, "--db", db])
    assert stdout.output == exported.read_text()
    db2 = f"sqlite:///{tmp_path / 'l2.sqlite'}"
    out = runner.invoke(app, ["ledger", "import", str(exported), "--db", db2])
    assert out.exit_code == 0, out.output
    again = runner.invoke(app, ["ledger", "export", RID, "--db", db2])
    assert again.output == exported.read_text()
    bad = tmp_path / "bad.jsonl"
    bad.write_text(json.dumps(posture("CHN")) + "\n")
    out = runner.invoke(app, ["ledger", "import", str(bad), "--regime", RID, "--db", db])
    assert out.exit_code == 1
    assert f"{bad}:1.member" in out.output and "Traceback" not in out.output
