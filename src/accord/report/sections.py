"""The report's sections on who resists what, who blocks which renewal, and why.

Every number says its statistic: shares are over runs (and members, unweighted, where
said), decision terms are means over runs. Jargon is explained where it appears.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from html import escape

import numpy as np

from accord.domain import Regime, month_start
from accord.report.detail import ReportDetail
from accord.report.regime_html import economy, table
from accord.report.svg import MARK, POSTURE_COLOURS, stacked_shares
from accord.sim.explain import SUBTRACTED, TERMS
from accord.sim.metrics import SimResult

POSTURES_EXPLAINED = (
    "<b>mimic</b>: implements at least 95 % of what the framework requires (as the lead "
    "did); <b>adjust</b>: between 10 % and 95 % (late, phased, partial); <b>resist</b>: "
    "less than 10 % (does not adopt it)."
)


def _id(text: str) -> str:
    """An id for a table header that may break after its underscores."""
    return escape(text).replace("_", "_<wbr>")


def _share(p: float) -> str:
    """A share of runs as a percentage; ``<1%`` rather than a misleading ``0%``."""
    return "<1%" if 0 < p < 0.005 else f"{p:.0%}"


def _month(regime: Regime, t: int) -> str:
    return f"{month_start(regime.start, t):%b %Y}"


def _shade(p: float) -> str:
    """A cell's background: white at 0, red at 1 (a share of runs that resist)."""
    if np.isnan(p):
        return "#f5f7fa"
    light = round(255 - 150 * float(p))
    return f"rgb(255,{light},{light})"


def _legend(observed: bool = False) -> str:
    items = "".join(
        f'<span class="key"><i style="background:{c}"></i>{name}</span>'
        for name, c in POSTURE_COLOURS.items()
    )
    if observed:
        items += (
            f'<span class="key"><i style="background:{MARK};width:3px"></i>observed '
            "adoption (case library; who and when in the tooltip and in "
            '"Observed against simulated")</span>'
        )
    return f'<p class="legend">{items} <span class="note">{POSTURES_EXPLAINED}</span></p>'


def measures_section(
    regime: Regime,
    res: SimResult,
    detail: ReportDetail,
    marks: Mapping[str, Sequence[tuple[int, str]]] | None = None,
) -> str:
    """Posture shares over time for each measure, then P(resist) member x measure;
    ``marks`` per measure id: observed adoptions (month, who) drawn on its chart."""
    labels = [_month(regime, t) for t in range(res.months)]
    mimic, adjust, resist = detail.measure_shares()
    charts = "".join(
        '<div class="panel">'
        + stacked_shares(
            regime.measure(m).name or m,
            labels,
            [("mimic", mimic[:, k]), ("adjust", adjust[:, k]), ("resist", resist[:, k])],
            marks=(marks or {}).get(m, ()),
        )
        + "</div>"
        for k, m in enumerate(res.measures)
    )
    last = res.months - 1
    p = detail.resist_at(last)
    lapsed = np.nan_to_num(detail.lapsed_at(last))
    head = ["member", *[_id(m) for m in res.measures]]
    rows = [[economy(regime.lead.code) + " <small>(lead)</small>"] + ["lead" for _ in res.measures]]
    order = np.argsort(-np.nan_to_num(p).mean(axis=1), kind="stable")
    for i in order:
        cells = [
            f'<span style="background:{_shade(v)}" class="cell">'
            + ("not in force" if np.isnan(v) else f"{v:.0%}")
            + "</span>"
            + (f"<br><small>lapsed {_share(gone)}</small>" if gone >= 0.005 else "")
            for v, gone in zip(p[i], lapsed[i], strict=True)
        ]
        rows.append([economy(res.members[i]), *cells])
    return (
        '<section id="by-measure"><h2>Who resists what</h2>'
        + _legend(bool(marks))
        + '<div id="measure-charts" class="panels">'
        + charts
        + "</div>"
        + '<p class="note">Share of member-runs in each posture, per measure, each month '
        "(members unweighted; blank before the measure is in force).</p>"
        + table(
            head,
            rows,
            ident="resist-table",
            caption=f"P(resist) at the horizon ({_month(regime, last)}): the share of runs in "
            "which each member resists each measure, among runs where the lead has it; most "
            "resisting members first. The lead keeps its own measures. <b>lapsed</b>: the "
            "share of runs in which the measure has lapsed for everyone after a failed "
            "renewal (counted as resisted, as in cohesion, but not the member's choice).",
        )
        + "</section>"
    )


