"""Array types and the month that never comes, shared by every rules module."""

from __future__ import annotations

import numpy as np
import numpy.typing as npt

NEVER = np.int32(2**30)
"""Month index that never comes (no sunset, no end)."""

F32 = npt.NDArray[np.float32]
I32 = npt.NDArray[np.int32]
B = npt.NDArray[np.bool_]
