"""Evaluators with known answers, used by the experiment tests (no tests here).

They keep the evaluator contract exactly as the simulator does, but their metrics are
closed-form functions of regime fields, so the experiment machinery can be checked
against known results: the Ishigami function (Ishigami & Homma 1990) has analytic Sobol
indices, and its fracture time has a known dependence on the lead's credibility.
"""

from __future__ import annotations

import numpy as np
from numpy.typing import NDArray
from pydantic import BaseModel

from accord.experiments.contract import Design, Metrics


def ishigami(x: NDArray[np.float64], a: float = 7.0, b: float = 0.1) -> NDArray[np.float64]:
    """Ishigami function on [-π, π]³: S1 = (0.3139, 0.4424, 0), ST = (0.5576, 0.4424, 0.2437)."""
    out: NDArray[np.float64] = (
        np.sin(x[..., 0]) + a * np.sin(x[..., 1]) ** 2 + b * x[..., 2] ** 4 * np.sin(x[..., 0])
    )
    return out


def unit_to_angle(u: float) -> float:
    return float(-np.pi + 2 * np.pi * u)


class Known:
    """Metrics in closed form of ``lead.credibility``, ``lead.secondary_threat`` and
    ``safeguards.burden_sharing`` (each in [0, 1], mapped onto [-π, π]), plus noise."""

    metrics = ("ishigami", "noisy", "time_to_fracture")

    def default_model(self) -> BaseModel | None:
        return None

    def __call__(self, design: Design, runs: int, months: int, seed: int) -> Metrics:
        rng = np.random.default_rng(seed)
        r = design.regime
        x = np.array(
            [
                unit_to_angle(r.lead.credibility),
                unit_to_angle(r.lead.secondary_threat),
                unit_to_angle(r.safeguards.burden_sharing),
            ]
        )
        value = float(ishigami(x))
        noise = rng.standard_normal(runs)
        # Fracture comes sooner when the lead's threat is not believed: mean 6 months at
        # credibility 0, 6 + 60 months at credibility 1.
        fracture = rng.exponential(6.0 + 60.0 * r.lead.credibility, size=runs)
        return {
            "ishigami": np.full(runs, value),
            "noisy": value + noise,
            "time_to_fracture": np.where(fracture <= months, np.ceil(fracture), np.nan),
        }


KNOWN = Known()


class Slow(Known):
    """:class:`Known`, taking ``DELAY`` seconds per call: lets a test interrupt a run."""

    DELAY = 0.25

    def __call__(self, design: Design, runs: int, months: int, seed: int) -> Metrics:
        import time

        time.sleep(self.DELAY)
        return super().__call__(design, runs, months, seed)


SLOW = Slow()