def veto_section(regime: Regime, res: SimResult, detail: ReportDetail) -> str:
    """For each renewal vote: how often it fails, who votes against, by what margin."""
    sunset = regime.safeguards.sunset
    if sunset is None or not detail.renewals:
        return (
            '<section id="vetoes"><h2>Renewals and vetoes</h2><p>No renewal votes: the '
            "regime has no sunset, or none falls due within the horizon.</p></section>"
        )
    rows: list[list[str]] = []
    quiet: list[list[str]] = []
    for r in detail.renewals:
        top = np.argsort(-r.against, kind="stable")[:3]
        blockers = ", ".join(
            f"{escape(res.members[i])} {_share(r.against[i])}"
            + (f" (alone {_share(r.sole[i])})" if r.sole[i] > 0 else "")
            for i in top
            if r.against[i] > 0
        )
        failed_margin = r.margin[r.margin < 0]
        (rows if r.failed / r.held >= 0.01 else quiet).append(
            [
                _month(regime, r.month),
                escape(detail.acts[r.measure]),
                f"{r.held / res.runs:.0%}",
                f'<span style="background:{_shade(r.failed / r.held)}" class="cell">'
                f"{_share(r.failed / r.held)}</span>",
                blockers or "nobody",
                f"{np.median(r.margin):+.0f}",
                f"{np.median(failed_margin):+.0f}" if failed_margin.size else "-",
            ]
        )
    head = [
        "vote",
        "act",
        "held in (share of runs)",
        "P(fails)",
        "top votes against (share of runs; alone = the only one)",
        "median margin",
        "median margin when it fails",
    ]
    caption = (
        "Votes that fail in at least 1 % of the runs that hold them, by date. "
        "P(fails): share of those runs in which the act lapses."
    )
    return (
        '<section id="vetoes"><h2>Renewals and vetoes</h2>'
        f"<p>Each act (the legal instrument that holds measures) lapses with its measures "
        f"unless renewed ({escape(sunset.renewal.value)}: "
        f"{detail.needed} of {sum(detail.voters)} voters must vote yes). A member votes "
        "against when it would resist one of the act's measures (its desired level is below "
        "10 % of the requirement). <b>Margin</b>: yes votes beyond those needed (negative: "
        "short by that many votes; -1 under unanimity is a single veto).</p>"
        + table(head, rows, ident="veto-table", caption=caption)
        + (
            f"<details><summary>{len(quiet)} more votes that fail in under 1 % of runs"
            f"</summary>{table(head, quiet)}</details>"
            if quiet
            else ""
        )
        + "</section>"
    )


def _terms_table(regime: Regime, res: SimResult, detail: ReportDetail, i: int, t: int) -> str:
    terms = detail.terms[t][:, i, :]  # [terms, K]
    rows = []
    for row, (key, name, meaning) in enumerate(TERMS):
        cells = [
            f'<span class="cell {"neg" if v < -0.005 else "pos" if v > 0.005 else ""}">'
            f"{v:+.2f}</span>"
            for v in terms[row]
        ]
        sign = " (subtracted)" if key in SUBTRACTED else ""
        rows.append([f'<span title="{escape(meaning + sign)}">{escape(name)}</span>', *cells])
    z = terms.sum(axis=0)
    rows.append(["<b>propensity z</b> (sum)", *[f"<b>{v:+.2f}</b>" for v in z]])
    rows.append(
        [
            "<b>desired share</b> clip(0.5 + slope z)",
            *[f"{v:.0%}" for v in detail.desire[t][i]],
        ]
    )
    p = detail.resist_at(t)[i]
    rows.append(["P(resist)", *["-" if np.isnan(v) else f"{v:.0%}" for v in p]])
    return table(
        ["term (mean over runs)", *[_id(m) for m in res.measures]],
        rows,
        caption=f"{_month(regime, t)}",
    )


