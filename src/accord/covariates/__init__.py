"""Political covariates: dated bloc and alliance memberships and UN voting coincidence.

The bundled tables (``data/``, provenance in ``data/README.md``) cover every economy
Accord knows; :meth:`Covariates.before` reads them as of the day before a regime's
start, so no covariate looks ahead. They are read as of a date by the decision
model's affinity term (``docs/model.md``).
"""

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
    "bundled",
    "load",
    "with_user_tables",
]
