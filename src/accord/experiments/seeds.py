"""Seeds of an experiment's run blocks.

Runs are cut into blocks of a fixed size; block ``b`` of every design is simulated with
the seed derived from ``(seed, b)`` through :class:`numpy.random.SeedSequence`. So run
``i`` of one design meets the same shocks as run ``i`` of another (common random
numbers: differences between designs are not masked by different luck), and a block's
numbers never depend on which process, machine or executor computes it, nor on the
order in which blocks finish.
"""

from __future__ import annotations

import numpy as np

from accord.errors import InvalidArgument


def block_seed(seed: int, block: int) -> int:
    """The seed of run block ``block`` of an experiment seeded with ``seed``."""
    if seed < 0 or block < 0:
        raise InvalidArgument(f"seeds and blocks are non-negative; got seed {seed}, block {block}")
    state = np.random.SeedSequence([seed, block]).generate_state(2, dtype=np.uint32)
    return int(state[0]) << 32 | int(state[1])