def because(regime: Regime, res: SimResult, detail: ReportDetail, i: int) -> str:
    """One sentence: the measure member ``i`` is most reluctant to implement (lowest mean
    desired share at the last decision month shown), how often it resists it at the
    horizon, and the terms that weigh most against and for it then (means over runs)."""
    last = max(detail.terms)
    k = int(np.argmin(detail.desire[last][i]))
    wanted = float(detail.desire[last][i, k])
    p = float(np.nan_to_num(detail.resist_at(res.months - 1)[i, k]))
    gone = float(np.nan_to_num(detail.lapsed_at(res.months - 1)[i, k]))
    terms = detail.terms[last][:, i, k]
    names = [name for _, name, _ in TERMS]
    against = [j for j in np.argsort(terms) if terms[j] < -0.005][:2]
    pushing = [j for j in np.argsort(-terms) if terms[j] > 0.005 and TERMS[j][0] != "base"][:2]

    def listed(rows: list[np.intp]) -> str:
        return " and ".join(f"{escape(names[j])} ({terms[j]:+.2f})" for j in rows) or "nothing"

    lapse = f"; {_share(gone)} because it has lapsed for everyone" if gone >= 0.005 else ""
    return (
        f'<p class="because">{economy(res.members[i])} is most reluctant on '
        f"<b>{escape(res.measures[k])}</b>: in {_month(regime, last)} it wants to implement "
        f"{wanted:.0%} of it (mean desired share; below 10 % it votes against renewal), and "
        f"at the horizon it resists it in {_share(p)} of runs{lapse}. The terms weighing "
        f"most against it are {listed(against)}; for it, {listed(pushing)}.</p>"
    )


def why_section(regime: Regime, res: SimResult, detail: ReportDetail) -> str:
    """Each member's decision terms at the chosen months, most reluctant member first."""
    last = res.months - 1
    score = np.nan_to_num(detail.resist_at(last)).mean(axis=1)
    reluctance = detail.desire[max(detail.terms)].min(axis=1)  # [M]
    order = np.argsort(reluctance, kind="stable")
    blocks = []
    for n, i in enumerate(order):
        member = escape(res.members[i])
        tables = "".join(_terms_table(regime, res, detail, int(i), t) for t in sorted(detail.terms))
        summary = (
            f"{economy(res.members[i])}: lowest desired share {reluctance[i]:.0%}; resists "
            f"{score[i]:.0%} of measure-runs at the horizon"
        )
        blocks.append(
            f'<details class="member" id="why-{member}"{" open" if n == 0 else ""}>'
            f"<summary>{summary}</summary>{because(regime, res, detail, int(i))}{tables}"
            "</details>"
        )
    legend = "".join(
        f"<li><b>{escape(name)}</b>: {escape(meaning)}"
        + (" (enters with a minus sign)" if key in SUBTRACTED else "")
        + "</li>"
        for key, name, meaning in TERMS
    )
    return (
        '<section id="why"><h2>Why members decide as they do</h2>'
        "<p>Each month a member weighs, for each measure, the terms below; their sum is its "
        "<b>propensity</b>, and its desired share of the requirement is 0.5 + slope x "
        "propensity, clipped to 0-100 %. Positive terms push towards implementing, negative "
        "ones towards resisting. Values are means over runs, in propensity units "
        "(docs/model.md, 'One month'). The most reluctant members come first (lowest desired "
        "share of any measure); a lapsed measure counts as resisted by everyone, whatever "
        "they want.</p>" + f'<ul class="terms">{legend}</ul>' + "".join(blocks) + "</section>"
    )
