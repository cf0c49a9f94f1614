"""Posture, package posture and cohesion: one definition each, for every driver.

The simulator, the ledger's projections, the replay of observed lists and the Mesa
reference all read postures and cohesion from here, so simulated, recorded and observed
cohesion are the same number computed from the same kind of input.

- **Reference**: what matching the lead means for a member and a measure: the level the
  framework requires of it while the measure is in force for it; after the act holding it
  lapsed for the member, the lead's own level (the lead keeps its measure, with the
  agreed carve-outs), so a member that dropped it no longer matches.
- **Due**: a measure is due from a member when its reference is positive. Before a
  measure is adopted, or where the member is not bound by it, nothing is due and the
  member has no posture on it.
- **Posture** on a due measure: :func:`accord.rules.classify` of the level against the
  reference (mimic at 95 % or more, resist below 10 %). A member with no record of a due
  measure (the ledger) has not adopted it and resists.
- **Package posture**: over the measures due from a member, mimic when it mimics every
  one, resist when it resists more than half of them, adjust otherwise.
- **Cohesion**: over the members with something due, the weight-averaged share of their
  due measures they mimic: ``sum_m w_m * mimic_m / due_m`` divided by the weight of those
  members; 1 when nothing is due from anyone (there is nothing to deviate from).
- **Alignment** (coverage): the same average of ``min(level / reference, 1)``. It moves
  before postures flip; on designation lists, where a member's level is the share of the
  lead's designations its list covers, it is the observed cohesion.
"""

from __future__ import annotations

import numpy as np
import numpy.typing as npt

from accord.domain import Posture
from accord.rules.posture import POSTURES, classify
from accord.rules.types import F32, B

I8 = npt.NDArray[np.int8]


def over_due(per_member: npt.ArrayLike, due: npt.ArrayLike, weight: F32) -> F32:
    """[...] ``sum_m w_m * per_member_m / due_m`` over the members with something due,
    divided by their weight; 1 where nothing is due from anyone. ``per_member`` ``[..., M]``
    sums a quantity over each member's due measures (the mimicked count for cohesion, the
    covered shares for alignment); ``due`` counts its due measures."""
    n_mimic = np.asarray(per_member, dtype=np.float32)
    n_due = np.asarray(due, dtype=np.float32)
    has = n_due > 0
    share = np.divide(n_mimic, np.maximum(n_due, 1.0), dtype=np.float32)
    w = np.asarray(weight, dtype=np.float32)
    counted = (has * w).sum(axis=-1)
    total = (share * has * w).sum(axis=-1)
    out = np.where(counted > 0, total / np.maximum(counted, 1e-30), 1.0)
    return np.asarray(out, dtype=np.float32)


def cohesion(level: npt.ArrayLike, reference: npt.ArrayLike, weight: F32) -> F32:
    """[...] cohesion of levels ``[..., M, K]`` against references (NaN level: no record)."""
    lv = np.asarray(level, dtype=np.float32)
    ref = np.asarray(reference, dtype=np.float32)
    due = ref > 0
    mimic = (classify(np.nan_to_num(lv), ref) == 0) & ~np.isnan(lv) & due
    return over_due(mimic.sum(axis=-1), due.sum(axis=-1), weight)


def alignment(level: npt.ArrayLike, reference: npt.ArrayLike, weight: F32) -> F32:
    """[...] coverage-based cohesion: weighted mean over members with something due of
    the mean over their due measures of ``min(level / reference, 1)`` (NaN level: 0)."""
    lv = np.nan_to_num(np.asarray(level, dtype=np.float32))
    ref = np.asarray(reference, dtype=np.float32)
    due = ref > 0
    ratio = np.where(due, np.minimum(lv / np.where(due, ref, 1.0), 1.0), 0.0)
    return over_due(ratio.sum(axis=-1), due.sum(axis=-1), weight)


def package_posture(posture: I8, due: B) -> I8:
    """[..., M] each member's posture toward the package (codes as :func:`classify`;
    -1 where nothing is due from it)."""
    code = np.asarray(posture)
    d = np.asarray(due, dtype=bool)
    n_due = d.sum(axis=-1)
    mimic = ((code == 0) & d).sum(axis=-1)
    resist = ((code == 2) & d).sum(axis=-1)
    out = np.where(mimic == n_due, 0, np.where(2 * resist > n_due, 2, 1))
    return np.where(n_due > 0, out, -1).astype(np.int8)


def recorded_posture(level: float | None, reference: float) -> Posture | None:
    """One member's posture on one measure from a record: None when nothing is due, resist
    when something is due and nothing was recorded."""
    if reference <= 0:
        return None
    if level is None:
        return Posture.RESIST
    return POSTURES[int(classify(level, reference))]
