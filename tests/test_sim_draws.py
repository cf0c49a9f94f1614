"""The month's random numbers resolve what the documentation says they do."""

from __future__ import annotations

import numpy as np

from accord.sim.draws import Draws


def test_small_detection_probabilities_are_found() -> None:
    rng = np.random.default_rng(0)
    d = Draws.draw(rng, 400, 20, 10, 1)
    # 1/1000 is below 1/512, which 8-bit draws could never find.
    share = d.found(0.001).mean()
    assert 0.0005 < share < 0.0015
    assert d.found(1.0).all() and not d.found(0.0).any()


def test_perception_noise_is_centred_with_the_stated_sd() -> None:
    d = Draws.draw(np.random.default_rng(1), 500, 20, 10, 1)
    noise = d.noise(0.2)
    assert abs(float(noise.mean())) < 0.002
    assert abs(float(noise.std()) - 0.2) < 0.002
