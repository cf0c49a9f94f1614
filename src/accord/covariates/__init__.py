"""Political covariates: dated bloc and alliance memberships and UN voting coincidence.

The bundled tables (``data/``, provenance in ``data/README.md``) cover every economy
Accord knows; :meth:`Covariates.before` reads them as of the day before a regime's
start, so no covariate looks ahead. :func:`regime_affinity` turns them into each
member's affinity with the lead (``docs/model.md``, "Affinity").
"""

from accord.covariates.affinity import affinity, closeness, regime_affinity
from accord.covariates.store import (
    COVERED_FROM,
    US_TREATY_ALLY,
    Covariates,
    Snapshot,
    bundled,
    load,
    with_user_tables,
)
from accord.covariates.tables import CovariateError

__all__ = [
    "COVERED_FROM",
    "US_TREATY_ALLY",
    "CovariateError",
    "Covariates",
    "Snapshot",
    "affinity",
    "bundled",
    "closeness",
    "load",
    "regime_affinity",
    "with_user_tables",
]
