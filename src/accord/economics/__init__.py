"""Economics on real data: what each measure costs each economy, and the target.

The cost model is a first-order (linearised) solution of the reference equilibrium
solver shipped in ``sanction-simulator`` (two-sided RAS rerouting and CES
capacity rationing on the OECD ICIO 2022 network), precomputed per target as one
response tensor so the simulator can evaluate thousands of runs at once. Equations,
assumptions and the measure mapping are in ``docs/model.md``; accuracy against the
solver in ``docs/performance.md``.
"""

from accord.economics.cost import CostModel, Losses
from accord.economics.network import Network, load_network
from accord.economics.shocks import MeasureSpec, embargo

__all__ = ["CostModel", "Losses", "MeasureSpec", "Network", "embargo", "load_network"]
