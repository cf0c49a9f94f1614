"""Exports carry a signed trailer: a truncated, rehashed or foreign-signed export is refused,
and the export and import commands end every bad case in a located error, changing nothing."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from accord.cli import app
from accord.errors import EventRejected
from accord.ledger import canonical as c
from accord.ledger.jsonl import export_jsonl, import_jsonl
from accord.ledger.store import Ledger
from accord.ledger.trailer import make_trailer
from tests.ledger_support import RUSSIA, posture, russia

RID = "russia-2022"


@pytest.fixture
def exported(tmp_path: Path) -> tuple[Path, Path]:
    """An export of five events signed by the key at the second path."""
    key = tmp_path / "ledger.key"
    led = Ledger.open(f"sqlite:///{tmp_path / 'src.sqlite'}", key=key)
    led.define_regime(RID, russia())
    led.append(RID, [posture(m) for m in ("DEU", "FRA", "ITA", "POL", "ESP")], recorded_by="s")
    path = tmp_path / "export.jsonl"
    export_jsonl(led, RID, path)
    led.close()
    return path, key


def _fresh(tmp_path: Path, name: str, key: Path | None = None) -> Ledger:
    return Ledger.open(f"sqlite:///{tmp_path / name}", key=key or tmp_path / f"{name}.key")


def test_a_trusted_export_imports(exported: tuple[Path, Path], tmp_path: Path) -> None:
    path, key = exported
    dst = _fresh(tmp_path, "dst.sqlite")
    with pytest.raises(EventRejected, match="not signed by a trusted key"):
        import_jsonl(dst, path)  # another ledger's key is not trusted by default
    assert dst.regimes() == []
    assert import_jsonl(dst, path, trust=[key]).stored == 5


def test_a_truncated_export_is_refused(exported: tuple[Path, Path], tmp_path: Path) -> None:
    path, key = exported
    lines = path.read_text().splitlines()
    for cut in (lines[:-1], lines[:-2], [*lines[:-3], lines[-1]]):  # trailer gone; or records
        path.write_text("\n".join(cut) + "\n")
        dst = _fresh(tmp_path, f"d{len(cut)}.sqlite", key)
        with pytest.raises(EventRejected) as err:
            import_jsonl(dst, path)
        assert "trailer" in err.value.message and "nothing was stored" in err.value.message
        assert dst.regimes() == []


def test_a_re_signed_export_is_refused(exported: tuple[Path, Path], tmp_path: Path) -> None:
    """Drop the last record and write a new trailer signed with the attacker's own key."""
    path, key = exported
    lines = path.read_text().splitlines()
    header = json.loads(lines[0])["regime"]
    records = [json.loads(x) for x in lines[1:-2]]
    attacker = _fresh(tmp_path, "attacker.sqlite")
    regime_header = c.header_hash(
        regime_id=RID,
        name=header["definition"]["name"],
        created_at=header["created_at"],
        definition_hash=header["hash"],
    )
    trailer = make_trailer(attacker.signer, RID, regime_header, len(records), records[-1]["hash"])
    path.write_text("\n".join([*lines[:-2], c.canonical(trailer)]) + "\n")
    dst = _fresh(tmp_path, "dst.sqlite", key)
    with pytest.raises(EventRejected, match="not signed by a trusted key"):
        import_jsonl(dst, path)
    assert dst.regimes() == []


def test_an_unsigned_export_needs_consent(tmp_path: Path) -> None:
    led = Ledger.open("sqlite://")  # in memory: no key
    led.define_regime(RID, russia())
    led.append(RID, [posture()], recorded_by="s")
    path = tmp_path / "x.jsonl"
    export_jsonl(led, RID, path)
    dst = _fresh(tmp_path, "dst.sqlite")
    with pytest.raises(EventRejected, match="not signed"):
        import_jsonl(dst, path)
    assert import_jsonl(dst, path, allow_unsigned=True).stored == 1


def test_export_refuses_to_overwrite_or_write_a_folder(exported: tuple[Path, Path]) -> None:
    path, key = exported
    db = f"sqlite:///{path.parent / 'src.sqlite'}"
    before = path.read_bytes()
    runner = CliRunner()
    out = runner.invoke(
        app, ["ledger", "export", RID, "-o", str(path), "--db", db, "--key", str(key)]
    )
    assert out.exit_code == 1 and "exists" in out.output and "--force" in out.output
    assert path.read_bytes() == before
    folder = path.parent / "folder"
    folder.mkdir()
    out = runner.invoke(app, ["ledger", "export", RID, "-o", str(folder), "--db", db])
    assert out.exit_code == 1 and "is a folder" in out.output and "Traceback" not in out.output
    assert list(folder.iterdir()) == []
    out = runner.invoke(
        app, ["ledger", "export", RID, "-o", str(path), "--force", "--db", db, "--key", str(key)]
    )
    assert out.exit_code == 0 and path.read_bytes() == before


def test_a_line_nested_100000_deep_is_a_located_error(tmp_path: Path) -> None:
    path = tmp_path / "deep.jsonl"
    path.write_text("[" * 100_000 + "]" * 100_000 + "\n")
    db = f"sqlite:///{tmp_path / 'l.sqlite'}"
    out = CliRunner().invoke(
        app, ["ledger", "import", str(path), "--regime", RID, "--scenario", str(RUSSIA), "--db", db]
    )
    assert out.exit_code == 1 and f"{path}:1" in out.output and "nested too deeply" in out.output
    assert "Traceback" not in out.output
    assert Ledger.open(db).regimes() == []
