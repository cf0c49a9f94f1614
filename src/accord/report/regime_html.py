"""The report's account of the regime itself, read from the scenario, not its prose:
who imposes what on whom, which measures (kind, scope, dates, phase-in), the members
and their votes, the carve-outs, the renewal calendar and rule, the safeguards."""

from __future__ import annotations

from html import escape

from accord.domain import Regime, expand
from accord.report.summary import framework_parts
from accord.rules import compile_regime
from accord.rules import timeline as rules_timeline
from accord.scenario.suggest import country_name

RULES = {
    "unanimity": "every voter must vote to renew: one vote against blocks (a veto)",
    "qualified_majority": "a qualified majority of voters (by number and economic weight)",
    "lead_decides": "the lead decides alone",
}

MEASURE_COLUMNS = [
    "measure",
    "kind",
    "scope (ICIO sectors)",
    "adopted by the lead",
    "phase-in",
    "tier",
    "weight",
    "renewed at the sunset",
]
EXEMPTION_COLUMNS = [
    "carve-out",
    "kind",
    "measure",
    "members",
    "sectors",
    "share left out",
    "from",
    "to",
]


def table(head: list[str], rows: list[list[str]], ident: str = "", caption: str = "") -> str:
    """An HTML table; cells are HTML already (escape text before)."""
    attr = f' id="{ident}"' if ident else ""
    cap = f"<caption>{caption}</caption>" if caption else ""
    header = "".join(f"<th>{h}</th>" for h in head)
    body = "".join("<tr>" + "".join(f"<td>{c}</td>" for c in row) + "</tr>" for row in rows)
    return f"<table{attr}>{cap}<thead><tr>{header}</tr></thead><tbody>{body}</tbody></table>"


def economy(code: str) -> str:
    """``Slovakia (SVK)``, escaped."""
    name = country_name(code)
    return escape(f"{name} ({code})" if name != code else code)


def _phase(regime: Regime, measure_id: str) -> str:
    p = regime.measure(measure_id).phase_in
    if p.kind == "immediate":
        return "in full at once"
    if p.kind == "wind_down":
        return f"{p.initial_level:.0%} at once, in full after {p.wind_down_months} months"
    return "; ".join(f"{t.level:.0%} from {t.start:%d %b %Y}" for t in p.tiers)


def _measures(regime: Regime) -> str:
    sunset = regime.safeguards.sunset
    covered = set(sunset.measures or regime.measure_ids) if sunset else set()
    rows = []
    for m in regime.measures:
        renew = "yes" if (m.renewable and m.id in covered) else "no (stays until lifted)"
        rows.append(
            [
                f"<b>{escape(m.name or m.id)}</b><br><small>{escape(m.id)}</small>",
                escape(m.kind.value.replace("_", " ")),
                escape(", ".join(m.sectors) or "all sectors")
                + (f"<br><small>{escape(', '.join(m.goods))}</small>" if m.goods else ""),
                f"{m.adopted:%d %b %Y}",
                escape(_phase(regime, m.id)),
                str(m.tier),
                f"{m.weight:.0%}",
                renew if sunset else "no sunset",
            ]
        )
    return table(
        MEASURE_COLUMNS,
        rows,
        ident="regime-measures",
        caption="Measures. Weight: the share of the sectors' trade the measure removes at "
        "full implementation. Tier: its wave of severity (1 = first).",
    )


def _members(regime: Regime) -> str:
    sunset = regime.safeguards.sunset
    voters = set(expand(sunset.voters)) if sunset and sunset.voters else set(regime.member_codes)
    carved: dict[str, list[str]] = {}
    for x in regime.exemptions:
        for code in x.members or regime.member_codes:
            carved.setdefault(code, []).append(x.id)
    rows = [[economy(regime.lead.code), "lead: imposes the measures", "-", "-"]]
    for code in regime.member_codes:
        rows.append(
            [
                economy(code),
                "member",
                ("yes" if code in voters else "no") if sunset else "-",
                escape(", ".join(carved.get(code, [])) or "none"),
            ]
        )
    return table(
        ["economy", "role", "votes on renewal", "carve-outs that apply"],
        rows,
        ident="regime-members",
        caption=f"The lead and {len(regime.member_codes)} members. Target: "
        f"{economy(regime.target.code)}.",
    )


def _exemptions(regime: Regime) -> str:
    if not regime.exemptions:
        return "<p>No carve-outs.</p>"
    rows = [
        [
            f"{escape(x.id)}<br><small>{escape(x.description)}</small>",
            escape(x.kind.value.replace("_", " ")),
            escape(x.measure),
            escape(", ".join(x.members) or "every member"),
            escape(", ".join(x.sectors) or "-"),
            f"{x.share:.0%}",
            f"{x.start:%d %b %Y}" if x.start else "from the start",
            f"{x.end:%d %b %Y}" if x.end else "open-ended",
        ]
        for x in regime.exemptions
    ]
    caption = (
        "Carve-outs (exemptions): the share of a measure's scope left out while in force; "
        "a waiver is time-bound."
    )
    return table(EXEMPTION_COLUMNS, rows, ident="regime-exemptions", caption=caption)


def _calendar(regime: Regime) -> str:
    sunset = regime.safeguards.sunset
    if sunset is None:
        return "<p>No sunset: measures stay in force until lifted; nothing is renewed.</p>"
    rule = RULES.get(sunset.renewal.value, sunset.renewal.value)
    if sunset.renewal.value == "qualified_majority":
        rule += f": at least {sunset.threshold or 1:.0%} of voters" + (
            f" holding {sunset.weight_threshold:.0%} of the weight"
            if sunset.weight_threshold
            else ""
        )
    by_date: dict[str, list[str]] = {}
    for e in rules_timeline(compile_regime(regime)):
        if e.kind == "renewal":
            by_date.setdefault(f"{e.date:%b %Y}", []).append(e.detail.split(" ", 1)[0])
    rows = [[when, escape(", ".join(ids))] for when, ids in by_date.items()]
    return (
        f"<p>Sunset: each renewable measure lapses after {sunset.months} months unless "
        f"renewed; renewal rule: {escape(rule)}. A lapse ends the measure for every member. "
        "Votes are held on these dates while the measure is in force:</p>"
        + table(["month", "measures up for renewal"], rows, ident="regime-calendar")
    )


def regime_section(regime: Regime) -> str:
    """The "what the regime is" section of the report."""
    lead = regime.lead
    parts = framework_parts(regime)
    return (
        '<section id="regime"><h2>The regime</h2>'
        f"<p>{economy(lead.code)} leads and threatens secondary penalties at "
        f"{lead.secondary_threat:.0%} strength with {lead.credibility:.0%} credibility; "
        f"the target is {economy(regime.target.code)}; from {regime.start:%d %B %Y} for "
        f"{regime.horizon_months} months.</p>"
        + _measures(regime)
        + _members(regime)
        + _exemptions(regime)
        + "<h3>Renewal calendar</h3>"
        + _calendar(regime)
        + "<h3>Safeguards in force</h3><p>"
        + escape("; ".join(parts) if parts else "none")
        + "</p></section>"
    )
