"""Figures of the experiment commands: small multiples written as PNG files.

matplotlib is imported here, inside functions, and each figure draws on its own Agg
canvas, so commands work without a display, importing Accord stays light, and a
notebook's matplotlib backend is never switched.
"""

from __future__ import annotations

import math
import os
from pathlib import Path
from typing import Any


def figure(panels: int, title: str, columns: int = 3) -> tuple[Any, list[Any]]:
    """A figure of ``panels`` axes in rows of ``columns``; unused axes are hidden. It has
    its own Agg canvas (no pyplot), so no global backend is chosen or switched."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    cols = max(1, min(columns, panels))
    rows = max(1, math.ceil(panels / cols))
    fig = Figure(figsize=(4.2 * cols, 3.0 * rows), layout="constrained")
    FigureCanvasAgg(fig)
    grid = fig.subplots(rows, cols, squeeze=False)
    axes = [ax for row in grid for ax in row]
    for ax in axes[panels:]:
        ax.set_visible(False)
    fig.suptitle(title)
    return fig, axes[:panels]


def save(fig: Any, path: Path) -> None:
    """Write the figure whole (temporary name, then rename)."""
    tmp = path.with_name(path.stem + ".tmp" + path.suffix)
    fig.savefig(tmp, dpi=110)
    os.replace(tmp, path)
