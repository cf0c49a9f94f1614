"""The tutorial notebook runs from top to bottom and shows what it says it shows."""

from __future__ import annotations

from pathlib import Path

import jupytext
import nbclient

NOTEBOOK = Path(__file__).resolve().parents[1] / "notebooks" / "tutorial.py"


def test_the_tutorial_executes(tmp_path: Path) -> None:
    notebook = jupytext.read(NOTEBOOK)
    nbclient.NotebookClient(
        notebook,
        timeout=600,
        kernel_name="python3",
        resources={"metadata": {"path": str(tmp_path)}},
    ).execute()
    outputs = [o for cell in notebook.cells if cell.cell_type == "code" for o in cell.outputs]
    assert not [o for o in outputs if o.output_type == "error"]
    text = "\n".join(
        o.get("text", "") + str(o.get("data", {}).get("text/plain", "")) for o in outputs
    )
    assert "Russia 2022" in text
    assert "majority, no pipeline exemption" in text
    assert "needs a threshold" in text  # the refused change, with what was expected
    assert any("image/png" in o.get("data", {}) for o in outputs)  # the plot
