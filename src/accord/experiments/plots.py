"""Figures of the experiment commands: small multiples written as PNG files.

matplotlib is imported here, inside functions, with the non-interactive Agg backend, so
commands work without a display and importing Accord stays light.
"""

from __future__ import annotations

import math
import os
from pathlib import Path
from typing import Any


def figure(panels: int, title: str, columns: int = 3) -> tuple[Any, list[Any]]:
    """A figure of ``panels`` axes in rows of ``columns``; unused axes are hidden."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    cols = max(1, min(columns, panels))
    rows = max(1, math.ceil(panels / cols))
    fig, grid = plt.subplots(
        rows, cols, figsize=(4.2 * cols, 3.0 * rows), squeeze=False, layout="constrained"
    )
    axes = [ax for row in grid for ax in row]
    for ax in axes[panels:]:
        ax.set_visible(False)
    fig.suptitle(title)
    return fig, axes[:panels]


def save(fig: Any, path: Path) -> None:
    """Write the figure whole (temporary name, then rename) and release it."""
    import matplotlib.pyplot as plt

    tmp = path.with_name(path.stem + ".tmp" + path.suffix)
    fig.savefig(tmp, dpi=110)
    plt.close(fig)
    os.replace(tmp, path)
