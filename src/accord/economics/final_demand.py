"""Final-demand sales by buyer economy, which the bundled network does not hold.

The network Accord reads (``sanction_simulator.bench_cache()``) keeps each node's final
demand ``z_i`` as one total over every buyer, domestic and foreign, and over every use
(household and government consumption, gross fixed capital formation, inventories): the
ICIO's final-demand block by partner is not in it. Export controls on capital goods
(machinery, electronics, vehicles) act mostly on that block: a machine tool is bought as
investment, not as an input. Accord therefore estimates a node's final sales to each
economy by the *proportionality assumption*: a node sells to final demand abroad in the
same destination shares as it sells intermediates,

    FD_{i -> v} = (z_i / d̄_i) · Σ_{j ∈ v} F_ij,      d̄_i = s_i - z_i = Σ_j F_ij,

the proportionality device input-output work uses when a table does not split trade by
use (Johnson and Noguera, 2012, split each import between intermediate and final use in
proportion to the importer's overall use). A node with no intermediate sales has no
known destination and is taken to sell at home. The
estimate, and what it cannot show (the split of final demand by use: GFCF is not
separate from consumption), is documented in ``docs/model.md``.
"""

from __future__ import annotations

from typing import Final

import numpy as np

from accord.economics.network import F64, Network

CAPITAL_GOODS: Final[tuple[str, ...]] = ("C26", "C27", "C28", "C29", "C301", "C302T309")
"""Sectors whose sales to the target carry a final-demand (investment) leg in an export
ban: ICIO C26 (computer, electronic and optical products, which hold lithography and
test equipment's electronics), C27 (electrical equipment), C28 (machinery n.e.c.), C29
(motor vehicles), C301 (ships and boats) and C302T309 (other transport equipment)."""


def final_to_intermediate(network: Network) -> F64:
    """``[S, C]``: each node's final sales per unit of its intermediate sales, ``z / d̄``.

    Zero where a node has no intermediate sales (its final sales have no known foreign
    destination and are taken to be domestic).
    """
    S, C = network.n_sectors, network.n_economies
    intermediate = network.s - network.z
    ratio = np.divide(
        network.z, intermediate, out=np.zeros_like(network.z), where=intermediate > 1e-9
    )
    return ratio.reshape(S, C)
