"""A self-contained HTML report of a simulation: headline numbers, then the figures.

One file, no network: figures are PNGs embedded as base64 and the style is inline, so
the report can be mailed or archived as is. Nothing in it depends on the clock, so
the same seed gives the same page.
"""

from __future__ import annotations

import base64
import html
from pathlib import Path

from accord.domain import Regime
from accord.report import figures
from accord.report.headline import headlines
from accord.sim.metrics import SimResult

STYLE = """
body{font-family:system-ui,-apple-system,'Segoe UI',Roboto,sans-serif;color:#1f2933;
 margin:0;background:#f5f7fa}
main{max-width:1180px;margin:0 auto;padding:28px 32px 48px}
h1{font-size:26px;margin:0 0 4px}
.sub{color:#52606d;margin:0 0 20px}
.cards{display:grid;grid-template-columns:repeat(auto-fit,minmax(170px,1fr));gap:12px;
 margin:0 0 22px}
.card{background:#fff;border-radius:10px;padding:14px 16px;box-shadow:0 1px 3px #0002}
.card .v{font-size:26px;font-weight:700}
.card .l{font-size:12px;color:#52606d;margin-top:2px}
.fig{background:#fff;border-radius:10px;padding:10px 12px;margin:0 0 16px;
 box-shadow:0 1px 3px #0002}
.fig img{width:100%;height:auto;display:block}
.note{font-size:12px;color:#52606d;margin:2px 4px 0}
.two{display:grid;grid-template-columns:1fr 1fr;gap:16px}
footer{font-size:12px;color:#7b8794;margin-top:24px}
"""


def _img(png: bytes, alt: str) -> str:
    data = base64.b64encode(png).decode("ascii")
    return f'<img alt="{html.escape(alt)}" src="data:image/png;base64,{data}">'


def _card(value: str, label: str) -> str:
    return f'<div class="card"><div class="v">{value}</div><div class="l">{label}</div></div>'


def headline(regime: Regime, res: SimResult) -> list[str]:
    """The headline figures as cards, each with its statistic and interval."""
    return [
        _card(
            html.escape(h.value), html.escape(h.label + (f" ({h.interval})" if h.interval else ""))
        )
        for h in headlines(regime, res)
    ]


def render(regime: Regime, res: SimResult, seed: int) -> str:
    """The report as one HTML string."""
    start = regime.start
    title = html.escape(regime.name)
    desc = html.escape(regime.description)
    body = [
        f"<h1>{title}: how the coalition holds</h1>",
        f'<p class="sub">{desc} · lead {regime.lead.code} · target {regime.target.code} · '
        f"{len(res.members)} members · {len(res.measures)} measures · {res.runs:,} runs x "
        f"{res.months} months from {start:%B %Y} · seed {seed}</p>",
        '<div class="cards">' + "".join(headline(regime, res)) + "</div>",
        '<div class="fig">' + _img(figures.cohesion(res, start), "cohesion") + "</div>",
        '<div class="fig">' + _img(figures.posture_shares(res, start), "postures") + "</div>",
        '<div class="fig">' + _img(figures.posture_map(res, start), "posture map") + "</div>",
        '<div class="fig">' + _img(figures.target_pressure(res, start), "pressure") + "</div>",
        '<div class="fig">' + _img(figures.events(res, start), "events") + "</div>",
        '<div class="fig">' + _img(figures.member_costs(res), "costs") + "</div>",
        '<p class="note">Mimic: implements at least 95 % of what the framework requires; '
        "resist: less than 10 %; adjust: in between. Cohesion weighs members by gross output. "
        "Bands are quantiles across runs. Model: docs/model.md.</p>",
        "<footer>Accord · trajectories.parquet and metrics.parquet hold every number shown."
        "</footer>",
    ]
    return (
        '<!doctype html><html lang="en"><head><meta charset="utf-8">'
        f"<title>{title} — Accord simulation</title><style>{STYLE}</style></head>"
        f"<body><main>{''.join(body)}</main></body></html>\n"
    )


def write_report(regime: Regime, res: SimResult, path: Path, seed: int) -> None:
    """Write :func:`render`'s page to ``path``."""
    path.write_text(render(regime, res, seed), encoding="utf-8")
