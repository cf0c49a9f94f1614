"""The framework's rules, written once and used by the simulator and the ledger.

- Batch entry point: :func:`step` over arrays shaped ``[runs, members, measures]``.
- Single-state entry point: :func:`evaluate` and :func:`replay`, for one recorded history
  keyed by member codes and measure ids; they call :func:`step` with one run.
"""

from accord.rules.compiled import NEVER, CompiledRegime, compile_regime
from accord.rules.engine import (
    exempt_share,
    exemptions_in_force,
    ladder_step,
    owed_share,
    phase_level,
    relief_owed,
    renewal_passes,
    review_due,
    step,
)
from accord.rules.posture import MIMIC_SHARE, POSTURES, RESIST_SHARE, classify, posture_of
from accord.rules.single import (
    MemberState,
    SingleInputs,
    SingleRequirements,
    SingleState,
    evaluate,
    from_arrays,
    initial_single_state,
    month_inputs,
    replay,
    to_arrays,
)
from accord.rules.state import MonthInputs, Requirements, RulesState, initial_state, quiet_inputs
from accord.rules.timeline import TimelineEntry, timeline

__all__ = [
    "MIMIC_SHARE",
    "NEVER",
    "POSTURES",
    "RESIST_SHARE",
    "CompiledRegime",
    "MemberState",
    "MonthInputs",
    "Requirements",
    "RulesState",
    "SingleInputs",
    "SingleRequirements",
    "SingleState",
    "TimelineEntry",
    "classify",
    "compile_regime",
    "evaluate",
    "exempt_share",
    "exemptions_in_force",
    "from_arrays",
    "initial_single_state",
    "initial_state",
    "ladder_step",
    "month_inputs",
    "owed_share",
    "phase_level",
    "posture_of",
    "quiet_inputs",
    "relief_owed",
    "renewal_passes",
    "replay",
    "review_due",
    "step",
    "timeline",
    "to_arrays",
]
