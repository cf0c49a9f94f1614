"""``accord economics`` as text for people: units on every number, the coalition and
the target marked, names beside codes, and the reach terms explained where they appear.

Only the table format lives here; the JSON format keeps its field names (``loss_pct``
and the like) for programs.
"""

from __future__ import annotations

from collections.abc import Collection
from datetime import date
from typing import TYPE_CHECKING, Any

from accord.scenario.suggest import country_name

if TYPE_CHECKING:
    from accord.economics.value import CoalitionValue

UNITS = (
    "Output loss of each economy, in percent of its own gross output (OECD ICIO 2022; "
    "positive = a loss, negative = a gain). * coalition member, T target."
)


def _who(code: str, members: Collection[str], target: str) -> str:
    mark = "T" if code == target else "*" if code in members else " "
    return f"{mark} {code}  {country_name(code)[:24]:<24}"


def losses_text(result: dict[str, Any], members: Collection[str], target: str) -> list[str]:
    """The losses table with its units, members and target marked."""
    lines = [UNITS, "", f"  {'economy':<29} loss, % of own output"]
    lines += [
        f"{_who(r['economy'], members, target)} {r['loss_pct']:10.4f}" for r in result["losses"]
    ]
    lines += [
        "",
        f"leakage: {result['leakage']:.1%} of the sanctioned trade still reaches the target "
        "through third parties.",
    ]
    return lines


def coalition_affinity(
    candidates: list[str], members: Collection[str], target: str, day: date
) -> dict[str, float]:
    """Each candidate's affinity with the coalition on ``day``: its mean closeness
    (security ties, blocs, UN voting; :func:`accord.covariates.affinity.closeness`) to
    the members, less its closeness to the target, in [-1, 1]; empty when the bundled
    covariates cannot answer for that day."""
    import numpy as np

    from accord.covariates.affinity import closeness
    from accord.covariates.store import bundled
    from accord.covariates.tables import CovariateError

    try:
        snapshot = bundled().as_of(day)
        ties = np.mean([closeness(snapshot, candidates, m) for m in members], axis=0)
        away = closeness(snapshot, candidates, target)
    except CovariateError:
        return {}
    return {c: float(a - b) for c, a, b in zip(candidates, ties, away, strict=True)}


def value_text(v: CoalitionValue, members: Collection[str], day: date | None = None) -> list[str]:
    """Coalition value: the target's loss, the two reaches, partners, burden sharing."""
    lines = [
        "",
        f"Target {v.target} ({country_name(v.target)}) loses {v.target_loss:.3f} % of its "
        "gross output.",
        f"  horizontal reach {v.horizontal:.1%}: that loss as a share of what every economy "
        f"imposing the same measures would inflict ({v.global_target_loss:.3f} %);",
        f"  vertical reach {v.vertical:.1%}: that loss as a share of what a full embargo by the "
        f"same members would inflict ({v.embargo_target_loss:.3f} %).",
        "",
        "Partners worth courting: the extra loss of the target (% of its output) if an economy "
        "joined with the same measures, beside that economy's own cost (% of its output) and "
        "its affinity with the coalition.",
        f"  {'economy':<29} {'extra target loss':>17} {'own cost':>9} {'ratio':>7} {'affinity':>9}",
    ]
    shown = v.candidates[:15]
    day = day or date.today()
    close = coalition_affinity([c.economy for c in shown], members, v.target, day)
    for c in shown:
        ratio = c.extra_target_loss / c.own_cost if c.own_cost > 0 else float("inf")
        near = f"{close[c.economy]:+9.2f}" if c.economy in close else f"{'-':>9}"
        lines.append(
            f"{_who(c.economy, members, v.target)} {c.extra_target_loss:17.4f} "
            f"{c.own_cost:9.4f} {ratio:7.2f} {near}"
        )
    lines += [
        "  (ratio: extra target loss per unit of own cost; affinity in [-1, 1]: mean "
        "closeness to the members through security ties, blocs and UN voting, less "
        f"closeness to the target, as of {day:%d %b %Y}.)",
        "",
        f"Burden sharing: transfers that leave every member at the coalition's common loss "
        f"rate of {v.common_loss_rate:.4f} % of output (output-weighted mean); in % of own "
        "output, positive = receives.",
        f"  {'economy':<29} {'loss':>8} {'transfer':>9}",
    ]
    lines += [
        f"{_who(b.economy, members, v.target)} {b.loss_pct:8.4f} {b.transfer_pct:9.4f}"
        for b in v.burden
    ]
    return lines
