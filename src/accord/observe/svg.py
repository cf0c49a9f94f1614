"""Small inline SVG charts for the self-contained report (no network, no plotting stack).

Line charts, a heatmap and bar histograms are all the report needs; drawing them as
SVG text keeps the page one file and the package free of a plotting dependency.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from html import escape

COLOURS = {"US": "#1f77b4", "EU": "#2ca02c", "UK": "#d62728", "UN": "#9467bd"}
W, H, PAD = 640, 300, 48


def _colour(name: str, index: int) -> str:
    palette = ["#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b"]
    return COLOURS.get(name, palette[index % len(palette)])


def lines(
    title: str, x_labels: Sequence[str], series: Mapping[str, Sequence[float]], y_label: str
) -> str:
    """A line chart: one line per series over shared x positions."""
    n = len(x_labels)
    top = max((max(v) for v in series.values() if len(v)), default=1.0) or 1.0
    parts = [_frame(title, y_label, top)]
    for i, (name, values) in enumerate(series.items()):
        points = " ".join(
            f"{PAD + (W - 2 * PAD) * k / max(n - 1, 1):.1f},{H - PAD - (H - 2 * PAD) * v / top:.1f}"
            for k, v in enumerate(values)
        )
        colour = _colour(name, i)
        parts.append(
            f'<polyline fill="none" stroke="{colour}" stroke-width="2" points="{points}"/>'
        )
        parts.append(
            f'<text x="{W - PAD + 4}" y="{PAD + 14 * i}" fill="{colour}" '
            f'font-size="11">{escape(name)}</text>'
        )
    step = max(1, n // 8)
    for k in range(0, n, step):
        x = PAD + (W - 2 * PAD) * k / max(n - 1, 1)
        parts.append(
            f'<text x="{x:.1f}" y="{H - PAD + 14}" font-size="9" text-anchor="middle">'
            f"{escape(x_labels[k])}</text>"
        )
    return _svg(parts)


def heatmap(
    title: str, labels: Sequence[str], cells: dict[tuple[str, str], tuple[float, str]]
) -> str:
    """A leader (rows) x follower (columns) grid; cell value in [0, 1] shades it."""
    size = 110
    width = PAD * 2 + size * len(labels) + 40
    height = PAD * 2 + size * len(labels)
    parts = [f'<text x="{PAD}" y="20" font-size="13" font-weight="bold">{escape(title)}</text>']
    for j, follower in enumerate(labels):
        parts.append(
            f'<text x="{PAD + 40 + size * j + size / 2}" y="{PAD - 6}" font-size="11" '
            f'text-anchor="middle">follower {escape(follower)}</text>'
        )
    for i, leader in enumerate(labels):
        y = PAD + size * i
        parts.append(
            f'<text x="{PAD + 32}" y="{y + size / 2}" font-size="11" text-anchor="end">'
            f"{escape(leader)}</text>"
        )
        for j, follower in enumerate(labels):
            x = PAD + 40 + size * j
            value, text = cells.get((leader, follower), (-1.0, ""))
            fill = "#eeeeee" if value < 0 else f"rgba(31,119,180,{0.1 + 0.9 * value:.2f})"
            parts.append(
                f'<rect x="{x}" y="{y}" width="{size - 2}" height="{size - 2}" fill="{fill}"/>'
            )
            for k, line in enumerate(text.split("\n")):
                parts.append(
                    f'<text x="{x + size / 2}" y="{y + 40 + 14 * k}" font-size="11" '
                    f'text-anchor="middle">{escape(line)}</text>'
                )
    return _svg(parts, width, height)


def histogram(title: str, values: Sequence[float], bins: int = 30) -> str:
    """Bars of how many values fall in each of ``bins`` equal bins."""
    if not values:
        return _svg([f'<text x="{PAD}" y="40">{escape(title)}: no data</text>'], W, 60)
    lo, hi = min(values), max(values)
    span = (hi - lo) or 1.0
    counts = [0] * bins
    for v in values:
        counts[min(bins - 1, int((v - lo) / span * bins))] += 1
    top = max(counts) or 1
    parts = [_frame(title, "count", float(top))]
    bar = (W - 2 * PAD) / bins
    for k, c in enumerate(counts):
        h = (H - 2 * PAD) * c / top
        parts.append(
            f'<rect x="{PAD + bar * k:.1f}" y="{H - PAD - h:.1f}" width="{bar - 1:.1f}" '
            f'height="{h:.1f}" fill="#1f77b4"/>'
        )
    for k in range(0, bins + 1, max(1, bins // 6)):
        parts.append(
            f'<text x="{PAD + bar * k:.1f}" y="{H - PAD + 14}" font-size="9" '
            f'text-anchor="middle">{lo + span * k / bins:.0f}</text>'
        )
    return _svg(parts)


def _frame(title: str, y_label: str, top: float) -> str:
    return (
        f'<text x="{PAD}" y="20" font-size="13" font-weight="bold">{escape(title)}</text>'
        f'<line x1="{PAD}" y1="{H - PAD}" x2="{W - PAD}" y2="{H - PAD}" stroke="#333"/>'
        f'<line x1="{PAD}" y1="{PAD}" x2="{PAD}" y2="{H - PAD}" stroke="#333"/>'
        f'<text x="{PAD - 4}" y="{PAD}" font-size="9" text-anchor="end">{top:.0f}</text>'
        f'<text x="{PAD - 4}" y="{H - PAD}" font-size="9" text-anchor="end">0</text>'
        f'<text x="10" y="{PAD - 8}" font-size="10">{escape(y_label)}</text>'
    )


def _svg(parts: list[str], width: int = W + 60, height: int = H) -> str:
    body = "".join(parts)
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
        f'viewBox="0 0 {width} {height}">{body}</svg>'
    )
