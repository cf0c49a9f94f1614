"""A short, human summary of a regime for the terminal."""

from __future__ import annotations

from rich.console import Console
from rich.markup import escape
from rich.table import Table

from accord.domain import Regime


def print_summary(regime: Regime, console: Console, source: str = "") -> None:
    """Print what a person checks first: parties, measures, framework."""
    members = regime.member_codes
    # the name and the path are the user's text: never read as markup or emoji codes
    head = f"[bold]{escape(regime.name)}[/] — valid" + (f" ({escape(source)})" if source else "")
    # nor highlighted: rich's highlighter is quadratic in the length of one long word
    console.print(head, emoji=False, highlight=False)
    console.print(
        f"lead {regime.lead.code} · target {regime.target.code} · {len(members)} members"
        f"{' (every ICIO economy invited)' if regime.invite == 'all' else ''}"
        f" · from {regime.start} for {regime.horizon_months} months"
    )
    table = Table("measure", "kind", "sectors", "adopted", "phase-in", "weight")
    for m in regime.measures:
        table.add_row(
            m.id,
            m.kind.value,
            ",".join(m.sectors) or "all",
            str(m.adopted),
            m.phase_in.kind,
            f"{m.weight:.2f}",
        )
    console.print(table)
    sg = regime.safeguards
    parts = []
    if sg.review:
        parts.append(f"review every {sg.review.every_months} months")
    if sg.sunset:
        parts.append(
            f"sunset after {sg.sunset.months} months, renewal by {sg.sunset.renewal.value}"
        )
    if sg.verification:
        parts.append("independent verification" if sg.verification.independent else "verification")
    if sg.reporting:
        parts.append("violation-reporting channel")
    if sg.ladder:
        parts.append(f"consequence ladder of {len(sg.ladder.steps)} steps")
    if sg.relief:
        parts.append(f"{len(sg.relief)} relief criteria")
    if sg.escalation:
        parts.append(f"{len(sg.escalation)} escalation criteria")
    for flag in (
        "information_sharing",
        "joint_threat_assessment",
        "coordinated_messaging",
        "humanitarian_channel",
    ):
        if getattr(sg, flag):
            parts.append(flag.replace("_", " "))
    console.print("framework: " + ("; ".join(parts) if parts else "none"))
    console.print(f"{len(regime.exemptions)} exemptions · {len(regime.milestones)} milestones")
