"""The scenarios bundled with Accord: real regimes written from public sources.

They ship inside the package, so an installed wheel can run them by name
(``accord run russia-2022``, ``accord.load("russia-2022")``) without a checkout of the
repository. A name is a file's stem; a path to a file always wins over a name.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from accord.errors import ScenarioError

if TYPE_CHECKING:
    from accord.domain import Regime

FOLDER = Path(__file__).resolve().parent
SUFFIX = ".toml"


def bundled() -> dict[str, Path]:
    """Every bundled scenario by name (its file's stem), in name order."""
    return {p.stem: p for p in sorted(FOLDER.glob(f"*{SUFFIX}"))}


def bundled_path(name: str) -> Path:
    """The file of the bundled scenario ``name`` (ScenarioError listing the names if none)."""
    found = bundled().get(name.removesuffix(SUFFIX))
    if found is None:
        names = ", ".join(bundled())
        raise ScenarioError(
            f"{name}: no such file and no bundled scenario of that name; "
            f"expected a scenario file or one of: {names}",
            file=name,
        )
    return found


def locate(scenario: str | Path) -> Path:
    """``scenario`` itself when it names an existing path or looks like one (has a folder
    or a suffix), else the bundled scenario of that name."""
    path = Path(scenario)
    if path.exists() or len(path.parts) > 1 or (path.suffix and path.suffix != SUFFIX):
        return path
    if path.suffix == SUFFIX and path.stem not in bundled():
        return path
    return bundled_path(path.name)


def load(scenario: str | Path) -> Regime:
    """Read and validate a scenario file, or the bundled scenario of that name."""
    from accord.scenario import load_scenario

    return load_scenario(locate(scenario))


__all__ = ["FOLDER", "bundled", "bundled_path", "load", "locate"]
