"""The wheel works on its own: built from the source, installed into a fresh virtual
environment with its declared dependencies only (no extras, no checkout on the path), it
lists and runs the bundled scenarios, and a command of an extra says what to install.

The dependencies are resolved from the wheel's own metadata into a folder kept between
runs (keyed by that metadata, so a changed dependency list resolves again); the fresh
environment sees them through a ``.pth`` file and holds nothing else.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
DEPS_CACHE = REPO / ".venv" / "wheel-deps"

pytestmark = pytest.mark.wheel


def _run(args: list[str | Path], cwd: Path, env: dict[str, str] | None = None) -> str:
    done = subprocess.run(
        [str(a) for a in args], cwd=cwd, env=env, capture_output=True, text=True, check=False
    )
    assert done.returncode == 0, f"{args}\n{done.stdout[-3000:]}\n{done.stderr[-3000:]}"
    return done.stdout


def _build(tmp: Path) -> Path:
    """Build the wheel from a copy of what the package is made of (no stray files)."""
    source = tmp / "source"
    shutil.copytree(
        REPO / "src" / "accord",
        source / "src" / "accord",
        ignore=shutil.ignore_patterns("__pycache__", "*.egg-info"),
    )
    for name in ("pyproject.toml", "README.md"):
        shutil.copy(REPO / name, source / name)
    _run([sys.executable, "-m", "build", "--wheel", "--outdir", tmp / "dist", source], tmp)
    (wheel,) = (tmp / "dist").glob("accord-*.whl")
    return wheel


def _core_dependencies(wheel: Path) -> Path:
    with zipfile.ZipFile(wheel) as archive:
        name = next(n for n in archive.namelist() if n.endswith(".dist-info/METADATA"))
        metadata = archive.read(name).decode()
    wanted = sorted(
        ln.removeprefix("Requires-Dist:").strip()
        for ln in metadata.splitlines()
        if ln.startswith("Requires-Dist:") and "extra ==" not in ln
    )
    key = hashlib.sha256("\n".join([sys.version, *wanted]).encode()).hexdigest()[:12]
    folder = DEPS_CACHE / key
    if not (folder / ".complete").exists():
        shutil.rmtree(folder, ignore_errors=True)
        pip = [sys.executable, "-m", "pip", "install", "--quiet", "--target", folder]
        _run([*pip, *wanted], REPO)
        (folder / ".complete").write_text("\n".join(wanted))
    return folder


@pytest.fixture(scope="module")
def installed(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A fresh environment holding the wheel; returns its ``bin`` folder."""
    tmp = tmp_path_factory.mktemp("wheel")
    wheel = _build(tmp)
    deps = _core_dependencies(wheel)
    venv = tmp / "venv"
    _run([sys.executable, "-m", "venv", "--without-pip", venv], tmp)
    pip = [sys.executable, "-m", "pip", "--python", venv / "bin" / "python", "install"]
    _run([*pip, "--quiet", "--no-deps", wheel], tmp)
    (site,) = (venv / "lib").glob("python*/site-packages")
    (site / "accord-core-dependencies.pth").write_text(str(deps) + "\n")
    return venv / "bin"


def _clean_env() -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PYTHON", "VIRTUAL_ENV"))}
    env["PATH"] = "/usr/bin:/bin"
    return env


def test_the_installed_wheel_runs_a_bundled_scenario_alone(installed: Path, tmp_path: Path) -> None:
    env = _clean_env()
    where = _run(
        [installed / "python", "-c", "import accord, sys; print(accord.__file__)"], tmp_path, env
    )
    assert str(installed.parent) in where and str(REPO / "src") not in where
    listing = _run([installed / "accord", "scenarios"], tmp_path, env)
    assert "russia-2022" in listing and "us-chips-china-2022" in listing
    out = tmp_path / "out"
    _run([installed / "accord", "run", "russia-2022", "--runs", "50", "--out", out], tmp_path, env)
    assert {p.name for p in out.iterdir()} >= {
        "report.html",
        "metrics.parquet",
        "trajectories.parquet",
    }


def test_a_command_of_a_missing_extra_says_what_to_install(installed: Path, tmp_path: Path) -> None:
    done = subprocess.run(
        [installed / "accord", "serve"],
        cwd=tmp_path,
        env=_clean_env(),
        capture_output=True,
        text=True,
    )
    assert done.returncode == 2, done.stderr
    assert "pip install 'accord[ledger]'" in done.stderr
    assert "Traceback" not in done.stderr


def test_the_python_api_works_with_the_core_alone(installed: Path, tmp_path: Path) -> None:
    code = (
        "import accord\n"
        "r = accord.load('russia-2022')\n"
        "s = accord.simulate(r, runs=5, months=6, seed=1)\n"
        "assert s.to_xarray()['level'].dims == ('run', 'month', 'member', 'measure')\n"
        "t = accord.compare(r, r.with_changes({'lead.credibility': 0.2}), runs=5, months=6)\n"
        "print(len(t), len(s.metrics()))\n"
    )
    shown = _run([installed / "python", "-c", code], tmp_path, _clean_env())
    assert shown.split()[0] == "16"
