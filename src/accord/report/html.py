"""A self-contained HTML report of a simulation: what the regime is, the headline
numbers, who resists what, who blocks which renewal, why, and the figures.

One file, no network: figures are SVG (inline, or embedded as data), the style is
inline, so the report can be mailed or archived as is. Nothing in it depends on the
clock, so the same seed gives the same page.
"""

from __future__ import annotations

import base64
import html
from pathlib import Path

from accord.domain import Regime
from accord.report import figures
from accord.report.detail import ReportDetail
from accord.report.headline import headlines
from accord.report.observed import adoption_marks, adoption_rows, matching_case, vote_rows
from accord.report.observed_html import observed_section
from accord.report.regime_html import regime_section
from accord.report.sections import measures_section, veto_section, why_section
from accord.sim.metrics import SimResult

STYLE = """
body{font-family:system-ui,-apple-system,'Segoe UI',Roboto,sans-serif;color:#1f2933;
 margin:0;background:#f5f7fa;font-size:15px;line-height:1.4}
main{max-width:1180px;margin:0 auto;padding:24px 20px 48px}
h1{font-size:26px;margin:0 0 4px}
h2{font-size:20px;margin:28px 0 8px}
h3{font-size:16px;margin:16px 0 6px}
.sub{color:#52606d;margin:0 0 20px}
.cards{display:grid;grid-template-columns:repeat(auto-fit,minmax(220px,1fr));gap:12px;
 margin:0 0 22px}
.card{background:#fff;border-radius:10px;padding:14px 16px;box-shadow:0 1px 3px #0002}
.card .v{font-size:26px;font-weight:700}
.card .l{font-size:13px;color:#52606d;margin-top:2px}
.card .i{font-size:12px;color:#7b8794;margin-top:4px}
.fig{background:#fff;border-radius:10px;padding:10px 12px;margin:0 0 16px;
 box-shadow:0 1px 3px #0002}
.fig img{width:100%;height:auto;display:block}
section{background:#fff;border-radius:10px;padding:8px 16px 14px;margin:0 0 18px;
 box-shadow:0 1px 3px #0002;overflow-x:auto}
table{border-collapse:collapse;margin:8px 0 14px;font-size:13px}
caption{text-align:left;color:#52606d;font-size:13px;padding:4px 0;caption-side:top}
th,td{border-bottom:1px solid #e4e7eb;padding:4px 8px;text-align:left;vertical-align:top}
th{background:#f5f7fa;font-weight:600}
small{color:#616e7c}
.cell{display:inline-block;min-width:3.2em;padding:1px 4px;border-radius:3px}
.neg{color:#b91c1c}.pos{color:#15803d}
.panels{display:grid;grid-template-columns:repeat(auto-fit,minmax(340px,1fr));gap:8px}
.panel svg{width:100%;height:auto;display:block}
.legend .key{display:inline-block;margin-right:12px;font-size:13px}
.legend i{display:inline-block;width:12px;height:12px;margin-right:4px;vertical-align:-1px}
details.member{margin:6px 0;border:1px solid #e4e7eb;border-radius:6px;padding:4px 10px}
details.member summary{cursor:pointer;font-weight:600}
details.member table,#resist-table{font-size:12px}
details.member th,details.member td,#resist-table th,#resist-table td{padding:3px 5px}
#resist-table td:first-child,details.member td:first-child{white-space:nowrap}
p.because{margin:6px 0;font-size:14px}
ul.terms{columns:2;font-size:13px;margin:6px 0 10px;padding-left:18px}
.note{font-size:13px;color:#52606d;margin:2px 4px 0}
footer{font-size:12px;color:#7b8794;margin-top:24px}
"""


def _img(svg: bytes, alt: str) -> str:
    data = base64.b64encode(svg).decode("ascii")
    return f'<img alt="{html.escape(alt)}" src="data:image/svg+xml;base64,{data}">'


