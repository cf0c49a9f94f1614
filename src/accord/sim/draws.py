"""One month's random numbers, drawn in full and in one order whatever the design."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from accord.rules.types import F32

U8 = npt.NDArray[np.uint8]
U16 = npt.NDArray[np.uint16]
_UNIFORM_SD = np.float32(np.sqrt(12.0))


@dataclass(frozen=True)
class Draws:
    """One month's random numbers, always drawn in full and in this order.

    The two largest arrays are uniforms taken from ``Generator.bytes``: the perception
    noise is the centred, unit-variance rescaling of 8-bit uniforms (an eighth of the
    memory traffic of float64 draws); detection compares 16-bit uniforms with
    ``p x 65536``, so any probability of at least 1/131072 can be found. A change of
    government's new resolve reuses the politics uniform, which is itself uniform on
    ``[0, 1)`` once conditioned on the change.

    ``lead`` holds the lead's own numbers (``[R, 1]`` politics, ``[R, 1, K]`` perception),
    drawn after the members' every month whether or not the lead's vote is read, so
    designs that differ only in who votes still share their shocks.
    """

    politics: F32  # [R, M] uniform: election / change of government / new resolve
    perception: U8  # [R, M, K] uniform: noise in observing the others
    detection: U16  # [R, M, K] uniform: verification finds a quiet shortfall
    concession: F32  # [R, S] uniform: the target reaches a milestone
    lead: Draws | None = None  # the lead's politics and perception (members = 1)

    @staticmethod
    def draw(
        rng: np.random.Generator, runs: int, members: int, measures: int, milestones: int
    ) -> Draws:
        """The month's numbers for every member, then the lead's."""
        own = Draws._arrays(rng, runs, members, measures, milestones)
        lead = Draws._arrays(rng, runs, 1, measures, 0)
        return Draws(own.politics, own.perception, own.detection, own.concession, lead)

    @staticmethod
    def _arrays(
        rng: np.random.Generator, runs: int, members: int, measures: int, milestones: int
    ) -> Draws:
        f = np.float32
        politics = rng.random((runs, members), dtype=f)
        n = runs * members * measures
        shape = (runs, members, measures)
        perception = np.frombuffer(rng.bytes(n), dtype=np.uint8).reshape(shape)
        detection = np.frombuffer(rng.bytes(2 * n), dtype=np.uint16).reshape(shape)
        return Draws(
            politics=politics,
            perception=perception,
            detection=detection,
            concession=rng.random((runs, milestones), dtype=f),
        )

    def noise(self, sd: float) -> F32:
        """[R, M, K] perception noise with mean 0 and standard deviation ``sd``."""
        scale = np.float32(sd) * _UNIFORM_SD
        out = self.perception * np.float32(scale / 256.0)
        out -= np.float32(scale * 255.0 / 512.0)
        return out.astype(np.float32, copy=False)

    def found(self, p: float) -> npt.NDArray[np.bool_]:
        """[R, M, K] whether a quiet shortfall is found, with monthly probability ``p``
        (resolved to 1/65536)."""
        return np.asarray(self.detection < np.uint32(round(p * 65536)))

    def new_resolve(self, change: float, sd: float) -> tuple[npt.NDArray[np.bool_], F32]:
        """[R, M] changes of government (probability ``change``) and the new government's
        resolve, uniform with mean 0 and standard deviation ``sd``."""
        changed = self.politics < change
        u = self.politics / np.float32(max(change, 1e-12))
        return changed, ((u - np.float32(0.5)) * np.float32(sd) * _UNIFORM_SD).astype(np.float32)
