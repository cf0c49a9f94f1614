"""Accord never switches a notebook's matplotlib backend or its settings.

Each check runs in a fresh interpreter that first selects the backend a Jupyter kernel
uses (``matplotlib_inline``), as a notebook does before anyone imports Accord.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

INLINE = "module://matplotlib_inline.backend_inline"

PRELUDE = f"""
import matplotlib
matplotlib.use({INLINE!r})
before_backend = matplotlib.get_backend()
before_rc = dict(matplotlib.rcParams)
"""

CHECK = """
after_rc = dict(matplotlib.rcParams)
changed = sorted(k for k in before_rc if before_rc[k] != after_rc[k] and k != "backend")
assert matplotlib.get_backend() == before_backend, (before_backend, matplotlib.get_backend())
assert not changed, changed
print("ok")
"""


def _run(body: str, cwd: Path) -> None:
    code = PRELUDE + body + CHECK
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, cwd=cwd, check=False
    )
    assert done.returncode == 0 and done.stdout.strip() == "ok", done.stderr[-2000:]


def test_importing_accord_and_its_report_keeps_the_backend(tmp_path: Path) -> None:
    _run("import accord, accord.report, accord.report.figures, accord.report.html\n", tmp_path)


def test_drawing_the_report_and_experiment_figures_keeps_backend_and_settings(
    tmp_path: Path,
) -> None:
    body = """
from datetime import date
from pathlib import Path
import pandas as pd
from accord.report import figures
from accord.experiments import compare
from tests.sim_support import sim_costs, sim_regime
from accord.sim import simulate

res = simulate(sim_regime(), sim_costs(), 20, 12, 0)
for draw in (figures.cohesion, figures.target_pressure, figures.events, figures.posture_shares):
    assert b"<svg" in draw(res, date(2022, 1, 1))[:500]
assert b"<svg" in figures.member_costs(res)[:500]
assert b"<svg" in figures.posture_map(res, date(2022, 1, 1))[:500]
table = pd.DataFrame({"design": ["a", "b"], "baseline": ["a", "a"], "metric": ["m", "m"],
                      "difference": [0.0, 1.0], "ci_low": [0.0, 0.5], "ci_high": [0.0, 1.5]})
compare.plot(table, Path("compare.png"))
assert Path("compare.png").read_bytes().startswith(b"\\x89PNG")
"""
    repo = Path(__file__).resolve().parents[1]
    _run(
        f"import sys; sys.path.insert(0, {str(repo)!r}); import os; os.chdir({str(tmp_path)!r})\n"
        + body,
        tmp_path,
    )