def _card(value: str, label: str, interval: str) -> str:
    extra = f'<div class="i">{interval}</div>' if interval else ""
    return (
        f'<div class="card"><div class="v">{value}</div><div class="l">{label}</div>{extra}</div>'
    )


def headline(regime: Regime, res: SimResult) -> list[str]:
    """The headline figures as cards, each with its statistic and interval."""
    return [
        _card(html.escape(h.value), html.escape(h.label), html.escape(h.interval))
        for h in headlines(regime, res)
    ]


def _figure(svg: bytes, alt: str) -> str:
    return '<div class="fig">' + _img(svg, alt) + "</div>"


def render(
    regime: Regime,
    res: SimResult,
    seed: int,
    detail: ReportDetail | None = None,
    parameters: str = "",
) -> str:
    """The report as one HTML string; ``detail`` adds the per-measure, veto and "why"
    sections and, when the case library holds the scenario's case, observed against
    simulated (:func:`accord.report.detail.simulate_for_report` records it);
    ``parameters`` says which fitted parameters the runs used
    (:meth:`accord.sim.parameters.ParametersUsed.describe`)."""
    start = regime.start
    title = html.escape(regime.name)
    body = [
        f"<h1>{title}: how the coalition holds</h1>",
        f'<p class="sub">lead {regime.lead.code} · target {regime.target.code} · '
        f"{len(res.members)} members · {len(res.measures)} measures · {res.runs:,} runs x "
        f"{res.months} months from {start:%B %Y} · seed {seed}"
        + (f" · parameters: {html.escape(parameters)}" if parameters else "")
        + "</p>",
        '<div class="cards">' + "".join(headline(regime, res)) + "</div>",
        regime_section(regime),
    ]
    case = matching_case(regime)
    if detail is not None:
        adoptions = adoption_rows(regime, res.members, res.measures, detail, case) if case else []
        body.append(measures_section(regime, res, detail, adoption_marks(adoptions)))
        if case is not None:
            votes = vote_rows(regime, res.members, res.measures, detail, case)
            body.append(observed_section(regime, case, res.months, adoptions, votes))
        body += [veto_section(regime, res, detail), why_section(regime, res, detail)]
    observed = (
        "No case of the library is compared: observed outcomes need the report's detail "
        "(accord run or Simulation.report write it)."
        if case is not None and detail is None
        else f"Observed outcomes of case {html.escape(case.id)} "
        f"(src/accord/cases/{html.escape(case.id)}.toml) are set beside the simulation in "
        "'Observed against simulated'."
        if case is not None
        else "No case of the library is this scenario's (matched by the bundled scenario's "
        "name, lead and target), so no observed outcomes are shown."
    )
    body += [
        "<h2>Over time</h2>",
        _figure(figures.cohesion(res, start), "cohesion"),
        _figure(figures.posture_shares(res, start), "postures"),
        _figure(figures.posture_map(res, start), "posture map"),
        _figure(figures.target_pressure(res, start), "pressure"),
        _figure(figures.events(res, start), "events"),
        _figure(figures.member_costs(res), "costs"),
        '<p class="note">Cohesion: the share of the coalition\'s economic weight (gross '
        "output) whose posture matches the lead's. Leakage: the share of the target's loss "
        "undone by trade rerouted through third parties. Bands are quantiles across runs. "
        "Model: docs/model.md.</p>",
        "<footer>Accord · runs.parquet (one row per run), metrics.parquet and "
        f"trajectories.parquet hold every number shown. {observed}</footer>",
    ]
    return (
        '<!doctype html><html lang="en"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>{title} — Accord simulation</title><style>{STYLE}</style></head>"
        f"<body><main>{''.join(body)}</main></body></html>\n"
    )


def write_report(
    regime: Regime,
    res: SimResult,
    path: Path,
    seed: int,
    detail: ReportDetail | None = None,
    parameters: str = "",
) -> None:
    """Write :func:`render`'s page to ``path``."""
    path.write_text(render(regime, res, seed, detail, parameters), encoding="utf-8")
