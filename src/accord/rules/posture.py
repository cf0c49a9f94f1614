"""From implementation levels to postures: mimic, adjust, resist.

A member mimics when it implements (almost) what the framework requires, resists when it
implements (almost) nothing of it, and adjusts in between. Where nothing is required
(before adoption, after a lapse) every member matches the lead and counts as mimicking.
"""

from __future__ import annotations

import numpy as np
import numpy.typing as npt

from accord.domain import Posture

MIMIC_SHARE = 0.95
"""A member mimics when it implements at least this share of the required level."""

RESIST_SHARE = 0.1
"""A member resists when it implements less than this share of the required level."""

POSTURES: tuple[Posture, ...] = (Posture.MIMIC, Posture.ADJUST, Posture.RESIST)
"""Posture codes 0, 1, 2 in this order."""


def classify(level: npt.ArrayLike, required: npt.ArrayLike) -> npt.NDArray[np.int8]:
    """Posture codes (0 mimic, 1 adjust, 2 resist) of levels against requirements.

    Written as two comparisons against scaled requirements (level >= share x required)
    rather than a ratio, so it costs a few passes over the simulator's largest arrays;
    where nothing is required both comparisons hold and the member mimics.
    """
    lv = np.asarray(level, dtype=np.float32)
    rq = np.asarray(required, dtype=np.float32)
    out = np.full(np.broadcast_shapes(lv.shape, rq.shape), 2, dtype=np.int8)
    out -= lv >= np.float32(MIMIC_SHARE) * rq
    out -= lv >= np.float32(RESIST_SHARE) * rq
    return out


def posture_of(level: float, required: float) -> Posture:
    """The posture of one member on one measure."""
    return POSTURES[int(classify(level, required))]
