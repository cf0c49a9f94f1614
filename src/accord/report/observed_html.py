"""The report's section "Observed against simulated": a case's observed adoption dates
and renewal votes beside the simulation's, each simulated share with its statistic and
interval. The adoption dates are also marked on the per-measure posture charts."""

from __future__ import annotations

from html import escape

import numpy as np

from accord.domain import Regime, month_index, month_start
from accord.estimate import Case
from accord.report.observed import AdoptionRow, VoteRow
from accord.report.regime_html import economy, table


def _pct(p: float, lo: float, hi: float) -> str:
    if np.isnan(p):
        return "-"
    return f"<b>{p:.0%}</b> <small>[{lo:.0%}-{hi:.0%}]</small>"


def _month(regime: Regime, t: int) -> str:
    return f"{month_start(regime.start, t):%b %Y}"


def case_note(case: Case) -> str:
    """What the case is and whether it may count as evidence."""
    if case.is_test:
        split = (
            "This is a <b>test case</b>: test cases (Russia 2022, US chips 2022) are shown "
            "for scoring only; they are never used to fit, tune or choose the model's "
            "parameters, so agreement here is out-of-sample evidence."
        )
    else:
        split = (
            "This is a <b>training case</b>: the model's parameters are fitted to the "
            "training cases, this one among them, so agreement here is not out-of-sample "
            "evidence. Test cases (Russia 2022, US chips 2022) are shown for scoring only."
        )
    return (
        f"<p>Observed outcomes from the case library, case <b>{escape(case.id)}</b> "
        f"({escape(case.title)}, src/accord/cases/{escape(case.id)}.toml, every entry sourced "
        "there), "
        f"observed {case.start:%d %b %Y} to {case.end:%d %b %Y}. {split}</p>"
    )


def _adoptions(regime: Regime, case: Case, rows: list[AdoptionRow]) -> str:
    out = []
    for measure in case.measures:
        mine = [r for r in rows if r.case_measure == measure.id]
        if not mine:
            continue
        covered = [m for m, *_ in mine[0].simulated]
        head = ["member", "observed posture", "observed date", *[escape(m) for m in covered]]
        body = [
            [
                economy(r.entry)
                + (
                    f"<br><small>{len(r.members)} members, runs pooled</small>"
                    if len(r.members) > 1 or r.members != (r.entry,)
                    else ""
                ),
                escape(r.posture),
                escape(r.observed)
                + (
                    f"<br><small>month {_month(regime, r.month)}</small>"
                    if r.month is not None
                    else "<br><small>outside the simulated months</small>"
                ),
                *[
                    f"{_pct(p, lo, hi)}<br><small>{escape(timing)}</small>"
                    for _, p, lo, hi, timing in r.simulated
                ],
            ]
            for r in mine
        ]
        caption = (
            f"<b>{escape(measure.name)}</b> (case measure {escape(measure.id)}"
            + (f", {escape(measure.act)}" if measure.act else "")
            + "). Per scenario measure it covers: the share of runs in which the member has "
            "adopted it (does not resist it; for a bloc, the share of its members' runs) "
            "by the end of the observed month (for a "
            "measure never adopted, by the last month observed), with its 90 % interval "
            "(Monte Carlo, Wilson), then the simulated adoption month: median across runs "
            "and 5th-95th percentile ('never': not within the horizon)."
        )
        out.append(table(head, body, caption=caption))
    return "".join(out)


def _votes(regime: Regime, rows: list[VoteRow], months: int) -> str:
    if not rows:
        return "<p>The case records no renewal votes.</p>"
    body = []
    for r in rows:
        if r.simulated:
            sims = "<br>".join(
                f"{_month(regime, month)} {escape(act)}: P(fails) {_pct(p, lo, hi)} "
                f"<small>({held} runs)</small>"
                for month, act, held, p, lo, hi, _ in r.simulated
            )
            against = "<br>".join(
                f"{escape(act)}: "
                + (", ".join(f"{escape(code)} {share:.0%}" for code, share in who) or "nobody")
                for _, act, *_, who in r.simulated
            )
        else:
            outside = month_index(regime.start, r.date) >= months
            sims = (
                "after the simulated months"
                if outside
                else "no simulated vote on this act within 3 months"
            )
            against = "-"
        body.append(
            [
                f"{r.date:%d %b %Y}",
                escape(r.act),
                escape(r.outcome),
                ", ".join(escape(c) for c in r.held_out) or "nobody recorded",
                sims,
                against,
            ]
        )
    head = [
        "observed vote",
        "act",
        "observed outcome",
        "held out (observed)",
        "simulated vote: P(fails) [90 % interval]",
        "simulated votes against (share of runs)",
    ]
    caption = (
        "Each observed renewal vote beside the simulated votes on the acts holding the "
        "same measures, the nearest within 3 months (the scenario's calendar may differ by "
        "a month or two). P(fails): share of the runs holding the vote in which the act "
        "lapses, with its 90 % interval (Monte Carlo, Wilson). Votes against: share of "
        "those runs in which each member votes against (the top three, and those observed "
        "to hold out)."
    )
    return table(head, body, ident="observed-votes", caption=caption)


def observed_section(
    regime: Regime, case: Case, months: int, adoptions: list[AdoptionRow], votes: list[VoteRow]
) -> str:
    """The section: what the case is, adoptions observed and simulated, renewal votes."""
    return (
        '<section id="observed"><h2>Observed against simulated</h2>'
        + case_note(case)
        + "<h3>Adoption dates</h3>"
        + '<p class="note">The observed adoption months are also marked on the posture '
        'charts above (dark ticks along the top, "observed adoption").</p>'
        + (
            _adoptions(regime, case, adoptions)
            or "<p>No member outcome of the case falls on a measure of this scenario.</p>"
        )
        + "<h3>Renewal votes</h3>"
        + _votes(regime, votes, months)
        + "</section>"
    )
