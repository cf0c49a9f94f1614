"""Inline SVG charts for the report: vector, legible at any width, no network, no
plotting stack. One chart kind is needed here: posture shares over time, stacked.
The SVG is meant to sit inline in an HTML page (no XML namespace needed there)."""

from __future__ import annotations

from collections.abc import Sequence
from html import escape

import numpy as np
import numpy.typing as npt

POSTURE_COLOURS = {"mimic": "#15803d", "adjust": "#f59e0b", "resist": "#b91c1c"}
INK, GRID, MARK = "#1f2933", "#cbd2d9", "#111827"


def stacked_shares(
    title: str,
    x_labels: Sequence[str],
    shares: Sequence[tuple[str, npt.NDArray[np.float64]]],
    width: int = 380,
    height: int = 170,
    marks: Sequence[tuple[int, str]] = (),
) -> str:
    """Shares in [0, 1] stacked over time (NaN: not yet in force, left blank), with a
    0-100 % axis and a date every year or so; ``shares`` are (posture, series).
    ``marks`` are (month index, label): observed events drawn as dark dashed ticks with
    a triangle on top, the label as their tooltip."""
    left, right, top, bottom = 38, 10, 24, 28
    plot_w, plot_h = width - left - right, height - top - bottom
    n = len(x_labels)

    def x(i: int) -> float:
        return left + plot_w * i / max(n - 1, 1)

    def y(v: float) -> float:
        return top + plot_h * (1.0 - v)

    shown = title if len(title) <= 46 else title[:44].rstrip() + "…"
    parts = [
        f'<text x="{left}" y="14" font-size="13" font-weight="bold" fill="{INK}">'
        f"<title>{escape(title)}</title>{escape(shown)}</text>"
    ]
    for v in (0.0, 0.5, 1.0):
        parts.append(
            f'<line x1="{left}" x2="{left + plot_w}" y1="{y(v):.1f}" y2="{y(v):.1f}" '
            f'stroke="{GRID}" stroke-width="0.6"/>'
            f'<text x="{left - 4}" y="{y(v) + 3:.1f}" font-size="11" text-anchor="end" '
            f'fill="{INK}">{v:.0%}</text>'
        )
    valid = ~np.isnan(shares[0][1]) if shares else np.zeros(n, dtype=bool)
    idx = np.flatnonzero(valid)
    base = np.zeros(n)
    for name, series in shares:
        if not idx.size:
            break
        upper = base + np.nan_to_num(series)
        points = [f"{x(int(i)):.1f},{y(upper[i]):.1f}" for i in idx]
        points += [f"{x(int(i)):.1f},{y(base[i]):.1f}" for i in idx[::-1]]
        parts.append(
            f'<polygon points="{" ".join(points)}" fill="{POSTURE_COLOURS.get(name, GRID)}">'
            f"<title>{escape(name)}</title></polygon>"
        )
        base = upper
    for i, label in marks:
        parts.append(
            f"<g><title>observed adoption, {escape(x_labels[i])}: {escape(label)}</title>"
            f'<line x1="{x(i):.1f}" x2="{x(i):.1f}" y1="{top:.1f}" y2="{top + plot_h:.1f}" '
            f'stroke="{MARK}" stroke-width="1.2" stroke-dasharray="3 2"/>'
            f'<polygon points="{x(i) - 4:.1f},{top - 6:.1f} {x(i) + 4:.1f},{top - 6:.1f} '
            f'{x(i):.1f},{top:.1f}" fill="{MARK}"/></g>'
        )
    step = max(1, round(n / 5 / 12) * 12) if n > 24 else 6
    for i in range(0, n, step):
        parts.append(
            f'<text x="{x(i):.1f}" y="{height - 8}" font-size="11" text-anchor="middle" '
            f'fill="{INK}">{escape(x_labels[i])}</text>'
        )
    return (
        f'<svg viewBox="0 0 {width} {height}" '
        f'role="img" aria-label="{escape(title)}" font-family="system-ui,sans-serif">'
        + "".join(parts)
        + "</svg>"
    )
