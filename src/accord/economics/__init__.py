"""Economics on real data: what each measure costs each economy, and the target.

The cost model is a first-order (linearised) solution of the reference equilibrium
solver shipped in ``sanction-simulator`` (two-sided RAS rerouting and CES capacity
rationing on the OECD ICIO 2022 network), precomputed per target as one response
tensor so the simulator can evaluate thousands of runs at once. Equations, assumptions
and the measure mapping are in ``docs/model.md``; accuracy against the solver in
``docs/performance.md``. Economies outside the ICIO (Iran, Venezuela, ...) are carved out
of its rest of the world from bilateral trade tables (``with_outside``).

Names are imported on first use (PEP 562) so that registering the ``accord economics``
command does not load numpy when the CLI starts.
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from accord.economics.cost import CostModel, Losses
    from accord.economics.network import Network, load_network
    from accord.economics.outside import with_outside
    from accord.economics.shocks import MeasureSpec, embargo
    from accord.economics.trade_table import TradeTable, read_trade_table
    from accord.economics.value import CoalitionValue, coalition_value

_WHERE = {
    "CostModel": "cost",
    "Losses": "cost",
    "Network": "network",
    "load_network": "network",
    "MeasureSpec": "shocks",
    "embargo": "shocks",
    "with_outside": "outside",
    "TradeTable": "trade_table",
    "read_trade_table": "trade_table",
    "CoalitionValue": "value",
    "coalition_value": "value",
}

__all__ = [
    "CoalitionValue",
    "CostModel",
    "Losses",
    "MeasureSpec",
    "Network",
    "TradeTable",
    "coalition_value",
    "embargo",
    "load_network",
    "read_trade_table",
    "with_outside",
]


def __getattr__(name: str) -> Any:
    if name in _WHERE:
        return getattr(import_module(f"accord.economics.{_WHERE[name]}"), name)
    raise AttributeError(f"module 'accord.economics' has no attribute {name!r}")
