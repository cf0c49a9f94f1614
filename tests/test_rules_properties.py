"""Invariants of the framework's rules, for any regime and any history hypothesis finds."""

from __future__ import annotations

from datetime import date, timedelta

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from accord.rules import compile_regime, initial_state, quiet_inputs, step
from accord.rules.acts import in_force_for
from tests.conftest import make_regime

SETTINGS = settings(max_examples=150, deadline=None)


@st.composite
def tiered_measures(draw: st.DrawFn) -> list[dict[str, object]]:
    out: list[dict[str, object]] = []
    for k in range(draw(st.integers(1, 4))):
        adopted = date(2022, 1, 1) + timedelta(days=draw(st.integers(0, 700)))
        n = draw(st.integers(1, 5))
        gaps = draw(st.lists(st.integers(1, 200), min_size=n, max_size=n))
        levels = sorted(draw(st.lists(st.floats(0, 1), min_size=n, max_size=n)))
        starts, d = [], adopted
        for g in gaps:
            starts.append(d)
            d = d + timedelta(days=g)
        tiers = [
            {"start": s.isoformat(), "level": lv} for s, lv in zip(starts, levels, strict=True)
        ]
        out.append(
            {
                "id": f"m{k}",
                "kind": "export_ban",
                "adopted": adopted.isoformat(),
                "phase_in": {"kind": "tiers", "tiers": tiers},
            }
        )
    return out


@SETTINGS
@given(tiered_measures())
def test_phase_in_is_monotone_in_time_and_within_unit_interval(measures) -> None:  # type: ignore[no-untyped-def]
    cr = compile_regime(make_regime(measures=measures))
    assert np.all(cr.phase >= 0.0) and np.all(cr.phase <= 1.0)
    assert np.all(np.diff(cr.phase, axis=1) >= 0.0)


@SETTINGS
@given(
    months=st.integers(1, 12),
    rule=st.sampled_from(["unanimity", "qualified_majority", "lead_decides"]),
    seed=st.integers(0, 2**32 - 1),
)
def test_a_renewed_measure_never_lapses_before_its_next_sunset(
    months: int, rule: str, seed: int
) -> None:
    extra = {"threshold": 0.5} if rule == "qualified_majority" else {}
    r = make_regime(safeguards={"sunset": {"months": months, "renewal": rule, **extra}})
    cr = compile_regime(r)
    rng = np.random.default_rng(seed)
    state = initial_state(cr, 8)
    renewed_at = np.full((8, len(cr.measures)), -1)
    for t in range(48):
        x = quiet_inputs(cr, 8)
        x.in_favour[:] = rng.random(x.in_favour.shape) < 0.8
        x.lead_in_favour[:] = rng.random(x.lead_in_favour.shape) < 0.8
        state, req = step(cr, state, t, x)
        too_early = req.lapsed & (renewed_at >= 0) & (t < renewed_at + months)
        assert not too_early.any()
        renewed_at = np.where(req.renewed, t, renewed_at)
        lapsed = ~in_force_for(cr.acts, state.act_in_force, len(cr.members))
        assert np.all(req.required[lapsed] == 0)


@SETTINGS
@given(
    steps=st.integers(1, 5),
    remedy=st.integers(1, 6),
    pattern=st.lists(st.booleans(), min_size=1, max_size=60),
)
def test_the_ladder_never_skips_a_step(steps: int, remedy: int, pattern: list[bool]) -> None:
    ladder = {
        "remedy_months": remedy,
        "steps": [{"name": f"s{i}", "penalty": float(i)} for i in range(steps)],
    }
    cr = compile_regime(make_regime(safeguards={"ladder": ladder}))
    state = initial_state(cr, 1)
    prev = 0
    for t, bad in enumerate(pattern):
        x = quiet_inputs(cr, 1)
        x.detected[0, 0, 0] = bad
        state, req = step(cr, state, t, x)
        now = int(req.ladder[0, 0])
        assert abs(now - prev) <= 1
        assert 0 <= now <= steps
        if bad:
            assert now == min(prev + 1, steps)
        prev = now


@SETTINGS
@given(
    delay=st.integers(0, 12),
    cert_month=st.integers(0, 30),
    share=st.floats(0.01, 1.0),
)
def test_relief_never_comes_before_certification_plus_delay(
    delay: int, cert_month: int, share: float
) -> None:
    r = make_regime(
        milestones=[{"id": "ms"}],
        safeguards={
            "relief": [
                {
                    "milestone": "ms",
                    "measures": ["freeze", "oil"],
                    "relief": share,
                    "certification_delay_months": delay,
                }
            ]
        },
    )
    cr = compile_regime(r)
    state = initial_state(cr, 1)
    for t in range(48):
        x = quiet_inputs(cr, 1)
        x.certified[0, 0] = t == cert_month
        state, req = step(cr, state, t, x)
        if t < cert_month + delay:
            assert np.all(req.relief == 0)
        else:
            assert np.allclose(req.relief, np.float32(share))
        assert np.all((req.required >= 0) & (req.required <= 1))
